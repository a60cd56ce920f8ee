"""Analyzers, their registry and the run that shares one spaCy parse between them.

An analyzer is a small object with a `name`, a `version`, the `layer` of `Analysis` it fills, the
layers it `requires`, and `__call__(context) -> value of that layer`. It may also have
`prefetch(article) -> {key: work}`: work that needs no parse (an encoder pass), started in a
background thread before the parse and handed to `context.shared(key, ...)`. It reads the shared parse and
earlier layers from the context and returns its own layer; it never edits another. Built-in
analyzers register with `@register` when `glasnost.analyzers` is imported; a plugin does the same
from a module named in the `glasnost.analyzers` entry-point group.
"""

from __future__ import annotations

import functools
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, ClassVar, Protocol, TypeVar

from spacy.tokens import Doc

from glasnost import __version__
from glasnost.analysis import LAYERS, Analysis, AnalysisSettings, ArticleInfo, BlockInfo, PipelineInfo, PipelineStep
from glasnost.article import Article
from glasnost.errors import Errors, GlasnostError, InputError
from glasnost.nlp import load_spacy, spacy_model_name
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


@dataclass
class Context:
    """What one analyzer sees of one article."""

    article: Article
    doc: Doc
    analysis: Analysis
    options: AnalyzeOptions
    _shared: dict[str, Any] = field(default_factory=dict)

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute something once per article for every analyzer that asks (an encoder pass)."""
        if key not in self._shared:
            self._shared[key] = compute()
        value = self._shared[key]
        if isinstance(value, Future):
            value = self._shared[key] = value.result()
        return value


class Analyzer(Protocol):
    name: ClassVar[str]
    version: ClassVar[str]
    layer: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    model: ClassVar[str | None]

    def __call__(self, context: Context) -> Any: ...


A = TypeVar("A", bound=type)
REGISTRY: dict[str, type] = {}


def register(cls: A) -> A:
    """Class decorator: make an analyzer selectable by its name."""
    if cls.layer not in LAYERS:
        raise GlasnostError(Errors.E128.format(name=cls.name, layer=cls.layer))
    REGISTRY[cls.name] = cls
    return cls


@functools.cache
def _registered() -> dict[str, type]:
    import glasnost.analyzers  # noqa: F401  (registers the built-ins)

    for entry in entry_points(group="glasnost.analyzers"):
        entry.load()
    return REGISTRY


def available() -> list[str]:
    return list(_registered())


@functools.cache
def _instance(name: str) -> Analyzer:
    """One instance per analyzer per process, so model files load once."""
    return _registered()[name]()


def select(options: AnalyzeOptions) -> list[Analyzer]:
    """The analyzers to run, in dependency order.

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
            visit(provider)
        visiting.pop()
        chosen.append(name)

    for name in wanted:
        visit(name)
    return [_instance(name) for name in chosen]


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
    )


def _prefetch(article: Article, analyzers: list[Analyzer]) -> dict[str, Future]:
    """Start the parse-free work of every analyzer on the background thread."""
    started: dict[str, Future] = {}
    for analyzer in analyzers:
        prefetch = getattr(analyzer, "prefetch", None)
        if prefetch is not None:
            for key, work in prefetch(article).items():
                if key not in started:
                    started[key] = _background().submit(work)
    return started


@functools.cache
def _background() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="glasnost-prefetch")


def _run(
    article: Article, doc: Doc, analyzers: list[Analyzer], options: AnalyzeOptions, started: dict[str, Future]
) -> Analysis:
    nlp = load_spacy()
    steps = [PipelineStep(name=a.name, version=a.version, layer=a.layer, model=a.model) for a in analyzers]
    analysis = Analysis(
        article=_article_info(article),
        pipeline=PipelineInfo(
            glasnost=__version__,
            spacy_model=spacy_model_name(nlp),
            steps=steps,
            settings=AnalysisSettings(operating_point=options.operating_point, min_score=options.min_score),
        ),
    )
    analysis.attach_offsets(article.offsets)
    context = Context(article=article, doc=doc, analysis=analysis, options=options, _shared=dict(started))
    for analyzer in analyzers:
        setattr(analysis, analyzer.layer, analyzer(context))
    return analysis


def analyze(article: Article, options: AnalyzeOptions | None = None) -> Analysis:
    """Parse once, then let every selected analyzer fill its layer."""
    options = options or AnalyzeOptions()
    analyzers = select(options)
    started = _prefetch(article, analyzers)
    return _run(article, load_spacy()(article.text), analyzers, options, started)


def analyze_all(
    articles: Iterable[Article], options: AnalyzeOptions | None = None, batch_size: int = 16
) -> Iterator[Analysis]:
    """Stream analyses of many articles, batching the parse through `nlp.pipe`.

    Each article's prefetch work starts as spaCy takes it in, so encoder passes for a batch run
    on the second core while the first parses it.
    """
    options = options or AnalyzeOptions()
    analyzers = select(options)
    nlp = load_spacy()
    fed = ((a.text, (a, _prefetch(a, analyzers))) for a in articles)
    for doc, (article, started) in nlp.pipe(fed, as_tuples=True, batch_size=batch_size):
        yield _run(article, doc, analyzers, options, started)
