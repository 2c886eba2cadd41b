"""Demo cases, each the story of a real message told through the real workflow.

A story registers a message through `intake.services.take_in`, then moves the clock
forward and plays the verbs people would (`cases.workflow.perform`): sign, return,
arbitrate, extend, reply, call back, reopen, merge. Nothing here writes a case
directly, so timelines, deadlines and lateness are what production would have made.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import (
    AssignmentRole,
    AssignmentStatus,
    CaseType,
    Channel,
    ReturnReason,
    Satisfaction,
    Status,
    Urgency,
)
from hotline.cases.models import Assignment, Case
from hotline.intake.services import Draft, take_in
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit, User

from .city import City
from .messages import SHANGLUO_SHARE, Classifier, Message, Placer, case_type, citizen, urgency

HOUR = 1.0
DAY = 24.0

CO_REPLIES = [
    "我单位已配合主办单位开展现场核查，相关情况已反馈主办单位。",
    "已派员参与联合检查，职责范围内的问题已督促整改到位。",
    "已按协办要求提供相关资料并配合处理。",
]
SECOND_REPLIES = [
    "针对市民回访不满意的问题，我单位再次组织人员现场核查，已督促责任方限期整改，"
    "并将持续跟踪整改情况，如有新的问题请及时反映。",
    "收到重办工单后，我单位主要负责人带队上门与市民当面沟通，说明了政策依据和处理进度，"
    "已落实整改措施，市民表示理解。",
]
ON_SPOT_REPLIES = [
    "话务员根据知识库答复：该事项可携带身份证原件到区政务服务中心综合窗口办理，"
    "工作日上午9:00-12:00、下午13:30-17:30，也可在网上政务服务平台预约。",
    "已告知市民相关政策依据及办理流程，并提供了主管部门咨询电话，市民表示清楚。",
    "已根据知识库答复市民所咨询的政策规定和办理时限，市民表示满意。",
]
SATISFIED_NOTES = ["市民表示问题已解决，满意。", "回访市民，对处理结果表示满意。", "市民表示感谢，问题已解决。"]
BASIC_NOTES = ["市民表示基本满意，希望后续继续跟进。", "问题已基本解决，市民表示基本满意。"]
UNSATISFIED_NOTES = ["市民表示问题仍未解决，对答复不满意。", "市民反映现场情况没有变化，要求重新办理。"]
RETURN_NOTES = {
    ReturnReason.NOT_OUR_MATTER: "经核实，该事项不属于我单位职责范围，请中心重新派单。",
    ReturnReason.NOT_OUR_TERRITORY: "经现场核实，反映地点不在我辖区范围内，请中心核实后派单。",
    ReturnReason.INFO_INSUFFICIENT: "来电反映地址不详，多次联系市民未果，无法核实处理。",
}


class Timeline:
    """A story's clock: moves forward only, and never reaches the demo's `end`."""

    def __init__(self, start: dt.datetime, end: dt.datetime, rng: random.Random):
        self.at, self.end, self.rng = start, end, rng
        clock.set_now(start)

    def go(self, lo_hours: float, hi_hours: float, *, office: bool = True) -> dt.datetime:
        """Move on by a random span; `office` actions slide into the working day (8:30-21:00)."""
        step = dt.timedelta(hours=self.rng.uniform(lo_hours, hi_hours))
        morning = dt.timedelta(seconds=self.rng.randint(0, 5400))  # drawn always: same seed, same city
        at = self.at + step
        local = at.astimezone(clock.LOCAL_TZ)
        if office and not 8 <= local.hour < 21:
            day = local.date() + dt.timedelta(days=1 if local.hour >= 21 else 0)
            opening = dt.datetime.combine(day, dt.time(8, 30), tzinfo=clock.LOCAL_TZ) + morning
            at = max(at, opening)
        if at >= self.end:
            at = self.at + (self.end - self.at) / 3
        self.at = max(at, self.at + dt.timedelta(seconds=30))
        clock.set_now(self.at)
        return self.at


@dataclass
class Sim:
    city: City
    classifier: Classifier
    placer: Placer
    rng: random.Random
    end: dt.datetime
    open_pool: list[Message]
    replied_pool: list[Message]
    mailbox_pool: list[Message]
    created: int = 0
    msgs: dict[int, Message] = field(default_factory=dict)  # case id → its message

    # ------------------------------------------------------------------ helpers

    def user(self, username: str) -> User:
        return self.city.users[username]

    def staff(self, username: str) -> Actor:
        return Actor.staff(self.user(username))

    def agent(self) -> Actor:
        return self.staff(self.rng.choice(["agent1", "agent2", "agent3"]))

    def dispatcher(self) -> Actor:
        return self.staff(self.rng.choice(["dispatcher1", "dispatcher2"]))

    def message(self, replied: bool) -> Message:
        pool = self.replied_pool if replied else self.open_pool
        if replied and self.mailbox_pool and (self.rng.random() < SHANGLUO_SHARE or not pool):
            pool = self.mailbox_pool
        if not pool:
            pool = self.open_pool or self.replied_pool
        msg = pool.pop()
        pool.insert(0, msg)  # recycle when a big run outgrows the data
        return msg

    def handler_of(self, unit_id: int) -> Actor:
        user = self.city.handlers.get(unit_id)
        if user is None:
            raise LookupError(f"demo unit {unit_id} has no handler")
        return Actor.staff(user)

    def lead(self, case: Case) -> Assignment:
        return (
            Assignment.objects.filter(case=case, role=AssignmentRole.LEAD,
                                      status__in=AssignmentStatus.active())
            .order_by("-round").first()
        )

    def cos(self, case: Case) -> list[Assignment]:
        return list(Assignment.objects.filter(case=case, role=AssignmentRole.CO,
                                              status__in=AssignmentStatus.active()))

    # ------------------------------------------------------------------ verbs

    def take(self, tl: Timeline, *, replied: bool, hold: bool = False, kind: str | None = None,
             level: str | None = None, msg: Message | None = None, grid: bool = False) -> Case:
        msg = msg or self.message(replied)
        rng = self.rng
        category = self.classifier.category(msg.title, msg.content)
        district, street, community = self.placer.place(msg.title + msg.content, rng)
        name, phone = citizen(rng)
        channel = msg.channel
        actor = self.agent()
        if grid:
            channel, inspector = Channel.GRID, self.user(f"inspector{rng.randint(1, 4)}")
            actor = Actor.staff(inspector)
            community = inspector.unit.parent
            district = street = None
        elif channel == Channel.PORTAL:
            roll = rng.random()
            if roll < 0.55:
                channel = Channel.PHONE
            elif roll < 0.8:
                actor = Actor.citizen()
            elif roll < 0.92:
                channel, actor = Channel.APP, Actor.citizen()
            elif roll < 0.97:
                channel = Channel.OPINION
            else:
                channel = Channel.POLICE_110
        draft = Draft(
            channel=channel,
            case_type=kind or case_type(msg.title, msg.content),
            urgency=level or urgency(msg.title, msg.content),
            title=msg.title, content=msg.content,
            category_id=category.pk if category else None,
            district_id=district.pk if district else None,
            street_id=street.pk if street else None,
            community_id=community.pk if community else None,
            address=(community or street or district).name if (community or street or district) else "",
            citizen_name=name, citizen_phone=phone,
            anonymous=rng.random() < 0.05,
            dispatch=not hold,
        )
        case, _decision = take_in(actor, draft)
        self.msgs[case.pk] = msg
        self.created += 1
        return case

    def ensure_dispatched(self, case: Case) -> Case:
        """The centre dispatches by hand what the catalogue could not route."""
        if case.status != Status.REGISTERED:
            return case
        target = case.street or case.district or self.rng.choice(self.city.streets)
        return workflow.perform(
            case, "dispatch", actor=self.dispatcher(), lead_unit=target,
            instructions="目录未覆盖，由属地街道先行核实处理。",
        )

    def sign(self, case: Case, tl: Timeline, *, co_too: bool = True) -> Case:
        lead = self.lead(case)
        case = workflow.perform(case, "sign", actor=self.handler_of(lead.unit_id))
        if co_too:
            for co in self.cos(case):
                if self.rng.random() < 0.7:
                    tl.go(0.2, 6)
                    case = workflow.perform(case, "sign", actor=self.handler_of(co.unit_id))
        return case

    def reply(self, case: Case, tl: Timeline, text: str) -> Case:
        for co in self.cos(case):
            if co.status == AssignmentStatus.SIGNED and self.rng.random() < 0.8:
                case = workflow.perform(case, "reply", actor=self.handler_of(co.unit_id),
                                        reply=self.rng.choice(CO_REPLIES))
                tl.go(1, 12)
        lead = self.lead(case)
        return workflow.perform(case, "reply", actor=self.handler_of(lead.unit_id), reply=text)

    def callback(self, case: Case, satisfaction: str, resolved: bool | None = None) -> Case:
        notes = {Satisfaction.SATISFIED: SATISFIED_NOTES, Satisfaction.BASIC: BASIC_NOTES,
                 Satisfaction.UNSATISFIED: UNSATISFIED_NOTES,
                 Satisfaction.UNREACHABLE: ["回访电话无人接听。", "回访时市民电话关机。"]}[satisfaction]
        if resolved is None and satisfaction != Satisfaction.UNREACHABLE:
            resolved = satisfaction != Satisfaction.UNSATISFIED
        actor = Actor.citizen() if self.rng.random() < 0.2 else self.agent()
        if satisfaction == Satisfaction.UNREACHABLE:
            actor = self.agent()
        return workflow.perform(case, "callback", actor=actor, satisfaction=satisfaction,
                                resolved=resolved, note=self.rng.choice(notes))

    def reply_text(self, case: Case) -> str:
        msg = self.msgs.get(case.pk)
        return (msg.reply if msg else "") or self.rng.choice(SECOND_REPLIES)

    def other_unit(self, case: Case) -> Unit:
        """Where the centre re-dispatches a case the lead returned as not theirs."""
        current = case.lead_unit_id
        options = [u for u in self.city.units.values()
                   if u.kind == UnitKind.DEPARTMENT and u.pk != current and u.pk in self.city.handlers]
        if case.street_id and case.street_id != current:
            options.append(case.street)
        return self.rng.choice(options)


# ---------------------------------------------------------------------- the stories
# Each story: (name, weight, min age days, max age days, needs a real reply, play).


def _progressed(sim: Sim, tl: Timeline, *, replied: bool, **kw) -> Case:
    case = sim.take(tl, replied=replied, **kw)
    tl.go(0.05, 2)
    return sim.ensure_dispatched(case)


def registered(sim, tl):
    return [sim.take(tl, replied=False, hold=True)]


def dispatched(sim, tl):
    return [_progressed(sim, tl, replied=False)]


def handling(sim, tl, *, supplement=False):
    case = _progressed(sim, tl, replied=False)
    tl.go(0.5, 20)
    case = sim.sign(case, tl)
    if supplement or sim.rng.random() < 0.2:
        tl.go(2, 48)
        case = workflow.perform(case, "supplement", actor=Actor.citizen(),
                                text="补充：问题至今仍然存在，周边居民均有反映，请尽快处理。")
    return [case]


def returned(sim, tl):
    case = _progressed(sim, tl, replied=False)
    tl.go(1, 20)
    reason = sim.rng.choice(list(RETURN_NOTES))
    lead = sim.lead(case)
    case = workflow.perform(case, "return", actor=sim.handler_of(lead.unit_id), reason=reason,
                            note=RETURN_NOTES[reason])
    return [case]


def _finish(sim, tl, case, outcome):
    """Reply, then call back with `outcome` (None leaves the case replied)."""
    tl.go(12, 8 * DAY)
    case = sim.reply(case, tl, sim.reply_text(case))
    if outcome is not None:
        tl.go(3, 2 * DAY)
        case = sim.callback(case, outcome)
    return case


def _outcome(sim) -> str | None:
    return sim.rng.choice([Satisfaction.SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASIC, None])


def redispatched(sim, tl):
    case = _progressed(sim, tl, replied=True)
    tl.go(1, 16)
    lead = sim.lead(case)
    case = workflow.perform(case, "return", actor=sim.handler_of(lead.unit_id),
                            reason=ReturnReason.NOT_OUR_MATTER, note=RETURN_NOTES[ReturnReason.NOT_OUR_MATTER])
    tl.go(0.5, 8)
    target = sim.other_unit(case)
    case = workflow.perform(case, "redispatch", actor=sim.dispatcher(), lead_unit=target,
                            note="退回理由成立，改派" + target.name + "办理。")
    tl.go(0.5, 20)
    case = sim.sign(case, tl)
    if sim.rng.random() < 0.3:
        return [case]
    return [_finish(sim, tl, case, _outcome(sim))]


def arbitrated(sim, tl):
    case = _progressed(sim, tl, replied=True)
    tl.go(1, 16)
    lead = sim.lead(case)
    case = workflow.perform(case, "return", actor=sim.handler_of(lead.unit_id),
                            reason=ReturnReason.NOT_OUR_MATTER, note=RETURN_NOTES[ReturnReason.NOT_OUR_MATTER])
    tl.go(1, 24)
    case = workflow.perform(case, "arbitrate", actor=sim.staff("supervisor"), ruling="unjustified",
                            note="经协调裁定：依据派单目录该事项属原承办单位职责，退回理由不成立，请按时办理。")
    tl.go(0.5, 8)
    case = sim.sign(case, tl)
    return [_finish(sim, tl, case, _outcome(sim))]


def extension_pending(sim, tl):
    case = _progressed(sim, tl, replied=False)
    tl.go(0.5, 16)
    case = sim.sign(case, tl)
    tl.go(2 * DAY, 6 * DAY)
    lead = sim.lead(case)
    return [workflow.perform(case, "request_extension", actor=sim.handler_of(lead.unit_id),
                             days=sim.rng.choice([5, 10, 15]),
                             reason="该问题涉及多个部门和历史遗留因素，需进一步现场勘查和协调，申请延期办理。")]


def extension_decided(sim, tl, *, approve=True):
    case = _progressed(sim, tl, replied=True)
    tl.go(0.5, 16)
    case = sim.sign(case, tl)
    tl.go(2 * DAY, 6 * DAY)
    lead = sim.lead(case)
    case = workflow.perform(case, "request_extension", actor=sim.handler_of(lead.unit_id),
                            days=sim.rng.choice([5, 10]),
                            reason="需协调相关单位联合处置，申请延期。")
    tl.go(1, 20)
    if approve:
        case = workflow.perform(case, "approve_extension", actor=sim.dispatcher(), note="同意延期。")
    else:
        case = workflow.perform(case, "refuse_extension", actor=sim.dispatcher(),
                                note="延期理由不充分，请在原时限内办结。")
    return [_finish(sim, tl, case, _outcome(sim))]


def replied(sim, tl, *, unreachable=False):
    case = _progressed(sim, tl, replied=True)
    tl.go(0.5, 20)
    case = sim.sign(case, tl)
    case = _finish(sim, tl, case, None)
    if unreachable:
        tl.go(3, 30)
        case = sim.callback(case, Satisfaction.UNREACHABLE)
    return [case]


def closed(sim, tl, *, satisfaction=Satisfaction.SATISFIED):
    case = _progressed(sim, tl, replied=True)
    tl.go(0.5, 20)
    case = sim.sign(case, tl)
    return [_finish(sim, tl, case, satisfaction)]


def closed_unreachable(sim, tl):
    case = replied(sim, tl, unreachable=True)[0]
    tl.go(1 * DAY, 2 * DAY)
    case = sim.callback(case, Satisfaction.UNREACHABLE)
    tl.go(1, 8)
    return [workflow.perform(case, "close", actor=sim.dispatcher(),
                             note="三次回访均未接通，按规定办结。")]


def reopened(sim, tl, *, rounds=1, finish=True):
    """Unsatisfied callbacks send the case back to the same lead (重办)."""
    case = _progressed(sim, tl, replied=True)
    tl.go(0.5, 20)
    case = sim.sign(case, tl)
    case = _finish(sim, tl, case, Satisfaction.UNSATISFIED)
    for n in range(rounds):
        if not finish and n == rounds - 1:
            return [case]
        tl.go(0.5, 20)
        case = sim.sign(case, tl)
        tl.go(1 * DAY, 5 * DAY)
        case = sim.reply(case, tl, sim.rng.choice(SECOND_REPLIES))
        tl.go(3, 2 * DAY)
        last = n == rounds - 1
        if last:
            return [sim.callback(case, sim.rng.choice([Satisfaction.SATISFIED, Satisfaction.BASIC]))]
        case = sim.callback(case, Satisfaction.UNSATISFIED)
    return [case]


def closed_unsatisfied(sim, tl):
    """Two reopens, still unsatisfied: closed at the reopen limit."""
    case = reopened(sim, tl, rounds=2, finish=False)[0]
    for _ in range(workflow.MAX_REOPENS - case.reopen_count):
        tl.go(0.5, 20)
        case = sim.sign(case, tl)
        tl.go(1 * DAY, 4 * DAY)
        case = sim.reply(case, tl, sim.rng.choice(SECOND_REPLIES))
        tl.go(3, 2 * DAY)
        case = sim.callback(case, Satisfaction.UNSATISFIED, resolved=False)
    tl.go(0.5, 20)
    case = sim.sign(case, tl)
    tl.go(1 * DAY, 4 * DAY)
    case = sim.reply(case, tl, sim.rng.choice(SECOND_REPLIES))
    tl.go(3, 2 * DAY)
    return [sim.callback(case, Satisfaction.UNSATISFIED, resolved=False)]


def reopened_by_centre(sim, tl):
    case = closed(sim, tl, satisfaction=Satisfaction.SATISFIED)[0]
    tl.go(2 * DAY, 6 * DAY)
    case = workflow.perform(case, "reopen", actor=sim.staff("supervisor"),
                            reason="督办抽查发现问题反弹，市民再次来电反映，重新交办。")
    if sim.rng.random() < 0.5:
        tl.go(0.5, 12)
        case = sim.sign(case, tl, co_too=False)
    return [case]


def on_spot(sim, tl, *, close=True):
    case = sim.take(tl, replied=False, hold=True, kind=CaseType.CONSULTATION)
    tl.go(0.02, 0.2, office=False)
    case = workflow.perform(case, "answer_on_spot", actor=sim.agent(),
                            reply=sim.rng.choice(ON_SPOT_REPLIES))
    if close:
        tl.go(2, 2 * DAY)
        case = sim.callback(case, sim.rng.choice([Satisfaction.SATISFIED, Satisfaction.BASIC]))
    return [case]


def merged(sim, tl):
    """Two callers, one problem: the second case is folded into the first."""
    first = _progressed(sim, tl, replied=True)
    tl.go(0.5, 10)
    first = sim.sign(first, tl, co_too=False)
    msg = sim.msgs[first.pk]
    tl.go(1, 30)
    again = Message(msg.title, msg.content + "\n（另一位市民来电反映同一问题）", channel=Channel.PORTAL)
    second = sim.take(tl, replied=False, hold=True, msg=again)
    tl.go(0.05, 1, office=False)
    second = workflow.perform(second, "merge", actor=sim.agent(), into=first.number,
                              note="与工单" + first.number + "反映同一问题，合并办理。")
    if sim.rng.random() < 0.5:
        return [first, second]
    return [_finish(sim, tl, first, Satisfaction.SATISFIED), second]


EMERGENCIES = [
    ("{place}居民楼道内燃气味很浓，疑似燃气泄漏",
     "{place}一栋三单元楼道内闻到浓烈的燃气味，已有居民打开窗户，担心发生危险，请燃气公司马上派人来处理。"),
    ("{place}路段井盖缺失，夜间有行人险些跌落",
     "{place}主干道人行道上一个井盖缺失，周边没有警示标志，晚上光线很暗，刚才有老人差点掉下去，请立即处理。"),
    ("{place}小区突然停电，电梯内有人被困",
     "{place}小区从半小时前开始整片停电，5栋电梯里有老人被困，物业说是外线故障，请供电公司尽快抢修。"),
    ("{place}自来水主管爆裂，路面大量积水",
     "{place}十字路口自来水主管道爆裂，水柱很高，路面积水已经漫到人行道，车辆无法通行，请立即派人关阀抢修。"),
]


def emergency(sim, tl, *, finish=True):
    title, content = sim.rng.choice(EMERGENCIES)
    place = sim.rng.choice(sim.city.communities).name
    msg = Message(title.format(place=place), content.format(place=place), channel=Channel.PHONE)
    case = sim.take(tl, replied=True, level=Urgency.EMERGENCY, kind=CaseType.HELP, msg=msg)
    case = sim.ensure_dispatched(case)
    tl.go(0.05, 0.4, office=False)
    case = sim.sign(case, tl, co_too=False)
    if not finish:
        return [case]
    tl.go(0.3, 1.5, office=False)
    case = sim.reply(case, tl, "已第一时间派员赶赴现场处置，险情已排除，现场已设置警示并安排后续检修。")
    tl.go(1, 24)
    return [sim.callback(case, Satisfaction.SATISFIED)]


def grid_report(sim, tl):
    case = sim.take(tl, replied=True, grid=True, kind=CaseType.REPORT)
    tl.go(0.05, 2)
    case = sim.ensure_dispatched(case)
    tl.go(0.5, 12)
    case = sim.sign(case, tl)
    return [_finish(sim, tl, case, sim.rng.choice([Satisfaction.SATISFIED, None]))]


@dataclass(frozen=True)
class Story:
    name: str
    weight: float
    min_days: float
    max_days: float
    play: Callable


STORIES = [
    Story("registered", 5, 0.02, 1.0, registered),
    Story("dispatched", 6, 0.02, 0.8, dispatched),
    Story("dispatched_sign_overdue", 2, 3, 8, dispatched),
    Story("handling", 8, 1, 6, handling),
    Story("handling_overdue", 3, 25, 45, lambda s, t: handling(s, t, supplement=True)),
    Story("returned", 3, 0.3, 3, returned),
    Story("redispatched", 3, 10, 50, redispatched),
    Story("arbitrated", 2, 10, 50, arbitrated),
    Story("extension_pending", 3, 8, 20, extension_pending),
    Story("extension_approved", 3, 20, 55, extension_decided),
    Story("extension_refused", 1, 15, 50, lambda s, t: extension_decided(s, t, approve=False)),
    Story("replied", 8, 3, 20, replied),
    Story("replied_unreachable", 2, 5, 25, lambda s, t: replied(s, t, unreachable=True)),
    Story("closed_satisfied", 20, 5, 60, closed),
    Story("closed_basic", 9, 5, 60, lambda s, t: closed(s, t, satisfaction=Satisfaction.BASIC)),
    Story("closed_unreachable", 2, 8, 60, closed_unreachable),
    Story("reopened_closed", 4, 15, 60, reopened),
    Story("reopened_open", 3, 6, 30, lambda s, t: reopened(s, t, finish=False)),
    Story("closed_unsatisfied", 2, 30, 60, closed_unsatisfied),
    Story("reopened_by_centre", 1, 15, 50, reopened_by_centre),
    Story("answered_on_spot", 4, 1, 60, on_spot),
    Story("answered_on_spot_open", 1, 0.1, 2, lambda s, t: on_spot(s, t, close=False)),
    Story("merged", 3, 2, 40, merged),
    Story("emergency_closed", 1, 1, 60, emergency),
    Story("emergency_open", 1, 0.02, 0.06, lambda s, t: emergency(s, t, finish=False)),
    Story("grid_report", 3, 2, 50, grid_report),
]


def plan(total: int) -> list[Story]:
    """How many of each story for about `total` cases: every story at least once."""
    if total <= 0:
        return []
    weight = sum(s.weight for s in STORIES)
    counts = {s.name: max(1, round(s.weight * total / weight)) for s in STORIES}
    size = {s.name: 2 if s.name == "merged" else 1 for s in STORIES}

    def cases() -> int:
        return sum(counts[n] * size[n] for n in counts)

    order = sorted(STORIES, key=lambda s: -s.weight)
    i = 0
    while cases() > total and any(counts[s.name] > 1 for s in order):
        story = order[i % len(order)]
        if counts[story.name] > 1:
            counts[story.name] -= 1
        i += 1
    while cases() < total:
        counts[order[i % 3].name] += 1
        i += 1
    return [s for s in STORIES for _ in range(counts[s.name])]
