"""The estimator: word and character TF-IDF over the shared token representation,
a linear SVM, and a softmax with a fitted temperature for confidences.

Characters are taken from the tokens joined without spaces, so a word jieba splits
differently in raw and segmented text still shares most of its features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from . import text as textmod

_WHITE = re.compile(r"\s\s+")

PARAMS = {
    "char_ngrams": (1, 2),
    "min_df": 2,
    "max_df": 0.5,
    "C": 1.0,
}


def _identity(tokens):
    return tokens


def _joined(tokens):
    return "".join(tokens)


@dataclass
class Prediction:
    label: str
    confidence: float
    scores: dict[str, float]  # label → probability
    top_words: list[tuple[str, float]] = field(default_factory=list)  # token → contribution
    deep_label: str = ""  # "first/second" when the deeper model has an answer


class TextModel:
    """Fit on token lists; predict on raw text (or on token lists)."""

    def __init__(self, params: dict | None = None):
        self.params = {**PARAMS, **(params or {})}
        p = self.params
        self.word = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, min_df=p["min_df"], max_df=p["max_df"],
        )
        self.char = TfidfVectorizer(
            analyzer="char", preprocessor=_joined, lowercase=False, ngram_range=tuple(p["char_ngrams"]),
            sublinear_tf=True, min_df=p["min_df"], max_df=p["max_df"],
        )
        self.svm = LinearSVC(C=p["C"])
        # Optional second level: labels "first/second", trained on platform cases.
        self.deep: LinearSVC | None = None
        self.temperature = 1.0
        self._names: np.ndarray | None = None

    # -- fitting ------------------------------------------------------------------
    def _features(self, docs: list[list[str]]):
        return sp.hstack([self.word.transform(docs), self.char.transform(docs)]).tocsr()

    def fit_vectorizers(self, docs: list[list[str]]):
        """Fit the vocabularies and IDF weights; return the feature matrix of `docs`."""
        self.word.fit(docs)
        self.char.fit(docs)
        self._names = None
        return self._features(docs)

    def new_svm(self) -> LinearSVC:
        return LinearSVC(C=self.params["C"])

    def fit_matrix(self, x, labels: list[str], weights=None) -> TextModel:
        self.svm = self.new_svm().fit(x, labels, sample_weight=weights)
        return self

    def fit(self, docs: list[list[str]], labels: list[str], weights=None) -> TextModel:
        return self.fit_matrix(self.fit_vectorizers(docs), labels, weights)

    def fit_temperature(self, decisions: np.ndarray, labels: list[str]) -> float:
        """The temperature that makes softmax(T·score) best predict held-out labels."""
        index = {c: i for i, c in enumerate(self.classes)}
        known = [i for i, y in enumerate(labels) if y in index]
        if not known:
            return self.temperature
        d = decisions[known]
        y = np.array([index[labels[i]] for i in known])
        best, best_loss = 1.0, np.inf
        for t in np.geomspace(0.5, 20, 40):
            p = _softmax(d * t)
            loss = -np.mean(np.log(p[np.arange(len(y)), y] + 1e-12))
            if loss < best_loss:
                best, best_loss = float(t), loss
        self.temperature = best
        return best

    # -- predicting ---------------------------------------------------------------
    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.svm.classes_]

    def decision(self, docs: list[list[str]]) -> np.ndarray:
        return decision(self.svm, self._features(docs))

    def predict_tokens(self, docs: list[list[str]]) -> list[str]:
        classes = np.array(self.classes)
        return list(classes[self.decision(docs).argmax(1)])

    def predict(self, texts: list[str]) -> list[str]:
        return self.predict_tokens([textmod.tokens(t) for t in texts])

    def vector(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """One document's features as (indices, values): the same numbers as
        `_features`, without the per-call overhead of scikit-learn's transform
        (a tenth of the time for a single message)."""
        parts = []
        offset = 0
        chars = _WHITE.sub(" ", _joined(tokens))
        grams = [chars[i:i + n] for n in range(self.char.ngram_range[0], self.char.ngram_range[1] + 1)
                 for i in range(len(chars) - n + 1)]
        for vec, terms in ((self.word, tokens), (self.char, grams)):
            counts: dict[int, int] = {}
            vocab = vec.vocabulary_
            for term in terms:
                j = vocab.get(term)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            val = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
            val *= vec.idf_[idx]
            norm = np.sqrt(np.dot(val, val))
            if norm > 0:
                val /= norm
            parts.append((idx + offset, val))
            offset += len(vocab)
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def explain(self, text: str, top: int = 8) -> Prediction:
        idx, val = self.vector(textmod.tokens(text))
        coefs = self.svm.coef_[:, idx]
        d = coefs @ val + self.svm.intercept_
        if d.shape[0] == 1:
            d = np.array([-d[0], d[0]])
        probs = _softmax(d[None, :] * self.temperature)[0]
        k = int(probs.argmax())
        coef = coefs[k] if coefs.shape[0] > 1 else coefs[0] * (1 if k else -1)
        contrib = val * coef
        order = np.argsort(-contrib)
        names = self.feature_names()
        words: list[tuple[str, float]] = []
        seen: set[str] = set()
        for j in order:
            if contrib[j] <= 0 or len(words) >= top:
                break
            name = str(names[idx[j]])
            if name in seen or any(name in w for w in seen):
                continue  # a character already shown inside a word
            seen.add(name)
            words.append((name, round(float(contrib[j]), 4)))
        return Prediction(
            label=self.classes[k], confidence=float(probs[k]),
            scores={c: round(float(p), 4) for c, p in zip(self.classes, probs, strict=True)},
            top_words=words, deep_label=self._deep(idx, val, self.classes[k]),
        )

    def _deep(self, idx: np.ndarray, val: np.ndarray, top_label: str) -> str:
        """The best second-level class under the chosen first level, if any."""
        if self.deep is None:
            return ""
        names = [str(c) for c in self.deep.classes_]
        scores = self.deep.coef_[:, idx] @ val + self.deep.intercept_
        if scores.shape[0] == 1:
            scores = np.array([-scores[0], scores[0]])
        allowed = [i for i, n in enumerate(names) if n.split("/", 1)[0] == top_label]
        if not allowed:
            return ""
        return names[max(allowed, key=lambda i: scores[i])]

    def feature_names(self) -> np.ndarray:
        if self._names is None:
            self._names = np.concatenate(
                [self.word.get_feature_names_out(), self.char.get_feature_names_out()],
            )
        return self._names

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_names"] = None
        return state


def decision(svm: LinearSVC, x) -> np.ndarray:
    d = svm.decision_function(x)
    return d if d.ndim == 2 else np.column_stack([-d, d])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
