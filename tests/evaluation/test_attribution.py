"""The attribution scorer, the PolNeAR reader and the learned quote scorer on hand-worked cases."""

from __future__ import annotations

import math

import pytest

from glasnost import Article, analyze
from glasnost.analysis import Quote, Span
from glasnost.attribution.polnear import parse_ann, read_split
from glasnost.attribution.scorer import Rates, ScorerModel, features, load_model
from glasnost.evaluation.attribution import (
    Predicted,
    quotes_to_predictions,
    score,
    score_document,
)

ANN = (
    "T1\tSource 0 5\tAlice\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 31\tthat rain was coming\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 33 40;52 60\tpart one part two\n"
    "T6\tCue 41 46\tnoted\n"
    "T7\tAttribution-no-source 41 46\tnoted\n"
    "E2\tAttribution-no-source:T7 Content:T5 Cue:T6\n"
    "T8\tDiscuss 0 3\tAli\n"
)


def test_parse_ann_reads_fragments_sources_and_skips_bookkeeping():
    gold = parse_ann(ANN)
    assert [g.id for g in gold] == ["E1", "E2"]
    assert gold[0].content == ((11, 31),) and gold[0].source_span == (0, 5) and gold[0].cue_span == (6, 10)
    assert gold[1].content == ((33, 40), (52, 60)) and gold[1].source is None
    assert gold[1].content_span == (33, 60)


def test_read_split_keeps_one_annotator_per_article(tmp_path):
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "a.txt").write_text("Alice said that rain was coming. " * 3)
    for annotator in ("b2", "a1"):
        (tmp_path / "dev" / "attributions" / f"a_{annotator}.ann").write_text(ANN)
    docs = list(read_split(tmp_path, "dev"))
    assert [(d.name, d.annotator, len(d.attributions)) for d in docs] == [("a", "a1", 2)]


def test_half_of_the_longer_span_is_the_match_line():
    gold = parse_ann(
        "T1\tContent 0 20\tx\nT2\tCue 30 34\tsaid\nT3\tSource 35 37\the\n"
        "E1\tAttribution:T9 Content:T1 Cue:T2 Source:T3\n"
    )
    # 10 of 20 shared: exactly half of the longer -> match
    assert score_document([Predicted(((10, 20),), (35, 36))], gold) == (1, 1, 1)
    # 10 shared, prediction 21 long: below half of the longer -> no match
    assert score_document([Predicted(((10, 31),), None)], gold)[0] == 0
    # the speaker must overlap the gold source
    assert score_document([Predicted(((0, 20),), (30, 34))], gold) == (1, 1, 0)


def test_matching_is_one_to_one_and_fragments_count_their_characters():
    gold = parse_ann(
        "T1\tContent 0 10;20 30\tx\nT2\tCue 12 16\tsaid\nE1\tAttribution-no-source:T9 Content:T1 Cue:T2\n"
    )
    two = [Predicted(((0, 10),)), Predicted(((0, 10), (20, 30)))]
    matched, pairs, correct = score_document(two, gold)
    assert (matched, pairs, correct) == (1, 0, 0)  # one gold, one match; no source, no speaker pair


def test_quotes_sharing_a_cue_are_one_prediction():
    cue = Span(start=20, end=24, text="said")
    quotes = [
        Quote(
            start=0,
            end=10,
            text="x" * 10,
            kind="direct",
            cue=cue,
            speaker_mention=Span(start=25, end=27, text="he"),
            score=0.9,
        ),
        Quote(
            start=30,
            end=40,
            text="y" * 10,
            kind="direct",
            cue=cue,
            speaker_mention=Span(start=25, end=27, text="he"),
            score=0.9,
        ),
        Quote(start=50, end=60, text="z" * 10, kind="indirect", score=0.5),
    ]
    preds = quotes_to_predictions(quotes)
    assert sorted(p.content for p in preds) == [((0, 10), (30, 40)), ((50, 60),)]


def test_report_arithmetic():
    from glasnost.attribution.polnear import PolnearDocument

    doc = PolnearDocument("d", "a", "z" * 100, parse_ann(ANN))
    report = score([(doc, [Predicted(((11, 31),), (0, 3)), Predicted(((80, 90),))])], "test")
    assert (report.gold, report.predicted, report.matched) == (2, 2, 1)
    assert report.precision == 0.5 and report.recall == 0.5 and report.f1 == 0.5
    assert report.speaker_accuracy == 1.0
    assert "F1 0.500" in report.format()


def _candidate(text: str, cue: str):
    """The scorer's candidate for the cue word in text, through the real extraction."""
    from glasnost.attribution import extract
    from glasnost.nlp import load_spacy

    doc = load_spacy()(text)
    regions = extract.Regions(extract.quote_regions(text))
    return next(c for c in extract.candidates(doc, text, regions) if text[slice(*c.cue)].startswith(cue))


def test_a_hand_set_model_computes_the_logistic_of_its_weighted_features():
    cand = _candidate("The minister said that the bridge was safe.", "said")
    rates = Rates(pattern={"ccomp": [1, 2]}, lemma={}, lemma_pattern={})
    f = features(cand, rates)
    assert f["pattern=ccomp"] == 1.0 and f["speech_verb"] == 1.0 and f["content_wh_that"] == 1.0
    model = ScorerModel(["speech_verb", "pattern=ccomp"], [1.0, 0.5], -1.0, 0.5, rates, "test")
    assert model.score(cand) == pytest.approx(1 / (1 + math.exp(-0.5)))


def test_the_shipped_scorer_prefers_speech_to_eating():
    model = load_model()
    said = model.score(_candidate("The minister said that the bridge was safe.", "said"))
    ate = model.score(_candidate("The minister ate an apple at the bridge.", "ate"))
    assert said > model.threshold > ate
    assert 0.0 <= ate < said <= 1.0


def test_evaluate_runs_the_real_pipeline_on_a_tiny_corpus(tmp_path):
    from glasnost.evaluation.attribution import evaluate

    text = "Alice Moreau said that rain was coming. The farmers were worried about the harvest."
    ann = (
        "T1\tSource 0 12\tAlice Moreau\nT2\tCue 13 17\tsaid\nT3\tContent 18 38\tthat rain was coming\n"
        "E1\tAttribution:T9 Content:T3 Cue:T2 Source:T1\n"
    )
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "x.txt").write_text(text)
    (tmp_path / "dev" / "attributions" / "x_a1.ann").write_text(ann)
    report = evaluate(tmp_path, "dev")
    assert report.gold == 1 and report.matched == 1 and report.speaker_accuracy == 1.0
    assert analyze(Article.from_text(text)).quotes[0].text == "that rain was coming"
