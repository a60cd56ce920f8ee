"""From token probabilities to spans: word joins and sentence-scope techniques (real tokenizer and
encoder pass, probabilities written by hand so each case says exactly what the tagger fired on)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasnost.techniques import predict as P

pytestmark = pytest.mark.skipif(not P.model_available(), reason="technique model not shipped")


def _encode(text: str):
    return P.load_model().encoder.encode(text, use_cache=False)


def _fire(encoded, *pieces: str, value: float = 0.9) -> np.ndarray:
    """One probability column: ``value`` on the tokens inside each of ``pieces``, 0.01 elsewhere."""
    column = np.full((len(encoded), 1), 0.01, np.float32)
    for piece in pieces:
        start = encoded.text.index(piece)
        column[P.tokens_in(encoded.offsets, start, start + len(piece)), 0] = value
    return column


def _decode(encoded, column, scope: str | None = None):
    scopes = {"X": scope} if scope else None
    return [encoded.text[s.start : s.end] for s in P.decode_spans(encoded, column, ["X"], {"X": 0.5}, scopes=scopes)]


def test_a_hyphenated_word_is_highlighted_whole():
    enc = _encode("The self-proclaimed mayor gave a speech.")
    assert _decode(enc, _fire(enc, "proclaimed")) == ["self-proclaimed"]
    assert _decode(enc, _fire(enc, "self")) == ["self-proclaimed"]


def test_two_runs_in_one_hyphenated_word_make_one_span():
    enc = _encode("A self-proclaimed expert spoke.")
    column = _fire(enc, "self") + _fire(enc, "proclaimed") - 0.01
    column[P.tokens_in(enc.offsets, enc.text.index("-"), enc.text.index("-") + 1), 0] = 0.01
    assert _decode(enc, column) == ["self-proclaimed"]


def test_a_sentence_ending_in_no_ends_there():
    enc = _encode("He said no. Then the doubt began to grow.")
    assert _decode(enc, _fire(enc, "doubt"), scope="sentence") == ["Then the doubt began to grow."]
    enc = _encode("Room No. 5 was where doubt grew.")
    assert _decode(enc, _fire(enc, "doubt"), scope="sentence") == ["Room No. 5 was where doubt grew."]


def test_given_sentences_replace_the_built_in_splitter():
    enc = _encode("First part; second part with doubt. Third.")
    spans = P.decode_spans(enc, _fire(enc, "doubt"), ["X"], {"X": 0.5}, scopes={"X": "sentence"}, sentences=[(0, 11), (12, 35), (36, 42)])
    assert [enc.text[s.start : s.end] for s in spans] == ["second part with doubt."]


def test_words_apart_stay_apart():
    enc = _encode("The mayor's reckless plan failed.")
    assert _decode(enc, _fire(enc, "reckless")) == ["reckless"]
    assert _decode(enc, _fire(enc, "mayor")) == ["mayor"]  # the clitic 's is trimmed as an edge word


def test_a_lone_quote_mark_above_threshold_makes_no_span():
    enc = _encode("He called it \u2018the cat\u2019s house\u2019 and left.")
    assert _decode(enc, _fire(enc, "\u2019")) == []  # the first \u2019 is the one in "cat\u2019s"


def test_sentence_scope_grows_a_run_to_its_sentence_and_merges_runs_in_it():
    text = "Sen. Brown spoke on Monday. Nobody can trust a word of what they say about the deal. Rain fell."
    enc = _encode(text)
    assert _decode(enc, _fire(enc, "trust")) == ["trust"]
    grown = _decode(enc, _fire(enc, "trust", "deal"), scope="sentence")
    assert grown == ["Nobody can trust a word of what they say about the deal."]
    assert _decode(enc, _fire(enc, "Brown"), scope="sentence") == ["Sen. Brown spoke on Monday."]


def test_sentence_scope_keeps_the_best_run_score():
    enc = _encode("They say the figures were invented by someone. The sky is blue.")
    column = _fire(enc, "figures", value=0.7) + _fire(enc, "someone", value=0.9) - 0.01
    (span,) = P.decode_spans(enc, column, ["X"], {"X": 0.5}, scopes={"X": "sentence"})
    assert enc.text[span.start : span.end] == "They say the figures were invented by someone."
    assert span.score == pytest.approx(0.9, abs=1e-6)


def test_line_breaks_end_sentences():
    enc = _encode("A headline without a stop\nThe body says nothing is certain here.")
    assert _decode(enc, _fire(enc, "certain"), scope="sentence") == ["The body says nothing is certain here."]


def test_shipped_sentence_scope_spans_cover_whole_sentences():
    model = P.load_model()
    assert "Doubt" in model.scopes and "Loaded_Language" not in model.scopes
    text = (
        "Officials insist the plant is safe. But can anyone really believe a word these people say "
        "after years of cover-ups? Nobody knows what they are hiding.\n"
    )
    enc = _encode(text)
    bounds = P.sentence_bounds(enc)
    starts, ends = {a for a, _ in bounds}, {b for _, b in bounds}
    for span in P.predict(text, threshold=0.05, techniques=["Doubt"], encoded=enc):
        assert span.start in starts and span.end in ends


_PIECES = st.sampled_from(
    ["Sen.", "U.S.", "Mr.", "word", "words", "It", "the", "?", "!", ".", ",", "\u201d", "'", "-", "self-made", "42", "3.5"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_PIECES, st.sampled_from([" ", " ", "\n", "  ", "\n\n"])), max_size=40))
def test_sentence_bounds_tile_the_text(parts):
    """Sentences are ordered, disjoint, stripped, and together hold every non-space character."""
    text = "".join(piece + gap for piece, gap in parts)
    enc = _encode(text) if text.strip() else None
    if enc is None:
        return
    bounds = P.sentence_bounds(enc)
    covered = set()
    last = 0
    for start, end in bounds:
        assert last <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert "\n" not in text[start:end]
        covered.update(range(start, end))
        last = end
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


def test_si_column_blends_the_any_channel_with_the_surest_technique():
    probs = np.array([[0.9, 0.1, 0.2], [0.1, 0.2, 0.8], [0.0, 0.0, 0.0]], np.float32)
    assert P.si_column(probs, "any").tolist() == pytest.approx([0.2, 0.8, 0.0])
    assert P.si_column(probs, "blend").tolist() == pytest.approx([0.55, 0.5, 0.0])
    smoothed = P.si_column(probs, "blend", smooth=3)
    assert len(smoothed) == 3 and smoothed[1] == pytest.approx((0.55 + 0.5 + 0.0) / 3)


def test_shipped_si_spans_are_merged_and_inside_the_text():
    text = "The corrupt elites lied again and again. Officials met on Tuesday in Geneva.\n"
    spans = P.predict_si(text)
    for (start, end, score), following in zip(spans, spans[1:] + [(len(text) + 1, 0, 0)]):
        assert 0 <= start < end <= len(text) and end <= following[0] and 0.0 <= score <= 1.0
