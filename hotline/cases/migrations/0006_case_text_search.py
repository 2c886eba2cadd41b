"""Trigram GIN indexes for the staff case search (PostgreSQL only; SQLite scans).

The indexes are on UPPER(...) because `icontains` compiles to UPPER(col) LIKE UPPER(%s)
on PostgreSQL; trigrams suit Chinese, which has no spaces between words.
"""

from django.db import migrations

INDEXES = {
    "case_title_trgm": "title",
    "case_content_trgm": "content",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # A GIN build over a million long texts is slow with the 64 MB default.
    schema_editor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_assignment_active_due"),
    ]

    operations = [migrations.RunPython(create, drop)]
