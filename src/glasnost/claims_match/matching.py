"""Which retrieved fact-checks match a claim, how surely, and in which tier.

Retrieval (the store's business) hands over candidates found two ways: by full-text search
(BM25 on SQLite, ts_rank on PostgreSQL) and by nearest sentence vectors. Here each candidate gets
features that mean the same on both backends: the cosine of the two sentence vectors, how much
of the candidate's content words the claim holds, the candidate's rank in each of the two lists
(as reciprocal ranks: the fusion), its cosine's gap to the best one, and products of the ranks
with the cosine and the word share. A logistic model over them, fitted on CheckThat! 2020 train
and dev with every tweet also as if its fact-check were missing (`glasnost.training.matcher`),
gives a calibrated probability: the `score`. Two thresholds, chosen on out-of-fold scores and kept
in the model's ``matcher.json``, cut it into tiers: `match` (it is this fact-check's claim) and
`suggested` (worth a look).

Guards then hold a candidate back to `suggested` where a high score is known to mislead: a claim
too short to say much, or one whose numbers, years or names disagree with the candidate's ("5G
causes COVID in 2019" is not "... in 2020").
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from glasnost.models.runtime import MODELS_DIR

MATCHER_PATH = MODELS_DIR / "embedder" / "matcher.json"
GUARDS = ("short", "numbers", "names")
MIN_WORDS = 4  # a claim with fewer content words is too short to call a match

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_NAME = re.compile(r"(?<![\w'’])[A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]+))*")
_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those he she they we you i his her their our your my me him them us not no do does
    did has have had will would can could should may might must shall than then so such there here
    what which who whom whose when where why how all any some each more most other into over about
    after before up down out off just also only very says said say rt via amp http https www com""".split()
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry content, a final plural 's' dropped, in order, repeated."""
    words = []
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'").removesuffix("'s")
        if word in _STOP or len(word) < 2 or word.startswith("pic") and "twitter" in word:
            continue
        words.append(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return words


def numbers(text: str) -> set[str]:
    """The numbers a text states, digits only ("1,200" and "1200" alike)."""
    return {n.replace(",", "").rstrip("0").rstrip(".") if "." in n else n.replace(",", "") for n in _NUMBER.findall(text)}


def names(text: str) -> set[str]:
    """Capitalised words or runs of them that are not the first word of a sentence: a cheap,
    model-free stand-in for named entities, lower-cased, months left out."""
    found = set()
    for hit in _NAME.finditer(text):
        before = text[: hit.start()].rstrip()
        if not before or before[-1] in ".!?:\"“‘(—–-":
            continue
        for word in hit.group().lower().split():
            if word not in _STOP and word not in _MONTHS:
                found.add(word)
    return found


@dataclass(frozen=True)
class Candidate:
    """A fact-check the store retrieved for a claim: its row, text and vector, and its 0-based
    rank in the lexical and the vector list (None where that list did not find it)."""

    row: int
    text: str
    vector: np.ndarray
    lexical_rank: int | None
    vector_rank: int | None
    payload: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    tier: str | None  # "match", "suggested" or None (below both thresholds)
    guard: str | None = None  # why a high score was held back to "suggested"


@dataclass(frozen=True)
class Matcher:
    """The fitted combination: one weight per feature, a bias, and the tier thresholds."""

    weights: tuple[float, ...]
    bias: float
    match: float
    suggested: float
    guards: tuple[str, ...] = GUARDS  # those that apply; `glasnost train matcher` keeps the ones dev data bears out
    metrics: dict = field(default_factory=dict, compare=False)

    FEATURES = (
        "cosine", "coverage", "lexical_rank", "vector_rank", "cosine_gap",
        "cosine_x_vector_rank", "cosine_x_lexical_rank", "coverage_x_lexical_rank", "cosine_squared",
    )

    @classmethod
    def load(cls, path: Path = MATCHER_PATH) -> Matcher:
        data = json.loads(path.read_text("utf-8"))
        return cls(
            tuple(data["weights"]), data["bias"], data["thresholds"]["match"], data["thresholds"]["suggested"],
            tuple(data.get("guards", GUARDS)), data.get("metrics", {}),
        )

    def to_json(self) -> str:
        data = {
            "features": list(self.FEATURES), "weights": list(self.weights), "bias": self.bias,
            "thresholds": {"match": self.match, "suggested": self.suggested}, "guards": list(self.guards), "metrics": self.metrics,
        }
        return json.dumps(data, indent=2) + "\n"

    def rank(self, text: str, vector: np.ndarray, candidates: Sequence[Candidate]) -> list[Scored]:
        """The candidates best first, each with its probability, tier and guard."""
        if not candidates:
            return []
        rows = features(text, vector, candidates)
        logits = rows @ np.asarray(self.weights) + self.bias
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        scored = [self._tier(text, c, float(p)) for c, p in zip(candidates, probabilities)]
        return sorted(scored, key=lambda s: (-s.score, s.candidate.row))

    def _tier(self, text: str, candidate: Candidate, score: float) -> Scored:
        if score < self.suggested:
            return Scored(candidate, score, None)
        if score < self.match:
            return Scored(candidate, score, "suggested")
        guard = self.guard(text, candidate.text)
        return Scored(candidate, score, "suggested" if guard else "match", guard)

    def guard(self, claim: str, checked: str) -> str | None:
        """Why `claim` must not be called a match of `checked` whatever the score, or None."""
        for name in self.guards:
            if GUARD_TESTS[name](claim, checked):
                return name
        return None


def _short(claim: str, checked: str) -> bool:
    return len(content_words(claim)) < MIN_WORDS


def _numbers_disagree(claim: str, checked: str) -> bool:
    mine, theirs = numbers(claim), numbers(checked)
    return bool(mine and theirs and not mine & theirs)


def _names_disagree(claim: str, checked: str) -> bool:
    own, other = names(claim), names(checked)
    return bool(own and other and not own & other and not (own & set(content_words(checked)) or other & set(content_words(claim))))


GUARD_TESTS = {"short": _short, "numbers": _numbers_disagree, "names": _names_disagree}


def features(text: str, vector: np.ndarray, candidates: Sequence[Candidate]) -> np.ndarray:
    """One row of `Matcher.FEATURES` per candidate: the cosine, the share of the candidate's
    content words the claim holds, 1/(1 + rank) in the lexical and in the vector list (0 where
    absent), how far the cosine falls short of the best candidate's, and products of the ranks
    with the cosine and the word share. The ranks say which candidate is best, the products
    whether the best is close enough: being first means little when the claim has no fact-check
    in the store and every candidate is only related."""
    words = set(content_words(text))
    matrix = np.stack([c.vector for c in candidates]).astype(np.float32)
    cosines = (matrix @ vector.astype(np.float32)).astype(np.float64)
    best = float(cosines.max())
    rows = []
    for candidate, cosine in zip(candidates, cosines):
        theirs = content_words(candidate.text)
        coverage = sum(w in words for w in theirs) / len(theirs) if theirs else 0.0
        lexical = 1.0 / (1 + candidate.lexical_rank) if candidate.lexical_rank is not None else 0.0
        near = 1.0 / (1 + candidate.vector_rank) if candidate.vector_rank is not None else 0.0
        rows.append((cosine, coverage, lexical, near, cosine - best, cosine * near, cosine * lexical, coverage * lexical, cosine * cosine))
    return np.asarray(rows, dtype=np.float64)


def fit(rows: np.ndarray, labels: np.ndarray, l2: float = 1e-3, steps: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (Newton's method: a handful of
    features, thousands of rows, no library needed)."""
    x = np.hstack([rows, np.ones((len(rows), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2 * len(rows)
    penalty[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - labels) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w[:-1], float(w[-1])


def average_precision(ranked: Sequence[object], relevant: set[object], depth: int = 5) -> float:
    """AP@depth as CheckThat! scores it: precision at each relevant hit in the first `depth`,
    over min(depth, number relevant)."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for position, item in enumerate(ranked[:depth], 1):
        if item in relevant:
            hits += 1
            total += hits / position
    return total / min(depth, len(relevant))
