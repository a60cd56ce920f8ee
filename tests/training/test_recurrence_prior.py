"""The TC recurrence prior is counted from gold spans: a technique whose fragments recur in
their article more often than other techniques' gets a positive log-odds when a fragment recurs."""

from __future__ import annotations

from glasnost.techniques.corpus import CorpusArticle
from glasnost.techniques.ptc_format import Span
from glasnost.training.techniques import recurrence_prior


def _article(article_id: str, text: str, labelled: list[tuple[str, str]]) -> CorpusArticle:
    spans = []
    for fragment, technique in labelled:
        start = text.rindex(fragment)
        spans.append(Span(article_id, start, start + len(fragment), technique))
    return CorpusArticle(article_id, text, spans)


def test_a_technique_of_recurring_fragments_gets_a_positive_prior_when_they_recur():
    text = "Build the wall. The mayor lied again. Build the wall. A shameful, corrupt deal."
    train = [
        _article("1", text, [("Build the wall", "Repetition"), ("shameful", "Loaded_Language"), ("corrupt", "Loaded_Language")]),
        _article("2", "Jobs, jobs, jobs. The reckless plan failed. Jobs, jobs, jobs.", [("Jobs, jobs, jobs", "Repetition"), ("reckless", "Loaded_Language")]),
    ]
    prior = recurrence_prior(train)["Repetition"]
    assert prior["recurs"] > 0 > prior["once"]
    assert recurrence_prior(train, ("Straw_Man",)) == {}
