"""The JSON contract: one `Analysis` per article, every layer present, every span pointing into
`article.text` with `start`/`end` (characters, end exclusive) and the `text` they cover.

Bump `SCHEMA_VERSION` on any change a consumer could notice; `glasnost schema` prints the JSON
Schema generated from these models and `schema/analysis.schema.json` is that output, checked in.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from glasnost.offsets import OffsetMap

SCHEMA_VERSION = "1.4"

Score = Field(ge=0.0, le=1.0, description="Model confidence in [0, 1].")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    start: int = Field(ge=0, description="Character offset into article.text.")
    end: int = Field(ge=0, description="Character offset into article.text, exclusive.")
    text: str = Field(description="Equals article.text[start:end].")


class BlockInfo(Span):
    kind: Literal["title", "byline", "heading", "paragraph"]


class RawOffsets(_Model):
    """Where each character of `text` came from in the raw input, stored so that a stored analysis
    renders raw offsets (`tsv`) as a fresh one does. It grows with the number of normalising
    edits, not with the text (see `OffsetMap.to_runs`)."""

    shifts: list[tuple[int, int]] = Field(
        description="[index, shift] pairs, the first at 0: from index on (to the next pair), character i "
        "starts at raw offset i + shift; index len(text) stands for the raw length."
    )
    ends: list[tuple[int, int]] = Field(
        [], description="[index, raw end] of each character whose raw span is not one character long."
    )


class ArticleInfo(_Model):
    id: str = Field(description="The given id, or the first 16 hex digits of SHA-256 of text.")
    title: str | None = None
    authors: list[str] = []
    published: str | None = Field(None, description="ISO 8601 date or date-time, as found.")
    site: str | None = None
    url: str | None = None
    language: str | None = None
    source: str | None = Field(None, description="File path or URL the article was read from.")
    text: str = Field(description="The normalized text all offsets point into.")
    blocks: list[BlockInfo] = Field([], description="Title, byline, headings and paragraphs.")
    warnings: list[str] = Field([], description="What loading found doubtful but not fatal, one line each.")
    raw_offsets: RawOffsets | None = Field(
        None, description="How offsets into text map to the raw input; absent where they are the same."
    )
    _map: OffsetMap | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _offsets_fit_the_text(self) -> ArticleInfo:
        if self.raw_offsets is not None:
            self._map = OffsetMap.from_runs(len(self.text), self.raw_offsets.shifts, self.raw_offsets.ends)
        return self

    def offset_map(self) -> OffsetMap:
        """The map from `text` to the raw input (the identity where `raw_offsets` is absent)."""
        if self._map is None or len(self._map) != len(self.text):
            raw = self.raw_offsets
            self._map = OffsetMap.from_runs(len(self.text), raw.shifts, raw.ends) if raw else OffsetMap.identity(len(self.text))
        return self._map

    def set_offset_map(self, offsets: OffsetMap) -> None:
        """Store `offsets` with the article, compactly, so that it survives JSON."""
        shifts, ends = offsets.to_runs()
        self.raw_offsets = None if offsets.is_identity() else RawOffsets(shifts=shifts, ends=ends)
        self._map = offsets


class Genre(_Model):
    label: Literal["opinion", "reporting", "satire", "uncertain"] = Field(
        description="uncertain: the most likely genre's probability is under the head's confidence threshold"
    )
    score: float = Field(ge=0.0, le=1.0, description="Probability of the most likely genre (of the label unless uncertain).")


class Cue(Span):
    kind: str = Field(description="What the cue signals, e.g. hedge, attribution, denial.")


class Sentence(Span):
    index: int
    checkworthiness: float | None = Field(None, ge=0.0, le=1.0)
    subjectivity: float | None = Field(None, ge=0.0, le=1.0)
    hedging: float | None = Field(None, ge=0.0, le=1.0)
    certainty: Literal["asserted", "hedged", "speculative", "attributed", "denied", "question"] | None = None
    cues: list[Cue] = []


class Entity(Span):
    label: str = Field(description="spaCy/OntoNotes label: PERSON, ORG, GPE, NORP, LOC, ...")
    score: float = Field(
        ge=0.0,
        le=1.0,
        description="Share of this surface form's mentions in the article that carry this label.",
    )


class Technique(Span):
    technique: str
    score: float = Score


class ClaimMatch(_Model):
    """A fact-check (ClaimReview or EUvsDisinfo case) a claim matches, from a store's fact-checks."""

    identifier: str | None = Field(description="The fact-check's identifier, as imported.")
    url: str | None = Field(description="The fact-check's URL, as imported.")
    claim_reviewed: str
    rating: str | None = Field(description="The verdict in words (reviewRating.alternateName).")
    publisher: str | None = None
    score: float = Field(ge=0.0, le=1.0, description="Calibrated probability that it is the same claim.")
    tier: Literal["match", "suggested"]
    guard: Literal["short", "numbers", "names"] | None = Field(
        default=None, description="Why a score high enough for `match` was held back to `suggested`.")


class Claim(Span):
    sentence: int = Field(description="Index into sentences.")
    claim_type: Literal["statistic", "event", "quote", "causal", "prediction", "other"]
    certainty: str | None = None
    score: float = Score
    matches: list[ClaimMatch] = Field(default=[], description="Fact-checks it matches; filled only when a store with fact-checks is given.")


CueKind = Literal["speech", "writing", "belief", "perception", "intent", "other"]
# The cue kinds that make an attribution a quote a reader is shown: words said or written.
SPEECH_KINDS: frozenset[str] = frozenset({"speech", "writing"})


class Quote(Span):
    kind: Literal["direct", "indirect"]
    cue: Span | None = None
    speaker_mention: Span | None = None
    speaker: str | None = Field(None, description="Id of the resolved actor, where one exists.")
    score: float = Score
    cue_kind: CueKind | None = Field(
        None,
        description="What the cue reports: speech or writing (shown as quotes), or belief, perception, "
        "intent or another act (kept in the data, not shown as quotes). Absent in analyses made before "
        "schema 1.3, which are shown as they were.",
    )

    @property
    def is_speech(self) -> bool:
        """Whether this is words said or written, the quotes renderers and counts show."""
        return self.cue_kind is None or self.cue_kind in SPEECH_KINDS


class Actor(_Model):
    id: str
    name: str
    type: Literal["person", "organization", "group", "place"]
    aliases: list[str] = []
    mentions: list[Span] = []
    salience: float = Field(ge=0.0, le=1.0)
    sentiment: float = Field(ge=-1.0, le=1.0)


class Relation(_Model):
    source: str = Field(description="Actor id.")
    target: str = Field(description="Actor id.")
    kind: Literal["conflict", "support", "co-mention"]
    evidence: list[Span] = []
    score: float = Score


class Stats(_Model):
    characters: int
    words: int
    sentences: int
    paragraphs: int
    mean_sentence_words: float
    type_token_ratio: float = Field(description="Distinct lowercased words / words.")
    reading_minutes: float = Field(description="At 230 words per minute.")
    entity_labels: dict[str, int] = {}


class PipelineStep(_Model):
    name: str
    version: str
    layer: str
    model: str | None = Field(None, description="Model name and version the analyzer ran, if any.")


class AnalysisSettings(_Model):
    """The thresholds the findings were cut at, so that two analyses can be compared."""

    operating_point: Literal["precision", "balanced", "recall"] = Field(
        "precision", description="Which validation-chosen technique thresholds the techniques layer used."
    )
    min_score: float | None = Field(
        None, description="One threshold that replaced every model's own, if set (techniques, quotes, claims...)."
    )


class PipelineInfo(_Model):
    glasnost: str
    spacy_model: str
    steps: list[PipelineStep]
    settings: AnalysisSettings = AnalysisSettings()


class Analysis(_Model):
    schema_version: str = SCHEMA_VERSION
    article: ArticleInfo
    genre: Genre | None = None
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    actors: list[Actor] = []
    claims: list[Claim] = []
    quotes: list[Quote] = []
    techniques: list[Technique] = []
    relations: list[Relation] = []
    stats: Stats | None = None
    pipeline: PipelineInfo

    def speech_quotes(self) -> list[Quote]:
        """The quotes that are speech or writing: what renderers, counts and the store show as
        quotes (`quotes` also keeps attributed belief, perception and intent, with their kind)."""
        return [q for q in self.quotes if q.is_speech]

    def attach_offsets(self, offsets: OffsetMap) -> None:
        """Keep the article's map to the raw input with the analysis (serialized in `article`)."""
        self.article.set_offset_map(offsets)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the raw input, the same for a fresh analysis and one read back from JSON."""
        return self.article.offset_map().span_to_raw(start, end)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Analysis:
        return cls.model_validate_json(data)


LAYERS: tuple[str, ...] = (
    "genre", "sentences", "entities", "actors", "claims", "quotes", "techniques", "relations", "stats",
)


def json_schema() -> dict:
    schema = Analysis.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://glasnost.dev/schema/analysis-{SCHEMA_VERSION}.json"
    return schema
