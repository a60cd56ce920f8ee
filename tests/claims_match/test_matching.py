"""The matcher's scoring, tiers and guards, on hand-made candidates (no model, no store)."""

from __future__ import annotations

import numpy as np

from glasnost.claims_match.matching import Candidate, Matcher, average_precision, content_words, features, fit, names, numbers


def _unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def _matcher() -> Matcher:
    return Matcher(weights=(6.0, 2.0, 1.0, 1.0, 2.0, 0.0, 0.0, 0.0, 0.0), bias=-6.0, match=0.6, suggested=0.3)


def test_content_words_numbers_and_names():
    assert content_words("The vaccines DON'T contain 5G chips, says the WHO's chief.") == ["vaccine", "don't", "contain", "5g", "chip", "chief"]
    assert numbers("In 2019, 1,200 people and 3.50 dollars") == {"2019", "1200", "3.5"}
    assert names("Officials say Joe Biden met Olaf Scholz in March. Then nothing.") == {"joe", "biden", "olaf", "scholz"}


def test_rank_orders_by_probability_and_tiers_by_threshold():
    query = _unit(1, 0, 0)
    close = Candidate(1, "Ukraine grain exports went to the European Union", _unit(1, 0.1, 0), 0, 0)
    far = Candidate(2, "Bananas are berries", _unit(0, 1, 0), None, 1)
    ranked = _matcher().rank("Most Ukraine grain exports went to the European Union this year", query, [far, close])
    assert [s.candidate.row for s in ranked] == [1, 2]
    assert ranked[0].tier == "match" and ranked[1].tier is None
    assert 0 < ranked[1].score < ranked[0].score < 1


def test_guards_hold_a_high_score_back_to_suggested():
    vector = _unit(1, 0, 0)
    matcher = _matcher()
    years = Candidate(1, "5G masts spread the virus in 2019 across Britain", vector, 0, 0)
    (scored,) = matcher.rank("5G masts spread the virus in 2020 across Britain", vector, [years])
    assert (scored.tier, scored.guard) == ("suggested", "numbers")
    (short,) = matcher.rank("Vaccines kill", vector, [Candidate(2, "Vaccines kill people", vector, 0, 0)])
    assert (short.tier, short.guard) == ("suggested", "short")
    other = Candidate(3, "The minister said Macron planned the strike on the bridge", vector, 0, 0)
    (person,) = matcher.rank("The minister said Zelensky planned the strike on the bridge", vector, [other])
    assert (person.tier, person.guard) == ("suggested", "names")
    same = Candidate(4, "The minister said Zelensky planned the strike on the bridge in 2022", vector, 0, 0)
    (agreed,) = matcher.rank("In 2022 the minister said Zelensky planned the strike on the bridge", vector, [same])
    assert (agreed.tier, agreed.guard) == ("match", None)


def test_features_and_fit_learn_which_side_is_positive():
    query = _unit(1, 0, 0)
    candidates = [Candidate(1, "grain deal", _unit(1, 0, 0), 0, None), Candidate(2, "other", _unit(0, 1, 0), None, 3)]
    rows = features("the grain deal ended", query, candidates)
    assert rows.shape == (2, len(Matcher.FEATURES))
    assert rows[0].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    assert rows[1, 0] == 0.0 and rows[1, 3] == 0.25 and rows[1, 4] == -1.0 and rows[1, 5:].tolist() == [0.0, 0.0, 0.0, 0.0]
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] + 0.3 * rng.normal(size=400) > 0).astype(float)
    weights, _ = fit(x, y)
    assert weights[0] > 1 and abs(weights[1]) < 0.5


def test_average_precision_at_five():
    assert average_precision(["a", "b", "c"], {"a"}) == 1.0
    assert average_precision(["x", "a"], {"a"}) == 0.5
    assert average_precision(["x", "y", "z", "w", "v", "a"], {"a"}) == 0.0
    assert average_precision(["a", "x", "b"], {"a", "b"}) == (1 + 2 / 3) / 2


def test_a_tweet_without_its_answer_loses_it_and_the_rest_move_up():
    from glasnost.evaluation.claim_retrieval import CandidateSet, Query, unanswered_report, with_unanswered, without_answer

    vector = _unit(1, 0, 0)
    gold = Candidate(1, "gold", vector, 0, 1, {"identifier": "g"})
    near = Candidate(2, "near", _unit(1, 0.2, 0), 1, 0, {"identifier": "n"})
    far = Candidate(3, "far", _unit(0, 1, 0), 2, None, {"identifier": "f"})
    item = CandidateSet(Query("7", "The grain deal ended when Moscow walked out in July", frozenset({"g"})), vector, [gold, near, far])
    alone = without_answer(item)
    assert alone.query.relevant == frozenset() and alone.query.id == "7:unanswered"
    assert [(c.row, c.lexical_rank, c.vector_rank) for c in alone.candidates] == [(2, 0, 0), (3, 1, None)]
    assert with_unanswered([item]) == [item, alone]
    eager = Matcher(weights=(0.0, 0.0, 3.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0), bias=-1.0, match=0.6, suggested=0.3)
    assert unanswered_report(eager, [item]) == {"unanswered_match": 1.0, "unanswered_any_tier": 1.0}  # first is not enough
