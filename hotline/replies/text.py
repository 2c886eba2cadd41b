"""Text pieces the reply scorer works with (pure: no database).

Words come from jieba's bundled dictionary and are weighted by the IDF table jieba ships
for keyword extraction (`jieba/analyse/idf.txt`), so TF-IDF needs no corpus of ours and
nothing is downloaded. Character bigrams back the words up where jieba splits a place
name differently in the request and the reply.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata
from collections import Counter

_EXCEL_CR = re.compile(r"_x000D_", re.IGNORECASE)
_BLANK = re.compile(r"[\s\u3000]+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
_HAS_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# Words every request and every reply use: they say nothing about the matter.
_GENERIC_WORDS = (
    "您好 你好 网友 领导 尊敬 谢谢 感谢 请问 问题 情况 反映 留言 回复 答复 如下 现将 关于 有关 相关 "
    "我们 你们 他们 我局 本局 我委 我镇 我区 我县 我市 工作 部门 单位 进行 目前 现在 已经 这个 那个 "
    "没有 可以 需要 希望 要求 请求 是否 为什么 怎么 如何 什么 一个 一下 平台 栏目 来信 发帖 收悉 "
    "支持 关心 理解 信任 监督 祝您 生活 愉快 顺心 联系 电话 咨询 欢迎 处理 办理 年月日"
)
GENERIC = frozenset(_GENERIC_WORDS.split())


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@functools.cache
def _idf() -> tuple[dict[str, float], float]:
    from jieba.analyse.tfidf import TFIDF

    table = TFIDF()
    return table.idf_freq, table.median_idf


def normalise(text: str) -> str:
    text = _EXCEL_CR.sub("\n", text or "")
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _BLANK.sub(lambda m: "\n" if "\n" in m.group() else " ", text).strip()


@functools.lru_cache(maxsize=64)
def words(text: str) -> tuple[str, ...]:
    """Content words: two characters or more, a letter or a Chinese character in them.

    Cached briefly: one scoring segments the request for several measures."""
    return tuple(
        w for w in _jieba().lcut(text, HMM=False)
        if len(w) >= 2 and _HAS_WORD_CHAR.search(w) and w not in GENERIC
    )


def tfidf(tokens: tuple[str, ...] | list[str]) -> dict[str, float]:
    idf, median = _idf()
    counts = Counter(tokens)
    return {w: n * idf.get(w, median) for w, n in counts.items()}


def keywords(text: str, k: int) -> list[str]:
    """The `k` words of `text` with the highest TF-IDF, best first."""
    weights = tfidf(words(text))
    return [w for w, _ in sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:k]]


def cosine(a: dict[str, float] | Counter, b: dict[str, float] | Counter) -> float:
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(v * big[k] for k, v in small.items() if k in big)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def bigrams(text: str) -> Counter[str]:
    chars = _NOT_ALNUM.sub("", text).lower()
    return Counter(map(str.__add__, chars, chars[1:]))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def compact_length(text: str) -> int:
    """Letters and digits only: punctuation and blanks do not make a reply longer."""
    return len(_NOT_ALNUM.sub("", text))
