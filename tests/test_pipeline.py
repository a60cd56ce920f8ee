"""The analyzer protocol as a plugin author meets it: register, select, share the parse."""

from __future__ import annotations

from typing import ClassVar

import pytest

from glasnost import (
    AnalyzeOptions,
    Article,
    GlasnostError,
    InputError,
    analyze,
    analyze_all,
)
from glasnost.pipeline import available, select
from glasnost.registry import REGISTRY, register

TEXT = "Premier Anna Berg said the plan was a disaster. Critics in Oslo disagreed with her."


def test_default_pipeline_names_every_step_and_version():
    analysis = analyze(Article.from_text(TEXT))
    steps = {step.name: step for step in analysis.pipeline.steps}
    assert {"sentences", "entities", "stats"} <= set(steps)
    assert all(step.version for step in steps.values())
    assert analysis.pipeline.spacy_model.startswith("en_core_web_sm")


def test_only_pulls_in_required_layers_and_skip_leaves_a_layer_empty():
    names = [a.name for a in select(AnalyzeOptions(only=("stats",)))]
    assert names[-1] == "stats" and {"sentences", "entities"} <= set(names)
    analysis = analyze(Article.from_text(TEXT), AnalyzeOptions(skip=("stats", "entities")))
    assert analysis.entities == [] and analysis.stats is None and analysis.sentences


def test_unknown_or_unsatisfiable_selection_is_an_input_error():
    with pytest.raises(InputError, match="unknown analyzer 'nope'"):
        select(AnalyzeOptions(only=("nope",)))
    with pytest.raises(InputError, match="needs layer 'sentences'"):
        select(AnalyzeOptions(only=("stats",), skip=("sentences",)))


def test_skip_drops_the_analyzers_that_need_the_skipped_layer():
    names = {a.name for a in select(AnalyzeOptions(skip=("sentences",)))}
    assert "sentences" not in names and "stats" not in names and "entities" in names


def test_a_plugin_analyzer_sees_the_same_parse_earlier_layers_and_shared_work():
    seen = []

    @register
    class Probe:
        name: ClassVar[str] = "test-probe"
        version: ClassVar[str] = "0.0.1"
        layer: ClassVar[str] = "claims"
        requires: ClassVar[tuple[str, ...]] = ("actors", "sentences")
        uses: ClassVar[tuple[str, ...]] = ("arrays", "sentence_spans")
        model: ClassVar[str | None] = None

        def __call__(self, context):
            seen.append((context.doc, len(context.analysis.sentences), context.arrays, context.sentence_spans))
            return []

    try:
        assert "test-probe" in available()
        analysis = analyze(Article.from_text(TEXT), AnalyzeOptions(only=("test-probe",)))
        doc, sentences, arrays, spans = seen[0]
        assert sentences == len(analysis.sentences) == 2 and doc.text == TEXT
        assert arrays.doc is doc and len(arrays.lower) == len(doc)
        assert [(a, b) for a, b, _ in spans] == [(s.start, s.end) for s in analysis.sentences]
    finally:
        REGISTRY.pop("test-probe")


def test_shared_work_is_computed_once_for_every_analyzer_that_reads_it():
    seen = []

    class Probe:
        requires: ClassVar[tuple[str, ...]] = ()
        uses: ClassVar[tuple[str, ...]] = ("polarity", "encoded")
        version: ClassVar[str] = "0.0.1"
        model: ClassVar[str | None] = None

        def __call__(self, context):
            seen.append((context.polarity, context.encoded()))
            return []

    register(type("First", (Probe,), {"name": "test-first", "layer": "claims"}))
    register(type("Second", (Probe,), {"name": "test-second", "layer": "quotes"}))
    try:
        analyze(Article.from_text(TEXT), AnalyzeOptions(only=("test-first", "test-second")))
        (polarity, encoded), (polarity_again, encoded_again) = seen
        assert polarity is polarity_again and encoded is encoded_again
        assert encoded.text == TEXT and len(encoded) > 10
    finally:
        REGISTRY.pop("test-first"), REGISTRY.pop("test-second")


def test_reading_work_an_analyzer_did_not_declare_is_an_error():
    @register
    class Sneaky:
        name: ClassVar[str] = "test-sneaky"
        version: ClassVar[str] = "0.0.1"
        layer: ClassVar[str] = "claims"
        requires: ClassVar[tuple[str, ...]] = ()
        uses: ClassVar[tuple[str, ...]] = ("sentence_spans",)
        model: ClassVar[str | None] = None

        def __call__(self, context):
            assert context.sentence_spans
            return context.arrays

    try:
        with pytest.raises(GlasnostError, match=r"'test-sneaky' read context.arrays without naming it"):
            analyze(Article.from_text(TEXT), AnalyzeOptions(only=("test-sneaky",)))
    finally:
        REGISTRY.pop("test-sneaky")


def test_declaring_unknown_shared_work_fails_at_registration():
    class Unknown:
        name: ClassVar[str] = "test-unknown"
        version: ClassVar[str] = "0.0.1"
        layer: ClassVar[str] = "claims"
        requires: ClassVar[tuple[str, ...]] = ()
        uses: ClassVar[tuple[str, ...]] = ("telepathy",)
        model: ClassVar[str | None] = None

    with pytest.raises(GlasnostError, match="unknown context work 'telepathy'"):
        register(Unknown)
    assert "test-unknown" not in REGISTRY


def test_scopes_are_checked_where_an_analyzer_is_registered_or_selected():
    def analyzer(name, **body):
        base = {"name": name, "version": "0.0.1", "layer": "claims", "requires": (), "model": None}
        return type(name, (), {**base, **body, "__call__": lambda self, context: []})

    with pytest.raises(GlasnostError, match="unknown scope 'everywhere'"):
        register(analyzer("test-everywhere", scope="everywhere"))
    with pytest.raises(GlasnostError, match="uses unknown context work 'arrays'"):
        register(analyzer("test-whole", scope="article", uses=("arrays",)))
    register(analyzer("test-after-stats", requires=("stats",)))
    try:
        with pytest.raises(GlasnostError, match="needs layer 'stats', which analyzer 'stats' fills for the whole"):
            select(AnalyzeOptions(only=("test-after-stats",)))
    finally:
        REGISTRY.pop("test-after-stats")
    assert not {"test-everywhere", "test-whole"} & set(REGISTRY)


def test_analyze_all_streams_in_input_order():
    texts = [TEXT, "The minister resigned on Friday in Helsinki.", TEXT + " More."]
    results = list(analyze_all(Article.from_text(t) for t in texts))
    assert [r.article.text for r in results] == texts


LOADED = (
    "The corrupt, lying elites have once again stabbed hard-working families in the back. "
    "Their disastrous, shameful deal is a betrayal of everything we hold dear. "
    "Officials said the agreement would be signed on Tuesday in Geneva."
)


def test_operating_point_moves_the_technique_thresholds_and_is_recorded():
    article = Article.from_text(LOADED)
    found = {}
    for point in ("precision", "balanced", "recall"):
        analysis = analyze(article, AnalyzeOptions(only=("techniques",), operating_point=point))
        assert analysis.pipeline.settings.operating_point == point
        assert analysis.pipeline.settings.min_score is None
        found[point] = analysis.techniques
    covered = {p: sum(t.end - t.start for t in spans) for p, spans in found.items()}
    assert covered["precision"] <= covered["balanced"] <= covered["recall"]
    assert covered["recall"] > covered["precision"]
    strict = analyze(article, AnalyzeOptions(only=("techniques",), min_score=0.9))
    assert strict.pipeline.settings.min_score == 0.9
    assert all(t.score >= 0.9 for t in strict.techniques)


def test_unknown_operating_point_or_score_out_of_range_is_an_input_error():
    with pytest.raises(InputError, match="unknown operating point 'loose'"):
        AnalyzeOptions(operating_point="loose")
    with pytest.raises(InputError, match="between 0 and 1"):
        AnalyzeOptions(min_score=1.5)
