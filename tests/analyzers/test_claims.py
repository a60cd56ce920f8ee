from __future__ import annotations

import pytest

from glasnost import Article, analyze, load
from glasnost.analysis import Cue, Sentence
from glasnost.analyzers.claims import claim_type
from glasnost.certainty import classify
from glasnost.nlp import load_spacy
from glasnost.pipeline import AnalyzeOptions
from glasnost.sentence_models.heads import heads_available


def _type(text: str, certainty: str = "asserted", cues: list[tuple[str, str]] = ()) -> str:
    doc = load_spacy()(text)
    sent = next(iter(doc.sents))
    cue_objs = [Cue(start=text.index(t), end=text.index(t) + len(t), text=t, kind=k) for t, k in cues]
    sentence = Sentence(start=0, end=len(text), text=text, index=0, certainty=certainty, cues=cue_objs)
    return claim_type(sent, _quoted(sent, sentence))


def _quoted(sent, sentence: Sentence) -> bool:
    """What the sentences layer tells the claims layer: an attributed sentence naming its source."""
    return sentence.certainty == "attributed" and classify(sent).quoted


@pytest.mark.parametrize(
    "text, certainty, cues, expected",
    [
        ("The harbour handled 3.4 million tonnes of cargo.", "asserted", [], "statistic"),
        ("Unemployment rose by 12 percent.", "asserted", [], "statistic"),
        ("The mayor said the pier would reopen.", "attributed", [("said", "attribution")], "quote"),
        ("The new line will open next spring.", "asserted", [], "prediction"),
        ("The ferry was cancelled because of the storm.", "asserted", [], "causal"),
        ("Protesters blocked the road to the port on Tuesday.", "asserted", [], "event"),
        ("Democracy is a fragile thing.", "asserted", [], "other"),
    ],
)
def test_claim_types(text, certainty, cues, expected):
    assert _type(text, certainty, cues) == expected


@pytest.mark.skipif(not heads_available(), reason="sentence heads or their encoder absent")
def test_claims_are_sentences_above_the_threshold_ranked_best_first():
    text = (
        "What a beautiful morning it was. "
        "The government cut the health budget by 30 percent in 2019. "
        "I really hope you enjoy the festival."
    )
    analysis = analyze(Article.from_text(text), AnalyzeOptions(only=("claims",)))
    assert analysis.claims, [s.checkworthiness for s in analysis.sentences]
    top = analysis.claims[0]
    assert top.text == "The government cut the health budget by 30 percent in 2019."
    assert top.claim_type == "statistic"
    assert top.certainty == analysis.sentences[top.sentence].certainty
    assert [c.score for c in analysis.claims] == sorted((c.score for c in analysis.claims), reverse=True)
    assert all(text[c.start : c.end] == c.text for c in analysis.claims)
    everything = analyze(Article.from_text(text), AnalyzeOptions(only=("claims",), min_score=0.0))
    assert len(everything.claims) == 3


@pytest.mark.skipif(not heads_available(), reason="sentence heads or their encoder absent")
def test_title_byline_and_headings_are_never_claims(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(
        "By: Maria Holm, Coastal Desk\n\n"
        "The ferry that never sailed\n\n"
        "The new ferry cost the county 48 million euros in 2021. It has not carried a single passenger.\n\n"
        "Where did the money go\n\n"
        "The builder was paid twice for the same hull, the auditors found last week.\n",
        encoding="utf-8",
    )
    article = load(path)
    assert {b.kind for b in article.blocks} >= {"byline", "title", "heading"}
    analysis = analyze(article, AnalyzeOptions(only=("claims",), min_score=0.0))
    claimed = {c.text for c in analysis.claims}
    assert "The new ferry cost the county 48 million euros in 2021." in claimed
    furniture = [b for b in analysis.article.blocks if b.kind != "paragraph"]
    for claim in analysis.claims:
        assert not any(b.start <= claim.start and claim.end <= b.end for b in furniture), claim.text
    assert any(s.text == "Where did the money go" for s in analysis.sentences)


@pytest.mark.parametrize(
    "text",
    [
        "No one knows how the fire in the warehouse started.",
        "The harbour master was the one who signed the permit.",
        "The blockade was organised by one group of fishermen.",
        "It was the first storm of the winter.",
    ],
)
def test_one_and_ordinals_are_no_statistic(text):
    assert _type(text) != "statistic"


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of residents marched to the town hall.",
        "Dozens of boats were damaged in the storm.",
        "The repairs cost the county millions of euros.",
        "One in five residents works at the port.",
    ],
)
def test_counts_and_amounts_are_statistics(text):
    assert _type(text) == "statistic"


@pytest.mark.parametrize(
    "text",
    [
        "It was the same long before the floods.",
        "It was a quiet fishing town in those days.",
        "He was a famous local painter who later moved to the capital.",
        "Most residents did not know that the plant existed.",
        "The new quay must be finished by spring.",
    ],
)
def test_a_copula_or_a_state_is_no_event(text):
    assert _type(text) == "other"


@pytest.mark.parametrize(
    "text",
    [
        "The storm destroyed the old pier.",
        "The mayor was arrested by the police in the harbour.",
        "The council has approved the new ferry timetable.",
        "Fishermen block the harbour entrance every Friday morning.",
    ],
)
def test_an_action_in_the_past_or_with_a_date_is_an_event(text):
    assert _type(text) == "event"


def _typed(text: str) -> str:
    """The claim type with the certainty and cues the rules give the sentence."""
    analysis = analyze(Article.from_text(text), AnalyzeOptions(only=("sentences",)))
    (sentence,) = analysis.sentences
    sent = next(iter(load_spacy()(text).sents))
    return claim_type(sent, _quoted(sent, sentence))


@pytest.mark.parametrize(
    "text, expected",
    [
        # quote first: what a named source said, whatever it says
        ("According to the coastguard, 40 sailors were rescued.", "quote"),
        ("The harbour authority denied the report as false.", "quote"),
        ("Local critics attacked the mayor, calling him a liar.", "quote"),
        ("The mayor said ferry fares will rise by 10 percent next year.", "quote"),
        # hearsay or a belief is certainty, not a quote
        ("Unemployment in the county reportedly fell to 4.1% in March.", "statistic"),
        ("The mayor is said to have sold 300 shares before the vote.", "statistic"),
        ("The union believes that the council wasted 2 million euros.", "statistic"),
        # a source's denial is a quote
        ("The ministry denied that the port had been closed.", "quote"),
        # a forecast with a number is a prediction
        ("Ferry fares will rise by 10% next year.", "prediction"),
        ("The audit office is expected to publish its review in January.", "prediction"),
        # "will" as a noun is no forecast
        ("The council ignored the will of 200 villagers.", "statistic"),
        # a date ahead of a past tense is no forecast
        ("The old ferry service had ended by 2021.", "event"),
    ],
)
def test_claim_type_priority(text, expected):
    assert _typed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The minister reportedly met the envoy, but there is no evidence that the meeting took place.",
        "Officials are said to have closed the port, which is not true.",
    ],
)
def test_hearsay_the_text_itself_denies_is_no_quote(text):
    assert _typed(text) != "quote"


@pytest.mark.parametrize(
    "text", ["They\u2019ll raise taxes.", "They'll raise taxes.", "The council won\u2019t reopen the pier."]
)
def test_a_future_modal_with_a_curly_apostrophe_is_a_prediction(text):
    assert _type(text) == "prediction"
