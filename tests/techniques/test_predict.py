"""The shipped ONNX technique model through the public functions (fast, no research data)."""

from __future__ import annotations

import itertools

import pytest

from glasnost.techniques import predict as P
from glasnost.techniques.inventory import NAMES

pytestmark = pytest.mark.skipif(
    not P.model_available(), reason="technique model not shipped"
)

TEXT = (
    "Traitors in Washington Are Selling Out Our Nation\n\n"
    "The corrupt, lying elites in Washington have once again stabbed hard-working Americans in "
    "the back. Either we stop this disastrous deal now, or our children will inherit a country "
    "in ruins. Make America great again! Make America great again!\n\n"
    "Officials said the agreement would be signed on Tuesday in Geneva.\n"
)


def test_spans_have_valid_offsets_and_scores():
    spans = P.predict(TEXT)
    assert spans, "expected at least one technique in a loaded text"
    for span in spans:
        start, end, technique, score = span  # a plain 4-tuple too
        assert 0 <= start < end <= len(TEXT)
        assert TEXT[start:end].strip() == TEXT[start:end]
        assert technique in NAMES
        assert 0.0 <= score <= 1.0


def test_threshold_override_and_operating_points():
    everything = P.predict(TEXT, threshold=0.0)
    assert len(everything) >= len(NAMES)  # every technique covers the whole text at 0
    assert P.predict(TEXT, threshold=1.0) == []
    only = P.predict(TEXT, threshold=0.05, techniques=["Loaded_Language"])
    assert {s.technique for s in only} <= {"Loaded_Language"}
    strict = P.predict(TEXT, operating_point="precision")
    loose = P.predict(TEXT, operating_point="recall")
    assert isinstance(strict, list) and isinstance(loose, list)
    with pytest.raises(ValueError):
        P.predict(TEXT, operating_point="nope")
    with pytest.raises(ValueError):
        P.predict(TEXT, threshold={"Nope": 0.5})
    with pytest.raises(ValueError):
        P.predict(TEXT, threshold=1.5)


def test_empty_and_whitespace_text():
    assert P.predict("") == []
    assert P.predict("  \n\n ") == []
    assert P.predict_si("") == []
    assert P.paragraph_techniques("") == []


def test_long_text_is_windowed_without_gaps():
    long_text = (TEXT + "\n") * 12  # well over one 256-token window
    model = P.load_model()
    encoded = model.encoder.encode(long_text)
    assert len(encoded.windows) > 2
    assert (encoded.owner >= 0).all()
    assert encoded.hidden.shape == (len(encoded), model.token_w.shape[0])
    assert not (abs(encoded.hidden).sum(axis=1) == 0).any()
    spans = P.predict(long_text, encoded=encoded)
    assert max(s.end for s in spans) > len(long_text) // 2


def test_same_text_same_answer_and_shared_pass():
    model = P.load_model()
    encoded = model.encoder.encode(TEXT)
    assert model.encoder.encode(TEXT) is encoded  # cached: one pass feeds every head
    assert P.predict(TEXT, encoded=encoded) == P.predict(TEXT)


def test_classify_spans_and_si_and_paragraphs():
    start = TEXT.index("corrupt, lying elites")
    ranked = P.classify_spans(TEXT, [(start, start + len("corrupt, lying elites"))])
    assert len(ranked) == 1 and len(ranked[0]) == len(NAMES)
    assert sum(p for _, p in ranked[0]) == pytest.approx(1.0, abs=1e-4)
    assert ranked[0][0][1] >= ranked[0][-1][1]
    si = P.predict_si(TEXT)
    for (a, b, s), nxt in itertools.pairwise(si):
        assert a < b <= nxt[0] and 0 <= s <= 1
    pars = P.paragraph_techniques(TEXT)
    assert [p.line for p in pars] == [1, 3, 5]
    assert all(set(p.techniques) <= set(NAMES) for p in pars)


def test_the_recurrence_prior_moves_a_recurring_fragment_to_repetition(tmp_path):
    import json
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(P.load_model().model_dir, folder)
    thresholds = json.loads((folder / "thresholds.json").read_text("utf-8"))
    thresholds["tc_recurrence_prior"] = {"Repetition": {"recurs": 30.0, "once": -30.0}}
    (folder / "thresholds.json").write_text(json.dumps(thresholds), "utf-8")
    slogan = TEXT.index("Make America great again!")
    geneva = TEXT.index("Geneva")
    spans = [(slogan, slogan + len("Make America great again!")), (geneva, geneva + len("Geneva"))]
    recurring, once = P.classify_spans(TEXT, spans, model_dir=folder)
    assert recurring[0][0] == "Repetition"
    assert dict(once)["Repetition"] < 1e-6
    shipped = P.classify_spans(TEXT, spans)
    others = [[label for label, _ in ranked if label != "Repetition"][:3] for ranked in (shipped[1], once)]
    assert others[0] == others[1]  # the prior moves Repetition only
