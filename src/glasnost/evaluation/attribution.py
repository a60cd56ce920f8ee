"""Attribution quality on PolNeAR: content-span precision/recall/F1 and speaker accuracy.

    from glasnost.evaluation.attribution import evaluate
    report = evaluate("../shared/data/attribution/polnear", split="dev")
    print(report.format())

Matching. A gold attribution's content is the set of characters of its fragments (PolNeAR
contents can be discontinuous: a quotation interrupted by "he said"); predicted quotes that share
a cue are one predicted attribution, their contents its fragments. A prediction matches a gold
attribution when the characters they share are at least half of the longer of the two; pairs are
matched one-to-one, largest overlap first. Speaker accuracy is measured on matched pairs whose gold
attribution has a Source: correct when the predicted speaker mention overlaps the gold Source span
(a prediction with no speaker mention counts as wrong).

PolNeAR dev is the validation split (84 articles, ~2,200 attributions); everything was tuned on
train. Articles annotated by several annotators count once, with the alphabetically first
annotator's annotation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from glasnost.analysis import Quote
from glasnost.attribution.polnear import GoldAttribution, PolnearDocument, read_split

Char = tuple[int, int]


@dataclass(frozen=True)
class Predicted:
    content: tuple[Char, ...]
    speaker: Char | None = None


@dataclass
class AttributionReport:
    split: str
    documents: int
    gold: int
    predicted: int
    matched: int
    speaker_pairs: int
    speaker_correct: int
    direct_gold: int = 0
    direct_matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_pairs if self.speaker_pairs else 0.0

    def as_dict(self) -> dict:
        return {
            "split": self.split,
            "documents": self.documents,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_pairs": self.speaker_pairs,
            "speaker_correct": self.speaker_correct,
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "direct_recall": round(self.direct_matched / self.direct_gold, 4) if self.direct_gold else None,
        }

    def format(self) -> str:
        d = self.as_dict()
        return (
            f"PolNeAR {d['split']}: {d['documents']} articles, {d['gold']} gold attributions, "
            f"{d['predicted']} predicted\n"
            f"content  P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}  "
            f"(matched {d['matched']}; direct-quote recall {d['direct_recall']})\n"
            f"speaker  accuracy {d['speaker_accuracy']:.3f} on {d['speaker_pairs']} matched pairs "
            "with a gold source"
        )


def fragment_chars(fragments: Iterable[Char]) -> set[int]:
    """The character offsets a set of (start, end) fragments covers."""
    out: set[int] = set()
    for a, b in fragments:
        out.update(range(a, b))
    return out


def _overlaps(a: Char, b: Char) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def quotes_to_predictions(quotes: Sequence[Quote]) -> list[Predicted]:
    """Quotes sharing a cue are the fragments of one attribution."""
    groups: dict[object, list[Quote]] = {}
    for i, q in enumerate(quotes):
        key = (q.cue.start, q.cue.end) if q.cue is not None else ("solo", i)
        groups.setdefault(key, []).append(q)
    out = []
    for group in groups.values():
        speaker = next(
            ((q.speaker_mention.start, q.speaker_mention.end) for q in group if q.speaker_mention), None
        )
        out.append(Predicted(tuple(sorted((q.start, q.end) for q in group)), speaker))
    return out


def score_document(predicted: Sequence[Predicted], gold: Sequence[GoldAttribution]) -> tuple[int, int, int]:
    """(matched, speaker_pairs, speaker_correct) for one document."""
    pchars = [fragment_chars(p.content) for p in predicted]
    gchars = [fragment_chars(g.content) for g in gold]
    pairs = []
    for i, pc in enumerate(pchars):
        if not pc:
            continue
        lo, hi = min(pc), max(pc) + 1
        for j, g in enumerate(gold):
            ga, gb = g.content_span
            if gb <= lo or ga >= hi:
                continue
            inter = len(pc & gchars[j])
            if inter and inter >= 0.5 * max(len(pc), len(gchars[j])):
                pairs.append((inter, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    speaker_pairs = speaker_correct = 0
    for _inter, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        source = gold[j].source_span
        if source is not None:
            speaker_pairs += 1
            if predicted[i].speaker is not None and _overlaps(predicted[i].speaker, source):
                speaker_correct += 1
    return len(used_p), speaker_pairs, speaker_correct


def _is_direct(doc: PolnearDocument, g: GoldAttribution) -> bool:
    a, b = g.content_span
    piece = doc.text[a:b].strip()
    return bool(piece) and piece[0] in "\"\u201c'" and piece[-1] in "\"\u201d'"


def score(
    pairs: Iterable[tuple[PolnearDocument, Sequence[Predicted]]], split: str = "?"
) -> AttributionReport:
    report = AttributionReport(split, 0, 0, 0, 0, 0, 0)
    for doc, predicted in pairs:
        matched, sp, sc = score_document(predicted, doc.attributions)
        report.documents += 1
        report.gold += len(doc.attributions)
        report.predicted += len(predicted)
        report.matched += matched
        report.speaker_pairs += sp
        report.speaker_correct += sc
        direct = [g for g in doc.attributions if _is_direct(doc, g)]
        report.direct_gold += len(direct)
        if direct:
            report.direct_matched += score_document(predicted, direct)[0]
    return report


def evaluate(polnear_dir: str | Path, split: str = "dev", limit: int | None = None) -> AttributionReport:
    """Run the quotes analyzer (with the layers it needs) over a PolNeAR split and score it.

    `limit` keeps the first N articles in file-name order (a fixed subset)."""
    from glasnost.article import Article
    from glasnost.pipeline import AnalyzeOptions, analyze_all

    docs = list(read_split(polnear_dir, split))
    if limit is not None:
        docs = docs[:limit]
    articles = [Article.from_text(d.text, given_id=d.name) for d in docs]
    options = AnalyzeOptions(only=("quotes",))
    analyses = analyze_all(articles, options)
    pairs = ((doc, quotes_to_predictions(analysis.quotes)) for doc, analysis in zip(docs, analyses))
    return score(pairs, split)
