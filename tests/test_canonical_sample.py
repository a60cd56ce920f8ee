"""The canonical hard case: the scraped Kremlin op-ed in ../shared/samples (skipped where absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("GLASNOST_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")).parent
KREMLIN = SHARED / "samples" / "kremlin-oped.txt"
pytestmark = pytest.mark.skipif(not KREMLIN.exists(), reason="../shared/samples is not on this machine")


@pytest.fixture(scope="module")
def kremlin():
    from glasnost import analyze, load

    return analyze(load(KREMLIN))


def test_title_byline_and_headings_are_found(kremlin):
    article = kremlin.article
    assert article.title.startswith("Bakhmut and Belgorod - the scenes of the conflict")
    assert article.authors == ["Sergei Stepancev"]
    headings = [b.text for b in article.blocks if b.kind == "heading"]
    assert {"Belgorod enigma", "Should Prigozhin be worried?", "Armed opposition"} <= set(headings)


def test_broken_paragraphs_are_joined_and_offsets_reach_the_raw_file(kremlin):
    text = kremlin.article.text
    assert "impossible to name as a fact who those people were." in text
    assert "trashing Prigozhin's achievements" in text
    raw = KREMLIN.read_text(encoding="utf-8")
    for sentence in kremlin.sentences:
        start, end = kremlin.raw_span(sentence.start, sentence.end)
        assert raw[start:end].split() [:1] == sentence.text.split()[:1]


def test_entities_cover_the_main_actors(kremlin):
    names = {e.text for e in kremlin.entities}
    assert {"Putin", "Prigozhin", "Bakhmut", "Belgorod"} <= names
