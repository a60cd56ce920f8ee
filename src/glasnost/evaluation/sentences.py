"""Quality of the sentence heads and the genre head on their fixed validation splits.

    from glasnost.evaluation import sentences as E
    print(E.evaluate_checkworthiness().format())   # CheckThat! 2024 dev-test, positive-class F1
    print(E.evaluate_subjectivity().format())      # subjectivity dev_en, macro-F1
    print(E.evaluate_hedging().format())           # hedging hash split, uncertain-class F1
    print(E.evaluate_genre().format())             # technique validation articles, macro-F1

Each sentence of a data set is scored as one unit, exactly as the pipeline scores the sentence
of a one-sentence article: the shipped heads over the mean token state of the sentence encoded on
its own, at the threshold recorded in the model's ``config.json``. ``path`` scores another file of
the same format instead of the validation split (a CheckThat! TSV or a ClaimBuster CSV, a
subjectivity TSV, a weasel CSV); such a file is scored as a whole. Genre runs the full pipeline (``glasnost.analyze``) on each
validation article, so it measures what a user gets.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from glasnost.errors import Errors, InputError
from glasnost.sentence_models import data as D

Log = Callable[[str], None]

HEADLINES = {
    "checkworthiness": ("positive-class F1", "f1"),
    "subjectivity": ("macro-F1", "macro_f1"),
    "hedging": ("uncertain-class F1", "f1"),
}
POSITIVE = {"checkworthiness": "Yes (check-worthy)", "subjectivity": "SUBJ", "hedging": "uncertain (weasel)"}
# what `D.checkworthiness_splits` trains on, so that no one reads these figures as held-out ones
CLAIMBUSTER_NOTE = (
    "ClaimBuster sentences were training data of the shipped check-worthiness head (all of them but those "
    "whose text is in CheckThat! dev or dev-test), so these are not held-out figures"
)


def _prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    y = np.asarray(y).astype(bool)
    pred = np.asarray(pred).astype(bool)
    tp = float(np.sum(y & pred))
    p = tp / float(pred.sum()) if pred.sum() else 0.0
    r = tp / float(y.sum()) if y.sum() else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_split(task: str, texts: Sequence[str], y: np.ndarray, probs: np.ndarray, threshold: float, split: str | None = None) -> dict:
    """Metrics of probabilities against 0/1 labels at a threshold (a plain dict)."""
    y = np.asarray(y).astype(bool)
    pred = np.asarray(probs) >= threshold
    p1, r1, f1 = _prf(y, pred)
    p0, r0, f0 = _prf(~y, ~pred)
    name, key = HEADLINES[task]
    out = {
        "task": task,
        "split": split or default_split_name(task),
        "sentences": len(y),
        "positive": int(y.sum()),
        "threshold": float(threshold),
        "precision": round(p1, 4), "recall": round(r1, 4), "f1": round(f1, 4),
        "negative_precision": round(p0, 4), "negative_recall": round(r0, 4), "negative_f1": round(f0, 4),
        "macro_f1": round((f1 + f0) / 2, 4),
        "accuracy": round(float(np.mean(y == pred)), 4) if len(y) else 0.0,
    }
    out["headline_name"] = name
    out["headline"] = out[key]
    return out


def default_split_name(task: str) -> str:
    return {
        "checkworthiness": "CheckThat! 2024 English dev-test",
        "subjectivity": "CheckThat! subjectivity dev_en",
        "hedging": "weasel held-out (sha1 hash rule, 1 in 5)",
    }[task]


@dataclass
class SentenceReport:
    task: str
    metrics: dict
    seconds: float = 0.0
    note: str = ""  # a caveat printed under the figures, e.g. that the sentences were trained on

    @property
    def headline(self) -> float:
        return float(self.metrics["headline"])

    def as_dict(self) -> dict:
        return dict(self.metrics, seconds=round(self.seconds, 2), **({"note": self.note} if self.note else {}))

    def format(self) -> str:
        m = self.metrics
        return "\n".join([
            f"{self.task} on {m['split']}: {m['sentences']} sentences, {m['positive']} {POSITIVE[self.task]}",
            f"  {m['headline_name']}: {m['headline']:.3f}   (threshold {m['threshold']:.2f})",
            f"  positive  P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}",
            f"  negative  P {m['negative_precision']:.3f}  R {m['negative_recall']:.3f}  F1 {m['negative_f1']:.3f}",
            f"  macro-F1 {m['macro_f1']:.3f}  accuracy {m['accuracy']:.3f}  ({self.seconds:.1f}s)",
            *([f"  note: {self.note}"] if self.note else []),
        ])


def _heads(model_dir):
    from glasnost.sentence_models.heads import load_heads

    heads = load_heads(model_dir)
    if heads is None:
        raise RuntimeError(Errors.E129)
    return heads


def score_examples(
    task: str, examples: Sequence[D.Example], model_dir=None, split: str | None = None, in_context: bool = False
) -> SentenceReport:
    """Score data-set sentences through the shipped heads: each on its own (the default, as in a
    one-sentence article) or, with ``in_context``, inside pseudo-articles of 12 consecutive
    sentences of the file, as a sentence sits in a real article's encoder pass."""
    from glasnost.sentence_models.features import context_vectors, encode_texts

    if not examples:  # every figure would be a meaningless 0.000
        raise InputError(Errors.E075.format(source=split or default_split_name(task), task=task))
    heads = _heads(model_dir)
    started = time.time()
    texts = [e.text for e in examples]
    if in_context:
        vectors = context_vectors(heads.encoder(), texts)
        split = (split or default_split_name(task)) + ", in context"
    else:
        vectors = encode_texts(heads.encoder(), texts)
    head = heads.tasks[task]
    probs = head.probabilities(texts, vectors)
    y = np.asarray([e.label for e in examples])
    report = SentenceReport(task, score_split(task, texts, y, probs, head.threshold, split))
    report.seconds = time.time() - started
    return report


def _root(data_dir) -> Path:
    """The research data folder; its absence is the caller's input at fault (exit 2), and a
    folder missing a data set's file is reported by the reader with that file's path."""
    root = D.data_dir(data_dir)
    if root is None:
        raise InputError(Errors.E074)
    if not root.is_dir():
        raise InputError(Errors.E005.format(path=root))
    return root


def evaluate_checkworthiness(
    path: str | os.PathLike[str] | None = None, *, data_dir=None, model_dir=None, in_context: bool = False
) -> SentenceReport:
    """Positive-class F1 on CheckThat! 2024 dev-test (or on the CheckThat! TSV or ClaimBuster CSV at
    ``path``; ClaimBuster sentences were trained on, and the report says so)."""
    if path is not None:
        fmt, examples = D.read_checkworthiness(path)
        report = score_examples("checkworthiness", examples, model_dir, split=f"{path} ({fmt.name})", in_context=in_context)
        if fmt is D.CLAIMBUSTER:
            report.note = CLAIMBUSTER_NOTE
        return report
    return score_examples("checkworthiness", D.checkworthiness_splits(_root(data_dir))["test"], model_dir, in_context=in_context)


def evaluate_subjectivity(
    path: str | os.PathLike[str] | None = None, *, data_dir=None, model_dir=None, in_context: bool = False
) -> SentenceReport:
    """Macro-F1 on subjectivity dev_en (or on the subjectivity TSV at ``path``)."""
    if path is not None:
        return score_examples("subjectivity", D.read_subjectivity(path), model_dir, split=str(path), in_context=in_context)
    return score_examples("subjectivity", D.subjectivity_splits(_root(data_dir))["test"], model_dir, in_context=in_context)


def evaluate_hedging(
    path: str | os.PathLike[str] | None = None, *, data_dir=None, model_dir=None, in_context: bool = False
) -> SentenceReport:
    """Uncertain-class F1 on the fixed held-out fifth of the weasel sentences (or on every row of
    the weasel-format CSV at ``path``)."""
    if path is not None:
        return score_examples("hedging", D.read_hedging(path), model_dir, split=str(path), in_context=in_context)
    return score_examples("hedging", D.hedging_splits(_root(data_dir))["test"], model_dir, in_context=in_context)


# --------------------------------------------------------------------------- genre


@dataclass
class GenreReport:
    articles: int
    per_class: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]]
    macro_f1: float  # over the genres present in the gold labels
    predictions: list[tuple[str, str, str | None, float]] = field(default_factory=list, repr=False)
    seconds: float = 0.0
    no_genre: int = 0  # articles the pipeline gave no genre; each counts as wrong

    @property
    def headline(self) -> float:
        return self.macro_f1

    def as_dict(self) -> dict:
        return {
            "split": "technique validation articles (glasnost/techniques/validation_ids.txt) and the held-out fifth of horne2017",
            "articles": self.articles,
            "macro_f1": round(self.macro_f1, 4),
            "per_class": self.per_class,
            "confusion": self.confusion,
            "no_genre": self.no_genre,
            "seconds": round(self.seconds, 1),
        }

    def format(self) -> str:
        lines = [f"genre on {self.articles} held-out articles (technique validation, horne2017 fifth): macro-F1 {self.macro_f1:.3f}"]
        for label, m in self.per_class.items():
            lines.append(f"  {label:<10} gold {int(m['support']):>3}  predicted {int(m['predicted']):>3}  "
                         f"P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
        lines.append("  confusion (gold -> predicted): " + "; ".join(
            f"{g}: " + ", ".join(f"{p} {n}" for p, n in row.items() if n) for g, row in self.confusion.items()))
        lines.append(f"  no genre: {self.no_genre} of {self.articles} articles (counted as wrong: each lowers the recall of its gold class)")
        uncertain = sum(row.get("uncertain", 0) for row in self.confusion.values())
        lines.append(f"  uncertain: {uncertain} of {self.articles} articles (no badge; counted as wrong)")
        lines.append(f"  ({self.seconds:.0f}s)")
        return "\n".join(lines)


def genre_report(gold: Sequence[str], predicted: Sequence[str | None]) -> GenreReport:
    """Per-class figures, and macro-F1 over the genres present in ``gold``, over every article.
    An article given no genre (None) or "uncertain" is not left out, which would flatter the
    figures, but counted as wrong: a miss for its gold class, shown as "none" or "uncertain" in
    the confusion."""
    labels = list(D.GENRES)
    per_class = {}
    for label in labels:
        g = np.asarray([x == label for x in gold])
        p = np.asarray([x == label for x in predicted])
        precision, recall, f1 = _prf(g, p)
        if g.sum() or p.sum():
            per_class[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                                "support": int(g.sum()), "predicted": int(p.sum())}
    shown = [p or "none" for p in predicted]
    columns = labels + [extra for extra in ("uncertain", "none") if extra in shown]
    confusion = {g: {p: sum(1 for a, b in zip(gold, shown) if a == g and b == p) for p in columns} for g in labels if g in gold}
    macro = float(np.mean([per_class.get(label, {"f1": 0.0})["f1"] for label in labels if label in gold]))
    return GenreReport(len(gold), per_class, confusion, macro, no_genre=sum(p is None for p in predicted))


def evaluate_genre(data_dir=None, *, model_dir=None, log: Log | None = None) -> GenreReport:
    """Macro-F1 over opinion, reporting and satire (and per-class figures) on the technique
    validation articles and the held-out fifth of horne2017, through the full pipeline; an
    article given no genre or "uncertain" counts as wrong (`genre_report`)."""
    from glasnost.article import Article
    from glasnost.pipeline import AnalyzeOptions, analyze
    from glasnost.settings import Settings

    root = _root(data_dir)
    articles = D.genre_splits(root)["test"] + D.horne_genre_splits(root)["test"]
    started = time.time()
    _heads(model_dir)
    settings = Settings(sentence_model=Path(model_dir) if model_dir is not None else None)
    gold, predicted, rows = [], [], []
    options = AnalyzeOptions(only=("genre",))
    for k, example in enumerate(articles):
        analysis = analyze(Article.from_text(example.text, given_id=example.id), options, settings)
        label = analysis.genre.label if analysis.genre else None
        score = analysis.genre.score if analysis.genre else 0.0
        gold.append(example.label)
        predicted.append(label)
        rows.append((example.id, example.label, label, score))
        if log is not None and (k + 1) % 25 == 0:
            log(f"genre evaluation: {k + 1}/{len(articles)}")
    report = genre_report(gold, predicted)
    report.predictions = rows
    report.seconds = time.time() - started
    return report


EVALUATORS = {
    "checkworthiness": evaluate_checkworthiness,
    "subjectivity": evaluate_subjectivity,
    "hedging": evaluate_hedging,
}


def evaluate(
    task: str, path: str | os.PathLike[str] | None = None, *, data_dir=None, model_dir=None, in_context: bool = False
):
    """One entry point for the CLI: ``task`` in checkworthiness, subjectivity, hedging, genre.
    Returns a report with ``.format()`` (text), ``.as_dict()`` (JSON) and the headline figure."""
    if task == "genre":
        if path is not None:
            raise ValueError(Errors.E063)
        return evaluate_genre(data_dir, model_dir=model_dir)
    if task not in EVALUATORS:
        raise ValueError(Errors.E130.format(task=task))
    return EVALUATORS[task](path, data_dir=data_dir, model_dir=model_dir, in_context=in_context)
