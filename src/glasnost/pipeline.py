"""The run: it picks analyzers from the registry (`glasnost.registry`) and shares one spaCy parse
between them.

An analyzer is a small object with a `name`, a `version`, the `layer` of `Analysis` it fills, the
layers it `requires`, the shared work it `uses` (accessors of `glasnost.context.Context`: the
encoder pass, trimmed sentences, token arrays...), and `__call__(context) -> value of that layer`.
It reads the shared parse, that work and earlier layers from the context and returns its own
layer; it never edits another, and never imports another analyzer. When a selected analyzer uses
the encoder pass, it starts on a background thread before the parse. Built-in analyzers register
with `glasnost.registry.register` when `glasnost.analyzers` is imported; a plugin does the same from a module
named in the `glasnost.analyzers` entry-point group.

A text longer than `Settings.piece_chars` is parsed and analysed in pieces (`glasnost.pieces`).
An analyzer runs on each piece (its layer shifted into article offsets, then joined by its
`merge(parts, article)` when it has one, else put side by side) unless it declares
`scope = "article"`: then it runs once, on the joined layers and what it `uses` of the work
gathered from each piece (`glasnost.context.GATHERED`), as genre and stats do.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from glasnost.about import __version__
from glasnost.analysis import (
    Analysis,
    AnalysisSettings,
    ArticleInfo,
    BlockInfo,
    PipelineInfo,
    PipelineStep,
)
from glasnost.article import Article
from glasnost.context import (
    ArticleContext,
    Context,
    closure,
    encode,
    encoder_folder,
)
from glasnost.errors import Errors, GlasnostError, InputError
from glasnost.nlp import load_spacy, spacy_model_name
from glasnost.pieces import actor_renames, cut, piece_of, rename_actors, shift
from glasnost.registry import REGISTRY, Analyzer, scope_of, uses_of
from glasnost.settings import Settings
from glasnost.techniques.predict import OPERATING_POINTS


@dataclass(frozen=True)
class AnalyzeOptions:
    """What to run and where to set the operating point.

    `operating_point` picks the technique model's stored thresholds, each chosen on validation
    data and recorded in its model card: "precision" (fewer, surer highlights: best F0.5),
    "balanced" (best F1) or "recall" (more: best F2). `min_score` replaces every model's own
    threshold with one. Both are recorded in the output (`pipeline.settings`).
    """

    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    min_score: float | None = None
    operating_point: str = "precision"

    def __post_init__(self) -> None:
        if self.operating_point not in OPERATING_POINTS:
            raise InputError(Errors.E023.format(point=self.operating_point, known=", ".join(OPERATING_POINTS)))
        if self.min_score is not None and not 0.0 <= self.min_score <= 1.0:
            raise InputError(Errors.E024.format(value=self.min_score))


@functools.cache
def _registered() -> dict[str, type]:
    import glasnost.analyzers  # noqa: F401  (registers the built-ins)

    for entry in entry_points(group="glasnost.analyzers"):
        entry.load()
    return REGISTRY


def available() -> list[str]:
    return list(_registered())


@functools.cache
def _instance(name: str, settings: Settings) -> Analyzer:
    """One instance per analyzer and settings per process, so model files load once; an
    analyzer whose constructor takes `settings` reads its model folders from them."""
    cls = _registered()[name]
    if "settings" in inspect.signature(cls).parameters:
        return cls(settings=settings)
    return cls()


def select(options: AnalyzeOptions, settings: Settings | None = None) -> list[Analyzer]:
    """The analyzers to run, in dependency order, set up with `settings`.

    `only` pulls in what its picks require; `skip` also drops the analyzers that need a skipped
    one's layer, so `--skip entities` quietly leaves actors out instead of failing.
    """
    registry = _registered()
    for name in (*options.only, *options.skip):
        if name not in registry:
            raise InputError(Errors.E020.format(name=name, known=", ".join(registry)))
    fills = {cls.layer: name for name, cls in registry.items()}
    wanted = list(options.only) if options.only else _without_dependents(registry, fills, set(options.skip))
    chosen: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in chosen:
            return
        if name in visiting:
            raise GlasnostError(Errors.E022.format(names=" -> ".join([*visiting, name])))
        visiting.append(name)
        for layer in registry[name].requires:
            provider = fills.get(layer)
            if provider is None or provider in options.skip:
                raise InputError(Errors.E021.format(name=name, layer=layer))
            if scope_of(registry[name]) == "piece" and scope_of(registry[provider]) == "article":
                raise GlasnostError(Errors.E147.format(name=name, layer=layer, provider=provider))
            visit(provider)
        visiting.pop()
        chosen.append(name)

    for name in wanted:
        visit(name)
    return [_instance(name, settings or Settings()) for name in chosen]


def _without_dependents(registry: dict[str, type], fills: dict[str, str], skipped: set[str]) -> list[str]:
    """Everything but the skipped analyzers and those that need a skipped one's layer."""
    changed = True
    while changed:
        changed = False
        for name, cls in registry.items():
            if name not in skipped and any(fills.get(layer) in skipped for layer in cls.requires):
                skipped.add(name)
                changed = True
    return [name for name in registry if name not in skipped]


def _article_info(article: Article) -> ArticleInfo:
    return ArticleInfo(
        id=article.id,
        title=article.title,
        authors=article.authors,
        published=article.published,
        site=article.site,
        url=article.url,
        language=article.language,
        source=article.source,
        text=article.text,
        blocks=[
            BlockInfo(kind=b.kind, start=b.start, end=b.end, text=article.text[b.start : b.end])
            for b in article.blocks
        ],
        warnings=article.warnings,
    )


def _prefetch(piece: Article, analyzers: list[Analyzer], settings: Settings) -> dict[Path, Future]:
    """Start the encoder pass on the background thread when a selected analyzer reads it."""
    if not any("encoded" in closure(uses_of(a)) for a in analyzers):
        return {}
    return {encoder_folder(settings): _background().submit(encode, piece.text, settings)}


@functools.cache
def _background() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="glasnost-prefetch")


def _pipeline_info(analyzers: list[Analyzer], options: AnalyzeOptions) -> PipelineInfo:
    return PipelineInfo(
        glasnost=__version__,
        spacy_model=spacy_model_name(load_spacy()),
        steps=[PipelineStep(name=a.name, version=a.version, layer=a.layer, model=a.model) for a in analyzers],
        settings=AnalysisSettings(operating_point=options.operating_point, min_score=options.min_score),
    )


class _Assembly:
    """One article's analysis, put together piece by piece (`glasnost.pieces`).

    Each piece's analyzers fill their layers in piece offsets; what the article-scope analyzers
    will read is gathered from the piece before its parse is let go, so memory holds one piece's
    parse and encoder pass at a time, plus the layers found so far.
    """

    def __init__(
        self,
        article: Article,
        count: int,
        analyzers: list[Analyzer],
        options: AnalyzeOptions,
        settings: Settings,
        pipeline: PipelineInfo,
    ) -> None:
        self.article, self.count, self.options, self.settings = article, count, options, settings
        self.pipeline = pipeline
        self.on_pieces = [a for a in analyzers if scope_of(a) == "piece"]
        self.on_article = [a for a in analyzers if scope_of(a) == "article"]
        self.gathers = {name for a in self.on_article for name in uses_of(a)}
        self.parts: dict[str, list[Any]] = {a.layer: [] for a in self.on_pieces}
        self.gathered: list[dict] = []
        self.sentences = 0
        self.whole: Analysis | None = None

    @property
    def complete(self) -> bool:
        return len(self.gathered) == self.count

    def add(self, piece: Article, start: int, doc: Doc, started: dict[Path, Future]) -> None:
        analysis = Analysis(article=_article_info(piece), pipeline=self.pipeline.model_copy(deep=True))
        context = Context(piece, doc, analysis, self.options, self.settings, started)
        for analyzer in self.on_pieces:
            setattr(analysis, analyzer.layer, analyzer(context.reading_as(analyzer.name, uses_of(analyzer))))
        self.gathered.append(context.gather(self.gathers))
        if self.count == 1:
            self.whole = analysis
            return
        number = len(self.gathered)  # actor ids are unique within a piece; this keeps them apart

        def tagged(ident: str) -> str:
            return f"{ident}#{number}"

        for analyzer in self.on_pieces:
            value = shift(getattr(analysis, analyzer.layer), start, self.sentences)
            self.parts[analyzer.layer].append(rename_actors(value, tagged))
        self.sentences += len(analysis.sentences)

    def finish(self) -> Analysis:
        analysis = self.whole or self._joined()
        analysis.attach_offsets(self.article.offsets)
        context = ArticleContext(self.article, analysis, self.options, self.settings, self.gathered)
        for analyzer in self.on_article:
            setattr(analysis, analyzer.layer, analyzer(context.reading_as(analyzer.name, uses_of(analyzer))))
        return analysis

    def _joined(self) -> Analysis:
        """The layers of every piece as one analysis of the article; an analyzer's `merge`
        joins its layer where more than putting the pieces side by side is needed (actors
        named in several pieces, scores over the whole); actor ids follow the actors' merge."""
        analysis = Analysis(article=_article_info(self.article), pipeline=self.pipeline.model_copy(deep=True))
        renames: dict[str, str] = {}
        for analyzer in self.on_pieces:
            rename = functools.partial(_renamed, renames)
            parts = [rename_actors(part, rename) for part in self.parts[analyzer.layer]]
            merge = getattr(analyzer, "merge", None)
            if merge is not None:
                value = merge(parts, self.article)
            elif parts and isinstance(parts[0], list):
                value = [item for part in parts for item in part]
            else:
                value = next((part for part in parts if part is not None), None)
            setattr(analysis, analyzer.layer, value)
            if analyzer.layer == "actors":
                renames = actor_renames(parts, value)
        return analysis


def _renamed(renames: dict[str, str], ident: str) -> str:
    return renames.get(ident, ident)


def _pieces(
    articles: Iterable[Article], analyzers: list[Analyzer], options: AnalyzeOptions, settings: Settings
) -> Iterator[tuple[str, tuple[_Assembly, Article, int]]]:
    """(piece text, (its article's assembly, the piece, where it starts)) for every piece."""
    pipeline = _pipeline_info(analyzers, options)  # the same for every article of the run
    for article in articles:
        cuts = cut(article.text, settings.piece_chars)
        assembly = _Assembly(article, len(cuts), analyzers, options, settings, pipeline)
        for start, end in cuts:
            piece = piece_of(article, start, end)
            yield piece.text, (assembly, piece, start)


def _batches(
    pieces: Iterator[tuple[str, tuple[_Assembly, Article, int]]], size: int, chars: int
) -> Iterator[list[tuple[str, tuple[_Assembly, Article, int]]]]:
    """At most `size` pieces and about `chars` characters at a time, so that the parses and
    encoder passes held at once stay bounded however long the articles are."""
    batch: list[tuple[str, tuple[_Assembly, Article, int]]] = []
    held = 0
    for item in pieces:
        if batch and (len(batch) == size or held + len(item[0]) > chars):
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += len(item[0])
    if batch:
        yield batch


def analyze(article: Article, options: AnalyzeOptions | None = None, settings: Settings | None = None) -> Analysis:
    """Parse once (once per piece of a long text), then let every selected analyzer fill its layer."""
    return next(analyze_all([article], options, settings, batch_size=1))


def analyze_all(
    articles: Iterable[Article],
    options: AnalyzeOptions | None = None,
    settings: Settings | None = None,
    batch_size: int = 16,
) -> Iterator[Analysis]:
    """Stream analyses of many articles, batching the parse through `nlp.pipe`.

    Each piece's encoder pass starts as its batch is formed, so the passes for a batch run on
    the second core while the first parses it.
    """
    options = options or AnalyzeOptions()
    settings = settings or Settings()
    analyzers = select(options, settings)
    nlp = load_spacy()
    for batch in _batches(_pieces(articles, analyzers, options, settings), batch_size, settings.piece_chars):
        yield from _analyse_batch(batch, analyzers, settings, nlp)


def _analyse_batch(
    batch: list[tuple[str, tuple[_Assembly, Article, int]]], analyzers: list[Analyzer], settings: Settings, nlp: Any
) -> Iterator[Analysis]:
    """Parse and analyse one batch; its parses and encoder passes go when it is done, before the
    next batch starts."""
    started = [_prefetch(piece, analyzers, settings) for _, (_, piece, _) in batch]
    docs = nlp.pipe((text for text, _ in batch), batch_size=len(batch))
    for doc, (_, (assembly, piece, start)), work in zip(docs, batch, started, strict=True):
        assembly.add(piece, start, doc, work)
        if assembly.complete:
            yield assembly.finish()
