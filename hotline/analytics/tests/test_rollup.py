import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from hotline import clock
from hotline.analytics import rollup
from hotline.analytics.models import DailyVolume
from hotline.cases.choices import CaseType, Channel
from hotline.cases.models import Case

from .helpers import act, case_at, closed

pytestmark = pytest.mark.django_db


def _mixed_history(city):
    """Cases on several days, channels, categories and places, moved through most verbs."""
    a = case_at(city, clock.local(2026, 11, 2, 9), channel=Channel.PHONE)
    b = case_at(city, clock.local(2026, 11, 2, 23, 50), channel=Channel.PORTAL, category=city.cat_lights,
                street=city.s11)
    c = case_at(city, clock.local(2026, 11, 3, 0, 10), channel=Channel.APP, category=city.cat_noise,
                street=city.s21, case_type=CaseType.HELP)
    d = case_at(city, clock.local(2026, 11, 3, 10), dispatch=False, category=city.cat_water)
    closed(city, a, city.market_handler)
    act(c, "sign", city.s21_handler)
    act(c, "return", city.s21_handler, reason="not_our_matter", note="不属于本街道")
    act(c, "redispatch", city.dispatcher, lead_unit=city.urban.pk)
    closed(city, b, city.s11_handler, satisfaction="unsatisfied")  # reopened
    e = case_at(city, clock.local(2026, 11, 4, 8), channel=Channel.PHONE)
    act(e, "merge", city.dispatcher, into=c.number, note="重复")
    try:
        with transaction.atomic():
            case_at(city, clock.local(2026, 11, 4, 9), channel=Channel.MAILBOX)
            raise RuntimeError("the registration is rolled back")
    except RuntimeError:
        pass
    return [a, b, c, d, e]


def test_rollup_equals_a_recount_after_a_mix_of_operations(city):
    _mixed_history(city)
    truth = rollup.recount()
    assert sum(truth.values()) == Case.objects.count() == 5
    assert rollup.stored() == truth
    # A case registered just before local midnight counts on its local day.
    day2 = {k: n for k, n in truth.items() if k[0] == dt.date(2026, 11, 2)}
    assert sum(day2.values()) == 2
    assert not any(k[1] == Channel.MAILBOX for k in rollup.stored())


def test_rollup_keys_carry_top_category_and_place(city):
    case = case_at(city, clock.local(2026, 11, 2, 9), category=city.cat_lights, street=city.s11)
    row = DailyVolume.objects.get()
    assert (row.day, row.channel, row.case_type) == (dt.date(2026, 11, 2), case.channel, case.case_type)
    assert row.category_top == city.cat_build.pk
    assert (row.district, row.street, row.cases) == (city.d1.pk, city.s11.pk, 1)


def test_rebuild_repairs_a_damaged_rollup_and_keeps_other_days(city):
    _mixed_history(city)
    truth = rollup.recount()
    DailyVolume.objects.filter(day=dt.date(2026, 11, 2)).delete()
    DailyVolume.objects.filter(day=dt.date(2026, 11, 3)).update(cases=99)
    assert rollup.stored() != truth
    rollup.rebuild(dt.date(2026, 11, 2), dt.date(2026, 11, 2))
    assert rollup.stored(dt.date(2026, 11, 2), dt.date(2026, 11, 2)) == rollup.recount(dt.date(2026, 11, 2),
                                                                                       dt.date(2026, 11, 2))
    assert set(DailyVolume.objects.filter(day=dt.date(2026, 11, 3)).values_list("cases", flat=True)) == {99}
    with pytest.raises(CommandError):
        call_command("rollup", "check")
    call_command("rollup", "rebuild")
    assert rollup.stored() == truth
    call_command("rollup", "check")


def test_increments_continue_after_a_rebuild(city):
    case_at(city, clock.local(2026, 11, 2, 9))
    rollup.rebuild()
    case_at(city, clock.local(2026, 11, 2, 10))
    assert DailyVolume.objects.get().cases == 2
    assert rollup.stored() == rollup.recount()


def test_bad_dates_are_refused_by_the_command(city):
    with pytest.raises(CommandError):
        call_command("rollup", "rebuild", "--from", "2026-13-01")
