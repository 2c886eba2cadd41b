"""A unit replies: the reply is scored in the same transaction; a low score is noted on the
timeline after commit and put before the centre on the desk and at the callback."""

import csv
import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction

from hotline import clock
from hotline.audit.models import AuditEntry
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.errors import InvalidTransition
from hotline.cases.models import CaseEvent
from hotline.replies import actions, thresholds
from hotline.replies.models import Calibration, ReplyScore
from hotline.testing import PASSWORD, new_case

from .helpers import GOOD, replies_by_number, row

pytestmark = pytest.mark.django_db
MONDAY = clock.local(2026, 11, 23, 9, 30)
FORWARD = "已转相关部门处理。"


def replied(city, text, *, capture, **extra):
    """A case registered from a real message, signed and answered by the market unit."""
    clock.set_now(MONDAY)
    message = row(GOOD)
    case = new_case(city, title=message["留言主题"], content=message["留言详情"], **extra)
    handler = Actor.staff(city.market_handler)
    case = workflow.perform(case, "sign", actor=handler)
    clock.set_now(clock.local(2026, 11, 25, 15))
    with capture(execute=True):
        case = workflow.perform(case, "reply", actor=handler, reply=text)
    return case


def verbs(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("verb", flat=True))


def test_a_one_line_forward_is_flagged_on_the_timeline_and_the_desk(city, client, django_capture_on_commit_callbacks):
    case = replied(city, FORWARD, capture=django_capture_on_commit_callbacks)
    score = ReplyScore.objects.get(case=case)
    assert score.flagged and score.perfunctory and score.unit_id == city.market.pk
    assert score.threshold == thresholds.default()
    assert verbs(case)[-2:] == ["reply", "reply_flagged"]
    note = case.events.get(verb="reply_flagged")
    assert note.from_status == note.to_status == "replied" and note.data["concerns"][0] == "forwarded_only"
    assert score.noted_at is not None

    client.login(username="dispatcher", password=PASSWORD)
    page = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'data-suspect="{case.number}"' in page
    assert "答复仅称已转相关部门，未说明处理结果。" in page
    assert 'data-flagged="1"' in page.split('id="callbacks"')[1]  # beside the reply read out at the callback
    case_page = client.get(f"/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="reply-quality"' in case_page and "perfunctory reply?" in case_page
    assert "Reply flagged for the callback" in case_page


def test_a_good_reply_is_scored_and_not_flagged(city, client, django_capture_on_commit_callbacks):
    case = replied(city, row(GOOD)["答复意见"], capture=django_capture_on_commit_callbacks)
    score = ReplyScore.objects.get(case=case)
    assert not score.flagged and score.overall > 0.7
    assert "cites_law" in {r.code for r in score.strengths}
    assert "reply_flagged" not in verbs(case)
    client.login(username="agent", password=PASSWORD)
    page = client.get("/desk/").content.decode()
    assert f'data-suspect="{case.number}"' not in page
    assert 'data-flagged="0"' in page


def test_scoring_is_idempotent_when_a_reply_is_retried(city, client, django_capture_on_commit_callbacks):
    case = replied(city, FORWARD, capture=django_capture_on_commit_callbacks)
    event = case.events.get(verb="reply")
    first = ReplyScore.objects.get(event=event)
    # the unit's form posted twice: the second reply is refused and scores nothing
    client.login(username="market_handler", password=PASSWORD)
    client.post(f"/cases/{case.number}/act/reply/", {"reply": FORWARD, "version": case.version})
    with pytest.raises(InvalidTransition):
        workflow.perform(case, "reply", actor=Actor.staff(city.market_handler), reply=FORWARD)
    # the hook run again (a retried job, the backfill) returns the stored row
    again = actions.score_reply(event, actor=Actor.system())
    assert again.pk == first.pk and ReplyScore.objects.count() == 1
    assert actions.backfill(actor=Actor.system()) == 0
    assert actions.note_flagged(first.pk, actor=Actor.system()) is None
    assert actions.note_pending(actor=Actor.system(), older_than=dt.timedelta(0)) == 0
    assert verbs(case).count("reply_flagged") == 1


def test_a_rolled_back_reply_leaves_no_score(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    case = workflow.perform(case, "sign", actor=Actor.staff(city.market_handler))
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.perform(case, "reply", actor=Actor.staff(city.market_handler), reply=FORWARD)
        assert ReplyScore.objects.filter(case=case).exists()
        raise RuntimeError("the request failed after the reply")
    assert not ReplyScore.objects.exists()


def test_a_note_lost_in_a_crash_is_written_by_the_sweep(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    case = workflow.perform(case, "sign", actor=Actor.staff(city.market_handler))
    workflow.perform(case, "reply", actor=Actor.staff(city.market_handler), reply=FORWARD)  # on_commit never runs here
    assert ReplyScore.objects.get(case=case).noted_at is None and "reply_flagged" not in verbs(case)
    clock.set_now(clock.local(2026, 11, 23, 9, 32))
    assert actions.note_pending(actor=Actor.system()) == 1
    assert actions.note_pending(actor=Actor.system()) == 0
    assert verbs(case).count("reply_flagged") == 1


def test_co_handlers_parts_are_not_scored(city):
    clock.set_now(MONDAY)
    case = new_case(city, category=city.cat_municipal, street=city.s21)  # urban leads, s21 co-handles
    workflow.perform(case, "sign", actor=Actor.staff(city.urban_handler))
    workflow.perform(case, "sign", actor=Actor.staff(city.s21_handler))
    workflow.perform(case, "reply", actor=Actor.staff(city.s21_handler), reply="协办完成")
    assert not ReplyScore.objects.exists()


def test_the_calibrated_threshold_is_used_and_its_changes_are_audited(city, django_capture_on_commit_callbacks):
    calibration = actions.record_calibration(
        actor=Actor.system(), source="strict.csv", source_sha256="0" * 64, rows=1, percentile=99,
        threshold=0.99, distribution={}, activate=True)
    assert thresholds.current() == (0.99, calibration)
    case = replied(city, row(GOOD)["答复意见"], capture=django_capture_on_commit_callbacks)
    score = ReplyScore.objects.get(case=case)
    assert score.flagged and not score.perfunctory and score.calibration == calibration
    calibration.threshold = 0.3
    calibration.save()
    assert AuditEntry.objects.filter(object_type="replies.Calibration", object_id=str(calibration.pk)).count() == 2
    # A newer calibration switched on switches this one off, and the switch-off is audited too.
    newer = actions.record_calibration(
        actor=Actor.system(), source="new.csv", source_sha256="1" * 64, rows=1, percentile=10,
        threshold=0.5, distribution={}, activate=True)
    calibration.refresh_from_db()
    assert not calibration.active and thresholds.current() == (0.5, newer)
    off = AuditEntry.objects.filter(object_type="replies.Calibration", object_id=str(calibration.pk)).latest("pk")
    assert (off.before["active"], off.after["active"]) == (True, False)
    actions.activate(calibration, actor=Actor.system())
    newer.refresh_from_db()
    assert not newer.active and Calibration.objects.filter(active=True).get() == calibration


def test_units_do_not_see_their_scores(city, client, django_capture_on_commit_callbacks):
    case = replied(city, FORWARD, capture=django_capture_on_commit_callbacks)
    client.login(username="market_handler", password=PASSWORD)
    assert 'data-testid="reply-quality"' not in client.get(f"/cases/{case.number}/").content.decode()
    client.login(username="supervisor", password=PASSWORD)
    assert 'data-testid="reply-quality"' in client.get(f"/cases/{case.number}/").content.decode()


def test_calibrate_command_stores_the_distribution_and_activates_it(db, tmp_path):
    rows = list(replies_by_number().values())[:60]
    source = tmp_path / "replies.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "calibration.json"
    call_command("reply_quality", "calibrate", "--data", str(source), "--percentile", "15", "--json", str(out))
    stored = Calibration.objects.get()
    assert stored.active and stored.rows == 60 and stored.percentile == 15
    assert stored.distribution["overall"]["p15"] == stored.threshold
    assert str(stored.threshold) in out.read_text(encoding="utf-8")
    call_command("reply_quality", "calibrate", "--data", str(source), "--no-activate")
    assert Calibration.objects.filter(active=True).get() == stored and Calibration.objects.count() == 2
