"""Quotes and reported speech: who is said to have said, thought or wanted what.

Candidates come from the shared parse (`glasnost.attribution.extract`): a verb with a clause,
infinitive, object or prepositional complement ("X said that ...", "X called the war
arrogant", "X talked about ..."), "according to X", "X said: “...”", and a speech verb right
after a quotation the parser split off. A logistic scorer trained on PolNeAR train
(`glasnost/models/attribution/quote_scorer.json`) scores each; those at or above its threshold
(chosen on train, out of fold) are kept, best first, so that no two share a character. A direct
quote carries on into quotations that follow it without a speaker of their own; each piece is a
`Quote` with the same cue, speaker and score.

`kind` is direct when quotation marks cover the content, indirect otherwise. `speaker_mention` is
the subject (or "according to" object) as written, pronouns included; `speaker` is the id of the
actor that mention belongs to in the actors layer, if any.
"""

from __future__ import annotations

import bisect

from glasnost.analysis import Actor, Quote, Span
from glasnost.attribution.extract import find_attributions
from glasnost.attribution.kinds import cue_kind
from glasnost.attribution.scorer import load_model
from glasnost.context import Context
from glasnost.registry import register
from glasnost.settings import Settings


class MentionIndex:
    """Which actor a character offset belongs to, from the actors layer."""

    def __init__(self, actors: list[Actor]):
        spans = sorted((m.start, m.end, a.id) for a in actors for m in a.mentions)
        self.spans = spans
        self.starts = [s for s, _, _ in spans]

    def actor_at(self, start: int, end: int) -> str | None:
        """The actor whose mention overlaps [start, end), preferring the one ending last (the
        head of a noun phrase comes last in English)."""
        i = bisect.bisect_left(self.starts, end)
        best = None
        for s, e, ident in reversed(self.spans[max(0, i - 12) : i]):
            if e > start and s < end:
                if best is None or e > best[0]:
                    best = (e, ident)
        return best[1] if best else None


def _speaker(head, index: MentionIndex) -> str | None:
    """The actor a speaker noun phrase names: its head, or a name in apposition to it ("the
    head of Wagner, Yevgeny Prigozhin, said") or given as an example ("leaders such as X")."""
    found = index.actor_at(head.idx, head.idx + len(head))
    if found is not None:
        return found
    for token in head.subtree:
        target = None
        if token.dep_ == "appos" and token.head.i >= head.i - 8:
            target = token
        elif (
            token.dep_ == "prep"
            and token.lower_ == "as"
            and token.i > 0
            and head.doc[token.i - 1].lower_ == "such"
        ):
            target = next((g for g in token.children if g.dep_ == "pobj"), None)
        if target is not None:
            found = index.actor_at(target.idx, target.idx + len(target))
            if found is not None:
                return found
    return None


def _named_in(head, mention: Span | None, index: MentionIndex) -> str | None:
    """An actor named inside the speaker's noun phrase ("Transport Minister Henrik Dahl"), but
    not its possessor: "Reiter's loyal media outlets" are the outlets speaking, not Reiter."""
    if mention is None:
        return None
    owned = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge)) for t in head.children if t.dep_ == "poss"]
    start = max([mention.start, *(b for _, b in owned)])
    return index.actor_at(start, mention.end) if start < mention.end else None


def _span(text: str, a: int, b: int) -> Span:
    return Span(start=a, end=b, text=text[a:b])


@register
class Quotes:
    name = "quotes"
    version = "1.0.0"
    layer = "quotes"
    requires: tuple[str, ...] = ("actors",)
    uses: tuple[str, ...] = ("arrays",)
    model = "attribution-scorer"

    def __init__(self, settings: Settings) -> None:
        self.scorer = load_model(str(settings.quote_scorer) if settings.quote_scorer is not None else None)
        self.model = f"attribution-scorer-{self.scorer.version}"

    def __call__(self, context: Context) -> list[Quote]:
        text = context.article.text
        threshold = context.options.min_score
        chosen = find_attributions(context.doc, text, self.scorer, threshold, context.arrays)
        index = MentionIndex(context.analysis.actors)
        quotes: list[Quote] = []
        for cand in chosen:
            cue = _span(text, *cand.cue)
            mention = _span(text, *cand.source_span) if cand.source_span else None
            speaker = None
            if cand.source is not None and cand.source.pos_ in {"VERB", "AUX"}:
                mention = None  # a clausal subject ("What is clear is that") names nobody
            elif cand.source is not None:
                speaker = _speaker(cand.source, index) or _named_in(cand.source, mention, index)
            score = round(min(1.0, max(0.0, cand.score)), 4)
            reports = cue_kind(cand)
            for n, (a, b) in enumerate(cand.content):
                direct = cand.direct if n == 0 else True
                quotes.append(
                    Quote(
                        start=a,
                        end=b,
                        text=text[a:b],
                        kind="direct" if direct else "indirect",
                        cue=cue,
                        speaker_mention=mention,
                        speaker=speaker,
                        score=score,
                        cue_kind=reports,
                    )
                )
        quotes.sort(key=lambda q: (q.start, q.end))
        return quotes


__all__ = ["MentionIndex", "Quotes"]
