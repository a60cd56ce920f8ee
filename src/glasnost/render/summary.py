"""What the human-facing formats (Markdown, HTML) both say about an analysis, computed once here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from glasnost.analysis import Actor, Analysis, Claim, Quote, Technique


def layer_ran(analysis: Analysis, layer: str) -> bool:
    """Whether an analyzer filled `layer`, so an empty layer means "none found", not "not run"."""
    return bool(getattr(analysis, layer)) or any(step.layer == layer for step in analysis.pipeline.steps)


@dataclass(frozen=True)
class RankedClaim:
    claim: Claim
    checkworthiness: float | None  # of the claim's sentence, where a model scored it

    @property
    def rank_score(self) -> float:
        return self.checkworthiness if self.checkworthiness is not None else self.claim.score


def ranked_claims(analysis: Analysis, limit: int | None = None) -> list[RankedClaim]:
    """Claims, most check-worthy first: the sentence's check-worthiness where scored, else the
    claim's own score; ties keep text order."""
    sentences = {s.index: s for s in analysis.sentences}
    ranked = [
        RankedClaim(c, sentences[c.sentence].checkworthiness if c.sentence in sentences else None)
        for c in analysis.claims
    ]
    ranked.sort(key=lambda r: (-r.rank_score, r.claim.start))
    return ranked[:limit] if limit is not None else ranked


def actors_by_id(analysis: Analysis) -> dict[str, Actor]:
    return {a.id: a for a in analysis.actors}


def speaker_name(analysis: Analysis, quote: Quote) -> str | None:
    """The resolved actor's name, else the words naming the speaker, else None."""
    if quote.speaker is not None:
        actor = actors_by_id(analysis).get(quote.speaker)
        if actor is not None:
            return actor.name
    return quote.speaker_mention.text if quote.speaker_mention is not None else None


def quotes_by_speaker(analysis: Analysis) -> Counter[str]:
    """Actor id -> how many quotes the article gives that actor."""
    return Counter(q.speaker for q in analysis.speech_quotes() if q.speaker)


@dataclass(frozen=True)
class TechniqueGroup:
    name: str
    spans: list[Technique]  # strongest first


def technique_groups(analysis: Analysis) -> list[TechniqueGroup]:
    """Techniques by name, most frequent (then strongest) first, each with its spans strongest first."""
    by_name: dict[str, list[Technique]] = {}
    for technique in analysis.techniques:
        by_name.setdefault(technique.technique, []).append(technique)
    groups = [
        TechniqueGroup(name, sorted(spans, key=lambda t: (-t.score, t.start)))
        for name, spans in by_name.items()
    ]
    groups.sort(key=lambda g: (-len(g.spans), -g.spans[0].score, g.name))
    return groups


def entity_groups(analysis: Analysis) -> list[tuple[str, list[tuple[str, int]]]]:
    """(label, [(surface form, count), ...]) with labels and forms most frequent first."""
    labels = Counter(e.label for e in analysis.entities)
    forms: dict[str, Counter[str]] = {}
    for entity in analysis.entities:
        forms.setdefault(entity.label, Counter())[" ".join(entity.text.split())] += 1
    return [
        (label, sorted(forms[label].items(), key=lambda kv: (-kv[1], kv[0].lower())))
        for label, _ in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def certainty_counts(analysis: Analysis) -> dict[str, int]:
    return dict(Counter(s.certainty for s in analysis.sentences if s.certainty is not None).most_common())


def one_line(text: str, limit: int | None = None) -> str:
    """Whitespace collapsed to single spaces, cut at `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text
