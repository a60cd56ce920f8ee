"""Plain reporting stays quiet, quoted speech is someone else's voice, and the op-ed keeps its marks.

The pages are bench/plain_news/ (written for Glasnost: wire politics, awards, wine, security,
science, sport, business, obituaries); `python bench/plain_news.py` prints the same figures and
adds the horne2017 real news of the research data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from glasnost import AnalyzeOptions, analyze, load
from glasnost.techniques import predict as P

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "bench" / "plain_news").glob("*.txt"))
HARBOUR = ROOT / "samples" / "harbour-oped.txt"
OP_ED = Path("/work/shared/samples/kremlin-oped.txt")  # the canonical op-ed, kept outside the repository

pytestmark = pytest.mark.skipif(not P.model_available(), reason="technique model not shipped")


def test_plain_reporting_gets_at_most_two_highlights_per_thousand_words():
    options = AnalyzeOptions(only=("techniques",))
    words = marks = 0
    for path in PAGES:
        analysis = analyze(load(path), options)
        words += len(analysis.article.text.split())
        marks += len(analysis.techniques)
    assert len(PAGES) >= 12 and words > 3000
    assert 1000 * marks / words <= 2.0, f"{marks} highlights on {words} words of plain reporting"


@pytest.mark.quality
@pytest.mark.skipif(not OP_ED.exists(), reason="the canonical op-ed is absent")
def test_the_op_ed_keeps_at_least_twenty_highlights():
    techniques = analyze(load(OP_ED), AnalyzeOptions(only=("techniques",))).techniques
    assert {"Loaded_Language", "Name_Calling-Labeling"} <= {t.technique for t in techniques}
    assert len(techniques) >= 20


def test_the_bundled_op_ed_shows_loaded_language_and_name_calling_at_recall():
    techniques = analyze(load(HARBOUR), AnalyzeOptions(only=("techniques",), operating_point="recall")).techniques
    assert {"Loaded_Language", "Name_Calling-Labeling"} <= {t.technique for t in techniques}


def test_quoted_speech_scores_lower_than_the_same_words_in_the_authors_voice():
    model = P.load_model()
    if model.highlight is None:
        pytest.skip("the shipped model has no highlight calibration")
    voice = "The minister's corrupt and lying clique has betrayed the nation again, the column argues.\n"
    quoted = "\u201cThe minister's corrupt and lying clique has betrayed the nation again,\u201d the column quotes.\n"
    scores = []
    for text in (voice, quoted):
        encoded = model.encoder.encode(text)
        probs = model.token_probabilities(encoded, highlight=True)
        rows = P.tokens_in(encoded.offsets, text.index("corrupt"), text.index("corrupt") + len("corrupt"))
        scores.append(float(probs[rows, model.techniques.index("Loaded_Language")].mean()))
    assert scores[1] < scores[0]


def test_quoted_characters_follow_quotation_marks_within_a_paragraph():
    text = 'He said "no deal" and \u201cnever\u201d.\nAn "open quote\nends at the line.'
    mask = P.quoted_characters(text)
    inside = "".join(ch for ch, q in zip(text, mask, strict=True) if q)
    assert inside == "no dealneveropen quote"


def test_repetition_is_kept_only_where_the_article_repeats_itself():
    model = P.load_model()
    names = P.CALIBRATION_FEATURES
    text = "Autonomy now. Autonomy for all. They fear autonomy. Ferries sail at nine.\n"
    encoded = model.encoder.encode(text)
    feats = P.calibration_features(encoded, model.token_logits(encoded), names)
    probs = np.full((len(encoded), len(model.techniques) + 1), 0.9, np.float32)
    gated = P.gate_repetition(probs, feats, model.techniques, P.feature_index_of(names))
    k = model.techniques.index("Repetition")
    kept = {text[a:b].lower() for (a, b), p in zip(encoded.offsets, gated[:, k], strict=True) if p > 0}
    assert "autonomy" in kept and "ferries" not in kept
    assert gated[:, model.techniques.index("Loaded_Language")].min() == pytest.approx(0.9)
