"""Certainty rules on hand-made sentences (no model: the hedging score is passed in)."""

from __future__ import annotations

import pytest

from glasnost.certainty import classify
from glasnost.nlp import load_spacy


def label_and_cues(text: str, hedging: float | None = None, threshold: float = 0.5):
    doc = load_spacy()(text)
    sent = next(iter(doc.sents))
    result = classify(sent, hedging, threshold)
    return result.label, [(text[c.start : c.end], c.kind) for c in result.cues]


@pytest.mark.parametrize(
    "text, label, cue",
    [
        ("The harbour authority said the new pier would open in June.", "attributed", ("said", "attribution")),
        ("According to the ministry, twelve ferries were cancelled.", "attributed", ("According to", "attribution")),
        ("The mayor reportedly sold his shares before the vote.", "attributed", ("reportedly", "attribution")),
        ("The council rejected the report as false and said the budget was balanced.", "attributed",
         ("rejected the report as false", "denial")),
        ("It is not true that the bridge was closed for a month.", "denied", ("It is not true that", "denial")),
        ("There is no evidence that the water was contaminated.", "denied", ("There is no evidence that", "denial")),
        ("The fire could have been started by a faulty heater.", "speculative", ("could", "speculation")),
        ("It is hard to be sure whether the strike will end this week.", "speculative",
         ("It is hard to be sure", "speculation")),
        ("No one can be certain the dam will hold.", "speculative", ("No one can be certain", "speculation")),
        ("Possibly the captain never saw the warning.", "speculative", ("Possibly", "speculation")),
        ("The delay was probably caused by the storm.", "hedged", ("probably", "hedge")),
        ("The old mill is widely regarded as the finest building in the valley.", "hedged",
         ("is widely regarded as", "weasel")),
        ("The plan appears to favour the larger towns.", "hedged", ("appears", "hedge")),
        ("Why did the council wait so long?", "question", ("?", "question")),
        ("The ferry left the harbour at nine o'clock.", "asserted", None),
    ],
)
def test_labels_and_their_cues(text, label, cue):
    got_label, cues = label_and_cues(text)
    assert got_label == label, cues
    if cue is not None:
        assert cue in cues


def test_cue_offsets_point_into_the_text():
    text = "Residents waited for hours. The mayor, who arrived late, said the roads might reopen tomorrow."
    doc = load_spacy()(text)
    sents = list(doc.sents)
    result = classify(sents[1])
    assert result.label == "attributed"
    for cue in result.cues:
        assert sents[1].start_char <= cue.start < cue.end <= sents[1].end_char
    assert ("said", "attribution") in [(text[c.start : c.end], c.kind) for c in result.cues]
    assert ("might", "speculation") in [(text[c.start : c.end], c.kind) for c in result.cues]


def test_speech_verb_in_a_relative_clause_does_not_frame_the_sentence():
    label, cues = label_and_cues("People who claimed to be witnesses could be paid actors.")
    assert label == "speculative"
    assert all(kind != "attribution" for _, kind in cues)


def test_unrealised_speech_act_is_not_a_report():
    assert label_and_cues("They can even accuse the mayor of fraud.")[0] == "asserted"
    assert label_and_cues("New groups could claim a share of the port.")[0] == "speculative"


def test_negated_modal_is_not_speculation():
    label, cues = label_and_cues("The ship could not leave the harbour.")
    assert label == "asserted"
    assert ("could", "speculation") not in cues


def test_weak_weasel_word_needs_the_hedging_score():
    text = "Local fishermen often ignore the speed limit in the bay."
    assert label_and_cues(text, hedging=0.2)[0] == "asserted"
    assert label_and_cues(text, hedging=0.9)[0] == "hedged"
    assert ("often", "weasel") in label_and_cues(text, hedging=0.2)[1]


def test_booster_is_shown_but_changes_nothing():
    label, cues = label_and_cues("The tunnel will certainly be finished by spring.")
    assert label == "asserted"
    assert ("certainly", "booster") in cues


def test_not_certain_is_speculation_not_a_booster():
    label, cues = label_and_cues("The merger is possible but not certain.")
    assert label == "speculative"
    assert all(kind != "booster" for _, kind in cues)


def test_first_person_belief_hedges_third_person_belief_attributes():
    assert label_and_cues("I think the council made a mistake.")[0] == "hedged"
    assert label_and_cues("The union believes that the council made a mistake.")[0] == "attributed"


def test_quotation_framed_after_the_quote_is_attributed():
    label, cues = label_and_cues('"We will rebuild the pier," the mayor said.')
    assert label == "attributed"
    assert ("said", "attribution") in cues


def test_so_called_is_not_a_speech_verb():
    assert label_and_cues("The so-called reform raised fees for every family.")[0] == "asserted"


@pytest.mark.parametrize(
    "text", ["The mayor praised the rescuers on several occasions.", "The ferry broke down many times last winter."]
)
def test_a_vague_count_of_occasions_is_no_weasel_word(text):
    label, cues = label_and_cues(text, hedging=0.9)
    assert label == "asserted"
    assert all(kind != "weasel" for _, kind in cues)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("Some say the harbour will never reopen.", "Some say"),
        ("Many believe the mayor knew about the leak.", "Many believe"),
        ("Several experts claim the bridge is unsafe.", "Several experts claim"),
    ],
)
def test_sourceless_crowds_stay_weasel_words(text, cue):
    label, cues = label_and_cues(text)
    assert label == "hedged"
    assert (cue, "weasel") in cues


@pytest.mark.parametrize(
    "text",
    [
        "The protesters filmed the march and posted photos showing their faces.",
        "The mayor tweeted a picture of the flooded pier.",
        "The ministry published a map of the new harbour.",
    ],
)
def test_publishing_something_other_than_speech_is_no_attribution(text):
    label, cues = label_and_cues(text)
    assert label == "asserted", cues
    assert all(kind != "attribution" for _, kind in cues)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The mayor posted that the bridge would stay closed.", "posted"),
        ("The harbour master posted a message saying the ferry was late.", "posted"),
    ],
)
def test_publishing_what_someone_says_is_attribution(text, cue):
    label, cues = label_and_cues(text)
    assert label == "attributed"
    assert (cue, "attribution") in cues


@pytest.mark.parametrize(
    "text, cue",
    [
        ("One can assume that the ferry left early.", "One can assume"),
        ("We can only assume how cold the water was that night.", "We can only assume"),
    ],
)
def test_one_phrase_is_one_cue_of_the_stronger_kind(text, cue):
    label, cues = label_and_cues(text)
    assert label == "speculative"
    assert [c for c in cues if c[0] == cue] == [(cue, "speculation")]


def test_hard_to_imagine_what_is_speculation_like_hard_to_be_sure():
    label, cues = label_and_cues("It is hard to imagine what the minister was thinking last night.")
    assert label == "speculative"
    assert ("It is hard to imagine", "speculation") in cues


def test_hard_to_imagine_a_thing_asserts_it():
    assert label_and_cues("It is hard to imagine a worse winter for the fishing fleet.")[0] == "asserted"


@pytest.mark.parametrize(
    "text, cue",
    [
        ("Local critics attacked the mayor, calling him a liar.", ("calling", "attribution")),
        ("The council closed the coast road, saying it was unsafe.", ("saying", "attribution")),
        ("The ministry issued a statement, denying the report as false.", ("denying the report as false", "denial")),
    ],
)
def test_a_participle_trailing_the_main_verb_reports_for_its_subject(text, cue):
    label, cues = label_and_cues(text)
    assert label == "attributed"
    assert cue in cues


def test_a_participle_without_reported_content_is_no_report():
    assert label_and_cues("The harbour master left the meeting, saying nothing.")[0] == "asserted"


def _quoted(text: str) -> bool:
    return classify(next(iter(load_spacy()(text).sents))).quoted


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("The ministry denied that the port had been closed.", True),
        ("According to the coastguard, the ferry sank at noon.", True),
        ("The mayor said the pier would reopen.", True),
        # attributed, but to nobody who can be asked: hearsay, a belief, the text's own denial
        ("The minister reportedly met the envoy, but there is no evidence that the meeting took place.", False),
        ("Officials are said to have closed the port, which is not true.", False),
        ("The union believes that the council wasted the money.", False),
        ("It is not true that the bridge was closed for a month.", False),
    ],
)
def test_quoted_only_when_a_source_says_or_denies_it(text, quoted):
    assert _quoted(text) is quoted
