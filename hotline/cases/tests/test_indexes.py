"""The indexes that scoped reads at a million cases rely on (PostgreSQL plans)."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="index definitions are checked on PostgreSQL"),
]


def definitions(table):
    with connection.cursor() as cur:
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cur.fetchall())


def test_a_units_cases_and_a_months_dimensions_are_read_from_indexes_alone():
    assignments = definitions("cases_assignment")
    assert "(unit_id, case_id)" in assignments["assignment_unit_case"]
    cases = definitions("cases_case")
    assert "case_registered" not in cases  # replaced: same leading column, plus what is counted
    assert cases["case_registered_dims"].endswith(
        "(registered_at) INCLUDE (id, channel, case_type, category_id, district_id, street_id)")


def test_the_bigram_index_and_its_function_are_valid():
    with connection.cursor() as cur:
        cur.execute("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "WHERE c.relname = 'case_text_bigram'")
        assert cur.fetchone() == (True,)
        cur.execute("SELECT provolatile, procost FROM pg_proc WHERE proname = 'hotline_bigrams'")
        assert cur.fetchone() == ("i", 10000)
