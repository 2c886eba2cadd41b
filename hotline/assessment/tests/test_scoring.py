"""Scores reward solving hard cases, not volume, and gaming lowers them; rankings are honest."""

import datetime as dt

import pytest

from hotline import clock
from hotline.assessment import metrics, scoring
from hotline.assessment.models import ScoreWeights
from hotline.cases.actors import Actor
from hotline.orgs.choices import Role
from hotline.orgs.models import User
from hotline.supervision import actions as supervision

from .helpers import MONDAY, act, handled, new_case

pytestmark = pytest.mark.django_db
NOV, DEC = dt.date(2026, 11, 1), dt.date(2026, 12, 1)


def _scheme(**values) -> ScoreWeights:
    scheme = ScoreWeights.current()
    for k, v in values.items():
        setattr(scheme, k, v)
    scheme.save()
    return scheme


def _row(ranking, unit):
    return next(r for r in ranking.rows if r.unit == unit)


def test_default_scheme_is_seeded_and_gives_citizens_a_large_share():
    scheme = ScoreWeights.current()
    assert scheme.pk is not None and scheme.satisfaction_share >= 40
    assert scheme.satisfaction_share + scheme.resolution_share + scheme.completion_share + scheme.response_share == 100


def test_easy_volume_does_not_outrank_solving_hard_cases(city):
    _scheme(min_sample=3)
    city.cat_food.complexity = 3
    city.cat_food.save()
    clock.set_now(MONDAY)
    for _ in range(12):  # water: many easy cases, all perfect
        handled(city, category=city.cat_water, unit_user=city.water_handler, case_type="consultation")
    hard = []
    for i in range(5):  # market: hard food complaints, supervised, one citizen unsatisfied
        case = new_case(city)
        supervision.issue(case, actor=Actor.staff(city.supervisor), reason="群众反映强烈")
        case = act(case, "sign", city.market_handler)
        case = act(case, "reply", city.market_handler, reply="已查处")
        hard.append(act(case, "callback", city.agent, satisfaction="unsatisfied" if i == 0 else "satisfied",
                        resolved=True))
    ranking = scoring.rankings(NOV, DEC, "department")
    water, market = _row(ranking, city.water), _row(ranking, city.market)
    assert water.figures.satisfaction_rate == 1 and market.figures.satisfaction_rate < 1
    assert market.score.difficulty_factor > 1 > water.score.difficulty_factor
    assert market.rank == 1 and water.rank == 2 and market.score.total > water.score.total

    # Doubling the easy volume earns water nothing.
    before = water.score.total
    for _ in range(12):
        handled(city, category=city.cat_water, unit_user=city.water_handler, case_type="consultation")
    again = _row(scoring.rankings(NOV, DEC, "department"), city.water)
    assert again.figures.cases == 24 and again.score.total <= before


def _lights_case(city, unit):
    case = new_case(city, category=city.cat_lights, dispatch=False)
    return act(case, "dispatch", city.dispatcher, lead_unit=unit.pk)


def test_returning_cases_and_fake_closures_lower_the_score(city):
    _scheme(min_sample=3)
    gamer = User.objects.create_user("housing_handler", password="x", role=Role.HANDLER, unit=city.housing)
    clock.set_now(MONDAY)
    for unit, user in ((city.urban, city.urban_handler), (city.housing, gamer)):
        for _ in range(4):
            case = act(_lights_case(city, unit), "sign", user)
            case = act(case, "reply", user, reply="已修复")
            act(case, "callback", city.agent, satisfaction="satisfied", resolved=True)
    honest = _row(scoring.rankings(NOV, DEC, "department"), city.housing).score.total
    assert honest == _row(scoring.rankings(NOV, DEC, "department"), city.urban).score.total

    # The gamer returns a case that is theirs, and replies "done" to one that is not done.
    returned = act(_lights_case(city, city.housing), "return", gamer, reason="not_our_matter")
    act(returned, "arbitrate", city.dispatcher, ruling="unjustified", note="路灯属住建职责")
    fake = act(_lights_case(city, city.housing), "sign", gamer)
    fake = act(fake, "reply", gamer, reply="已修复")
    act(fake, "callback", city.agent, satisfaction="basic", resolved=False)

    row = _row(scoring.rankings(NOV, DEC, "department"), city.housing)
    assert row.figures.unjustified_returns == 1 and row.figures.fake_closures == 1
    assert row.score.penalties > 0 and row.score.total < honest
    assert _row(scoring.rankings(NOV, DEC, "department"), city.urban).rank == 1
    assert set(metrics.drilldown("fake_closure", city.housing, NOV, DEC)) == {fake}
    assert set(metrics.drilldown("unjustified_return", city.housing, NOV, DEC, user=city.leader)) == {returned}
    assert list(metrics.drilldown("fake_closure", city.housing, NOV, DEC, user=city.urban_handler)) == []


def test_too_few_cases_are_not_ranked_and_exclusions_are_listed(city):
    _scheme(min_sample=3)
    clock.set_now(MONDAY)
    for _ in range(3):
        handled(city, category=city.cat_water, unit_user=city.water_handler)
    one = handled(city)  # market: a single fast perfect case
    ranking = scoring.rankings(NOV, DEC, "department")
    market = _row(ranking, city.market)
    assert not market.ranked and market.rank is None and market.figures.cases == 1
    assert [r.unit for r in ranking.ranked] == [city.water]
    assert ranking.rows[0].unit == city.water  # ranked first, unranked after

    from hotline.assessment import actions
    actions.exclude_case(one, actor=Actor.staff(city.dispatcher), reason="要求赔偿超出法定范围")
    listed = scoring.excluded_cases(NOV, DEC)
    assert [(e.number, e.reason, e.unit_names) for e in listed] == [(one.number, "要求赔偿超出法定范围", [city.market.name])]
    assert city.market.pk not in metrics.unit_metrics(NOV, DEC)
    assert scoring.excluded_cases(NOV, DEC, user=city.urban_handler) == []


def test_unit_metrics_rates_and_groupings(city):
    clock.set_now(MONDAY)
    handled(city)
    handled(city, satisfaction="unsatisfied", resolved=False)  # reopened to market
    late = new_case(city)
    clock.set_now(clock.local(2026, 12, 10, 10))  # everything past its deadlines now
    act(late, "sign", city.market_handler)
    figures = metrics.unit_metrics(NOV, DEC)[city.market.pk]
    assert (figures.cases, figures.rounds, figures.rated) == (3, 4, 2)
    assert figures.satisfaction_rate == 0.5 and figures.resolution_rate == 0.5
    assert figures.reopen_rate == 0.5 and figures.fake_closures == 1
    assert figures.response_due == 4 and figures.responded_in_time == 2  # the reopened round never signed
    assert figures.overdue == 2 and figures.completion_due == 4 and figures.completion_rate == 0.5
    assert figures.avg_handling_seconds == 0
    by_cat = metrics.category_metrics(NOV, DEC)
    assert list(by_cat) == [city.cat_trade.pk] and by_cat[city.cat_trade.pk].rounds == 4
    assert metrics.unit_metrics(NOV, DEC, territory=city.s11) == {}
    assert metrics.unit_metrics(DEC, dt.date(2027, 1, 1)) == {}
    with pytest.raises(ValueError):
        metrics.drilldown("nonsense", city.market, NOV, DEC)


def test_weights_applied_per_difficulty_class_equal_a_sum_over_rounds(city):
    from hotline.assessment.models import AssignmentFact

    scheme = _scheme(multi_unit_bonus="0.5", repeat_bonus="0.25", supervised_bonus="1.0")
    city.cat_food.complexity = "2.5"
    city.cat_food.save()
    clock.set_now(MONDAY)
    handled(city)
    case = new_case(city, category=city.cat_municipal, street=city.s21)  # urban + s21: two units
    supervision.issue(case, actor=Actor.staff(city.supervisor), reason="重点关注")
    handled(city, category=city.cat_water, unit_user=city.water_handler)
    figures = metrics.aggregate(metrics.facts_in(NOV, DEC), "unit_id", scheme=scheme)
    for unit_id, fig in figures.items():
        expected = sum(metrics.round_weight(scheme, f.complexity, f.units_involved, f.repeat, f.supervised)
                       for f in AssignmentFact.objects.filter(unit_id=unit_id))
        assert fig.weight == pytest.approx(expected)
    assert figures[city.market.pk].weight == pytest.approx(2.5)
    assert figures[city.urban.pk].weight == pytest.approx(1.5 * 2.0)  # one extra unit, supervised


def test_scheme_validation_refuses_bad_weights():
    from django.core.exceptions import ValidationError

    scheme = ScoreWeights.current()
    scheme.satisfaction_share = 50
    with pytest.raises(ValidationError):
        scheme.full_clean()
    other = ScoreWeights(name="另一方案", active=True)
    with pytest.raises(ValidationError):
        other.full_clean()
    other.active = False
    other.full_clean()
