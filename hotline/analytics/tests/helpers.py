from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.testing import new_case


def act(case, verb, user, **data):
    return workflow.perform(case, verb, actor=Actor.staff(user), **data)


def case_at(city, when, **extra):
    """A case registered (and dispatched) at local time `when`."""
    clock.set_now(when)
    return new_case(city, **extra)


def closed(city, case, handler, *, satisfaction="satisfied"):
    act(case, "sign", handler)
    act(case, "reply", handler, reply="已处理完毕。")
    return act(case, "callback", city.agent, satisfaction=satisfaction, resolved=satisfaction != "unsatisfied")
