"""Group messages into issues and rank them by heat (pure: plain inputs, plain outputs).

An *issue* is a set of messages about the same problem at the same place or of the same
group of people. Two messages are as alike as the cosine of their
texts — jieba words (TF-IDF, title counted twice) and character 2–3-grams (TF-IDF; they
catch names jieba splits, e.g. 伊景园滨河苑) — raised when they name the same place (the
street and community of a case, words ending like a place: …小区, …路, …村). DBSCAN over
that distance keeps groups of at least `min_items` messages whose neighbours are within
`1 - similarity`; everything else is noise, not an issue.

Heat (documented in docs/architecture.md) rewards many different people, repeat calls
and public votes, and fades with the age of the newest message:

    heat  = (people + 0.5 × repeats + ln(1 + votes)) × 0.5 ^ (age of newest / half_life)
    growth = (messages in the last `window` days + 1) / (messages in the window before + 1)

An issue is an early warning when its recent count reaches `warn_min_recent` and its
growth reaches `warn_growth`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hotline.intake.classifier.text import tokens

# scikit-learn and SciPy load on the first scan, not with the screens that import this module.

MAX_TEXT = 300  # characters of a message read: the gist (who, where, what) comes first
MAX_WORDS_TEXT = 120  # of which segmented into words (jieba is the slow part); n-grams read all
PLACE_WORD = re.compile(
    r"^[\u4e00-\u9fa5A-Za-z0-9]{2,12}(小区|花园|家园|公寓|大厦|广场|新城|苑|府|湾|社区|村|镇|乡|街道|"
    r"路|街|大道|学校|中学|小学|幼儿园|医院|市场|车站|公园|工业园|园区)$"
)
# Administrative words alone are no place: "A市", "A3区", "西地省" name half the messages.
TOO_BROAD = re.compile(r"^([A-Z]\d*[市区县省]|.{1,3}省|.{0,2}(区|市|县)|.{0,3}政府)$")
GROUPS = ("业主", "居民", "村民", "家长", "学生", "老人", "教师", "老师", "农民工", "工人", "员工",
          "职工", "司机", "商户", "租户", "患者", "残疾人", "退伍军人", "投资人", "受害人", "购房者",
          "消费者", "外卖员", "快递员", "环卫工人", "出租车司机")


@dataclass(frozen=True)
class Item:
    """One message: a case on the platform or a row of a message board."""

    key: str  # case number or the message's id
    title: str
    text: str
    at: dt.datetime
    person: str = ""  # whoever sent it (a phone digest, a user id); "" when unknown
    places: tuple[str, ...] = ()  # place names known from the record (street, community)
    votes: int = 0  # public up and down votes
    repeat: bool = False  # linked as a repeat of an earlier closed case
    case_id: int | None = None


@dataclass(frozen=True)
class Params:
    similarity: float = 0.3  # cosine similarity at which two messages are neighbours
    min_items: int = 3  # messages an issue needs
    cohesion: float = 0.15  # average similarity at which two parts of a group stay one issue
    word_weight: float = 1.0
    char_weight: float = 0.8
    place_bonus: float = 0.3  # how much naming the same place raises two texts' similarity
    half_life_days: float = 30.0
    window_days: int = 7  # growth compares this many days with the same span before
    warn_growth: float = 2.0
    warn_min_recent: int = 3
    top: int = 20

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Issue:
    items: list[Item]
    place: str = ""
    group: str = ""
    keywords: list[str] = field(default_factory=list)
    example: str = ""  # the title of the message nearest the issue's centre
    first_at: dt.datetime | None = None
    last_at: dt.datetime | None = None
    people: int = 0
    repeats: int = 0
    votes: int = 0
    heat: float = 0.0
    recent: int = 0
    previous: int = 0
    growth: float = 1.0
    warning: bool = False

    @property
    def label(self) -> str:
        head = " ".join(w for w in self.keywords[:3] if w != self.place)
        return " · ".join(part for part in (self.place, self.group, head) if part)


def place_words(words: Sequence[str]) -> list[str]:
    return [w for w in words if PLACE_WORD.match(w) and not TOO_BROAD.match(w)]


def _document(item: Item) -> list[str]:
    return tokens(item.title) * 2 + tokens(item.text[:MAX_WORDS_TEXT])


@dataclass
class Vectors:
    """Text (jieba words and character n-grams, one cosine) and place names (another).

    Two messages are as alike as their texts, raised by up to `place_bonus` when they
    name the same place: sharing only a street makes no issue, sharing a street and the
    same complaint makes a tighter one."""

    text: Any
    place: Any
    words: Any
    names: Any
    place_bonus: float

    def similarity(self, rows, cols=None):
        cols = rows if cols is None else cols
        text = (self.text[rows] @ self.text[cols].T).toarray()
        if self.place is not None:
            text *= 1.0 + self.place_bonus * (self.place[rows] @ self.place[cols].T).toarray()
        return np.minimum(text, 1.0)


def _vectors(items: Sequence[Item], words: list[list[str]], p: Params) -> Vectors | None:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    identity = lambda doc: doc  # noqa: E731 - documents arrive tokenised
    # Words in most messages say nothing about which issue; in a small batch, though, one
    # issue may be a third of it, so the cut-off only bites on a real day's volume.
    max_df = 0.3 if len(items) >= 200 else 0.6
    word_vec = TfidfVectorizer(analyzer=identity, sublinear_tf=True, min_df=2, max_df=max_df)
    char_vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True, min_df=2, max_df=max_df)
    chars = [f"{i.title} {i.title} {i.text[:MAX_TEXT]}" for i in items]
    places = [list(i.places) + place_words(w) for i, w in zip(items, words, strict=True)]
    text_blocks, word_matrix, names = [], None, []
    for vec, docs, weight in ((word_vec, words, p.word_weight), (char_vec, chars, p.char_weight)):
        m = _fit(vec, docs)
        if m is None:
            continue
        if vec is word_vec:
            word_matrix, names = m, vec.get_feature_names_out()
        text_blocks.append(normalize(m) * weight)
    if not text_blocks:
        return None
    place = _fit(TfidfVectorizer(analyzer=identity, min_df=2), places)
    return Vectors(text=normalize(sparse.hstack(text_blocks).tocsr()),
                   place=normalize(place) if place is not None else None,
                   words=word_matrix, names=names, place_bonus=p.place_bonus)


def _fit(vectorizer, docs):
    try:
        return vectorizer.fit_transform(docs).tocsr()
    except ValueError:  # no term in two documents: the block says nothing
        return None


def _neighbours(vectors: Vectors, threshold: float):
    """Sparse distance graph (1 - similarity) of the pairs at least `threshold` alike,
    each message its own neighbour; built a slice of rows at a time to bound memory."""
    from scipy import sparse

    n = vectors.text.shape[0]
    step = max(16, 2_000_000 // max(n, 1))
    everyone = np.arange(n)
    rows, cols, values = [], [], []
    for start in range(0, n, step):
        chunk = everyone[start:start + step]
        block = vectors.similarity(chunk, everyone)
        block[np.arange(len(chunk)), chunk] = 1.0
        r, c = np.nonzero(block >= threshold)
        rows.append(r + start)
        cols.append(c)
        values.append(np.maximum(1.0 - block[r, c], 1e-9))
    return sparse.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))


def _groups(vectors: Vectors, p: Params) -> list[list[int]]:
    """DBSCAN finds dense groups; DBSCAN also chains two issues through one message that
    shares a little with each, so every group is re-split by average linkage (two parts
    stay together only if their messages are alike on average, `cohesion`)."""
    from sklearn.cluster import DBSCAN, AgglomerativeClustering

    labels = DBSCAN(eps=1 - p.similarity, min_samples=p.min_items,
                    metric="precomputed").fit_predict(_neighbours(vectors, p.similarity))
    dense: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        if label >= 0:
            dense.setdefault(int(label), []).append(index)
    groups = []
    for members in dense.values():
        if len(members) < 2 * p.min_items:
            parts = [members]
        else:
            distance = np.clip(1.0 - vectors.similarity(members), 0.0, 1.0)
            split = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                            distance_threshold=1 - p.cohesion).fit_predict(distance)
            parts = [[m for m, s in zip(members, split, strict=True) if s == k] for k in set(split)]
        for part in parts:
            part = _trim(vectors, part, p.cohesion)
            if len(part) >= p.min_items:
                groups.append(part)
    return groups


def _trim(vectors: Vectors, part: list[int], cohesion: float) -> list[int]:
    """Drop the messages that are, on average, unlike the rest of their issue."""
    if len(part) < 2:
        return part
    sims = vectors.similarity(part)
    mean_to_others = (sims.sum(axis=1) - sims.diagonal()) / (len(part) - 1)
    return [m for m, s in zip(part, mean_to_others, strict=True) if s >= cohesion]


def mine(items: Sequence[Item], *, now: dt.datetime, p: Params = Params()) -> list[Issue]:
    """The top `p.top` issues among `items` by heat, with their figures."""
    if len(items) < p.min_items:
        return []
    words = [_document(i) for i in items]
    vectors = _vectors(items, words, p)
    if vectors is None:
        return []
    issues = []
    for idx in _groups(vectors, p):
        issue = describe([items[i] for i in idx], [words[i] for i in idx],
                         vectors.words[idx] if vectors.words is not None else None, vectors.names, now=now, p=p)
        issue.example = items[idx[int(np.argmax(vectors.similarity(idx).sum(axis=1)))]].title
        issues.append(issue)
    issues.sort(key=lambda issue: (-issue.heat, -len(issue.items)))
    return issues[: p.top]


def heat(people: int, repeats: int, votes: int, age_days: float, half_life_days: float) -> float:
    return (people + 0.5 * repeats + math.log1p(max(votes, 0))) * 0.5 ** (max(age_days, 0.0) / half_life_days)


def describe(items: list[Item], words: list[list[str]], word_matrix, names, *, now: dt.datetime,
             p: Params) -> Issue:
    items_sorted = sorted(zip(items, words, strict=True), key=lambda pair: pair[0].at)
    items = [i for i, _ in items_sorted]
    words = [w for _, w in items_sorted]
    issue = Issue(items=items, first_at=items[0].at, last_at=items[-1].at)
    places = Counter()
    for item, w in zip(items, words, strict=True):
        places.update(set(item.places) | set(place_words(w)))
    if places:
        name, count = places.most_common(1)[0]
        issue.place = name if count * 3 >= len(items) else ""
    groups = Counter(g for w in words for g in set(w) & set(GROUPS))
    if groups:
        name, count = groups.most_common(1)[0]
        issue.group = name if count * 3 >= len(items) else ""
    if word_matrix is not None and len(names):
        weights = np.asarray(word_matrix.sum(axis=0)).ravel()
        ranked = [str(names[i]) for i in np.argsort(-weights)[:20] if weights[i] > 0]
        # one character says little, and a piece of the place's name repeats it
        issue.keywords = [w for w in ranked if len(w) > 1 and w not in issue.place][:6]
    known = [i.person for i in items if i.person]
    people = len(set(known)) + sum(1 for i in items if not i.person)
    issue.people = people
    # Coming back counts, but one prolific writer is not a crowd: at most two repeats a person.
    issue.repeats = min((len(items) - people) + sum(1 for i in items if i.repeat), 2 * people)
    issue.votes = sum(max(i.votes, 0) for i in items)
    age = (now - issue.last_at).total_seconds() / 86400
    issue.heat = round(heat(people, issue.repeats, issue.votes, age, p.half_life_days), 2)
    window = dt.timedelta(days=p.window_days)
    issue.recent = sum(1 for i in items if now - window < i.at <= now)
    issue.previous = sum(1 for i in items if now - 2 * window < i.at <= now - window)
    issue.growth = round((issue.recent + 1) / (issue.previous + 1), 2)
    issue.warning = issue.recent >= p.warn_min_recent and issue.growth >= p.warn_growth
    return issue
