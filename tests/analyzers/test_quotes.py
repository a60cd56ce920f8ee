"""Quotes and reported speech through the public interface, on sentences written for these tests."""

from __future__ import annotations

from glasnost import AnalyzeOptions, Article, analyze


def run(text: str, **options):
    return analyze(Article.from_text(text), AnalyzeOptions(**options) if options else None)


def test_direct_quote_with_cue_speaker_and_actor():
    text = "“We will not retreat from the city,” General Anton Velikov told reporters on Tuesday."
    analysis = run(text)
    (quote,) = analysis.quotes
    assert quote.kind == "direct"
    assert quote.text == "“We will not retreat from the city,”"
    assert quote.cue.text == "told"
    assert quote.speaker_mention.text.endswith("Anton Velikov")
    velikov = next(a for a in analysis.actors if a.name == "Anton Velikov")
    assert quote.speaker == velikov.id
    assert 0.0 <= quote.score <= 1.0


def test_indirect_speech_keeps_the_complementiser():
    text = "The spokesman said that the army had taken the city of Bakhmut."
    (quote,) = run(text).quotes
    assert quote.kind == "indirect"
    assert quote.text == "that the army had taken the city of Bakhmut"
    assert quote.cue.text == "said" and quote.speaker_mention.text == "The spokesman"
    assert quote.speaker is None  # a spokesman is no named actor


def test_according_to():
    text = "According to Reuters, the talks collapsed after midnight."
    analysis = run(text)
    (quote,) = analysis.quotes
    assert quote.text == "the talks collapsed after midnight"
    assert quote.cue.text == "According to"
    assert quote.speaker_mention.text == "Reuters"
    assert quote.speaker == next(a.id for a in analysis.actors if a.name == "Reuters")


def test_a_pronoun_speaker_resolves_to_the_person_before_it():
    text = "Marta Kessler arrived in Kyiv on Monday. She said the talks would resume next week."
    analysis = run(text)
    (quote,) = analysis.quotes
    assert quote.speaker_mention.text == "She"
    assert quote.speaker == next(a.id for a in analysis.actors if a.name == "Marta Kessler")


def test_a_quote_carries_on_after_its_cue_and_the_next_one_has_its_own_speaker():
    text = (
        "“The offensive has stalled,” said Oleg Markov, a retired colonel. "
        "“Nobody in Moscow wants to admit it.”\n\n"
        "“The losses are enormous and the generals know it,” he added."
    )
    analysis = run(text)
    markov = next(a.id for a in analysis.actors if a.name == "Oleg Markov")
    quotes = analysis.quotes
    assert [q.text for q in quotes] == [
        "“The offensive has stalled,”",
        "“Nobody in Moscow wants to admit it.”",
        "“The losses are enormous and the generals know it,”",
    ]
    assert [q.cue.text for q in quotes] == ["said", "said", "added"]
    assert all(q.kind == "direct" and q.speaker == markov for q in quotes)
    assert quotes[2].speaker_mention.text == "he"


def test_reported_speech_inside_a_quotation_is_part_of_it():
    text = "“They told us that the bridge was safe, and it was not,” said Ivan Petrov."
    (quote,) = run(text).quotes
    assert quote.text.startswith("“They told us") and quote.cue.text == "said"


def test_spans_point_into_the_text_and_min_score_hides_findings():
    text = (
        "Critics said the plan would fail. “It is a disaster,” said Anna Sokolova. "
        "According to the ministry, the budget grew."
    )
    analysis = run(text)
    assert len(analysis.quotes) == 3
    for q in analysis.quotes:
        for span in (q, q.cue, q.speaker_mention):
            assert text[span.start : span.end] == span.text
    assert run(text, min_score=0.999).quotes == []
