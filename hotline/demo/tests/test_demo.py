"""`hotline demo` on an empty database: a whole city, every status, and a no-op second run."""

import csv
import io
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from hotline import clock
from hotline.cases.choices import Satisfaction, Status
from hotline.cases.models import Case, CaseEvent, Extension, ExtensionStatus
from hotline.catalog.models import Category, LeadMode, ResponsibilityRule, TimeLimitRule
from hotline.demo import catalogue, messages, stories
from hotline.demo.city import PASSWORD
from hotline.demo.models import DemoLoad
from hotline.knowledge import search
from hotline.knowledge.models import Article
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit, User
from hotline.routing import rules
from hotline.supervision.choices import ItemStatus, Level
from hotline.supervision.models import SupervisionItem, SupervisionOrder

NOW = clock.local(2026, 11, 23, 10, 0)


def _run(**options) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def _taxonomy_paths() -> set[tuple[str, ...]]:
    paths = set()
    for row in catalogue.read_taxonomy():
        paths |= {row[:1], row[:2], row}
    return paths


@pytest.mark.django_db
def test_demo_builds_a_whole_city_once():
    clock.set_now(NOW)
    output = _run(cases=60)
    assert "demo12345" in output and "/api/v1/docs" in output and "market_handler" in output

    units = Counter(Unit.objects.values_list("kind", flat=True))
    assert units[UnitKind.CITY] == 1 and units[UnitKind.CENTRE] == 1
    assert units[UnitKind.DISTRICT] >= 3
    assert units[UnitKind.STREET] >= 6
    assert units[UnitKind.COMMUNITY] >= 12
    assert units[UnitKind.GRID] >= 1
    assert units[UnitKind.DEPARTMENT] + units[UnitKind.UTILITY] >= 15
    assert units[UnitKind.PROVIDER] >= 2 and units[UnitKind.VOLUNTEER_TEAM] >= 1
    assert set(Unit.objects.filter(kind=UnitKind.EXTERNAL).values_list("aliases", flat=True)) >= {
        "110", "119", "120", "122"}
    assert Unit.objects.filter(name="桂花坪街道", kind=UnitKind.STREET).exists()

    # staff: every role, a handler and a leader for every department and street
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for unit in Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.UTILITY, UnitKind.STREET]):
        roles = set(unit.staff.values_list("role", flat=True))
        assert roles == {Role.HANDLER, Role.UNIT_LEADER}, unit.name
    admin = authenticate(username="admin", password=PASSWORD)
    assert admin is not None and admin.is_superuser and admin.is_staff
    assert authenticate(username="market_handler", password=PASSWORD).unit.code == "market"

    # catalogue: the whole taxonomy, every first and second level covered by a city-wide rule
    levels = Counter(Category.objects.values_list("level", flat=True))
    paths = _taxonomy_paths()
    assert levels == Counter({n: sum(1 for p in paths if len(p) == n) for n in (1, 2, 3)})
    assert levels[1] == 15
    uncovered = Category.objects.filter(level__lte=2).exclude(
        pk__in=ResponsibilityRule.objects.filter(territory=None).values("category"))
    assert not uncovered.exists()
    assert ResponsibilityRule.objects.exclude(territory=None).exists()
    assert Category.objects.get(name="安全生产", parent__name="城乡建设").complexity > 1
    assert TimeLimitRule.objects.get(urgency="emergency").sign_minutes == 30

    # cases: every status, every kind of story, each timeline consistent
    cases = list(Case.objects.all())
    assert 55 <= len(cases) <= 65
    assert {c.status for c in cases} == set(Status.values)
    closed = {c.satisfaction for c in cases if c.status == Status.CLOSED}
    assert {Satisfaction.SATISFIED, Satisfaction.BASIC, Satisfaction.UNSATISFIED} <= closed
    assert any(c.reopen_count for c in cases)
    assert any(c.is_overdue(NOW) for c in cases)
    assert {ExtensionStatus.PENDING, ExtensionStatus.APPROVED} <= set(
        Extension.objects.values_list("status", flat=True))
    assert CaseEvent.objects.filter(verb="callback", data__satisfaction="unreachable").exists()
    assert CaseEvent.objects.filter(verb="merged_in").count() == Case.objects.filter(status=Status.MERGED).count()
    oldest = min(c.registered_at for c in cases)
    assert (NOW - oldest).days <= 60
    for case in cases:
        events = list(case.events.order_by("seq"))
        assert events[0].verb == "register", case.number
        assert events[-1].to_status == case.status, case.number
        times = [e.at for e in events]
        assert times == sorted(times) and times[-1] <= NOW, case.number

    # supervision: an overdue order, an answered one, a group order, so the screens show work
    items = list(SupervisionItem.objects.select_related("order"))
    assert any(i.status == ItemStatus.PENDING and i.due_at < NOW for i in items)
    assert any(i.status == ItemStatus.ANSWERED for i in items)
    assert any(i.order.is_group and i.order.level == Level.LEADER for i in items)
    assert DemoLoad.objects.get().summary["supervision"]["orders"] == SupervisionOrder.objects.count() >= 3

    # knowledge base: real answers that cite a rule, found by an agent's search
    articles = Article.objects.all()
    assert 30 <= articles.count() <= 150
    assert all(a.body and a.keywords and a.source for a in articles)
    assert sum(1 for a in articles if a.category_id) >= articles.count() // 2
    sample = articles.order_by("pk").first()
    hits = search.search(sample.title)
    assert hits and hits[0].article == sample

    # a second run creates nothing and just prints the logins
    counts = (Unit.objects.count(), User.objects.count(), Category.objects.count(),
              ResponsibilityRule.objects.count(), Case.objects.count(), CaseEvent.objects.count())
    again = _run(cases=60)
    assert "already loaded" in again and "demo12345" in again
    assert counts == (Unit.objects.count(), User.objects.count(), Category.objects.count(),
                      ResponsibilityRule.objects.count(), Case.objects.count(), CaseEvent.objects.count())
    assert DemoLoad.objects.count() == 1


@pytest.mark.django_db
def test_loader_puts_the_clock_back_as_it_found_it():
    clock.set_now(NOW)
    _run(cases=0, quiet_logins=True)
    assert clock.now() == NOW  # the stories moved it; the caller's pinned time is back


@pytest.mark.django_db
def test_loader_leaves_real_time_running():
    _run(cases=5, quiet_logins=True)
    assert clock.pinned() is None


@pytest.mark.django_db
def test_routing_follows_lines_and_blocks():
    """Department matters go to the department; territorial ones to the street of the place."""
    clock.set_now(NOW)
    _run(cases=0, quiet_logins=True)
    street = Unit.objects.get(name="桂花坪街道")
    food = Category.objects.get(name="食品安全")
    assert rules.decide(food, street=street).lead_unit.code == "market"
    estate = Category.objects.get(name="物业服务")
    decision = rules.decide(estate, street=street)
    assert decision.lead_unit == street
    assert "housing" in {u.code for u in decision.co_units}
    # A1区 gives noise to city management; elsewhere noise is territorial
    noise = Category.objects.get(name="噪音污染")
    a1_street = Unit.objects.get(name="马王堆街道")
    assert rules.decide(noise, street=a1_street).lead_unit.code == "urban"
    assert rules.decide(noise, street=street).lead_unit == street
    assert ResponsibilityRule.objects.filter(lead_mode=LeadMode.TERRITORY).exists()


@pytest.mark.django_db
def test_refuses_a_database_it_did_not_build():
    Unit.objects.create(code="x", name="别的城市", kind=UnitKind.CITY)
    with pytest.raises(CommandError):
        _run(cases=0)
    assert not DemoLoad.objects.exists()


def test_knowledge_candidates_are_questions_answered_with_a_rule():
    pool = [messages.Message("咨询公积金提取条件", "请问需要什么材料？", "根据《住房公积金管理条例》第二十四条，职工可以提取……" * 3),
            messages.Message("小区门口垃圾多", "请处理。", "根据群众反映，已安排清运，感谢您对我们工作的支持和理解。" * 2),
            messages.Message("咨询公积金提取条件", "重复的问题", "根据规定……" * 20),
            messages.Message("如何办理居住证", "在哪里办？", "您好，已收悉。")]
    from hotline.demo.knowledge import candidates
    assert [m.content for m in candidates(pool)] == ["请问需要什么材料？"]


def test_every_path_named_by_the_demo_exists_in_the_taxonomy():
    paths = _taxonomy_paths()
    named = [*catalogue.RULES, *catalogue.COMPLEXITY, *(o[0] for o in catalogue.DISTRICT_OVERRIDES),
             *(p for p, _ in catalogue.CATEGORY_TIME_LIMITS), *messages.KEYWORDS.values()]
    assert [p for p in named if p not in paths] == []


def test_place_names_come_from_the_shared_messages():
    path = settings.SHARED_DATA_DIR / "teddy2020" / "unlabeled_messages.csv"
    with open(path, encoding="utf-8") as fh:
        text = "".join(r["留言主题"] + r["留言详情"] for r in csv.DictReader(fh))
    from hotline.demo import places

    streets = [s[1] for d in places.DISTRICTS for s in d[3]]
    assert sum(1 for name in streets if name in text) >= 6


def test_plan_has_every_story_and_about_the_asked_size():
    for total in (30, 60, 400):
        planned = stories.plan(total)
        assert {s.name for s in planned} == {s.name for s in stories.STORIES}
        size = sum(2 if s.name == "merged" else 1 for s in planned)
        assert abs(size - max(total, len(stories.STORIES) + 1)) <= 2
    assert stories.plan(0) == []
