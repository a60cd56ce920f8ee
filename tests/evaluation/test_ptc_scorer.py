"""Hand-worked cases for the SemEval-2020 Task 11 style scorers (no data needed)."""

from __future__ import annotations

import pytest

from glasnost.evaluation.ptc_scorer import (
    merge_overlapping,
    score_flc,
    score_label_sets,
    score_si,
    score_tc,
)
from glasnost.techniques.ptc_format import Span


def S(start, end, technique=None, article="1"):
    return Span(article, start, end, technique)


def test_si_prediction_inside_gold():
    # pred [0,5) inside gold [0,10): precision credit 5/5, recall credit 5/10
    prf = score_si([S(0, 5)], [S(0, 10)])
    assert prf.precision == pytest.approx(1.0)
    assert prf.recall == pytest.approx(0.5)
    assert prf.f1 == pytest.approx(2 * 0.5 / 1.5)


def test_si_two_predictions_in_one_gold():
    # P = (4/4 + 4/4) / 2 = 1 ; R = (4/10 + 4/10) / 1 = 0.8
    prf = score_si([S(0, 4), S(6, 10)], [S(0, 10)])
    assert prf.precision == pytest.approx(1.0)
    assert prf.recall == pytest.approx(0.8)
    assert prf.n_pred == 2 and prf.n_gold == 1


def test_si_one_prediction_over_two_gold_spans():
    # pred [5,15); gold [0,10) and [12,20): overlaps 5 and 3 characters
    # P = (5/10 + 3/10) / 1 = 0.8 ; R = (5/10 + 3/8) / 2 = 0.4375
    prf = score_si([S(5, 15)], [S(0, 10), S(12, 20)])
    assert prf.precision == pytest.approx(0.8)
    assert prf.recall == pytest.approx(0.4375)
    assert prf.f1 == pytest.approx(2 * 0.8 * 0.4375 / (0.8 + 0.4375))


def test_si_disjoint_and_other_article_get_no_credit():
    prf = score_si([S(20, 30), S(0, 10, article="2")], [S(0, 10)])
    assert prf.precision == 0.0 and prf.recall == 0.0 and prf.f1 == 0.0


def test_si_empty_sides():
    assert score_si([], [S(0, 10)]).f1 == 0.0
    assert score_si([S(0, 10)], []).f1 == 0.0
    assert score_si([], []).f1 == 0.0


def test_si_merges_overlapping_spans_by_default():
    gold = [S(0, 10, "A"), S(5, 15, "B")]
    merged = score_si([S(0, 15)], gold)
    assert (merged.precision, merged.recall) == (pytest.approx(1.0), pytest.approx(1.0))
    # without merging the sums credit the shared characters twice: P = 10/15 + 10/15
    raw = score_si([S(0, 15)], gold, merge=False)
    assert raw.precision == pytest.approx(20 / 15)
    assert raw.recall == pytest.approx((10 / 10 + 10 / 10) / 2)


def test_merge_keeps_touching_spans_apart_and_sorts():
    merged = merge_overlapping([S(10, 20), S(0, 10), S(15, 25), S(3, 3)])
    assert [(s.start, s.end) for s in merged] == [(0, 10), (10, 25)]


def test_flc_needs_same_technique():
    gold = [S(0, 10, "Doubt"), S(20, 30, "Slogans")]
    pred = [S(0, 10, "Doubt"), S(20, 25, "Doubt")]
    report = score_flc(pred, gold)
    # Doubt [0,10) matches fully; Doubt [20,25) overlaps only a Slogans span: no credit
    assert report.micro.precision == pytest.approx(0.5)
    assert report.micro.recall == pytest.approx(0.5)
    assert report.per_technique["Doubt"].precision == pytest.approx(0.5)
    assert report.per_technique["Doubt"].recall == pytest.approx(1.0)
    assert report.per_technique["Slogans"].recall == 0.0


def test_tc_multiset_matching_on_duplicate_spans():
    gold = [S(0, 5, "X"), S(0, 5, "Y"), S(6, 9, "Z")]
    pred = [S(0, 5, "Y"), S(0, 5, "X"), S(6, 9, "X")]
    report = score_tc(pred, gold)
    assert report.micro.precision == pytest.approx(2 / 3)
    assert report.micro.recall == pytest.approx(2 / 3)
    x = report.per_technique["X"]
    assert (x.precision, x.recall) == (pytest.approx(0.5), pytest.approx(1.0))
    assert report.per_technique["Y"].f1 == pytest.approx(1.0)
    z = report.per_technique["Z"]
    assert (z.n_pred, z.n_gold, z.f1) == (0, 1, 0.0)


def test_tc_prediction_on_unknown_span_is_false_positive():
    report = score_tc([S(0, 5, "X"), S(7, 8, "X")], [S(0, 5, "X")])
    assert report.micro.precision == pytest.approx(0.5)
    assert report.micro.recall == pytest.approx(1.0)


def test_label_sets_micro():
    gold = {("a", 1): {"A", "B"}, ("a", 3): set(), ("a", 5): {"C"}}
    pred = {("a", 1): {"A"}, ("a", 3): {"C"}}
    report = score_label_sets(pred, gold)
    # tp = 1 (A), pred = 2, gold = 3
    assert report.micro.precision == pytest.approx(0.5)
    assert report.micro.recall == pytest.approx(1 / 3)
    assert report.per_technique["B"].recall == 0.0
