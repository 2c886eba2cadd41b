"""The search's GIN pending lists are merged by a job, not by the registration that fills them."""

import pytest
from django.db import connection

from hotline.cases import search, textindex
from hotline.jobs.schedule import run_once
from hotline.testing import new_case

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_the_job_merges_what_registrations_left_pending_and_search_still_finds_it(city):
    textindex.flush_pending()
    cases = [new_case(city, title=f"路灯不亮{n}", content=f"东风路{n}号路灯连续三晚不亮，夜间行人看不清路面。")
             for n in range(30)]
    merged = run_once({"search_index"})["search_index"]
    assert set(merged) == set(textindex.GIN_INDEXES)
    assert all(pages > 0 for pages in merged.values()), merged  # the new cases' keys were pending
    assert set(textindex.flush_pending().values()) == {0}  # nothing left to merge
    found = search.search(city.agent, "东风路7号 行人")
    assert [c.number for c in found.cases] == [cases[7].number]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no GIN indexes")
def test_nothing_to_merge_without_postgresql(city):
    assert textindex.flush_pending() == {}
