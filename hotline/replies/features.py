"""What a reply says, measured against the request (pure: no database, no clock).

Each function returns a value in [0, 1] and the reasons behind it. The patterns come
from reading the government replies in the shared data (`teddy2020/replies.csv`): the
formulas of acknowledgement and thanks every reply wraps itself in, the words that say
something was checked or done, and the ways a reply names its legal basis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import text
from .reasons import Reason

# Sentences made of formula only: greetings, acknowledgement, thanks, "reply as follows".
FORMULA = re.compile(
    r"(尊敬的|亲爱的)?(网友|市民|群众|先生|女士|同志)?[:：,，]?|您好|你好|UU\d+|A\d{5,}|“[^”]{0,12}”"
    r"|(您|你)?(的|在|通过)?[^。，,！!]{0,16}(留言|来信|帖子|网帖|发帖|反映的问题|反映的情况)[^。，,！!]{0,12}(已)?收悉"
    r"|已收悉|收悉|感谢您?[^。！!，,]{0,24}|谢谢[^。！!，,]{0,10}|祝您?[^。！!，,]{0,12}|此复|特此(回复|答复)"
    r"|现(将|就)?[^。：:]{0,24}(答复|回复)如下[:：]?|(答复|回复)如下[:：]?|欢迎[^。！!，,]{0,20}(监督|咨询|来电)"
    r"|(如有|若有)[^。！!，,]{0,10}(疑问|问题)|\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}"
    r"|[（(]?(详见|见)[^。）)]{0,20}[）)]?|《问政[^》]*》|(平台|栏目)"
)
RECEIPT = re.compile(r"收悉|收到")
FORWARDED = re.compile(r"(已|将)?(转|转交|转至|转给|转送|交由)(有关|相关|责任)?(部门|单位)|已有相关单位作出回复|请您?耐心等待")
ACTION_WORDS = (
    "经核查", "经调查", "经查", "核实", "核查", "调查", "现场", "实地", "查看", "检查", "责成", "责令", "督促",
    "整改", "约谈", "处罚", "立案", "清理", "拆除", "维修", "修复", "协调", "组织", "召开", "安排", "已",
    "落实", "解决", "告知", "回访", "要求", "制止", "取缔", "执法", "查处", "答复", "研究", "部署", "开展",
)
LAW_TITLE = re.compile(r"《([^》]{2,40}(法|条例|规定|办法|细则|规则|意见|通知|决定|规划|标准|规范|纲要|方案|政策|文件|章程|公告|指南|准则))》")
ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条|〔\d{4}〕\d+号|\[\S{1,8}发文\]\d*号|\d+号文")
BASIS = re.compile(r"(根据|依据|按照|依照|参照|遵照)[^。；]{0,40}(规定|政策|法律|法规|条例|文件|办法|标准|精神|要求)")
ASK = re.compile(r"[？?]|吗|是否|能否|可否|为什么|为何|怎么|如何|多少|何时|哪里|请问|希望|要求|请求|建议|恳请|呼吁|盼")
DATE = re.compile(r"\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d+(个)?(工作日|日|天|月)(内|前|后)|年底|月底|近日")
UNIT = re.compile(r"[\u4e00-\u9fff]{2,14}(局|委员会|委|办公室|办|街道|镇|乡|社区|村委会|村|公司|中心|大队|中队|所|站|院|政府|分局)")
FIGURE = re.compile(r"\d+(\.\d+)?\s*(米|公里|元|万|平方|亩|户|人|名|天|个|辆|吨|%|％|栋|套|次|处|盏|年)")
CONTACT = re.compile(r"电话|热线|\d{3,4}-\d{7,8}|0{4}-0{8}|联系人|窗口|服务大厅")


@dataclass(frozen=True)
class Body:
    """The reply with its formulas taken out: what it actually says."""

    text: str
    chars: int
    receipt: bool
    forwarded: bool


def body_of(reply: str, title: str) -> Body:
    reply = text.normalise(reply)
    kept = []
    for sentence in text.sentences(reply):
        rest = FORMULA.sub("", sentence.replace(title, "") if title else sentence)
        if text.compact_length(FORWARDED.sub("", rest)) >= 6:
            kept.append(sentence)
    said = "".join(kept)
    return Body(said, text.compact_length(FORMULA.sub("", said)), bool(RECEIPT.search(reply)),
                bool(FORWARDED.search(reply)))


def perfunctory(body: Body, *, min_chars: int) -> Reason | None:
    if body.chars >= min_chars:
        return None
    if body.forwarded:
        return Reason("perfunctory", "forwarded_only")
    if body.receipt:
        return Reason("perfunctory", "receipt_only")
    return Reason("perfunctory", "too_short", {"chars": body.chars})


def relevance(request: str, title: str, body: Body) -> tuple[float, list[Reason]]:
    if not body.text:
        return 0.0, [Reason("relevance", "off_topic", {"words": text.keywords(request, 3)})]
    said = body.text.replace(title, "") if title else body.text
    asked = text.tfidf(text.words(request))
    answered = text.tfidf(text.words(said))
    key = text.keywords(request, 8)
    hits = [w for w in key if w in said]
    coverage = len(hits) / len(key) if key else 0.0
    cos = text.cosine(asked, answered)
    chars = text.cosine(text.bigrams(request), text.bigrams(said))
    value = min(1.0, (0.45 * cos + 0.35 * coverage + 0.20 * chars) / 0.45)
    if value >= 0.5:
        return value, [Reason("relevance", "relevant", {"words": hits[:4]}, good=True)]
    missing = [w for w in key if w not in hits][:4]
    return value, [Reason("relevance", "off_topic", {"words": missing})]


def points_of(content: str, title: str) -> list[str]:
    """The questions and asks of a request; the title when it asks nothing explicitly."""
    found = [s for s in text.sentences(text.normalise(content)) if ASK.search(s) and text.compact_length(s) >= 4]
    return found[:8] or [title or content[:60]]


def completeness(request_chars: int, points: list[str], body: Body) -> tuple[float, list[Reason]]:
    reasons: list[Reason] = []
    missed = []
    for point in points:
        key = text.keywords(point, 4)
        needed = max(1, (len(key) + 1) // 2)
        if key and sum(w in body.text for w in key) < needed:
            missed.append(point)
    covered = 1 - len(missed) / len(points)
    if missed:
        example = missed[0] if len(missed[0]) <= 40 else missed[0][:40] + "…"
        reasons.append(Reason("completeness", "points_missed",
                              {"missed": len(missed), "total": len(points), "example": example}))
    else:
        reasons.append(Reason("completeness", "points_covered", {"total": len(points)}, good=True))
    target = min(300, max(80, request_chars // 2))
    length = min(1.0, body.chars / target)
    if length < 0.5:
        reasons.append(Reason("completeness", "short_for_request", {"chars": body.chars, "request_chars": request_chars}))
    kinds = [k for k, pattern in (("date", DATE), ("unit", UNIT), ("figure", FIGURE), ("contact", CONTACT))
             if pattern.search(body.text)]
    concrete = min(1.0, len(kinds) / 3)
    reasons.append(Reason("completeness", "concrete", {"kinds": kinds}, good=True) if kinds
                   else Reason("completeness", "not_concrete"))
    return 0.5 * covered + 0.25 * length + 0.25 * concrete, reasons


def interpretability(body: Body) -> tuple[float, list[Reason]]:
    reasons: list[Reason] = []
    titles = [m.group(0) for m in LAW_TITLE.finditer(body.text)]
    article = ARTICLE.search(body.text)
    if titles or article:
        cite = 1.0
        named = list(dict.fromkeys(titles))[:2] or [article.group(0)]  # type: ignore[union-attr]
        reasons.append(Reason("interpretability", "cites_law", {"title": named}, good=True))
    elif BASIS.search(body.text):
        cite = 0.6
        reasons.append(Reason("interpretability", "cites_basis", good=True))
    else:
        cite = 0.0
        reasons.append(Reason("interpretability", "no_basis"))
    done = [w for w in ACTION_WORDS if w in body.text]
    explain = min(1.0, len(done) / 4)
    if done:
        reasons.append(Reason("interpretability", "explains_action", {"words": done[:4]}, good=explain >= 0.5))
    else:
        reasons.append(Reason("interpretability", "no_action"))
    return 0.4 * cite + 0.6 * explain, reasons
