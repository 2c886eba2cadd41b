from hotline.cases import workflow
from hotline.cases.actors import Actor


def act(case, verb, user, **data):
    return workflow.perform(case, verb, actor=Actor.staff(user), **data)


def staff(user) -> Actor:
    return Actor.staff(user)


def timeline(case) -> list[str]:
    return list(case.events.order_by("seq").values_list("verb", flat=True))
