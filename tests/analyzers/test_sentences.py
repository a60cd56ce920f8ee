from __future__ import annotations

import pytest

from glasnost import Article, analyze
from glasnost.pipeline import AnalyzeOptions
from glasnost.sentence_models.heads import heads_available

needs_heads = pytest.mark.skipif(
    not heads_available(), reason="sentence heads or their encoder (glasnost/models/techniques) absent"
)


def test_sentences_are_trimmed_and_never_cross_a_line_break():
    text = "A Title Without Stop\n\nThe first claim is here. The second one follows.\n\nA heading\n\nLast words."
    sentences = analyze(Article.from_text(text)).sentences
    assert [s.text for s in sentences] == [
        "A Title Without Stop",
        "The first claim is here.",
        "The second one follows.",
        "A heading",
        "Last words.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == list(range(len(sentences)))


def test_every_sentence_gets_a_certainty_label_and_cues_inside_it():
    text = (
        "The port authority said the new ferry terminal would open in June. "
        "The delay could have been caused by the storm. "
        "Why did nobody warn the passengers?"
    )
    sentences = analyze(Article.from_text(text), AnalyzeOptions(only=("sentences",))).sentences
    assert [s.certainty for s in sentences] == ["attributed", "speculative", "question"]
    for s in sentences:
        for cue in s.cues:
            assert s.start <= cue.start < cue.end <= s.end
            assert cue.text == text[cue.start : cue.end]
    assert ("said", "attribution") in [(c.text, c.kind) for c in sentences[0].cues]
    assert ("could", "speculation") in [(c.text, c.kind) for c in sentences[1].cues]


@needs_heads
def test_a_one_sentence_article_gets_its_scores():
    analysis = analyze(Article.from_text("Unemployment in the county fell to 4.2 percent last year."))
    (sentence,) = analysis.sentences
    for score in (sentence.checkworthiness, sentence.subjectivity, sentence.hedging):
        assert score is not None and 0.0 <= score <= 1.0
    step = next(s for s in analysis.pipeline.steps if s.name == "sentences")
    assert step.model and step.model.startswith("sentences-heads")


@needs_heads
def test_scores_rank_the_obvious_cases():
    text = (
        "The city spent 12 million dollars on the new bridge in 2021. "
        "Honestly, I just love how lovely the evenings are here! "
        "Some people say the old bridge was considered one of the finest in the region."
    )
    s = analyze(Article.from_text(text), AnalyzeOptions(only=("sentences",))).sentences
    assert s[0].checkworthiness > s[1].checkworthiness
    assert s[1].subjectivity > s[0].subjectivity
    assert s[2].hedging > s[0].hedging
