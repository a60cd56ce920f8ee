"""The work analyzers share about one article, done once, on first ask, by the pipeline's context.

Analyzers never import one another. What more than one of them reads (the trimmed sentences of
the parse, the encoder pass, the sentence heads' scores, the certainty rules per sentence, token
arrays, word polarity) is computed here, lazily and once per article, behind typed accessors.
An analyzer names the accessors it reads in `uses`, as a spaCy component names what it
`requires`: reading one it did not name raises (E140), so the declaration stays true, and the
pipeline starts the encoder pass on a background thread while spaCy parses only when a selected
analyzer needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import numpy as np
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from glasnost.analysis import Analysis
from glasnost.article import Article
from glasnost.attribution.polarity import token_polarity
from glasnost.attribution.tokens import DocArrays
from glasnost.certainty import Certainty, classify
from glasnost.errors import Errors, GlasnostError
from glasnost.models.runtime import EncodedText, load_encoder
from glasnost.nlp import trimmed_sentences
from glasnost.sentence_models.features import span_means
from glasnost.sentence_models.heads import SentenceHeads, load_heads
from glasnost.settings import Settings
from glasnost.techniques.predict import DEFAULT_MODEL_DIR

if TYPE_CHECKING:
    from glasnost.pipeline import AnalyzeOptions

# What each accessor computes from: naming one in `uses` brings these along.
USES: dict[str, tuple[str, ...]] = {
    "encoded": (),
    "sentence_spans": (),
    "sentence_vectors": ("encoded",),
    "sentence_scores": ("sentence_spans", "sentence_vectors"),
    "certainties": ("sentence_spans", "sentence_scores"),
    "arrays": (),
    "polarity": ("arrays",),
    "words": (),
}
# What an analyzer of the whole article (`scope = "article"`) may read: gathered from each piece
# before its parse is let go.
GATHERED = ("sentence_vectors", "words")
HEDGE_THRESHOLD = 0.5  # when no hedging head is loaded


def closure(uses: Iterable[str]) -> frozenset[str]:
    """The accessors `uses` reads, directly or through another accessor."""
    found: set[str] = set()
    todo = list(uses)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(USES[name])
    return frozenset(found)


def check_uses(analyzer: str, uses: Iterable[str], scope: str) -> None:
    known = USES if scope == "piece" else GATHERED
    for name in uses:
        if name not in known:
            raise GlasnostError(Errors.E141.format(name=analyzer, resource=name, known=", ".join(known)))


def encoder_folder(settings: Settings, folder: Path | None = None) -> Path:
    """`folder`, else the technique model's folder: the encoder every head shares by default."""
    return (folder or settings.technique_model or DEFAULT_MODEL_DIR).resolve()


def encode(text: str, settings: Settings, folder: Path | None = None) -> EncodedText:
    """One encoder pass over `text` (the technique model's encoder unless `folder` names another)."""
    encoder = load_encoder(encoder_folder(settings, folder), settings.threads, settings.ort_spin)
    return encoder.encode(text, use_cache=False)


class _Reads:
    """Memoised shared work that only the analyzer which declared it may read."""

    def __init__(self) -> None:
        self._memo: dict[tuple, Any] = {}
        self._reader = ""
        self._allowed: frozenset[str] = frozenset()
        self._depth = 0

    def reading_as(self, analyzer: str, uses: Iterable[str]) -> Self:
        """Let `analyzer` read what it declared (and what that is computed from), nothing else."""
        self._reader = analyzer
        self._allowed = closure(uses)
        return self

    def _shared(self, key: tuple, compute: Callable[[], Any]) -> Any:
        if self._depth == 0 and key[0] not in self._allowed:
            raise GlasnostError(Errors.E140.format(name=self._reader, resource=key[0]))
        if key not in self._memo:
            self._depth += 1
            try:
                self._memo[key] = compute()
            finally:
                self._depth -= 1
        value = self._memo[key]
        if isinstance(value, Future):
            value = self._memo[key] = value.result()
        return value


class Context(_Reads):
    """What one analyzer sees of one article (or of one piece of a long one, see
    `glasnost.pieces`): the article, its parse, the layers filled so far, the options and
    settings, and the shared work below."""

    def __init__(
        self,
        article: Article,
        doc: Doc,
        analysis: Analysis,
        options: AnalyzeOptions,
        settings: Settings,
        started: dict[Path, Future | EncodedText] | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self.doc = doc
        self.analysis = analysis
        self.options = options
        self.settings = settings
        # encoder passes already started (or done), by encoder folder
        self._memo.update({("encoded", key): work for key, work in (started or {}).items()})

    @property
    def sentence_heads(self) -> SentenceHeads | None:
        """The sentence heads the scores come from (None when absent or stale)."""
        return load_heads(self.settings.sentence_model)

    def encoded(self, folder: Path | None = None) -> EncodedText:
        """The encoder pass over the article (the technique model's encoder unless `folder` names
        another), shared by every head that reads token states."""
        key = encoder_folder(self.settings, folder)
        return self._shared(("encoded", key), lambda: encode(self.article.text, self.settings, key))

    @property
    def sentence_spans(self) -> list[tuple[int, int, SpacySpan]]:
        """(start, end, parser sentence) of every non-blank sentence, trimmed of whitespace."""
        return self._shared(("sentence_spans",), lambda: trimmed_sentences(self.doc, self.article.text))

    def sentence_vectors(self, spans: tuple[tuple[int, int], ...]) -> np.ndarray:
        """Mean token state of each span under the sentence heads' encoder."""
        heads = self.sentence_heads
        folder = heads.encoder_dir if heads is not None else None
        return self._shared(
            ("sentence_vectors", encoder_folder(self.settings, folder), spans),
            lambda: span_means(self.encoded(folder), list(spans)),
        )

    @property
    def sentence_scores(self) -> dict[str, list[float]]:
        """Each sentence head's score per trimmed sentence, clipped to [0, 1] and rounded as the
        layer shows them; empty without heads."""
        return self._shared(("sentence_scores",), self._score_sentences)

    def _score_sentences(self) -> dict[str, list[float]]:
        heads = self.sentence_heads
        spans = tuple((a, b) for a, b, _ in self.sentence_spans)
        if heads is None or not spans:
            return {}
        vectors = self.sentence_vectors(spans)
        texts = [self.article.text[a:b] for a, b in spans]
        return {name: [clip(p) for p in probs] for name, probs in heads.score(texts, vectors).items()}

    @property
    def hedge_threshold(self) -> float:
        heads = self.sentence_heads
        if heads is not None and "hedging" in heads.tasks:
            return heads.tasks["hedging"].threshold
        return HEDGE_THRESHOLD

    @property
    def certainties(self) -> list[Certainty]:
        """The certainty rules' verdict on each trimmed sentence, the learned hedging score
        deciding whether weak weasel words count."""
        return self._shared(("certainties",), self._classify_sentences)

    def _classify_sentences(self) -> list[Certainty]:
        hedging = self.sentence_scores.get("hedging")
        threshold = self.hedge_threshold
        return [
            classify(sent, hedging[i] if hedging is not None else None, threshold)
            for i, (_, _, sent) in enumerate(self.sentence_spans)
        ]

    @property
    def arrays(self) -> DocArrays:
        """Token attributes of the parse as numpy arrays."""
        return self._shared(("arrays",), lambda: DocArrays(self.doc))

    @property
    def polarity(self) -> np.ndarray:
        """+1 / -1 / 0 per token from the polarity lexicon, negation flipped."""
        return self._shared(("polarity",), lambda: token_polarity(self.arrays))

    @property
    def words(self) -> list[str]:
        """The lowercased words of the parse (tokens that are neither punctuation nor space)."""
        return self._shared(("words",), lambda: [t.lower_ for t in self.doc if not (t.is_punct or t.is_space)])

    def gather(self, uses: Iterable[str]) -> dict[str, Any]:
        """What analyzers of the whole article read, taken from this piece: its words and the
        vectors of the sentences its layer holds."""
        self._depth += 1
        try:
            found: dict[str, Any] = {}
            if "words" in uses:
                found["words"] = self.words
            if "sentence_vectors" in uses:
                found["sentence_vectors"] = self.sentence_vectors(
                    tuple((s.start, s.end) for s in self.analysis.sentences)
                )
            return found
        finally:
            self._depth -= 1


class ArticleContext(_Reads):
    """What an analyzer of the whole article (`scope = "article"`: genre, stats) sees: the
    article, every layer its pieces filled, and what it declared of `GATHERED`, joined over the
    pieces. There is no parse: a long article's pieces are parsed one at a time."""

    def __init__(
        self, article: Article, analysis: Analysis, options: AnalyzeOptions, settings: Settings, pieces: list[dict]
    ) -> None:
        super().__init__()
        self.article = article
        self.analysis = analysis
        self.options = options
        self.settings = settings
        self._pieces = pieces

    @property
    def words(self) -> list[str]:
        return self._shared(("words",), lambda: [w for piece in self._pieces for w in piece["words"]])

    def sentence_vectors(self, spans: tuple[tuple[int, int], ...]) -> np.ndarray:
        """The vectors of the sentences layer (`spans` are its sentences), piece after piece."""
        vectors = self._shared(("sentence_vectors",), self._joined_vectors)
        if len(vectors) != len(spans):
            raise GlasnostError(Errors.E145.format(name=self._reader, found=len(spans), gathered=len(vectors)))
        return vectors

    def _joined_vectors(self) -> np.ndarray:
        parts = [piece["sentence_vectors"] for piece in self._pieces]
        return parts[0] if len(parts) == 1 else np.vstack(parts)


def clip(value: float) -> float:
    return round(min(1.0, max(0.0, float(value))), 4)
