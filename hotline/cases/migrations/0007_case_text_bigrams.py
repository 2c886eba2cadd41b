"""A bigram GIN index for the staff case search (PostgreSQL only; SQLite scans).

Most Chinese words are two characters long, shorter than a trigram, so the pg_trgm
indexes of 0006 cannot serve them: the search walked the newest cases until a page was
full, which for a rare word, or for a unit's handler who sees a fraction of the cases,
meant reading most of a million rows (7 s at 1M for a word pair no unit-71 case holds).
This index holds every pair of adjacent characters of UPPER(title) || ' ' || UPPER(content);
a word of two characters or more is then a GIN lookup (`@> hotline_bigrams(word)`): exact
for two characters, checked with STRPOS on the rows found for more (`cases.search`).

Built CONCURRENTLY (the migration is not atomic), so intake and the workflow keep writing
while a million cases are indexed; an invalid index left by a failed build is dropped and
rebuilt, and the table is analysed afterwards (the planner needs the expression's
statistics). The function is what the index and the queries share: its text must not
change without a new index. Its declared cost is high (it is 0.1 ms a row): the planner
then reads the index rather than computing the pairs of every case it walks.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION hotline_bigrams(body text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
  SELECT ARRAY(
    SELECT pair FROM (
      SELECT c || lead(c) OVER (ORDER BY n) AS pair FROM string_to_table(body, NULL) WITH ORDINALITY AS t(c, n)
    ) AS pairs WHERE pair IS NOT NULL
  )
$$
"""
INDEX = "case_text_bigram"
EXPRESSION = "hotline_bigrams(UPPER(title) || ' ' || UPPER(content))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        cursor.execute(
            "SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = %s",
            [INDEX],
        )
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
        # A GIN build over a million long texts is slow with the 64 MB default.
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON cases_case USING gin ({EXPRESSION})")
        cursor.execute("RESET maintenance_work_mem")
        # Statistics of the indexed expression (which pairs are common) let the planner
        # choose between the index and the walk along the newest cases.
        cursor.execute("ANALYZE cases_case")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
        cursor.execute("DROP FUNCTION IF EXISTS hotline_bigrams(text)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0006_case_text_search"),
    ]

    operations = [migrations.RunPython(create, drop)]
