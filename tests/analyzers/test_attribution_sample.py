"""The canonical hard case, ../shared/samples/kremlin-oped.txt, through `load` and `analyze`:
the actors, the quote and the conflict an analyst reads it for. Skipped without ../shared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "kremlin-oped.txt"

pytestmark = pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/samples is absent")


@pytest.fixture(scope="module")
def analysis():
    from glasnost import analyze, load

    return analyze(load(SAMPLE))


def one(analysis, word: str):
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    found = [a for a in analysis.actors if any(pattern.search(form) for form in [a.name, *a.aliases])]
    assert len(found) == 1, (word, [(a.name, a.type, a.aliases) for a in found])
    return found[0]


@pytest.mark.parametrize(
    "word, type_",
    [
        ("Putin", "person"),
        ("Prigozhin", "person"),
        ("Shoigu", "person"),
        ("Zadornov", "person"),
        ("Marshak", "person"),
        ("Bakhmut", "place"),
        ("Belgorod", "place"),
        ("Wagner", "organization"),
        ("Kremlin", "organization"),
        ("Russian defence ministry", "organization"),
    ],
)
def test_each_referent_is_one_actor_of_its_type(analysis, word, type_):
    assert one(analysis, word).type == type_


def test_merged_names(analysis):
    assert one(analysis, "Putin").name == "Vladimir Putin"
    assert one(analysis, "Prigozhin").name == "Yevgeny Prigozhin"
    strelkov = one(analysis, "Strelkov")
    assert strelkov.type == "person" and "Girkin" in strelkov.aliases
    assert {"Wagner", "PMC Wagner"} <= {one(analysis, "Wagner").name, *one(analysis, "Wagner").aliases}
    moscow = [a for a in analysis.actors if a.name == "Moscow"]
    assert len(moscow) == 1 and moscow[0].type == "place"


def test_the_zadornov_quote_is_his(analysis):
    (quote,) = [q for q in analysis.quotes if "unpredictable past" in q.text]
    assert quote.kind == "direct" and quote.speaker == one(analysis, "Zadornov").id


def test_prigozhin_and_shoigu_are_in_conflict(analysis):
    p, s = one(analysis, "Prigozhin").id, one(analysis, "Shoigu").id
    (relation,) = [r for r in analysis.relations if {r.source, r.target} == {p, s} and r.kind == "conflict"]
    assert any("trashing" in e.text for e in relation.evidence)
    assert any("clashed with Prigozhin" in e.text for e in relation.evidence)


def test_the_quotes_shown_are_speech(analysis):
    shown = analysis.speech_quotes()
    assert len(shown) <= 20
    texts = [q.text for q in shown]
    for words in (
        "unpredictable past",
        "the war arrogant",
        "incompetent meat grinder",
        "dispatched by Ukrainian intelligence",
        "freedom fighters",
    ):
        assert any(words in t for t in texts), words
    assert len(analysis.quotes) > len(shown)  # belief, intent, perception kept in the data
