"""Readers, the fixed hedging split and the numpy TF-IDF block (no shared data needed)."""

from __future__ import annotations

import numpy as np
import pytest

from glasnost.evaluation.sentences import genre_report, score_split
from glasnost.sentence_models import data as D
from glasnost.sentence_models.text import TfidfBlock, terms


def test_detokenize_ptb():
    raw = "The ` Old Mill' -LRB- built 1823 -RRB- is n't , in fact , `` the oldest '' one ."
    assert D.detokenize_ptb(raw) == "The 'Old Mill' (built 1823) isn't, in fact, \"the oldest\" one."
    assert D.detokenize_ptb("Munch 's own view ,, however .") == "Munch's own view, however."


def test_hedging_split_is_a_fixed_hash_rule():
    texts = [f"Sentence number {i} about a village." for i in range(2000)]
    held = [t for t in texts if D.hedging_held_out(t)]
    assert 0.15 < len(held) / len(texts) < 0.25
    assert held == [t for t in texts if D.hedging_held_out(t)]  # stable
    assert D.hedging_held_out("Sentence number 0 about a village.") == D.hedging_held_out("Sentence number 0 about a village.")


def test_checkthat_reader_splits_a_glued_line(tmp_path):
    path = tmp_path / "ct.tsv"
    path.write_text(
        "Sentence_id\tText\tclass_label\n"
        "1\tWe spent 5 billion.\tYes\n"
        "2\t\"He said \"\"no\"\" twice.\"\tNo\n"
        "3\tWe must grow.\tNo44\tYou can't do that.\tNo\n",
        "utf-8",
    )
    rows = D.read_checkthat(path)
    assert [(r.id, r.label) for r in rows] == [("1", 1), ("2", 0), ("3", 0), ("44", 0)]
    assert rows[1].text == 'He said "no" twice.'


def test_terms_map_digits_and_add_bigrams():
    got = terms("It rose 12.5% to 70,000.")
    assert "00.0" in got and "00,000" in got and "%" in got
    assert "rose 00.0" in got and "<num>" in got


def test_tfidf_block_matches_scikit_learn():
    sklearn = pytest.importorskip("sklearn")  # noqa: F841
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = ["The ship sank in 1912.", "I love the sea!", "Some say the sea is cruel.", "Ships sail at 9.", "What a view!"]
    y = np.array([1, 0, 0, 1, 0])
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
    x = vectorizer.fit_transform(texts)
    model = LogisticRegression().fit(x, y)
    block = TfidfBlock(vectorizer.get_feature_names_out(), vectorizer.idf_, model.coef_[0], model.intercept_[0])
    new = ["The sea sank the ship.", "Nothing known here"]
    assert np.allclose(block.logits(new), model.decision_function(vectorizer.transform(new)))


def test_score_split_and_genre_report():
    report = score_split("hedging", ["a", "b", "c", "d"], np.array([1, 1, 0, 0]), np.array([0.9, 0.2, 0.6, 0.1]), 0.5)
    assert report["f1"] == pytest.approx(0.5)
    assert report["headline"] == report["f1"]
    genre = genre_report(["opinion", "opinion", "reporting"], ["opinion", "reporting", "reporting"])
    assert genre.per_class["reporting"]["precision"] == pytest.approx(0.5)
    assert genre.macro_f1 == pytest.approx(2 / 3, abs=1e-3)


def test_genre_report_counts_an_article_without_genre_as_wrong():
    genre = genre_report(["opinion", "opinion", "reporting"], ["opinion", None, "reporting"])
    assert genre.no_genre == 1 and genre.as_dict()["no_genre"] == 1
    assert genre.per_class["opinion"]["recall"] == pytest.approx(0.5)
    assert genre.per_class["opinion"]["predicted"] == 1  # not silently an opinion prediction
    assert genre.confusion["opinion"]["none"] == 1
    assert genre.macro_f1 == pytest.approx((2 / 3 + 1) / 2, abs=1e-3)
    assert "no genre: 1 of 3 articles (counted as wrong" in genre.format()
    assert "none" not in genre_report(["opinion"], ["opinion"]).confusion["opinion"]


@pytest.mark.parametrize(
    "name, content, fmt",
    [
        ("ct.tsv", "Sentence_id\tText\tclass_label\n1\tWe spent 5 billion.\tYes\n", D.CHECKTHAT),
        ("cb.csv", "sentence_id,text,label\n7,We spent 5 billion.,1\n", D.CLAIMBUSTER),
    ],
)
def test_checkworthiness_file_is_read_once_in_either_layout(tmp_path, monkeypatch, name, content, fmt):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    expected = (D.read_checkthat if fmt is D.CHECKTHAT else D.read_claimbuster)(path)
    reads: list[object] = []
    read_text = D._read_text
    monkeypatch.setattr(D, "_read_text", lambda *args: reads.append(args) or read_text(*args))
    assert D.read_checkworthiness(path) == (fmt, expected)
    assert len(reads) == 1
