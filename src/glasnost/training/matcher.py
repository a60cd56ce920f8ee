"""Fit the claim matcher shipped in ``glasnost/models/embedder/matcher.json``.

    glasnost train matcher --data ../shared/data -o /tmp/matcher.json   (--replace: the shipped one)

On CheckThat! 2020 Task 2 (English; see `glasnost.evaluation.claim_retrieval`): the verified
claims go into a throw-away store, each tweet's candidates come from the shipped hybrid retrieval,
and a logistic regression over the candidates' features is fitted on the train split (a candidate
is positive when the qrels pair it with the tweet). Its probabilities are the match scores; the
tier thresholds are read off the dev split: `match` is the lowest score at which 90% of dev pairs
scored that high are right, `suggested` the one of best F1 below it. A guard is dropped where, on
dev, most of the candidates it would hold back from `match` are right (it is there to catch
errors; one that mostly catches right answers costs more than it saves); one that dev never
tries is kept. The test split is scored once, at
the end, and only reported. Numpy only, besides the shipped embedder (a few minutes, most of it
embedding the 10,375 claims).
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
)
from glasnost.store import open_store

MATCH_PRECISION = 0.9


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


def train(data_dir: Path) -> Matcher:
    claims, splits = read_ct2020(data_dir / "claim-retrieval" / "ct2020")
    with tempfile.TemporaryDirectory(prefix="glasnost-matcher-") as folder, open_store(Path(folder) / "ct2020.db") as store:
        load_claims(store, claims)
        sets = {split: candidate_sets(store, splits[split]) for split in SPLITS}
    rows, labels = _pairs(sets["train"])
    weights, bias = fit(rows, labels)
    weights = tuple(round(float(w), 6) for w in weights)
    bias = round(bias, 6)
    dev_rows, dev_labels = _pairs(sets["dev"])
    dev_scores = 1.0 / (1.0 + np.exp(-(dev_rows @ np.asarray(weights) + bias)))
    match, suggested = thresholds(dev_scores, dev_labels, sum(len(q.query.relevant) for q in sets["dev"]))
    tried = tier_report(Matcher(weights, bias, match, suggested, GUARDS), sets["dev"])
    guards = tuple(g for g in GUARDS if tried[f"guard_{g}_right"] * 2 < tried[f"guard_{g}_held"] or not tried[f"guard_{g}_held"])
    matcher = Matcher(weights, bias, match, suggested, guards)
    metrics: dict = {f"map@5_{split}": round(mean_average_precision(matcher, sets[split]), 4) for split in SPLITS}
    metrics["recall@20_candidates_test"] = round(
        float(np.mean([bool({c.payload["identifier"] for c in s.candidates} & s.query.relevant) for s in sets["test"]])), 4
    )
    for split in ("dev", "test"):
        metrics[f"tiers_{split}"] = tier_report(matcher, sets[split])
    return Matcher(weights, bias, match, suggested, guards, metrics=metrics)
