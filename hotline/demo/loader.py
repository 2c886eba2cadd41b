"""Load the demo city once: units, staff, catalogue, time limits and a few hundred cases."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from hotline import clock
from hotline.analytics import demo as analytics_demo
from hotline.assessment import demo as assessment_demo
from hotline.cases.models import Case
from hotline.orgs.models import Unit
from hotline.supervision import demo as supervision_demo

from . import catalogue
from .city import City, build_staff, build_units, load_city
from .knowledge import build_articles
from .messages import Classifier, Placer, load_messages
from .models import DemoLoad
from .stories import Sim, Timeline, plan

DEFAULT_CASES = 400
DEFAULT_SEED = 12345
SPAN_DAYS = 60


class AlreadyPopulated(Exception):
    """The database holds units that the demo did not create."""


@dataclass
class Result:
    created: bool
    city: City
    load: DemoLoad
    seconds: float = 0.0
    stories: Counter = field(default_factory=Counter)


def load(*, cases: int = DEFAULT_CASES, seed: int = DEFAULT_SEED, now: dt.datetime | None = None) -> Result:
    """Build the demo city unless it is there already. Idempotent; one transaction."""
    existing = DemoLoad.objects.order_by("pk").first()
    if existing is not None:
        return Result(created=False, city=load_city(), load=existing)
    if Unit.objects.exists():
        raise AlreadyPopulated()
    started = time.monotonic()
    end = now or clock.now()
    pinned = clock.pinned()
    try:
        with transaction.atomic():
            city = City()
            build_units(city)
            build_staff(city)
            tree = catalogue.build_categories()
            rules = catalogue.build_rules(tree, city.units)
            limits = catalogue.build_time_limits(tree)
            forces = _load_forces(city)
            pools = load_messages()
            knowledge = build_articles([*pools[1], *pools[2]], Classifier(tree))
            stories = _play_cases(city, tree, cases, seed, end, pools)
            supervision = supervision_demo.seed(end)
            analytics_demo.seed(city.units, tree, end)
            assessment = assessment_demo.seed(end)
            by_status = Counter(Case.objects.values_list("status", flat=True))
            summary = {
                "units": dict(Counter(Unit.objects.values_list("kind", flat=True))),
                "categories": dict(Counter(c.level for c in tree.values())),
                "responsibility_rules": rules,
                "time_limit_rules": limits,
                "forces": forces,
                "knowledge_articles": knowledge,
                "cases": dict(by_status),
                "stories": dict(stories),
                "assessment": assessment,
                "supervision": supervision,
            }
            record = DemoLoad.objects.create(
                loaded_at=end, seed=seed, cases=sum(by_status.values()), summary=summary,
            )
    finally:
        clock.set_now(pinned)  # the stories moved it through the past weeks: put it back
    return Result(created=True, city=city, load=record, seconds=time.monotonic() - started,
                  stories=stories)


def _load_forces(city: City) -> dict[str, dict[str, int]]:
    """Contingency plans and duty rosters, the urban-management catalogue, providers,
    volunteers and mediation scopes: each app seeds its own reference data."""
    from hotline.emergency.demo import load_demo as emergency_demo
    from hotline.grids.demo import load_demo as grids_demo
    from hotline.partners.demo import load_demo as partners_demo

    return {
        "emergency": emergency_demo(city.units),
        "grids": grids_demo(city.units),
        "partners": partners_demo(city.units),
    }


def _play_cases(city: City, tree, total: int, seed: int, end: dt.datetime, pools) -> Counter:
    rng = random.Random(seed)
    open_pool, replied_pool, mailbox_pool = (list(pool) for pool in pools)
    for pool in (open_pool, replied_pool, mailbox_pool):
        rng.shuffle(pool)
    sim = Sim(
        city=city, classifier=Classifier(tree),
        placer=Placer(city.districts, city.streets, city.communities),
        rng=rng, end=end, open_pool=open_pool, replied_pool=replied_pool,
        mailbox_pool=mailbox_pool,
    )
    scheduled = []
    for story in plan(total):
        age = rng.uniform(story.min_days, min(story.max_days, SPAN_DAYS))
        start = end - dt.timedelta(days=age)
        shift = dt.timedelta(hours=rng.randint(8, 12))  # drawn always: same seed, same city
        if age > 1 and start.astimezone(clock.LOCAL_TZ).hour < 7:
            start += shift  # few people call at 3 a.m.
        scheduled.append((start, story))
    scheduled.sort(key=lambda item: item[0])
    played: Counter = Counter()
    for start, story in scheduled:
        story.play(sim, Timeline(start, end, rng))
        played[story.name] += 1
    return played
