"""Indexes for scoped reads at a million cases, built CONCURRENTLY on PostgreSQL.

- `assignment_unit_case`: the case ids a unit holds, from the index alone; a unit
  leader's dashboard and every `visible_cases` semi-join read 50,000 of them instead of
  visiting as many assignment heap pages.
- `case_registered_dims` replaces `case_registered`: the same leading column (newest
  first), plus the columns a unit leader's dashboard groups a month's cases by, so the
  month is counted from the index instead of 80,000 random heap pages.

On PostgreSQL each index is built and dropped CONCURRENTLY (the migration is not atomic),
so intake and the workflow keep writing; elsewhere (SQLite) the operations are the plain
ones. The new index is built before the old one is dropped.
"""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class RemoveIndexConcurrentlyOnPostgres(RemoveIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.RemoveIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.RemoveIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0007_case_text_bigrams"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="assignment",
            index=models.Index(fields=["unit", "case"], name="assignment_unit_case"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(
                fields=["registered_at"], include=["id", "channel", "case_type", "category", "district", "street"],
                name="case_registered_dims",
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="case", name="case_registered"),
    ]
