"""Relations between actors through the public interface, on sentences written for these tests."""

from __future__ import annotations

from glasnost import Article, analyze


def run(text: str):
    analysis = analyze(Article.from_text(text))
    ids = {a.name: a.id for a in analysis.actors}
    return analysis, ids


def test_criticism_from_both_sides_is_one_conflict_with_both_sentences():
    text = (
        "Yevgeny Prigozhin was trashing the defence minister Sergei Shoigu in a video. "
        "Later Shoigu clashed with Prigozhin over ammunition. Vladimir Putin praised Shoigu on Friday."
    )
    analysis, ids = run(text)
    conflicts = [r for r in analysis.relations if r.kind == "conflict"]
    assert len(conflicts) == 1
    (conflict,) = conflicts
    assert (conflict.source, conflict.target) in {
        (ids["Yevgeny Prigozhin"], ids["Sergei Shoigu"]),
        (ids["Sergei Shoigu"], ids["Yevgeny Prigozhin"]),
    }
    assert [e.text for e in conflict.evidence] == [
        "Yevgeny Prigozhin was trashing the defence minister Sergei Shoigu in a video.",
        "Later Shoigu clashed with Prigozhin over ammunition.",
    ]
    assert 0.75 <= conflict.score <= 1.0
    support = [r for r in analysis.relations if r.kind == "support"]
    assert [(r.source, r.target) for r in support] == [(ids["Vladimir Putin"], ids["Sergei Shoigu"])]


def test_attack_on_what_someone_owns_and_names_given_as_examples():
    text = (
        "Nationalist bloggers such as Igor Girkin are trashing Prigozhin's achievements. "
        "Yevgeny Prigozhin ignored them."
    )
    analysis, ids = run(text)
    conflict = [r for r in analysis.relations if r.kind == "conflict"]
    assert [(r.source, r.target) for r in conflict] == [(ids["Igor Girkin"], ids["Yevgeny Prigozhin"])]


def test_negated_criticism_is_only_a_co_mention():
    text = "Vladimir Putin did not criticize Sergei Shoigu. Putin met Shoigu in Moscow."
    analysis, ids = run(text)
    pair = {ids["Vladimir Putin"], ids["Sergei Shoigu"]}
    kinds = [r.kind for r in analysis.relations if {r.source, r.target} == pair]
    assert kinds == ["co-mention"]
    (co,) = [r for r in analysis.relations if {r.source, r.target} == pair]
    assert len(co.evidence) == 2 and 0.0 < co.score < 1.0
    for r in analysis.relations:
        assert r.source != r.target
        for e in r.evidence:
            assert text[e.start : e.end] == e.text
