"""Staff case search: number, phone and words, always inside the searcher's scope."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline import clock
from hotline.cases import search as case_search
from hotline.cases.models import Case
from hotline.testing import PASSWORD, new_case

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def food_case(city):
    return new_case(city, title="夜市烧烤摊油烟扰民", content="幸福路夜市烧烤摊每晚油烟很大，请市场监管部门处理。",
                    citizen_phone="13912345678")


def test_words_find_the_case_for_its_unit_and_nothing_for_an_unrelated_unit(client, city, food_case):
    assert food_case.lead_unit == city.market
    page = login(client, city.market_handler).get("/search/", {"q": "烧烤 油烟"}).content.decode()
    assert food_case.number in page
    page = login(client, city.urban_handler).get("/search/", {"q": "烧烤 油烟"}).content.decode()
    assert food_case.number not in page
    assert "没有找到工单" in page


def test_every_word_is_required_and_content_matches_too(city, food_case):
    assert [c.pk for c in case_search.search(city.agent, "幸福路 夜市").cases] == [food_case.pk]
    assert case_search.search(city.agent, "幸福路 自来水").cases == []


def test_short_and_long_words_ignore_case(city):
    case = new_case(city, title="小区WiFi信号差", content="物业安装的Wifi路由器经常断线。")
    for query in ("wi", "WIFI", "路由器 wifi"):  # 2 characters (STRPOS) and 3+ (trigram-indexed LIKE)
        assert [c.pk for c in case_search.search(city.agent, query).cases] == [case.pk], query


def test_phone_finds_the_callers_cases_masked(client, city, food_case):
    other = new_case(city, citizen_phone="13800000000")
    page = login(client, city.agent).get("/search/", {"q": "139-1234-5678"}).content.decode()
    assert food_case.number in page
    assert other.number not in page
    assert "13912345678" not in page  # shown masked
    assert case_search.kind_of("+86 139 1234 5678") == case_search.PHONE_KIND


def test_a_number_jumps_to_the_case_only_inside_the_scope(client, city, food_case):
    response = login(client, city.market_handler).get("/search/", {"q": food_case.number})
    assert response.status_code == 302
    assert response.url == f"/cases/{food_case.number}/"
    outsider = login(client, city.urban_handler).get("/search/", {"q": food_case.number})
    missing = client.get("/search/", {"q": "2099010100001"})
    assert outsider.status_code == missing.status_code == 200
    assert "没有找到工单" in outsider.content.decode()


def test_pages_newest_first(city, monkeypatch):
    monkeypatch.setattr(case_search, "PAGE", 2)
    made = [new_case(city, title=f"路灯不亮第{i}处") for i in range(3)]
    first = case_search.search(city.agent, "路灯不亮")
    assert [c.pk for c in first.cases] == [made[2].pk, made[1].pk]
    assert first.has_next
    second = case_search.search(city.agent, "路灯不亮", page=2)
    assert [c.pk for c in second.cases] == [made[0].pk]
    assert not second.has_next


def test_search_box_in_the_navigation_and_english(client, city):
    page = login(client, city.market_handler).get("/workbench/").content.decode()
    assert 'action="/search/"' in page
    assert "Case search" in client.get("/search/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.logout()
    assert client.get("/search/", {"q": "x"}).status_code == 302  # sign in first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL only")
def test_trigram_indexes_exist_on_postgresql():
    with connection.cursor() as cur:
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_case' AND indexname LIKE '%%trgm'")
        found = dict(cur.fetchall())
    assert set(found) == {"case_title_trgm", "case_content_trgm"}
    assert "gin_trgm_ops" in found["case_title_trgm"]


def test_words_at_the_edges_of_title_and_content_in_any_case(city):
    """Two-character words (STRPOS), longer ones (icontains) and one character, found at the
    start and end of the title and the content, whatever their case: the bigram lookup on
    PostgreSQL only narrows the rows, it never loses one."""
    case = new_case(city, title="噪音Ab扰民", content="Xy楼下施工，半夜不停zZ")
    other = new_case(city, title="噪扰", content="音民")  # the characters, but never side by side
    for query in ("噪音", "扰民", "AB", "xy", "ZZ", "噪音ab扰民", "施工，半夜", "噪音 民", "音A 不停Z"):
        assert [c.pk for c in case_search.search(city.agent, query).cases] == [case.pk], query
    # A pair across the title and the content is not a word of either.
    assert case_search.search(city.agent, "民X").cases == []
    assert {c.pk for c in case_search.search(city.agent, "噪").cases} == {case.pk, other.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index is PostgreSQL only")
def test_bigram_function_and_index_serve_two_character_words():
    with connection.cursor() as cur:
        cur.execute("SELECT hotline_bigrams('噪音 扰民A')")
        assert cur.fetchone()[0] == ["噪音", "音 ", " 扰", "扰民", "民A"]
        cur.execute("SELECT hotline_bigrams('噪'), hotline_bigrams('')")
        assert cur.fetchone() == ([], [])
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'case_text_bigram'")
        assert "hotline_bigrams" in cur.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index is PostgreSQL only")
def test_a_two_character_word_is_looked_up_in_the_bigram_index(city):
    """The query's expression is the index's: with sequential scans off, PostgreSQL reads
    `case_text_bigram` (a rare word no longer walks every case). The agent sees every
    case: a unit's scope lets a tiny test database start from the unit's assignments."""
    new_case(city, title="医保报销", content="医保报销比例")
    for query in ("医保 报销", "电动车 充电"):
        qs = case_search.matching(city.agent, query).order_by("-registered_at")[:21]
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("SET LOCAL enable_indexscan = off")  # not the walk along registered_at
            cur.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cur.fetchall())
        assert "case_text_bigram" in plan, plan
        # A lossy trigram bitmap beside it would recheck every candidate by computing its pairs.
        assert "trgm" not in plan, plan


def test_a_page_is_the_same_whether_the_last_week_holds_it_or_not(city, monkeypatch):
    """`_newest` looks in the last 7, then 30 days first: when they hold fewer than a page
    (and one more), older cases complete the page, newest first, as over every case."""
    monkeypatch.setattr(case_search, "PAGE", 2)
    now = clock.now()
    ages = [40, 3, 20, 1, 400]  # days
    made = {}
    for days in ages:
        case = new_case(city, title=f"井盖缺失{days}天")
        Case.objects.filter(pk=case.pk).update(registered_at=now - dt.timedelta(days=days))
        made[days] = case.pk
    pages = [case_search.search(city.agent, "井盖", page=p) for p in (1, 2, 3)]
    assert [[c.pk for c in r.cases] for r in pages] == [
        [made[1], made[3]], [made[20], made[40]], [made[400]]]
    assert [r.has_next for r in pages] == [True, True, False]
    Case.objects.filter(pk=made[40]).update(registered_at=now - dt.timedelta(hours=5))
    first = case_search.search(city.agent, "井盖")
    assert [c.pk for c in first.cases] == [made[40], made[1]] and first.has_next


def test_a_text_search_takes_no_write_lock_on_sqlite_and_a_bigger_work_mem_on_postgresql(city):
    new_case(city, title="路灯不亮")
    with CaptureQueriesContext(connection) as ctx:
        case_search.search(city.agent, "路灯")
    sql = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "postgresql":
        assert any("SET LOCAL work_mem" in q for q in sql), sql
    else:  # a transaction there begins IMMEDIATE: the write lock, for a read
        assert not any(q.startswith(("BEGIN", "SAVEPOINT")) for q in sql), sql


def test_a_rare_word_skips_the_spans_that_could_not_fill_a_page(city):
    now = clock.now()
    made = []
    for days in (20, 400):
        case = new_case(city, title=f"窨井冒水{days}")
        Case.objects.filter(pk=case.pk).update(registered_at=now - dt.timedelta(days=days))
        made.append(case.pk)
    with CaptureQueriesContext(connection) as ctx:
        found = case_search.search(city.agent, "窨井")
    assert [c.pk for c in found.cases] == made and not found.has_next
    spans = [q["sql"] for q in ctx.captured_queries if "cases_case" in q["sql"] and "registered_at" in q["sql"]]
    assert len(spans) == 2, spans  # the last 7 days (none), then every case: not the 30 days
