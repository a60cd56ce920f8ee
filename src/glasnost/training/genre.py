"""Fit the genre head: opinion, reporting or satire, and a confidence under which it says
"uncertain".

The SemEval-2023 articles alone hold 18 reporting and 2 satirical articles among 278, so the
head learned "opinion" for nearly everything (a Reuters story included). The horne2017 "Random
Political News" set adds 75 real news articles (reporting) and 75 satirical ones; one in five of
each (by a hash of the file name) is held out with the SemEval technique-validation articles.

The head is a softmax over `glasnost.sentence_models.genre.GENRE_FEATURES` (what the sentence
layer found and style rates; the mean sentence vector stays out, the encoder memorised the
SemEval training articles). Its C and its confidence threshold come from repeated 5-fold
cross-validation over the training articles only: the confidence is the lowest at which the
out-of-fold labels it keeps are right at least `TARGET_ACCURACY` of the time. The held-out
articles are scored once, at the end.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from glasnost.sentence_models import data as D
from glasnost.sentence_models.genre import GENRE_FEATURES, GENRE_LABELS, feature_names

Log = Callable[[str], None]
C_GRID = (0.03, 0.1, 0.3, 1.0)
CONFIDENCE_GRID = tuple(round(x, 2) for x in np.arange(0.34, 0.951, 0.02))
TARGET_ACCURACY = 0.75


def examples(root: Path) -> dict[str, list[D.GenreExample]]:
    """Training and held-out articles: SemEval-2023 (technique-validation ids held out) and
    horne2017 (one in five held out)."""
    semeval, horne = D.genre_splits(root), D.horne_genre_splits(root)
    return {part: semeval[part] + horne[part] for part in ("train", "test")}


def feature_rows(items: list[D.GenreExample], heads, cache: Path | None, log: Log) -> np.ndarray:
    """`article_features` rows through the run-time path, cached by article text and heads."""
    from glasnost.training.sentences import genre_rows

    key = hashlib.sha256(
        (str(heads.config.get("version")) + "".join(e.text for e in items)).encode("utf-8")
    ).hexdigest()[:16]
    path = cache / f"genre-rows-{key}.pkl" if cache is not None else None
    if path is not None and path.exists():
        return pickle.loads(path.read_bytes())
    rows, _ = genre_rows(items, heads, heads.encoder(), log)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(rows))
    return rows


def _select(rows: np.ndarray) -> np.ndarray:
    names = feature_names(rows.shape[1] - len(feature_names(0)))
    return rows[:, [names.index(n) for n in GENRE_FEATURES]]


def _fit(x: np.ndarray, y: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit((x - mean) / scale, y)
    return mean, scale, model


def _predict(fitted, x: np.ndarray) -> np.ndarray:
    """(n, len(GENRE_LABELS)) probabilities, columns in GENRE_LABELS order."""
    mean, scale, model = fitted
    probs = model.predict_proba((x - mean) / scale)
    out = np.zeros((len(x), len(GENRE_LABELS)))
    for k, cls in enumerate(model.classes_):
        out[:, int(cls)] = probs[:, k]
    return out


def macro_f1(gold: list[str], predicted: list[str], labels=GENRE_LABELS) -> float:
    """Mean F1 over the ``labels`` present in ``gold``; any other prediction ("uncertain")
    is wrong."""
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        if tp + fn:
            scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores)) if scores else 0.0


def out_of_fold(x: np.ndarray, y: np.ndarray, c: float, repeats: int = 3) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    probs = np.zeros((repeats, len(y), len(GENRE_LABELS)))
    for rep in range(repeats):
        for train_idx, test_idx in StratifiedKFold(5, shuffle=True, random_state=rep).split(x, y):
            probs[rep, test_idx] = _predict(_fit(x[train_idx], y[train_idx], c), x[test_idx])
    return probs.mean(axis=0)


def decide(probs: np.ndarray, confidence: float) -> list[str]:
    best = probs.argmax(axis=1)
    return [GENRE_LABELS[k] if probs[i, k] >= confidence else "uncertain" for i, k in enumerate(best)]


def pick_confidence(probs: np.ndarray, gold: list[str]) -> tuple[float, float, float]:
    """(confidence, accuracy of the labels kept, share kept): the lowest threshold whose kept
    out-of-fold labels are right at least TARGET_ACCURACY of the time."""
    for confidence in CONFIDENCE_GRID:
        shown = decide(probs, confidence)
        kept = [(g, p) for g, p in zip(gold, shown, strict=True) if p != "uncertain"]
        accuracy = sum(g == p for g, p in kept) / max(1, len(kept))
        if kept and accuracy >= TARGET_ACCURACY:
            return confidence, accuracy, len(kept) / len(gold)
    return CONFIDENCE_GRID[-1], 0.0, 0.0


def summary(gold: list[str], probs: np.ndarray, confidence: float) -> dict:
    """Macro-F1 of the best label and, at ``confidence``, of what is shown (uncertain counts as
    wrong), with the share shown and the accuracy of the shown labels, per source too."""
    best = decide(probs, 0.0)
    shown = decide(probs, confidence)
    kept = [(g, p) for g, p in zip(gold, shown, strict=True) if p != "uncertain"]
    return {
        "articles": len(gold),
        "macro_f1": round(macro_f1(gold, best), 4),
        "macro_f1_opinion_reporting": round(macro_f1(gold, best, ("opinion", "reporting")), 4),
        "macro_f1_shown": round(macro_f1(gold, shown), 4),
        "shown_share": round(len(kept) / max(1, len(gold)), 4),
        "shown_accuracy": round(sum(g == p for g, p in kept) / max(1, len(kept)), 4),
        "support": {label: gold.count(label) for label in GENRE_LABELS},
    }


def fit_genre_head(root: Path, heads, cache: Path | None, log: Log) -> tuple[dict[str, np.ndarray], dict, dict]:
    """(arrays for heads.npz, the config "genre" entry, metrics) of a head fitted on ``root``'s
    training articles through ``heads`` (the sentence heads it reads)."""
    parts = examples(root)
    data = {}
    for part, items in parts.items():
        log(f"genre: {len(items)} {part} articles")
        data[part] = (_select(feature_rows(items, heads, cache, log)), [e.label for e in items])
    x, gold = data["train"]
    y = np.array([GENRE_LABELS.index(g) for g in gold])
    best = None
    for c in C_GRID:
        oof = out_of_fold(x, y, c)
        score = macro_f1(gold, decide(oof, 0.0))
        log(f"genre C={c}: 5-fold (x3) macro-F1 {score:.3f}")
        if best is None or score > best[1]:
            best = (c, score, oof)
    c, cv_macro, oof = best
    confidence, kept_accuracy, kept_share = pick_confidence(oof, gold)
    log(f"genre: C={c}, confidence {confidence} (out-of-fold: {kept_share:.0%} shown, {kept_accuracy:.0%} right)")
    mean, scale, model = _fit(x, y, c)
    weights = np.zeros((x.shape[1], len(GENRE_LABELS)))
    bias = np.zeros(len(GENRE_LABELS))
    if len(model.classes_) == 2:  # sklearn keeps one row for two classes
        weights[:, int(model.classes_[1])] = model.coef_[0]
        bias[int(model.classes_[1])] = model.intercept_[0]
    else:
        for k, cls in enumerate(model.classes_):
            weights[:, int(cls)] = model.coef_[k]
            bias[int(cls)] = model.intercept_[k]
    x_test, gold_test = data["test"]
    test_probs = _predict((mean, scale, model), x_test)
    sources = {"semeval": [i for i, e in enumerate(parts["test"]) if not e.id.startswith("horne:")],
               "horne2017": [i for i, e in enumerate(parts["test"]) if e.id.startswith("horne:")]}
    metrics = {
        "cross_validation": summary(gold, oof, confidence),
        "held_out": summary(gold_test, test_probs, confidence),
        "held_out_by_source": {
            name: summary([gold_test[i] for i in idx], test_probs[idx], confidence) for name, idx in sources.items()
        },
    }
    arrays = {"genre.mean": mean, "genre.scale": scale, "genre.W": weights, "genre.B": bias}
    config = {
        "features": list(GENRE_FEATURES),
        "labels": list(GENRE_LABELS),
        "C": c,
        "confidence": confidence,
        "shown_accuracy_target": TARGET_ACCURACY,
        "confidence_rule": f"lowest probability at which the out-of-fold labels shown are right >= {TARGET_ACCURACY:.0%}",
        "cv_macro_f1": round(cv_macro, 4),
        "train_articles": {label: gold.count(label) for label in GENRE_LABELS},
        "data": "SemEval-2023 genre.labels (technique-validation ids held out) + horne2017 real/satire (1 in 5 held out)",
    }
    return arrays, config, metrics


def refit(data_dir, source: Path, out: Path | None, cache: Path | None, log: Log | None = None) -> dict:
    """Copy the heads folder ``source`` to ``out`` (unless the same; None: ``source`` itself)
    with a new genre head fitted on the research data of ``data_dir``; returns the genre
    metrics, also written into ``out/metrics.json``."""
    from glasnost.errors import Errors, InputError
    from glasnost.sentence_models.heads import _load, read_heads
    from glasnost.training.sentences import write_model_card

    log = log or (lambda m: print(m, file=sys.stderr, flush=True))
    root = D.data_dir(data_dir)
    if root is None:
        raise InputError(Errors.E074)
    started = time.time()
    out = Path(out) if out is not None else Path(source)
    heads = read_heads(source)
    arrays, config, metrics = fit_genre_head(root, heads, cache, log)
    if out.resolve() != source.resolve():
        out.mkdir(parents=True, exist_ok=True)
        for item in source.iterdir():
            if item.is_file():
                shutil.copy2(item, out / item.name)
    stored = dict(np.load(out / "heads.npz", allow_pickle=False))
    stored = {k: v for k, v in stored.items() if not k.startswith("genre.")}
    stored.update({k: np.asarray(v) for k, v in arrays.items()})
    np.savez_compressed(out / "heads.npz", **stored)
    cfg = json.loads((out / "config.json").read_text("utf-8"))
    cfg["genre"] = config
    (out / "config.json").write_text(json.dumps(cfg, indent=2) + "\n", "utf-8")
    metrics_path = out / "metrics.json"
    all_metrics = json.loads(metrics_path.read_text("utf-8")) if metrics_path.exists() else {}
    all_metrics["genre"] = metrics
    metrics_path.write_text(json.dumps(all_metrics, indent=2) + "\n", "utf-8")
    write_model_card(out, cfg, all_metrics)
    _load.cache_clear()
    log(f"genre head written to {out} in {time.time() - started:.0f}s")
    return metrics
