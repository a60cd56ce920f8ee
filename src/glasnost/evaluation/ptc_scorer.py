"""Scorers for propaganda spans, written from the SemEval-2020 Task 11 definitions.

SI (span identification), with partial-overlap credit. For predicted spans S and gold spans T of
the same article (character sets, end exclusive)::

    P = 1/|S| * sum_{s in S} sum_{t in T} |s ∩ t| / |s|
    R = 1/|T| * sum_{s in S} sum_{t in T} |s ∩ t| / |t|
    F1 = 2PR / (P + R)

with |S| and |T| counted over the whole collection. SI is a binary task, so by default
overlapping spans of one article are merged first, on both sides (the PTC SI gold files are the
merged technique spans). P is 0 without predictions, R is 0 without gold spans.

FLC (span identification with techniques) uses the same sums but only credits an overlap when
both spans carry the same technique; it is reported per technique too.

TC (technique classification of given gold spans): one or more predicted labels per span,
matched against the gold labels of the same (article, start, end) as multisets, so an exact span
that carries two techniques matches the two predictions in any order. Micro P/R/F1 are counted
over all spans, and per technique.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from glasnost.techniques.ptc_format import Span


@dataclass
class PRF:
    precision: float
    recall: float
    f1: float
    n_pred: float = 0
    n_gold: float = 0

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


@dataclass
class Report:
    micro: PRF
    per_technique: dict[str, PRF] = field(default_factory=dict)


def f1(precision: float, recall: float) -> float:
    return (
        0.0
        if precision + recall <= 0
        else 2 * precision * recall / (precision + recall)
    )


def merge_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Per article, overlapping spans become one (technique dropped). Touching spans stay apart."""
    out: list[Span] = []
    by_article: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        by_article[span.article_id].append(span)
    for article_id in sorted(by_article):
        current: list[int] | None = None
        for span in sorted(by_article[article_id], key=lambda s: (s.start, s.end)):
            if span.end <= span.start:
                continue
            if current is not None and span.start < current[1]:
                current[1] = max(current[1], span.end)
            else:
                if current is not None:
                    out.append(Span(article_id, current[0], current[1]))
                current = [span.start, span.end]
        if current is not None:
            out.append(Span(article_id, current[0], current[1]))
    return out


def _overlap_sums(
    pred: Sequence[Span], gold: Sequence[Span], same_technique: bool
) -> tuple[float, float]:
    """(sum over pairs of |s∩t|/|s|, sum over pairs of |s∩t|/|t|)."""
    gold_by: dict[str, list[Span]] = defaultdict(list)
    for t in gold:
        gold_by[t.article_id].append(t)
    p_sum = r_sum = 0.0
    for s in pred:
        if s.end <= s.start:
            continue
        for t in gold_by.get(s.article_id, ()):
            if t.end <= t.start or (same_technique and s.technique != t.technique):
                continue
            inter = min(s.end, t.end) - max(s.start, t.start)
            if inter > 0:
                p_sum += inter / (s.end - s.start)
                r_sum += inter / (t.end - t.start)
    return p_sum, r_sum


def _prf(p_sum: float, r_sum: float, n_pred: int, n_gold: int) -> PRF:
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    return PRF(precision, recall, f1(precision, recall), n_pred, n_gold)


def score_si(pred: Iterable[Span], gold: Iterable[Span], merge: bool = True) -> PRF:
    """SI precision/recall/F1 with partial-overlap credit (techniques ignored)."""
    pred_l = [s for s in pred if s.end > s.start]
    gold_l = [s for s in gold if s.end > s.start]
    if merge:
        pred_l, gold_l = merge_overlapping(pred_l), merge_overlapping(gold_l)
    p_sum, r_sum = _overlap_sums(pred_l, gold_l, same_technique=False)
    return _prf(p_sum, r_sum, len(pred_l), len(gold_l))


def score_flc(pred: Iterable[Span], gold: Iterable[Span]) -> Report:
    """Spans with techniques: partial-overlap credit only between spans of the same technique;
    micro over all spans plus one PRF per technique (techniques seen on either side)."""
    pred_l = [s for s in pred if s.end > s.start]
    gold_l = [s for s in gold if s.end > s.start]
    p_sum, r_sum = _overlap_sums(pred_l, gold_l, same_technique=True)
    micro = _prf(p_sum, r_sum, len(pred_l), len(gold_l))
    names = sorted(
        {s.technique or "?" for s in pred_l} | {s.technique or "?" for s in gold_l}
    )
    per: dict[str, PRF] = {}
    for name in names:
        ps = [s for s in pred_l if (s.technique or "?") == name]
        gs = [s for s in gold_l if (s.technique or "?") == name]
        a, b = _overlap_sums(ps, gs, same_technique=False)
        per[name] = _prf(a, b, len(ps), len(gs))
    return Report(micro, per)


def _count_report(tp: Counter[str], n_pred: Counter[str], n_gold: Counter[str]) -> Report:
    """Micro and per-label P/R/F1 from true-positive, predicted and gold counts per label."""
    total_tp, total_pred, total_gold = (
        sum(tp.values()),
        sum(n_pred.values()),
        sum(n_gold.values()),
    )
    mp = total_tp / total_pred if total_pred else 0.0
    mr = total_tp / total_gold if total_gold else 0.0
    per: dict[str, PRF] = {}
    for name in sorted(set(n_pred) | set(n_gold)):
        p = tp[name] / n_pred[name] if n_pred[name] else 0.0
        r = tp[name] / n_gold[name] if n_gold[name] else 0.0
        per[name] = PRF(p, r, f1(p, r), n_pred[name], n_gold[name])
    return Report(PRF(mp, mr, f1(mp, mr), total_pred, total_gold), per)


def score_tc(pred: Iterable[Span], gold: Iterable[Span]) -> Report:
    """Technique classification of gold spans: micro and per-technique P/R/F1.

    Predictions are matched to gold labels of the same (article, start, end) as multisets; a
    prediction for a span that is not in the gold counts as a false positive."""
    gold_groups: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    pred_groups: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for s in gold:
        gold_groups[(s.article_id, s.start, s.end)][s.technique or "?"] += 1
    for s in pred:
        pred_groups[(s.article_id, s.start, s.end)][s.technique or "?"] += 1
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for key, labels in gold_groups.items():
        n_gold.update(labels)
        guessed = pred_groups.get(key, Counter())
        for name, count in labels.items():
            tp[name] += min(count, guessed.get(name, 0))
    for labels in pred_groups.values():
        n_pred.update(labels)
    return _count_report(tp, n_pred, n_gold)


def score_label_sets(
    pred: dict[object, set[str]], gold: dict[object, set[str]]
) -> Report:
    """Micro P/R/F1 of label sets per unit (e.g. paragraph): each (unit, label) pair counts
    once; units missing from ``pred`` count as empty predictions; extra units are ignored."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for unit, labels in gold.items():
        guessed = pred.get(unit, set())
        n_gold.update(labels)
        n_pred.update(guessed)
        tp.update(labels & guessed)
    return _count_report(tp, n_pred, n_gold)


def format_report(report: Report | PRF, title: str = "") -> str:
    lines = [title] if title else []
    micro = report.micro if isinstance(report, Report) else report
    lines.append(
        f"  micro  P={micro.precision:.4f}  R={micro.recall:.4f}  F1={micro.f1:.4f}"
        f"  (pred {micro.n_pred:g}, gold {micro.n_gold:g})"
    )
    if isinstance(report, Report):
        for name, prf in sorted(
            report.per_technique.items(), key=lambda kv: -kv[1].n_gold
        ):
            lines.append(
                f"  {name:<38} P={prf.precision:.3f} R={prf.recall:.3f} F1={prf.f1:.3f}"
                f"  (pred {prf.n_pred:g}, gold {prf.n_gold:g})"
            )
    return "\n".join(lines)
