"""Seed the knowledge base from real answers: the government replies in the shared data
that answer a question (how to apply, which rule applies, what the standard is) and
cite the policy they rest on. Agents search these to answer a caller on the spot.

The article keeps the citizen's question as its title, the official answer as its body
and the reply's date (or the answering agency) as its source; keywords come from
jieba's TF-IDF over the question, the category from the demo's keyword matcher.
"""

from __future__ import annotations

import re

import jieba.analyse

from hotline.knowledge.models import Article

from .messages import Classifier, Message

QUESTION = re.compile(r"咨询|请问|如何|怎样|怎么|能否|可否|是否|政策|标准|办理|申请|补贴|补助|报名|手续|流程|条件|规定")
POLICY = re.compile(r"《[^》]{2,40}》|根据|依据|按照[^。]{0,30}规定|政策")
GREETING = re.compile(r"^(?:[^。！!]{0,40}(?:网友|您好|你好)[^。！!]{0,10}[。！!：:，,]\s*)+")
PREAMBLE = re.compile(r"^.{0,90}?(?:回复|答复)如下[：:]\s*", re.S)
MAX_BODY = 1500


def _source(message: Message) -> str:
    kind, _sep, ref = message.source.partition(":")
    if kind == "shangluo":
        return "市长信箱答复"
    return f"留言答复 {ref}" if ref else "留言答复"


def candidates(pool: list[Message]) -> list[Message]:
    """Question-like messages whose reply cites a rule, first of each title only."""
    seen: set[str] = set()
    chosen = []
    for message in pool:
        if not message.reply or message.title in seen:
            continue
        if QUESTION.search(message.title) and POLICY.search(message.reply) and len(message.reply) >= 60:
            seen.add(message.title)
            chosen.append(message)
    return chosen


def build_articles(pool: list[Message], classifier: Classifier, *, limit: int = 150) -> int:
    articles = []
    for message in candidates(pool)[:limit]:
        body = PREAMBLE.sub("", GREETING.sub("", message.reply)).strip()[:MAX_BODY]
        words = jieba.analyse.extract_tags(message.title + "。" + message.content[:300], topK=6)
        articles.append(Article(
            title=message.title[:200], body=body, keywords=" ".join(words)[:255],
            category=classifier.category(message.title, message.content), source=_source(message)[:200],
        ))
    Article.objects.bulk_create(articles)
    return len(articles)
