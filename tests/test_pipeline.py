"""The analyzer protocol as a plugin author meets it: register, select, share the parse."""

from __future__ import annotations

from typing import ClassVar

import pytest

from glasnost import AnalyzeOptions, Article, InputError, analyze, analyze_all
from glasnost.pipeline import REGISTRY, available, register, select

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


def test_a_plugin_analyzer_sees_the_same_parse_and_earlier_layers():
    seen = []

    @register
    class Probe:
        name: ClassVar[str] = "test-probe"
        version: ClassVar[str] = "0.0.1"
        layer: ClassVar[str] = "claims"
        requires: ClassVar[tuple[str, ...]] = ("sentences",)
        model: ClassVar[str | None] = None

        def __call__(self, context):
            seen.append((context.doc, len(context.analysis.sentences), context.shared("x", object)))
            assert context.shared("x", object) is seen[-1][2]
            return []

    try:
        assert "test-probe" in available()
        analysis = analyze(Article.from_text(TEXT), AnalyzeOptions(only=("test-probe",)))
        assert seen and seen[0][1] == len(analysis.sentences) == 2
        assert seen[0][0].text == TEXT
    finally:
        REGISTRY.pop("test-probe")


def test_analyze_all_streams_in_input_order():
    texts = [TEXT, "The minister resigned on Friday in Helsinki.", TEXT + " More."]
    results = list(analyze_all(Article.from_text(t) for t in texts))
    assert [r.article.text for r in results] == texts


def test_prefetched_work_reaches_the_analyzer_through_shared():
    calls = []

    @register
    class Prefetching:
        name: ClassVar[str] = "test-prefetch"
        version: ClassVar[str] = "0.0.1"
        layer: ClassVar[str] = "claims"
        requires: ClassVar[tuple[str, ...]] = ()
        model: ClassVar[str | None] = None

        @staticmethod
        def prefetch(article):
            return {"probe": lambda: calls.append(article.text) or len(article.text)}

        def __call__(self, context):
            assert context.shared("probe", lambda: -1) == len(context.article.text)
            return []

    try:
        options = AnalyzeOptions(only=("test-prefetch",))
        analyze(Article.from_text(TEXT), options)
        list(analyze_all([Article.from_text(TEXT), Article.from_text(TEXT + " Again.")], options))
        assert calls == [TEXT, TEXT, TEXT + " Again."]
    finally:
        REGISTRY.pop("test-prefetch")


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
