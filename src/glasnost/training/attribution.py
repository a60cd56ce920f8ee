"""Train the attribution scorer on PolNeAR train (numpy only; run once, ship the JSON).

    glasnost train attribution --polnear ../shared/data/attribution/polnear -o scorer.json

Steps: parse the train split once; build candidates; label a candidate positive when its content
matches a gold content (the evaluation's rule); count cue rates; fit the logistic regression on
features computed with rates from the other half of the documents (two-fold cross-fitting, so the
regression does not learn to trust rates that saw the same candidate); pick the threshold that
maximises end-to-end F1 on out-of-fold scores; refit everything on all of train.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from glasnost.attribution import extract
from glasnost.attribution.polnear import PolnearDocument, read_split
from glasnost.attribution.scorer import (
    Rates,
    ScorerModel,
    features,
    pattern_group,
)
from glasnost.evaluation.attribution import Predicted, fragment_chars, score_document

VERSION = "1.0.0"
L2 = 1.0


def label(cands: list[extract.Candidate], doc: PolnearDocument) -> list[int]:
    gold = [(fragment_chars(g.content), g.content_span) for g in doc.attributions]
    labels = []
    for c in cands:
        pc = fragment_chars(c.content)
        lo, hi = c.cover
        y = 0
        for gc, (ga, gb) in gold:
            if gb <= lo or ga >= hi:
                continue
            if len(pc & gc) >= 0.5 * max(len(pc), len(gc)):
                y = 1
                break
        labels.append(y)
    return labels


def count_rates(items: Sequence[tuple[extract.Candidate, int]], min_count: int = 1) -> Rates:
    pattern: dict[str, list[int]] = {}
    lemma: dict[str, list[int]] = {}
    lemma_pattern: dict[str, list[int]] = {}
    for c, y in items:
        p = pattern_group(c.pattern)
        for table, key in ((pattern, p), (lemma, c.lemma), (lemma_pattern, f"{c.lemma}|{p}")):
            row = table.setdefault(key, [0, 0])
            row[0] += y
            row[1] += 1
    prune = lambda t: {k: v for k, v in t.items() if v[1] >= min_count}  # noqa: E731
    return Rates(pattern, prune(lemma), prune(lemma_pattern))


def fit_logistic(
    rows: list[dict[str, float]], ys: list[int], l2: float = L2
) -> tuple[list[str], np.ndarray, float]:
    names = sorted({k for r in rows for k in r})
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, r in enumerate(rows):
        for k, v in r.items():
            x[i, index[k]] = v
    x = np.hstack([x, np.ones((len(rows), 1))])
    y = np.asarray(ys, dtype=float)
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(30):  # Newton steps
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return names, w[:-1], float(w[-1])


def _end_to_end(docs, cand_lists, threshold: float) -> tuple[float, float, float]:
    matched = predicted = gold = 0
    for (doc, _parsed), cands in zip(docs, cand_lists):
        for c in cands:
            c.content = list(c.content_orig)
        chosen = extract.select(cands, threshold)
        chosen = extract.continue_quotes(chosen, extract.Regions(extract.quote_regions(doc.text)), doc.text)
        preds = [Predicted(tuple(c.content), c.source_span) for c in chosen]
        m, _, _ = score_document(preds, doc.attributions)
        matched += m
        predicted += len(preds)
        gold += len(doc.attributions)
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def train(polnear_dir: str | Path, docs_parsed=None, verbose: bool = True) -> ScorerModel:
    from glasnost.nlp import load_spacy

    docs = list(read_split(polnear_dir, "train"))
    if docs_parsed is None:
        nlp = load_spacy()
        docs_parsed = list(nlp.pipe((d.text for d in docs), batch_size=16))
    pairs = list(zip(docs, docs_parsed))
    cand_lists, label_lists = [], []
    for doc, parsed in pairs:
        regions = extract.Regions(extract.quote_regions(doc.text))
        cands = extract.candidates(parsed, doc.text, regions)
        for c in cands:
            c.content_orig = list(c.content)
        cand_lists.append(cands)
        label_lists.append(label(cands, doc))
    folds = [i % 2 for i in range(len(pairs))]
    # out-of-fold scores
    for fold in (0, 1):
        rate_items = [
            (c, y)
            for i in range(len(pairs))
            if folds[i] == fold
            for c, y in zip(cand_lists[i], label_lists[i])
        ]
        other = [i for i in range(len(pairs)) if folds[i] != fold]
        rates_a = count_rates(rate_items)
        # regression on the other fold's candidates with rates from this fold
        rows = [features(c, rates_a) for i in other for c in cand_lists[i]]
        ys = [y for i in other for y in label_lists[i]]
        names, w, b = fit_logistic(rows, ys)
        # score this fold with rates from the other fold and the weights learned above
        rates_b = count_rates([(c, y) for i in other for c, y in zip(cand_lists[i], label_lists[i])])
        model_b = ScorerModel(names, list(w), b, 0.5, rates_b, VERSION)
        for i in range(len(pairs)):
            if folds[i] == fold:
                for c in cand_lists[i]:
                    c.score = model_b.score(c)
    best = (0.0, 0.5)
    for t in [x / 100 for x in range(20, 81, 2)]:
        p, r, f = _end_to_end(pairs, cand_lists, t)
        if verbose:
            print(f"threshold {t:.2f}  P {p:.3f} R {r:.3f} F1 {f:.3f}", file=sys.stderr)
        if f > best[0]:
            best = (f, t)
    # final: rates on all of train; weights fitted with cross-fitted rates
    all_items = [(c, y) for cands, ys in zip(cand_lists, label_lists) for c, y in zip(cands, ys)]
    rows, ys = [], []
    for fold in (0, 1):
        rates_other = count_rates(
            [
                (c, y)
                for i in range(len(pairs))
                if folds[i] != fold
                for c, y in zip(cand_lists[i], label_lists[i])
            ]
        )
        for i in range(len(pairs)):
            if folds[i] == fold:
                rows.extend(features(c, rates_other) for c in cand_lists[i])
                ys.extend(label_lists[i])
    names, w, b = fit_logistic(rows, ys)
    final = ScorerModel(
        names,
        [round(float(v), 5) for v in w],
        round(b, 5),
        best[1],
        count_rates(all_items, min_count=2),
        VERSION,
    )
    if verbose:
        print(f"chosen threshold {best[1]:.2f} (out-of-fold train F1 {best[0]:.3f})", file=sys.stderr)
    return final
