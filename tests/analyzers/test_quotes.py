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


def test_each_quote_records_what_its_cue_reports():
    text = (
        "Anna Sokolova said the bridge was closed. Oleg Markov wrote that the vote was rigged. "
        "Ivan Petrov believes that the war will end soon. Marta Kessler wants to leave the city."
    )
    kinds = {q.cue.text: q.cue_kind for q in run(text, min_score=0.0).quotes}
    assert kinds == {"said": "speech", "wrote": "writing", "believes": "belief", "wants": "intent"}


def test_only_speech_and_writing_are_shown_as_quotes():
    from glasnost.render import render

    text = "Anna Sokolova said the bridge was closed. It seems that the whole coast is holding its breath."
    analysis = run(text)
    assert {q.cue_kind for q in analysis.quotes} == {"speech", "perception"}
    assert [q.cue.text for q in analysis.speech_quotes()] == ["said"]
    markdown = render([analysis], "md")
    assert "the bridge was closed" in markdown and "holding its breath (" not in markdown
    assert "perception 1" in markdown


def test_a_thing_given_is_no_quote_but_words_called_are():
    text = "The festival added a new stage to the programme. Critics called the plan a disaster."
    kinds = {q.cue.text: q.cue_kind for q in run(text).quotes}
    assert kinds.get("called") == "speech"
    assert kinds.get("added", "other") == "other"


def test_a_direct_quote_with_a_named_speaker_is_found_when_the_parse_strays():
    text = (
        "The company's chief executive, Elsa Brandt, said in an interview that her firm was "
        "\"being starved on purpose by people who want the contract for their friends\"."
    )
    analysis = run(text)
    (quote,) = analysis.speech_quotes()
    assert "being starved on purpose" in quote.text and quote.kind == "direct"
    assert quote.speaker == next(a.id for a in analysis.actors if a.name == "Elsa Brandt")


def test_a_possessor_is_not_the_speaker_of_its_noun():
    text = "Premier Tomas Reiter opened the port. Reiter's loyal media outlets describe critics as traitors."
    (quote,) = [q for q in run(text).quotes if q.cue.text == "describe"]
    assert quote.speaker_mention.text == "Reiter's loyal media outlets" and quote.speaker is None


def test_a_clausal_subject_names_no_speaker():
    text = "What is clear is that the port cost 412 million euros so far."
    for quote in run(text).quotes:
        assert quote.speaker_mention is None or quote.speaker_mention.text != "is"
        assert not quote.is_speech


def test_the_demo_sample_quotes(sample_analysis):
    shown = sample_analysis.speech_quotes()
    brandt = next(a.id for a in sample_analysis.actors if a.name == "Elsa Brandt")
    premier = next(a.id for a in sample_analysis.actors if a.name == "Tomas Reiter")
    assert any(q.speaker == brandt and q.kind == "direct" and "starved on purpose" in q.text for q in shown)
    for q in sample_analysis.quotes:
        assert not (q.cue.text == "is" and q.speaker_mention is not None and q.speaker_mention.text == "is")
        if "traitors" in q.text or "emptied of young people" in q.text:
            assert q.speaker != premier
