"""A small, fixed city for tests: built with the real models, as a newcomer would read it.

`build_city()` returns a namespace: units (`centre`, `d1`, `s11`, `c111`, `market`...),
categories (`cat_food`, `cat_lights`, `cat_noise`...), and one staff member per role
(`agent`, `dispatcher`, `market_handler`, `s11_handler`...). Every test gets an owner,
a colleague and an outsider for free: `market_handler`, `market_handler2`, `urban_handler`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.db import close_old_connections, connections

from hotline.cases.actors import Actor
from hotline.cases.choices import CaseType, Channel, Urgency
from hotline.catalog.models import Category, LeadMode, ResponsibilityRule, TimeLimitRule
from hotline.intake.services import Draft, take_in
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit, User

PASSWORD = "test-pass-123"  # noqa: S105


def _unit(code, name, kind, parent=None, **extra) -> Unit:
    return Unit.objects.create(code=code, name=name, kind=kind, parent=parent, **extra)


def _user(username, role, unit, name="") -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, unit=unit,
                                    display_name=name or username)
    return user


def _cat(name, parent=None, complexity=1) -> Category:
    return Category.objects.create(name=name, parent=parent, complexity=complexity)


def build_city() -> SimpleNamespace:
    c = SimpleNamespace()
    c.city = _unit("city", "A市", UnitKind.CITY)
    c.centre = _unit("centre", "A市12345热线中心", UnitKind.CENTRE, c.city)
    c.d1 = _unit("d1", "A1区", UnitKind.DISTRICT, c.city, aliases="一区")
    c.d2 = _unit("d2", "A2区", UnitKind.DISTRICT, c.city)
    c.s11 = _unit("s11", "东风街道", UnitKind.STREET, c.d1)
    c.s12 = _unit("s12", "西湖街道", UnitKind.STREET, c.d1)
    c.s21 = _unit("s21", "桂花街道", UnitKind.STREET, c.d2)
    c.c111 = _unit("c111", "东风社区", UnitKind.COMMUNITY, c.s11)
    c.c211 = _unit("c211", "桂花坪社区", UnitKind.COMMUNITY, c.s21)
    c.market = _unit("market", "A市市场监督管理局", UnitKind.DEPARTMENT, c.city)
    c.urban = _unit("urban", "A市城市管理局", UnitKind.DEPARTMENT, c.city)
    c.housing = _unit("housing", "A市住房和城乡建设局", UnitKind.DEPARTMENT, c.city)
    c.water = _unit("water", "A市自来水公司", UnitKind.UTILITY, c.city)
    c.police = _unit("police110", "110指挥中心", UnitKind.EXTERNAL, c.city)

    c.cat_trade = _cat("商贸旅游")
    c.cat_market = _cat("市场监管", c.cat_trade)
    c.cat_food = _cat("食品安全", c.cat_market, complexity=2)
    c.cat_build = _cat("城乡建设")
    c.cat_municipal = _cat("城市建设和市政管理", c.cat_build)
    c.cat_lights = _cat("路灯照明", c.cat_municipal)
    c.cat_water = _cat("供水", c.cat_municipal)
    c.cat_env = _cat("环境保护")
    c.cat_noise = _cat("噪音污染", c.cat_env)

    ResponsibilityRule.objects.create(category=c.cat_market, lead_unit=c.market)
    ResponsibilityRule.objects.create(category=c.cat_municipal, lead_mode=LeadMode.TERRITORY)
    rule = ResponsibilityRule.objects.create(category=c.cat_municipal, territory=c.d2, lead_unit=c.urban)
    rule.co_handlers.add(c.s21)
    ResponsibilityRule.objects.create(category=c.cat_water, lead_unit=c.water)
    noise = ResponsibilityRule.objects.create(category=c.cat_noise, lead_mode=LeadMode.TERRITORY)
    noise.co_handlers.add(c.urban)

    TimeLimitRule.objects.create(case_type=CaseType.CONSULTATION, sign_hours=24, reply_days=3)
    TimeLimitRule.objects.create(case_type=CaseType.HELP, sign_hours=24, reply_days=5)
    TimeLimitRule.objects.create(case_type=CaseType.COMPLAINT, sign_hours=24, reply_days=15)
    TimeLimitRule.objects.create(case_type=CaseType.REPORT, sign_hours=24, reply_days=15)
    TimeLimitRule.objects.create(urgency=Urgency.URGENT, sign_hours=4, reply_days=2)
    TimeLimitRule.objects.create(urgency=Urgency.EMERGENCY, sign_minutes=30, reply_minutes=120)
    TimeLimitRule.objects.create(category=c.cat_food, case_type=CaseType.COMPLAINT, sign_hours=24, reply_days=10)

    c.agent = _user("agent", Role.AGENT, c.centre, "话务员小王")
    c.agent2 = _user("agent2", Role.AGENT, c.centre)
    c.dispatcher = _user("dispatcher", Role.DISPATCHER, c.centre, "派单员老李")
    c.supervisor = _user("supervisor", Role.SUPERVISOR, c.centre)
    c.leader = _user("leader", Role.LEADER, c.city)
    c.auditor = _user("auditor", Role.AUDITOR, c.centre)
    c.admin = _user("admin", Role.ADMIN, c.centre)
    c.inspector = _user("inspector", Role.INSPECTOR, c.c111)
    c.market_handler = _user("market_handler", Role.HANDLER, c.market, "市场监管承办人")
    c.market_handler2 = _user("market_handler2", Role.HANDLER, c.market)
    c.market_leader = _user("market_leader", Role.UNIT_LEADER, c.market)
    c.urban_handler = _user("urban_handler", Role.HANDLER, c.urban)
    c.urban_leader = _user("urban_leader", Role.UNIT_LEADER, c.urban)
    c.water_handler = _user("water_handler", Role.HANDLER, c.water)
    c.s11_handler = _user("s11_handler", Role.HANDLER, c.s11)
    c.s21_handler = _user("s21_handler", Role.HANDLER, c.s21)
    c.c111_handler = _user("c111_handler", Role.HANDLER, c.c111)
    return c


def new_case(city: SimpleNamespace, *, category=None, case_type=CaseType.COMPLAINT, dispatch=True,
             urgency=Urgency.NORMAL, street=None, actor=None, **extra):
    """Register (and by default dispatch) a case through the real intake path."""
    draft = Draft(
        channel=extra.pop("channel", Channel.PHONE),
        case_type=case_type,
        urgency=urgency,
        title=extra.pop("title", "小区门口餐馆后厨卫生脏乱"),
        content=extra.pop("content", "东风路12号餐馆后厨老鼠出没，食材随地堆放，请监管部门检查。"),
        category_id=(category or city.cat_food).pk,
        street_id=street.pk if street is not None else None,
        citizen_name=extra.pop("citizen_name", "张三"),
        citizen_phone=extra.pop("citizen_phone", "13812341234"),
        dispatch=dispatch,
        **extra,
    )
    case, _decision = take_in(actor or Actor.staff(city.agent), draft)
    return case


def race(n: int, fn: Callable[[int], Any], *, timeout: float = 60) -> list[Any]:
    """Run fn(0) … fn(n-1) in n threads released together; each thread's result or exception.

    Each thread has its own database connection (closed at the end), so what is raced is
    the database's locking, not Python's.
    """
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = fn(i)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the caller asserts
            results[i] = exc
        finally:
            close_old_connections()
            connections.close_all()  # this thread's, every alias

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
