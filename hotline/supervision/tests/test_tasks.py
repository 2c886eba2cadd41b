"""The supervision sweep as a job on the project's task framework."""

from io import StringIO

import pytest
from django.core.management import call_command

from hotline import clock
from hotline.supervision import actions, tasks
from hotline.supervision.choices import Level
from hotline.supervision.models import AccountabilityRecord, SupervisionItem
from hotline.testing import new_case

from .helpers import act, staff


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_the_sweep_task_runs_on_the_database_worker():
    from hotline.testing import build_city

    city = build_city()
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    case = new_case(city)
    actions.issue(case, actor=staff(city.supervisor), reason="督办", days=1)
    clock.set_now(clock.local(2026, 11, 25, 10))
    act(case, "sign", city.market_handler)  # a day late

    result = tasks.sweep.enqueue()
    call_command("db_worker", batch=True, queue_name="sla", stdout=StringIO(),
                 startup_delay=False, reload=False, verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"escalated": 1, "accountability": {"late_sign": 1}}
    assert SupervisionItem.objects.get().level == Level.KEY
    assert AccountabilityRecord.objects.count() == 1

    out = StringIO()
    call_command("supervision_sweep", stdout=out)
    assert out.getvalue().strip() == '{"escalated": 0, "accountability": {}}'
