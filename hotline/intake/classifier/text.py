"""Text → tokens, the same way for raw intake text and for the pre-segmented training rows.

Most labeled messages in the shared data were published already segmented by jieba with
a stop-word list applied (words joined by spaces, punctuation gone). Intake text is raw.
So raw text is segmented with jieba's bundled dictionary (default mode, HMM on, as the
published rows were) and the same kinds of words are dropped: the stop-word list shipped
here was derived from the data itself (see `derive_stopwords`), so both forms meet in
one representation.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

STOPWORDS_FILE = Path(__file__).with_name("stopwords.txt")
_BLANK = re.compile(r"\s+")
# Line breaks exported from Excel show up as a literal "_x000D_" in the messages.
_EXCEL_CR = re.compile(r"_x000D_", re.IGNORECASE)


@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(
        line.rstrip("\n") for line in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # the bundled dictionary; nothing is downloaded
    return jieba


def tokens(text: str) -> list[str]:
    """Segment raw text and drop stop words, punctuation and blanks."""
    stop = stopwords()
    text = _EXCEL_CR.sub(" ", text)
    return [t for t in _jieba().lcut(text) if t.strip() and t not in stop]


def segmented_tokens(text: str) -> list[str]:
    """Tokens of a row that was published already segmented (space-separated)."""
    stop = stopwords()
    return [t for t in _BLANK.split(text) if t and t not in stop]


def derive_stopwords(segmented: Iterable[str], raw: Iterable[str], min_docs: int = 3) -> list[str]:
    """Words jieba finds in raw messages (in at least `min_docs` of them) that never
    appear in the segmented rows: the list the publisher removed, punctuation included."""
    seen: set[str] = set()
    for text in segmented:
        seen.update(_BLANK.split(text))
    df: Counter[str] = Counter()
    for text in raw:
        df.update(set(_jieba().lcut(_EXCEL_CR.sub(" ", text))))
    found = [w for w, n in df.items() if n >= min_docs and w not in seen and w.strip()]
    return sorted(found, key=lambda w: (-df[w], w))
