"""The actors layer through the public interface, on small texts written for these tests."""

from __future__ import annotations

from glasnost import Article, analyze


def actors_of(text: str):
    return analyze(Article.from_text(text)).actors


def by_name(actors, name: str):
    found = [a for a in actors if a.name == name or name in a.aliases]
    assert len(found) == 1, (name, [(a.name, a.aliases) for a in actors])
    return found[0]


def test_full_name_surname_and_possessive_are_one_person():
    text = (
        "Vladimir Putin flew to Minsk on Monday. Putin met the Belarusian leader there. "
        "Critics mocked Putin's speech in Moscow."
    )
    actors = actors_of(text)
    putin = by_name(actors, "Vladimir Putin")
    assert putin.type == "person" and putin.name == "Vladimir Putin" and putin.aliases == ["Putin"]
    assert [m.text for m in putin.mentions] == ["Vladimir Putin", "Putin", "Putin"]
    assert {a.type for a in actors if a.name in {"Minsk", "Moscow"}} == {"place"}


def test_organisation_designators_merge_and_brackets_give_an_alias():
    text = (
        "The Wagner Group recruited prisoners last year. Wagner later withdrew from the city. "
        "Analysts say PMC Wagner costs billions of dollars. "
        "Igor Strelkov (Girkin) attacked the generals again on Sunday. Strelkov called them cowards."
    )
    actors = actors_of(text)
    wagner = by_name(actors, "Wagner")
    assert wagner.type == "organization" and len(wagner.mentions) == 3
    assert {"Wagner", "PMC Wagner"} <= set(wagner.aliases) | {wagner.name}
    strelkov = by_name(actors, "Girkin")
    assert strelkov.type == "person" and strelkov.name == "Igor Strelkov" and "Strelkov" in strelkov.aliases


def test_kremlin_and_a_ministry_are_organisations_and_known_places_are_places():
    text = (
        "The Kremlin denied the report. The Russian defence ministry said the troops had left "
        "Belgorod. Officials in the Kremlin were silent."
    )
    actors = actors_of(text)
    assert by_name(actors, "Kremlin").type == "organization"
    assert len(by_name(actors, "Kremlin").mentions) == 2
    assert by_name(actors, "Russian defence ministry").type == "organization"
    assert by_name(actors, "Belgorod").type == "place"


def test_a_pronoun_joins_the_only_person_it_can_mean():
    text = "Marta Kessler arrived in Kyiv on Monday. She said the talks would resume next week."
    kessler = by_name(actors_of(text), "Marta Kessler")
    assert [m.text for m in kessler.mentions] == ["Marta Kessler", "She"]
    assert "She" not in kessler.aliases


def test_a_pronoun_with_two_candidates_and_no_subject_cue_stays_unresolved():
    text = "Anton Velikov met Oleg Markov in Minsk. The talks were about him."
    for actor in actors_of(text):
        assert all(m.text != "him" for m in actor.mentions)


def test_spans_ids_salience_and_sentiment_hold_the_contract():
    text = (
        "The corrupt and incompetent governor Ivan Petrov lied again. Petrov is a disgrace. "
        "The brave mayor Anna Sokolova won praise for her honest work."
    )
    actors = actors_of(text)
    assert len({a.id for a in actors}) == len(actors)
    for actor in actors:
        assert 0.0 <= actor.salience <= 1.0 and -1.0 <= actor.sentiment <= 1.0
        for m in actor.mentions:
            assert text[m.start : m.end] == m.text
    petrov, sokolova = by_name(actors, "Ivan Petrov"), by_name(actors, "Anna Sokolova")
    assert petrov.sentiment < -0.3 < 0.3 < sokolova.sentiment
    assert petrov.salience > sokolova.salience  # two mentions, named first


def test_a_text_without_names_gives_empty_actor_and_relation_layers():
    analysis = analyze(Article.from_text("Nothing here names anybody; it is all weather and soup."))
    assert analysis.actors == [] and analysis.relations == []


def test_the_byline_names_the_writer_not_an_actor():
    from glasnost.article import Block

    text = "By: Hanna Ek, Baltic Desk\n\nMinister Olof Berg resigned in Stockholm on Monday."
    article = Article.from_text(text, blocks=[Block("byline", 0, 25), Block("paragraph", 27, len(text))])
    names = {actor.name for actor in analyze(article).actors}
    assert "Olof Berg" in names and not names & {"Hanna Ek", "Baltic Desk"}


def test_file_formats_and_common_nouns_are_no_actors():
    text = "The agency released the photos as JPEG and PNG files and the minutes as a DOC file. Men queued outside."
    names = {a.name for a in actors_of(text)}
    assert not names & {"JPEG", "PNG", "DOC", "Men"}


def test_a_place_the_tagger_missed_is_a_place_by_the_gazetteer():
    actors = actors_of("DUBLIN 1996-08-30\nIrish police arrested two men on Friday.")
    assert by_name(actors, "DUBLIN").type == "place"


def test_place_nouns_type_a_name_as_a_place():
    assert by_name(actors_of("Fires spread across the Amazon rainforest this summer."), "Amazon").type == "place"
    assert by_name(actors_of("Tourists crowded the island of Lampedusa in August."), "Lampedusa").type == "place"


def test_a_title_names_the_person_it_was_given_to():
    actors = actors_of("Premier Tomas Reiter opened the port on Monday. Critics blamed the Premier for the delays.")
    reiter = by_name(actors, "Tomas Reiter")
    assert [m.text for m in reiter.mentions] == ["Tomas Reiter", "Premier"] and reiter.aliases == []
    assert [a.name for a in actors] == ["Tomas Reiter"]
    text = "The mayor of Varna Bay, Olav Sund, backed the plan. Later the mayor said the council had been warned."
    actors = actors_of(text)
    assert [m.text for m in by_name(actors, "Olav Sund").mentions] == ["Olav Sund", "mayor"]
    assert by_name(actors, "Varna Bay").type == "place"


def test_sides_in_a_results_table_are_teams():
    text = (
        "SOCCER - ENGLISH LEAGUE RESULTS .\nLONDON 1996-08-30\nResults of English league matches on Friday :\n"
        "Hull 0 Barnet 0\nWigan 4 Chester 2\nColchester 1 Leyton Orient 3"
    )
    actors = actors_of(text)
    assert by_name(actors, "LONDON").type == "place"
    assert {by_name(actors, name).type for name in ("Barnet", "Wigan", "Chester", "Colchester")} == {"organization"}
