"""Two handlers send the same reply at once: one reply, one score, one timeline note."""

import datetime as dt

import pytest

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.errors import StaleVersion
from hotline.cases.models import CaseEvent
from hotline.cases.tests.test_concurrency import race
from hotline.replies import actions
from hotline.replies.models import ReplyScore
from hotline.testing import new_case


@pytest.mark.django_db(transaction=True)
def test_a_reply_sent_twice_at_once_is_scored_and_noted_once(city):
    case = new_case(city)
    case = workflow.perform(case, "sign", actor=Actor.staff(city.market_handler))
    handlers = [city.market_handler, city.market_handler2]

    results = race(2, lambda i: workflow.perform(
        case.number, "reply", actor=Actor.staff(handlers[i]), version=case.version, reply="已转相关部门处理。"))

    assert sorted(type(r).__name__ for r in results) == ["Case", StaleVersion.__name__], results
    score = ReplyScore.objects.get(case=case)
    assert score.flagged and score.noted_at is not None  # the note was written after commit
    assert CaseEvent.objects.filter(case=case, verb="reply").count() == 1
    assert CaseEvent.objects.filter(case=case, verb="reply_flagged").count() == 1
    # two sweepers afterwards find nothing left to write
    assert race(2, lambda i: actions.note_pending(actor=Actor.system(), older_than=dt.timedelta(0))) == [0, 0]
    assert CaseEvent.objects.filter(case=case, verb="reply_flagged").count() == 1
