from __future__ import annotations

import pytest

from glasnost import Article, analyze
from glasnost.pipeline import AnalyzeOptions
from glasnost.sentence_models.heads import load_heads


@pytest.mark.skipif(load_heads() is None or load_heads().genre is None, reason="genre head or encoder absent")
def test_a_wire_report_gets_no_opinion_badge():
    text = (
        "Port Talbot, Tuesday. The council announced on Monday that the harbour will close for repairs, "
        "a spokesman said. According to the statement, 240 workers are affected.\n\n"
        "Officials told reporters the work would cost 3 million pounds. The harbour master said ferries "
        "to the islands would sail from the old quay in the meantime, and that the timetable would not "
        "change. Shop owners on the quay said they expected more customers during the works."
    )
    analysis = analyze(Article.from_text(text), AnalyzeOptions(only=("genre",)))
    assert analysis.genre is not None
    assert analysis.genre.label in ("reporting", "uncertain")
    assert 0.0 <= analysis.genre.score <= 1.0
    if analysis.genre.label == "uncertain":
        assert analysis.genre.score < load_heads().genre.confidence
    assert any(step.name == "sentences" for step in analysis.pipeline.steps)


def test_a_single_sentence_has_no_genre():
    analysis = analyze(Article.from_text("The ferry left at nine."), AnalyzeOptions(only=("genre",)))
    assert analysis.genre is None
