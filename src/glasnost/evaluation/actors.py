"""Actor quality on CoNLL-2003 English: mention recall and type accuracy on named people,
organisations and places, beside the spaCy model's own entities on the same parse.

    from glasnost.evaluation.actors import evaluate
    report = evaluate("../shared/data/ner/conll2003", split="valid")
    print(report.format())

Documents. Each `-DOCSTART-` document becomes one article, a sentence per line, tokens joined by
single spaces (CoNLL keeps no original spacing), so character offsets of gold entities are exact.
Gold PER, ORG and LOC are scored as person, organization and place; MISC (nationalities, events,
works) is no actor type and is left out of recall and accuracy.

Matching. A predicted mention matches a gold entity when the characters they share are at least
half of the longer of the two (so "the Kremlin" meets "Kremlin"); pairs are matched one-to-one,
largest overlap first. Mention recall is the share of gold entities matched; type accuracy is the
share of matched ones whose actor type is the gold type. Mention precision counts a predicted
named mention (pronouns aside) as right when it matches any gold entity, MISC included: common
nouns and file formats taken for actors lower it.

Baseline. The same numbers for the parse's own entities (the `entities` layer, which is
`en_core_web_sm` NER unchanged), each typed by its label: PERSON person; ORG organization; GPE,
LOC, FAC place; NORP group. The actors layer is worth having only where it beats that.

Tuning happened on the valid split; train is reported as a second, larger look.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glasnost.attribution import lexicon as lx

Char = tuple[int, int]
GOLD_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
PRONOUNS = lx.PERSON_PRONOUNS


@dataclass(frozen=True)
class GoldEntity:
    start: int
    end: int
    label: str  # PER, ORG, LOC, MISC


@dataclass
class ConllDocument:
    text: str
    entities: list[GoldEntity]


def read_conll(path: str | Path) -> Iterator[ConllDocument]:
    """The documents of one CoNLL-2003 file (IOB1 or IOB2 tags in the last column)."""
    lines: list[str] = []
    entities: list[GoldEntity] = []
    words: list[str] = []
    offset = 0
    open_at: tuple[int, str] | None = None
    last_end = 0

    def close() -> None:
        nonlocal open_at
        if open_at is not None:
            entities.append(GoldEntity(open_at[0], last_end, open_at[1]))
            open_at = None

    def end_sentence() -> None:
        nonlocal offset, words
        close()
        if words:
            lines.append(" ".join(words))
            offset += len(lines[-1]) + 1
            words = []

    def document() -> ConllDocument | None:
        nonlocal lines, entities, offset
        end_sentence()
        doc = ConllDocument("\n".join(lines), entities) if lines else None
        lines, entities, offset = [], [], 0
        return doc

    with open(path, encoding="utf-8") as f:
        for raw in f:
            parts = raw.split()
            if not parts:
                end_sentence()
                continue
            if parts[0] == "-DOCSTART-":
                doc = document()
                if doc is not None:
                    yield doc
                continue
            word, tag = parts[0], parts[-1]
            start = offset + sum(len(w) + 1 for w in words)
            words.append(word)
            end = start + len(word)
            if tag == "O":
                close()
            else:
                prefix, label = tag.split("-", 1)
                if prefix == "B" or open_at is None or open_at[1] != label:
                    close()
                    open_at = (start, label)
            last_end = end
    doc = document()
    if doc is not None:
        yield doc


@dataclass
class Counts:
    gold: int = 0
    matched: int = 0
    typed: int = 0
    predicted: int = 0
    predicted_right: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)  # gold type -> [matched, typed, gold]

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.typed / self.matched if self.matched else 0.0

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 0.0

    def line(self, name: str) -> str:
        types = "  ".join(
            f"{t} {v[1] / v[0]:.3f}/{v[0] / v[2]:.3f}" for t, v in sorted(self.by_type.items()) if v[0] and v[2]
        )
        return (
            f"{name:8} type accuracy {self.type_accuracy:.3f}  mention recall {self.recall:.3f}  "
            f"mention precision {self.precision:.3f}  ({self.matched}/{self.gold} matched; "
            f"accuracy/recall by type: {types})"
        )


@dataclass
class ActorReport:
    split: str
    documents: int
    actors: Counts
    baseline: Counts

    def format(self) -> str:
        return "\n".join(
            [
                f"CoNLL-2003 {self.split}: {self.documents} documents, {self.actors.gold} gold PER/ORG/LOC entities",
                self.actors.line("actors"),
                self.baseline.line("spaCy"),
            ]
        )


def _overlap(a: Char, b: Char) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(predicted: Sequence[Char], gold: Sequence[Char]) -> dict[int, int]:
    """Gold index -> predicted index, one-to-one, largest overlap first (see the module docstring)."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            shared = _overlap(g, p)
            if shared and shared >= 0.5 * max(g[1] - g[0], p[1] - p[0]):
                pairs.append((-shared, i, j))
    pairs.sort()
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in pairs:
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


def count(doc: ConllDocument, predicted: Sequence[tuple[Char, str]], into: Counts) -> None:
    """Add one document's matches of `predicted` ((span, actor type) pairs) to `into`."""
    scored = [e for e in doc.entities if e.label in GOLD_TYPES]
    spans = [span for span, _ in predicted]
    pairs = match(spans, [(e.start, e.end) for e in scored])
    into.gold += len(scored)
    into.matched += len(pairs)
    for i, e in enumerate(scored):
        gold_type = GOLD_TYPES[e.label]
        row = into.by_type.setdefault(gold_type, [0, 0, 0])
        row[2] += 1
        if i in pairs:
            row[0] += 1
            if predicted[pairs[i]][1] == gold_type:
                row[1] += 1
                into.typed += 1
    every = match(spans, [(e.start, e.end) for e in doc.entities])
    into.predicted += len(spans)
    into.predicted_right += len(every)


def score(
    pairs: Iterable[tuple[ConllDocument, Sequence[tuple[Char, str]], Sequence[tuple[Char, str]]]], split: str = "?"
) -> ActorReport:
    """Score (document, actor mentions, baseline mentions) triples."""
    report = ActorReport(split, 0, Counts(), Counts())
    for doc, actors, baseline in pairs:
        report.documents += 1
        count(doc, actors, report.actors)
        count(doc, baseline, report.baseline)
    return report


def evaluate(conll_dir: str | Path, split: str = "valid", limit: int | None = None) -> ActorReport:
    """Run the actors layer over a CoNLL-2003 split and score it beside the spaCy entities.

    `limit` keeps the first N documents of the file (a fixed subset)."""
    from glasnost.article import Article
    from glasnost.pipeline import AnalyzeOptions, analyze_all

    docs = list(read_conll(Path(conll_dir) / f"{split}.txt"))
    if limit is not None:
        docs = docs[:limit]
    articles = [Article.from_text(d.text, given_id=f"{split}-{n}") for n, d in enumerate(docs)]
    analyses = analyze_all(articles, AnalyzeOptions(only=("actors",)))

    def triples():
        for doc, analysis in zip(docs, analyses):
            actors = [
                ((m.start, m.end), a.type)
                for a in analysis.actors
                for m in a.mentions
                if m.text.lower() not in PRONOUNS
            ]
            baseline = [
                ((e.start, e.end), lx.LABEL_TYPE[e.label]) for e in analysis.entities if e.label in lx.LABEL_TYPE
            ]
            yield doc, actors, baseline

    return score(triples(), split)
