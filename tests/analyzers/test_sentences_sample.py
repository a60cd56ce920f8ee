"""The issue's expectations on the canonical op-ed (../shared/samples/kremlin-oped.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from glasnost.sentence_models.data import data_dir
from glasnost.sentence_models.heads import heads_available

ROOT = data_dir()
SAMPLE = ROOT.parent / "samples" / "kremlin-oped.txt" if ROOT is not None else Path("/nonexistent")

pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/samples/kremlin-oped.txt is absent")


@pytest.fixture(scope="module")
def analysis():
    from glasnost import analyze, load
    from glasnost.pipeline import AnalyzeOptions

    return analyze(load(SAMPLE), AnalyzeOptions(only=("sentences", "claims", "genre")))


def sentence(analysis, needle):
    return next(s for s in analysis.sentences if needle in s.text)


def test_certainty_of_the_named_sentences(analysis):
    hard = sentence(analysis, "It is hard to be sure currently whether the takeover of Bakhmut occurred")
    assert hard.certainty in ("speculative", "hedged")
    assert "It is hard to be sure" in [c.text for c in hard.cues]
    belgorod = sentence(analysis, "the attack on Belgorod could be both inspired and sponsored by the Kremlin itself")
    assert belgorod.certainty in ("speculative", "hedged")
    assert ("could", "speculation") in [(c.text, c.kind) for c in belgorod.cues]
    rejected = sentence(analysis, "Russian propaganda rejected this statement as false and said")
    assert rejected.certainty == "attributed"
    cues = [(c.text, c.kind) for c in rejected.cues]
    assert ("rejected this statement as false", "denial") in cues and ("said", "attribution") in cues


@pytest.mark.skipif(not heads_available(), reason="sentence heads or their encoder absent")
def test_genre_and_top_claims(analysis):
    assert analysis.genre is not None and analysis.genre.label == "opinion"
    top = [c.text for c in analysis.claims[:5]]
    assert "Before the war, Bakhmut had a little over 70,000 inhabitants." in top
    claim = next(c for c in analysis.claims if c.text.startswith("Before the war, Bakhmut"))
    assert claim.claim_type == "statistic"
    assert all(analysis.sentences[c.sentence].certainty != "question" for c in analysis.claims)
