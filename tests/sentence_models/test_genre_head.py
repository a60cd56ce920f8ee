"""The genre head's decision: the most likely genre, or "uncertain" under its confidence; and the
horne2017 split that holds one article in five out of training."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from glasnost.sentence_models.data import horne_genre_splits, horne_split
from glasnost.sentence_models.heads import GenreHead

NAMES = ["a", "b"]


def head(confidence: float) -> GenreHead:
    weights = np.array([[2.0, 0.0, -2.0], [0.0, 0.0, 0.0]])
    return GenreHead(("a", "b"), ("opinion", "reporting", "satire"), np.zeros(2), np.ones(2), weights,
                     np.zeros(3), confidence=confidence)


def test_the_most_likely_genre_is_named_when_the_head_is_sure_enough():
    label, score = head(0.6).decide(np.array([2.0, 0.0]), NAMES)
    probs = head(0.6).probabilities(np.array([2.0, 0.0]), NAMES)
    assert label == "opinion" and score == probs["opinion"] == max(probs.values())
    assert abs(sum(probs.values()) - 1.0) < 1e-9


def test_under_the_confidence_the_genre_is_uncertain():
    label, score = head(0.6).decide(np.array([0.1, 0.0]), NAMES)
    assert label == "uncertain" and score < 0.6


def test_the_older_binary_head_still_reads_as_opinion_or_reporting():
    binary = GenreHead(("a",), ("opinion", "reporting"), np.zeros(1), np.ones(1), np.array([1.0]), np.float64(0.0),
                       threshold=0.7)
    assert binary.decide(np.array([0.5, 9.0]), NAMES)[0] == "opinion"  # p(reporting) 0.62 < 0.7
    assert binary.decide(np.array([2.0, 9.0]), NAMES)[0] == "reporting"


def test_horne2017_holds_about_one_article_in_five_out_by_file_name(tmp_path: Path):
    for sub in ("real", "satire", "fake"):
        (tmp_path / "genre" / "horne2017" / sub).mkdir(parents=True)
        for n in range(40):
            (tmp_path / "genre" / "horne2017" / sub / f"{n}.txt").write_bytes("Caf\xe9 news \x93quoted\x94.\r\n".encode("latin-1"))
    parts = horne_genre_splits(tmp_path)
    assert {e.label for e in parts["train"] + parts["test"]} == {"reporting", "satire"}, "fake news is no genre"
    assert len(parts["train"]) + len(parts["test"]) == 80 and 6 <= len(parts["test"]) <= 30
    assert parts["test"][0].text == "Caf\u00e9 news \u201cquoted\u201d.", "windows-1252, line endings undone"
    assert all(horne_split(e.id.removeprefix("horne:")) == "test" for e in parts["test"])
