from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_case_street_closed"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                condition=models.Q(("status__in", ["pending", "signed"])),
                fields=["unit", "due_at", "id"],
                name="assignment_active_due",
            ),
        ),
    ]
