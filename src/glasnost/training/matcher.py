"""Fit the claim matcher shipped in ``glasnost/models/embedder/matcher.json``.

    glasnost train matcher --data ../shared/data -o /tmp/matcher.json   (--replace: the shipped one)

On CheckThat! 2020 Task 2 (English; see `glasnost.evaluation.claim_retrieval`): the verified
claims go into a throw-away store and each tweet's candidates come from the shipped hybrid
retrieval. Every tweet there has a fact-check, but most claims of a news article have none, so
each tweet is also used as if its fact-check were missing (`without_answer`): the scorer has to
learn that the best of a list of merely related claims is no match. A logistic regression over
the candidates' features (a candidate is positive when the qrels pair it with the tweet) gives
the match scores. The tier thresholds are read off out-of-fold scores: 5 folds over the train and
dev tweets (each with its unanswered copy, in the same fold), the scorer refitted on four and
scoring the fifth. `match` is the lowest score at which `MATCH_PRECISION` of the pairs scored that
high are right, `suggested` the one of best F1 below it. The shipped scorer is then fitted on
train and dev whole. A guard is dropped where, out of fold, most of the candidates it would hold
back from `match` are right (it is there to catch errors; one that mostly catches right answers
costs more than it saves); one never tried is kept. The test split is scored once, at the end,
and only reported. Numpy only, besides the shipped embedder (a few minutes, most of it embedding
the 10,375 claims).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from glasnost.claims_match.matching import GUARDS, Matcher, features, fit
from glasnost.evaluation.claim_retrieval import (
    SPLITS,
    CandidateSet,
    candidate_sets,
    load_claims,
    mean_average_precision,
    read_ct2020,
    tier_report,
    unanswered_report,
    with_unanswered,
)
from glasnost.store import open_store

MATCH_PRECISION = 0.75
FOLDS = 5


def _pairs(sets: list[CandidateSet]) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for item in sets:
        if item.candidates:
            rows.append(features(item.query.text, item.vector, item.candidates))
            labels.extend(c.payload["identifier"] in item.query.relevant for c in item.candidates)
    return np.vstack(rows), np.asarray(labels, dtype=np.float64)


def thresholds(scores: np.ndarray, labels: np.ndarray, total: int) -> tuple[float, float]:
    """(match, suggested): see the module docstring. `total` counts every relevant pair, found or
    not, so that recall is against the qrels, not the candidates."""
    order = np.argsort(-scores)
    hits = np.cumsum(labels[order])
    precision = hits / np.arange(1, len(order) + 1)
    recall = hits / max(total, 1)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0.0)
    sure = np.nonzero(precision >= MATCH_PRECISION)[0]
    match = float(scores[order][sure.max()]) if len(sure) else 1.0
    below = np.nonzero(scores[order] < match)[0]
    best = below[np.argmax(f1[below])] if len(below) else len(order) - 1
    return round(match, 4), round(float(scores[order][best]), 4)


def _fitted(sets: list[CandidateSet]) -> tuple[tuple[float, ...], float]:
    weights, bias = fit(*_pairs(with_unanswered(sets)))
    return tuple(round(float(w), 6) for w in weights), round(bias, 6)


def _out_of_fold(sets: list[CandidateSet]) -> tuple[np.ndarray, np.ndarray, int]:
    """Scores, labels and the qrels count of every candidate of `sets` and their unanswered
    copies, each scored by a fit on the folds it is not in (folds by tweet)."""
    folds = np.arange(len(sets)) % FOLDS
    scores, labels, total = [], [], 0
    for fold in range(FOLDS):
        held = with_unanswered([s for s, f in zip(sets, folds) if f == fold])
        weights, bias = _fitted([s for s, f in zip(sets, folds) if f != fold])
        rows, truth = _pairs(held)
        scores.append(1.0 / (1.0 + np.exp(-(rows @ np.asarray(weights) + bias))))
        labels.append(truth)
        total += sum(len(s.query.relevant) for s in held)
    return np.concatenate(scores), np.concatenate(labels), total


def train(data_dir: Path, embedder=None) -> Matcher:
    """The matcher fitted on the vectors of `embedder` (default: the shipped MiniLM)."""
    claims, splits = read_ct2020(data_dir / "claim-retrieval" / "ct2020")
    with tempfile.TemporaryDirectory(prefix="glasnost-matcher-") as folder, open_store(Path(folder) / "ct2020.db") as store:
        load_claims(store, claims, embedder)
        sets = {split: candidate_sets(store, splits[split], embedder) for split in SPLITS}
    pool = sets["train"] + sets["dev"]
    match, suggested = thresholds(*_out_of_fold(pool))
    weights, bias = _fitted(pool)
    tried = tier_report(Matcher(weights, bias, match, suggested, GUARDS), with_unanswered(pool))
    guards = tuple(g for g in GUARDS if tried[f"guard_{g}_right"] * 2 < tried[f"guard_{g}_held"] or not tried[f"guard_{g}_held"])
    matcher = Matcher(weights, bias, match, suggested, guards)
    metrics: dict = {f"map@5_{split}": round(mean_average_precision(matcher, sets[split]), 4) for split in SPLITS}
    metrics["recall@20_candidates_test"] = round(
        float(np.mean([bool({c.payload["identifier"] for c in s.candidates} & s.query.relevant) for s in sets["test"]])), 4
    )
    metrics["tiers_test_answered"] = tier_report(matcher, sets["test"])
    metrics["tiers_test_half_unanswered"] = tier_report(matcher, with_unanswered(sets["test"]))
    metrics["unanswered_test"] = unanswered_report(matcher, sets["test"])
    return Matcher(weights, bias, match, suggested, guards, metrics=metrics)
