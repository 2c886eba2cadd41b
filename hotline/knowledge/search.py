"""Knowledge-base search: split the question into words, find articles, rank by where they hit.

Plain and predictable: a word in the title counts most, then in the keywords, then in
the body; an article's category counts when the caller's category is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jieba
from django.db.models import Q

from .models import Article

MAX_TERMS = 8
MAX_CANDIDATES = 200
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    article: Article
    score: float


def terms(query: str) -> list[str]:
    """Distinct words of two characters or more (Chinese segmented with jieba), longest first."""
    words: set[str] = set()
    for chunk in _WORD.findall(query or ""):
        if chunk.isascii():
            if len(chunk) >= 2:
                words.add(chunk.lower())
            continue
        words.update(w for w in jieba.cut_for_search(chunk) if len(w.strip()) >= 2)
        if 2 <= len(chunk) <= 6:
            words.add(chunk)
    return sorted(words, key=lambda w: (-len(w), w))[:MAX_TERMS]


def search(query: str, *, category_id: int | None = None, limit: int = 5) -> list[Hit]:
    words = terms(query)
    if not words:
        return []
    match = Q()
    for word in words:
        match |= Q(title__icontains=word) | Q(keywords__icontains=word) | Q(body__icontains=word)
    candidates = Article.objects.filter(match, is_published=True).select_related("category")[:MAX_CANDIDATES]
    hits = []
    for article in candidates:
        title, keywords, body = article.title.lower(), article.keywords.lower(), article.body.lower()
        score = 0.0
        for word in words:
            weight = len(word) / 2
            score += weight * (3 * (word in title) + 2 * (word in keywords) + (word in body))
        if category_id is not None and article.category_id == category_id:
            score += 2
        hits.append(Hit(article, score))
    hits.sort(key=lambda h: (-h.score, h.article.title))
    return hits[:limit]
