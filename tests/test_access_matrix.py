"""Every principal × every URL of the project, generated from the URL configuration.

`walk()` lists every pattern `django.urls.get_resolver()` knows; `EXPECT` holds one entry
per URL name saying what each principal must get (answer classes in `access_world`).
A URL without an entry fails `test_every_url_has_an_entry`, so a new screen or endpoint
cannot ship without someone deciding who may open it. Wherever an object is out of a
principal's scope, the answer must be byte for byte the answer for an object that does
not exist (numbers blanked), so nothing tells a hidden case from a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hotline.api.verbs import VERB_SCHEMAS
from hotline.cases.choices import Status
from hotline.cases.transitions import TRANSITIONS
from hotline.orgs.choices import Role

from .access_world import (
    CASE_HIDDEN,
    CONFLICT,
    DENIED,
    INVALID,
    LOGIN,
    MISSING,
    MISSING_NUMBER,
    MOVED,
    NOT_ALLOWED,
    OK,
    PRINCIPALS,
    PUBLIC,
    STAFF,
    UNAUTH,
    USERS,
    Requester,
    build_world,
    classify,
    shape,
)

pytestmark = pytest.mark.django_db

Answers = dict[str, frozenset[str]]


def _set(value) -> frozenset[str]:
    return frozenset({value} if isinstance(value, str) else value)


def everyone(answer) -> Answers:
    return {p: _set(answer) for p in PRINCIPALS}


def staff(*allowed, answer=OK, others=DENIED, public=LOGIN) -> Answers:
    """Signed-in staff only; `allowed` principals (all staff if none named) get `answer`."""
    chosen = set(allowed or STAFF)
    return {p: _set(public if p in PUBLIC else answer if p in chosen else others) for p in PRINCIPALS}


def api(*allowed, answer=OK, others=DENIED) -> Answers:
    return staff(*allowed, answer=answer, others=others, public=UNAUTH)


def case_scoped(base: Answers) -> Answers:
    """`base`, except that staff who cannot see the world's case get a 404: the case is looked up first."""
    return {p: _set(MISSING) if p in CASE_HIDDEN else base[p] for p in PRINCIPALS}


@dataclass(frozen=True)
class Url:
    get: Answers | None = None
    post: Answers | None = None
    kwargs: Callable = lambda w: {}
    missing: Callable | None = None  # kwargs naming an object that does not exist
    data: Callable = lambda w: {}
    query: Callable = lambda w, principal: {}
    api: bool = False
    hidden: frozenset[str] = field(default_factory=frozenset)  # out of scope: must answer like `missing`
    who: tuple[str, ...] = PRINCIPALS  # fewer only where the answer cannot depend on who asks


CASE = {"kwargs": lambda w: {"number": w.case.number}, "missing": lambda w: {"number": MISSING_NUMBER},
        "hidden": CASE_HIDDEN}
POST_ONLY = everyone(NOT_ALLOWED)
CENTRE = ("agent", "dispatcher", "supervisor")
AGENTS = ("agent", "dispatcher")
READERS = ("agent", "dispatcher", "supervisor", "leader", "auditor", "admin", "unit_leader")
PRIVACY = ("auditor", "admin")
INCIDENT_SEES = ("agent", "dispatcher", "supervisor", "leader", "auditor", "admin", "handler", "unit_leader")
ITEM_SEES = ("dispatcher", "supervisor", "leader", "auditor", "admin", "handler", "unit_leader")
REVEALERS = ("agent", "dispatcher", "supervisor", "handler", "unit_leader")
ASSIGNEES = {"handler", "unit_leader"}
ROLE = {"agent": Role.AGENT, "dispatcher": Role.DISPATCHER, "handler": Role.HANDLER, "other_handler": Role.HANDLER,
        "unit_leader": Role.UNIT_LEADER, "inspector": Role.INSPECTOR, "supervisor": Role.SUPERVISOR,
        "leader": Role.LEADER, "auditor": Role.AUDITOR, "admin": Role.ADMIN}


def verb_answers(verb: str) -> Answers:
    """What the workflow says about `verb` on the world's (dispatched) case, in its order:
    visibility, role, state, assignment."""
    rule = TRANSITIONS[verb]
    out = {p: _set(UNAUTH) for p in PUBLIC}
    for p in STAFF:
        if p in CASE_HIDDEN:
            out[p] = _set(MISSING)
        elif ROLE[p] not in rule.roles:
            out[p] = _set(DENIED)
        elif Status.DISPATCHED not in rule.sources:
            out[p] = _set(CONFLICT)
        elif rule.scope in {"assignee", "lead"} and p not in ASSIGNEES:
            out[p] = _set(DENIED)
        else:
            out[p] = _set({OK, INVALID})
    return out


VERB_BODIES = {
    "answer_on_spot": lambda w: {"reply": "已当场解答"}, "dispatch": lambda w: {"lead_unit": "market"},
    "sign": lambda w: {}, "return": lambda w: {"reason": "not_our_matter"},
    "redispatch": lambda w: {"lead_unit": "urban"}, "arbitrate": lambda w: {"ruling": "justified", "note": "裁定"},
    "request_extension": lambda w: {"days": 3, "reason": "需要检测"}, "approve_extension": lambda w: {},
    "refuse_extension": lambda w: {"note": "不同意"}, "reply": lambda w: {"reply": "已处理完毕"},
    "callback": lambda w: {"satisfaction": "satisfied", "resolved": True}, "close": lambda w: {"note": "办结"},
    "reopen": lambda w: {"reason": "重办"}, "merge": lambda w: {"into": w.other_case.number},
    "supplement": lambda w: {"text": "补充情况"}, "transfer_out": lambda w: {"to": w.peer.code},
    "peer_update": lambda w: {"peer": "peer", "remote_status": "closed"},
    "transfer_external": lambda w: {"matter": "police"},
}
ADMIN_KWARGS = {"app_label": "orgs", "object_id": "1", "id": "1", "content_type_id": "1", "url": "nothing"}
PRIVATE_REVEAL = lambda w: {"reason": "回访需要联系市民"}  # noqa: E731

EXPECT: dict[str, Url] = {
    # --- sign-in, language, two-factor
    "set_language": Url(get=everyone(MOVED)),
    "login": Url(get=everyone(OK)),
    "logout": Url(get=POST_ONLY),
    "password_change": Url(get=staff()),
    "password_change_done": Url(get=staff()),
    "password_reset": Url(get=everyone(OK)),
    "password_reset_done": Url(get=everyone(OK)),
    "password_reset_confirm": Url(get=everyone(OK), kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": Url(get=everyone(OK)),
    "security:2fa_setup": Url(get=staff()),
    "security:2fa_verify": Url(get=staff(answer=MOVED)),
    # --- API (bearer tokens; citizens use /public/ with the query code)
    "api-docs-asset": Url(get=everyone(OK), kwargs=lambda w: {"name": "swagger-ui.css"}),
    # The OpenAPI document is built without looking at the caller (and costs a second to build).
    "api-v1:openapi-json": Url(get=everyone(OK), api=True, who=("anonymous", "handler")),
    "api-v1:openapi-view": Url(get=everyone(OK), api=True),
    "api-v1:api-root": Url(get=everyone(MISSING), api=True),
    "api/^": Url(get=everyone(MISSING), api=True),
    "api-v1:create_case": Url(post=api("agent", "dispatcher", "inspector", answer={OK, INVALID}), api=True,
                              data=lambda w: {"channel": "phone", "case_type": "complaint", "title": "路灯不亮",
                                              "content": "东风路路灯坏了三天", "category": w.cat_lights.pk}),
    "api-v1:list_cases": Url(get=api(), api=True),
    "api-v1:get_case": Url(get=case_scoped(api()), api=True, **CASE),
    "api-v1:unknown_action": Url(get=everyone(NOT_ALLOWED), post=api(answer=MISSING, others=MISSING), api=True,
                                 kwargs=lambda w: {"number": w.case.number, "verb": "nosuch"},
                                 missing=lambda w: {"number": MISSING_NUMBER, "verb": "nosuch"},
                                 hidden=frozenset(STAFF)),
    # Without a file part the body is refused before the case is looked up, alike for everyone.
    "api-v1:add_attachments": Url(get=everyone(NOT_ALLOWED), post=api(answer=INVALID, others=INVALID), api=True,
                                  **CASE),
    "api-v1:reveal_citizen": Url(get=everyone(NOT_ALLOWED), post=case_scoped(api(*REVEALERS)), api=True,
                                 data=PRIVATE_REVEAL, **CASE),
    "api-v1:submit": Url(post=everyone(OK), api=True,
                         data=lambda w: {"case_type": "help", "title": "路灯不亮", "content": "东风路路灯坏了三天"}),
    "api-v1:track": Url(get={**everyone(MISSING), "citizen": _set(OK)}, api=True,
                        query=lambda w, p: {"code": w.case.query_code} if p == "citizen" else {},
                        kwargs=CASE["kwargs"], missing=CASE["missing"],
                        hidden=frozenset(PRINCIPALS) - {"citizen"}),
    "api-v1:suggestion": Url(post=api("agent", "dispatcher", "inspector", answer={OK, INVALID}), api=True,
                             data=lambda w: {"title": "路灯不亮", "content": "东风路路灯坏了三天"}),
    # --- citizen portal: the case opens only for the session that gave its number and code
    "portal:home": Url(get=everyone(OK)),
    "portal:submit": Url(get=everyone(OK)),
    "portal:pickers": Url(get=everyone(OK)),
    "portal:done": Url(get=everyone(MOVED)),
    "portal:track": Url(get=POST_ONLY, post=everyone(MOVED),
                        data=lambda w: {"number": w.case.number, "code": w.case.query_code}),
    "portal:case": Url(get={**everyone(MOVED), "citizen": _set(OK)}, kwargs=CASE["kwargs"],
                       missing=CASE["missing"], hidden=frozenset(PRINCIPALS) - {"citizen"}),
    "portal:supplement": Url(get=POST_ONLY, post={**everyone(MISSING), "citizen": _set(MOVED)},
                             data=lambda w: {"text": "补充"}, kwargs=CASE["kwargs"], missing=CASE["missing"],
                             hidden=frozenset(PRINCIPALS) - {"citizen"}),
    "portal:rate": Url(get=POST_ONLY, post={**everyone(MISSING), "citizen": _set(MOVED)},
                       data=lambda w: {"satisfaction": "satisfied", "resolved": "yes"}, kwargs=CASE["kwargs"],
                       missing=CASE["missing"], hidden=frozenset(PRINCIPALS) - {"citizen"}),
    # --- Open311: public, non-confidential cases only
    "open311:discovery": Url(get=everyone(OK), kwargs=lambda w: {"fmt": "json"}),
    "open311:services": Url(get=everyone(OK), kwargs=lambda w: {"fmt": "json"}),
    "open311:service": Url(get=everyone(OK), kwargs=lambda w: {"fmt": "json", "code": str(w.cat_food.pk)}),
    "open311:requests": Url(get=everyone(OK), kwargs=lambda w: {"fmt": "json"}),
    "open311:request": Url(get=everyone(OK), kwargs=lambda w: {"fmt": "json", "number": w.case.number}),
    "open311:token": Url(get=everyone(MISSING), kwargs=lambda w: {"fmt": "json", "token": "0" * 32}),
    "open311:updates": Url(get=everyone(OK), kwargs=lambda w: {"fmt": "json"}),
    "open311:unknown": Url(get=everyone(MISSING), kwargs=lambda w: {"path": "nothing.json"}),
    # --- exchange: signed peer inbox, staff export
    "exchange:inbox": Url(get=POST_ONLY, post=everyone(UNAUTH)),
    "exchange:export": Url(get=staff(), kwargs=lambda w: {"fmt": "csv"}),
    # --- assessment, analytics
    # Each person reads the levels `assessment.scope` gives them; a handler their own unit.
    "assessment:home": Url(get=staff(*READERS, "handler", "other_handler")),
    "assessment:rankings": Url(get=staff(*READERS, "handler", "other_handler")),
    "assessment:cases": Url(get=staff(*set(READERS) - {"unit_leader"}),
                            query=lambda w, p: {"unit": w.market.pk, "level": "department"}),
    "assessment:second_callbacks": Url(get=staff(*CENTRE)),
    "assessment:record_second_callback": Url(get=POST_ONLY, post=staff(*AGENTS, answer=MOVED),
                                             kwargs=lambda w: {"pk": 1}),
    "assessment:exclude": Url(get=POST_ONLY, post=staff("dispatcher", "supervisor", answer=MOVED),
                              data=lambda w: {"number": w.case.number, "reason": "不合理诉求"}),
    "assessment:public": Url(get=everyone(OK)),
    "analytics:dashboard": Url(get=staff(*READERS)),
    "analytics:rankings": Url(get=staff(*READERS)),
    "analytics:report": Url(get=staff(*READERS)),
    "analytics:report_xlsx": Url(get=staff(*READERS)),
    "analytics:problems": Url(get=staff(*READERS)),
    "analytics:problem_new": Url(get=staff("leader", "admin")),
    "analytics:problem": Url(get=staff(*READERS), kwargs=lambda w: {"pk": w.problem.pk}),
    "analytics:problem_action": Url(get=POST_ONLY, post=staff("leader", "admin", answer=MOVED),
                                    kwargs=lambda w: {"pk": w.problem.pk}),
    "analytics:problem_action_done": Url(get=POST_ONLY, post=staff("leader", "admin", answer=MOVED),
                                         kwargs=lambda w: {"pk": w.problem.pk, "action": w.problem_action.pk}),
    # --- emergency: an incident is seen by the centre, leaders, auditors and its linkage units
    "emergency:index": Url(get=staff()),
    "emergency:start": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED)),
    "emergency:board": Url(get=staff(*INCIDENT_SEES, others=MISSING), kwargs=lambda w: {"pk": w.incident.pk},
                           missing=lambda w: {"pk": 99999999}, hidden=frozenset({"other_handler", "inspector"})),
    "emergency:units": Url(get=staff(*INCIDENT_SEES, others=MISSING), kwargs=lambda w: {"pk": w.incident.pk},
                           missing=lambda w: {"pk": 99999999}, hidden=frozenset({"other_handler", "inspector"})),
    "emergency:close": Url(get=POST_ONLY, post={**staff(*CENTRE, answer=MOVED), "other_handler": _set(MISSING),
                                                "inspector": _set(MISSING)},
                           kwargs=lambda w: {"pk": w.incident.pk}, data=lambda w: {"summary": "已处置"}),
    "emergency:report": Url(get=staff(*INCIDENT_SEES, answer=MOVED, others=MISSING),
                            kwargs=lambda w: {"pk": w.incident.pk}),
    "emergency:acknowledge": Url(get=POST_ONLY, post=staff(*INCIDENT_SEES, answer=MOVED, others=MISSING),
                                 kwargs=lambda w: {"row_id": w.incident_unit.pk}),
    "emergency:arrive": Url(get=POST_ONLY, post=staff(*INCIDENT_SEES, answer=MOVED, others=MISSING),
                            kwargs=lambda w: {"row_id": w.incident_unit.pk}),
    "emergency:transfer": Url(get=staff(*AGENTS), **CASE),
    "emergency:receive": Url(get=POST_ONLY, post=everyone(UNAUTH), kwargs=lambda w: {"platform": "110"}),
    # --- grids
    "grids:mine": Url(get=staff("inspector")),
    "grids:report": Url(get=staff("inspector")),
    "grids:verify": Url(get=POST_ONLY, post={**staff("dispatcher", "supervisor", answer=MOVED),
                                             "unit_leader": _set(MISSING)},
                        kwargs=lambda w: {"pk": w.grid_report.pk}, missing=lambda w: {"pk": 99999999},
                        hidden=frozenset({"unit_leader"})),
    # --- supervision: an item is seen by the centre, leaders, auditors and the unit it is addressed to
    "supervision:list": Url(get=staff(*ITEM_SEES, "other_handler", others=MISSING)),
    "supervision:item": Url(get=staff(*ITEM_SEES, others=MISSING), kwargs=lambda w: {"pk": w.item.pk},
                            missing=lambda w: {"pk": 99999999}, hidden=frozenset({"other_handler"})),
    "supervision:answer": Url(get=POST_ONLY, post=staff(*ITEM_SEES, answer=MOVED, others=MISSING),
                              kwargs=lambda w: {"pk": w.item.pk}, data=lambda w: {"text": "已整改"}),
    "supervision:accept": Url(get=POST_ONLY, post=staff(*ITEM_SEES, answer=MOVED, others=MISSING),
                              kwargs=lambda w: {"pk": w.item.pk}),
    "supervision:reject": Url(get=POST_ONLY, post=staff(*ITEM_SEES, answer=MOVED, others=MISSING),
                              kwargs=lambda w: {"pk": w.item.pk}, data=lambda w: {"reason": "未整改"}),
    "supervision:issue_case": Url(get=staff("dispatcher", "supervisor", "leader", others=MISSING), **CASE),
    "supervision:issue_group": Url(get=staff("dispatcher", "supervisor", "leader", others=MISSING)),
    # --- partners: centre staff; volunteer teams and mediation bodies see their own (none of ours)
    "partners:providers": Url(get=staff(*CENTRE)),
    "partners:provider": Url(get=staff(*CENTRE), kwargs=lambda w: {"pk": w.provider.pk}),
    "partners:complaint": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED),
                              kwargs=lambda w: {"pk": w.provider.pk}, data=lambda w: {"text": "服务态度差"}),
    "partners:reinstate": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED),
                              kwargs=lambda w: {"pk": w.provider.pk}, data=lambda w: {"reason": "已整改"}),
    "partners:decide": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED), kwargs=lambda w: {"pk": w.complaint.pk}),
    "partners:services": Url(get=staff(*CENTRE), **CASE),
    "partners:order": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED), **CASE),
    "partners:send_volunteers": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED), **CASE),
    "partners:refer": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED), **CASE),
    "partners:volunteers": Url(get=staff(*CENTRE)),
    "partners:hours": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED), kwargs=lambda w: {"pk": w.task.pk},
                          data=lambda w: {"hours": "2"}),
    "partners:mediations": Url(get=staff(*CENTRE)),
    "partners:mediation": Url(get=staff(*CENTRE), kwargs=lambda w: {"pk": w.mediation.pk}),
    "partners:session": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED), kwargs=lambda w: {"pk": w.mediation.pk}),
    "partners:outcome": Url(get=POST_ONLY, post=staff(*CENTRE, answer=MOVED), kwargs=lambda w: {"pk": w.mediation.pk}),
    # --- hotspots (no scan in this world: the detail of hotspot 1 is missing for those who may read it)
    "hotspots:list": Url(get=staff(*CENTRE, "leader", "auditor", "admin")),
    "hotspots:detail": Url(get=staff(*CENTRE, "leader", "auditor", "admin", answer=MISSING),
                           kwargs=lambda w: {"pk": 1}),
    # A scan mines every recent case (seconds): one principal per answer, the gate is a role list.
    "hotspots:scan": Url(get=POST_ONLY, post=staff("dispatcher", "supervisor", "leader", "admin", answer=MOVED),
                         who=("anonymous", "citizen", "handler", "auditor", "dispatcher")),
    # --- the personal data log: auditors and administrators only
    "privacy:log": Url(get=staff(*PRIVACY)),
    "privacy:download": Url(get=staff(*PRIVACY), kwargs=lambda w: {"fmt": "csv"}),
    # --- inbox: everyone reads their own messages only
    "notifications:inbox": Url(get=staff()),
    "notifications:badge": Url(get=staff()),
    "notifications:read": Url(get=staff(answer=NOT_ALLOWED), post=staff(answer=MOVED)),
    "notifications:open": Url(get=staff(answer=MOVED), kwargs=lambda w: {"pk": w.message.pk},
                              missing=lambda w: {"pk": 99999999}, hidden=frozenset(STAFF) - {"handler"}),
    # --- agent console, desk, workbench, case page
    "intake:suggestion": Url(get=staff(*AGENTS)),
    "console:home": Url(get=staff(answer=MOVED)),
    "console:overview": Url(get=staff()),
    "console:agent": Url(get=staff(*AGENTS)),
    "console:lookup": Url(get=staff(*AGENTS), query=lambda w, p: {"citizen_phone": "13812341234"}),
    "console:knowledge": Url(get=staff(*AGENTS), query=lambda w, p: {"q": "路灯"}),
    "console:refresh": Url(get=staff(*AGENTS)),
    "console:register": Url(get=POST_ONLY, post=staff(*AGENTS, answer={OK, MOVED, INVALID})),
    "console:place": Url(get=staff(*AGENTS), query=lambda w, p: {"address": "东风路"}),
    "console:workbench": Url(get=staff("handler", "other_handler", "unit_leader")),
    "console:desk": Url(get=staff(*CENTRE)),
    "console:search": Url(get=staff(), query=lambda w, p: {"q": "餐馆"}),
    "console:case": Url(get=case_scoped(staff()), **CASE),
    "console:act": Url(get=POST_ONLY, post=case_scoped(staff(answer=MOVED)),
                       kwargs=lambda w: {"number": w.case.number, "verb": "sign"},
                       missing=lambda w: {"number": MISSING_NUMBER, "verb": "sign"}, hidden=CASE_HIDDEN),
    # A revealer sees the case with the number shown; anyone else is sent back to the case page.
    "console:reveal": Url(get=POST_ONLY, post=case_scoped(staff(*REVEALERS, answer=OK, others=MOVED)),
                          data=PRIVATE_REVEAL, **CASE),
    "console:attachment": Url(get=case_scoped(staff()),
                              kwargs=lambda w: {"number": w.case.number, "pk": w.attachment.pk},
                              missing=lambda w: {"number": MISSING_NUMBER, "pk": w.attachment.pk},
                              hidden=CASE_HIDDEN),
}
for _verb in VERB_SCHEMAS:
    EXPECT[f"api-v1:case-action-{_verb}"] = Url(get=everyone(NOT_ALLOWED), post=verb_answers(_verb), api=True,
                                                data=VERB_BODIES[_verb], **CASE)


def walk(resolver=None, prefix="", namespace=""):
    """(key, route, qualified name) of every pattern; unnamed patterns are keyed by route."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from walk(pattern, route, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield (name or route), route, name


ROUTES = list(walk())
ADMIN = [(key, name) for key, route, name in ROUTES if route.startswith("admin/")]
ADMIN_OPEN = {"admin:login": OK, "admin:logout": MOVED}  # logout: to the login form


def test_every_url_has_an_entry():
    keys = {key for key, route, _name in ROUTES if not route.startswith("admin/")}
    unlisted, stale = sorted(keys - set(EXPECT)), sorted(set(EXPECT) - keys)
    assert not unlisted, f"URLs with no entry in EXPECT (decide who may open them): {unlisted}"
    assert not stale, f"entries for URLs that no longer exist: {stale}"
    assert all(entry.get or entry.post for entry in EXPECT.values())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One city for the module, rolled back at the end (each request is rolled back too)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def requester(world, django_db_blocker):
    made = Requester(world)
    with django_db_blocker.unblock():  # sessions live in the module's transaction, not a test's
        for principal in PRINCIPALS:
            made.client(principal)
    return made


def _url(name: str, route: str, kwargs: dict) -> str:
    return reverse(name, kwargs=kwargs or None) if name else "/" + route.replace("^", "").rstrip("$") + "nothing"


@pytest.mark.parametrize("key", sorted(EXPECT))
def test_who_gets_what(key, world, requester):
    entry = EXPECT[key]
    route, name = next((r, n) for k, r, n in ROUTES if k == key)
    kwargs = entry.kwargs(world)
    wrong = []
    for method, answers in (("get", entry.get), ("post", entry.post)):
        if answers is None:
            continue
        for principal in entry.who:
            send = {"data": entry.data(world), "api": entry.api, "query": entry.query(world, principal)}
            response = requester.send(principal, method, _url(name, route, kwargs), **send)
            got = classify(response)
            if got not in answers[principal]:
                wrong.append(f"{method.upper()} {principal}: got {got} ({response.status_code}), "
                             f"expected {sorted(answers[principal])}")
                continue
            if entry.missing is not None and principal in entry.hidden:
                hide = tuple(str(v) for v in kwargs.values()) + (MISSING_NUMBER,)
                absent = requester.send(principal, method, _url(name, route, entry.missing(world)), **send)
                if shape(response, hide=hide) != shape(absent, hide=hide):
                    wrong.append(f"{method.upper()} {principal}: an out-of-scope object answers unlike a missing one")
    assert not wrong, f"{key}:\n  " + "\n  ".join(wrong)


def test_admin_site_is_for_staff_accounts_only(world, requester):
    """No role makes an account staff, so the admin site answers every principal with its login.
    The site checks `is_staff` before anything else: every admin URL is requested by the
    anonymous visitor and the administrator role, its index by every principal."""
    assert not any(getattr(world, USERS[p]).is_staff for p in STAFF)
    wrong = []
    for key, name in ADMIN:
        url = reverse(name, kwargs={k: ADMIN_KWARGS[k] for k in _params(_route(key))} or None) \
            if name else "/admin/nothing/"
        expected = ADMIN_OPEN.get(key, LOGIN)
        for principal in PRINCIPALS if key == "admin:index" else ("anonymous", "admin"):
            got = classify(requester.send(principal, "get", url))
            if got != expected:
                wrong.append(f"{key} {principal}: got {got}, expected {expected}")
    assert not wrong, "\n".join(wrong[:40])


def _params(route: str) -> list[str]:
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)]


def _route(key: str) -> str:
    return next(r for k, r, _n in ROUTES if k == key)
