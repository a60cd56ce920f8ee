"""Pure helpers of the encoder runtime and the span decoder (no model needed)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from glasnost.models.runtime import owner_window, plan_windows
from glasnost.techniques.corpus import load_corpus, paragraphs
from glasnost.techniques.predict import (
    SPAN_FEATURES,
    merge_intervals,
    runs_above,
    span_features,
)


@pytest.mark.parametrize("n", [0, 1, 50, 254, 255, 600, 1337])
def test_windows_cover_everything_with_overlap(n):
    windows = plan_windows(n, 254, 64)
    covered = np.zeros(n, dtype=int)
    for a, b in windows:
        assert 0 <= a < b <= n and b - a <= 254
        covered[a:b] += 1
    assert (covered >= 1).all()
    for (_a1, b1), (a2, _b2) in itertools.pairwise(windows):
        assert a2 < b1 and b1 - a2 >= 64  # consecutive windows overlap
    if n:
        assert windows[-1][1] == n


def test_owner_window_prefers_context():
    windows = plan_windows(600, 254, 64)
    owner = owner_window(windows, 600)
    assert (owner >= 0).all()
    # windows (0,254) (190,444) (346,600): token 240 is 13 tokens from the end of window 0
    # and 50 from the start of window 1
    assert owner[240] == 1
    assert owner[200] == 0
    assert owner[10] == 0


def test_runs_above_and_gap_bridging():
    probs = np.array([0.1, 0.9, 0.8, 0.2, 0.7, 0.1, 0.1, 0.95])
    assert runs_above(probs, 0.5) == [(1, 3), (4, 5), (7, 8)]
    assert runs_above(probs, 0.5, max_gap=1) == [(1, 5), (7, 8)]
    assert runs_above(probs, 0.99) == []


def test_merge_intervals():
    assert merge_intervals([(5, 9, 0.2), (0, 6, 0.5), (9, 12, 0.9)]) == [
        (0, 9, 0.5),
        (9, 12, 0.9),
    ]


def test_paragraphs_are_non_empty_lines():
    text = "Title\n\nFirst para.\n   \nSecond\r\n"
    pars = paragraphs(text)
    assert [p[0] for p in pars] == [1, 3, 5]
    assert [text[s:e] for _, s, e in pars] == ["Title", "First para.", "Second"]


def test_span_features_count_repeats():
    text = "Title here\n\nWe will win. They said we will win! And we WILL win."
    start = text.index("we will win")
    feats = dict(
        zip(SPAN_FEATURES, span_features(text, start, start + len("we will win")))
    )
    assert feats["repeated"] == 1.0
    assert feats["log_repeats"] == pytest.approx(np.log1p(2))
    assert feats["in_title"] == 0.0
    assert span_features(text, 0, 5)[SPAN_FEATURES.index("in_title")] == 1.0


def test_load_corpus_reads_paragraph_labels_as_the_scorer_does(tmp_path):
    articles = tmp_path / "semeval2023-en" / "articles"
    articles.mkdir(parents=True)
    (articles / "article7.txt").write_text("Title\n\nThe mayor lied.\n", encoding="utf-8")
    (tmp_path / "semeval2023-en" / "paragraph-techniques.labels").write_text(
        "7\t1\t\n7\t3\tDoubt,Name_Calling,Labeling\n7\t3\tSlogans\n9\t1\tDoubt\n", encoding="utf-8"
    )
    corpus = load_corpus(tmp_path)
    assert set(corpus) == {"7"}  # labels of an article not in the folder are left out
    assert corpus["7"].paragraph_labels == {1: set(), 3: {"Doubt", "Name_Calling,Labeling", "Slogans"}}
