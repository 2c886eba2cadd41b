from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0003_personal_data_purged_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("status", "closed")),
                fields=["street", "closed_at"],
                name="case_street_closed",
            ),
        ),
    ]
