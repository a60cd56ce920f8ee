"""The CoNLL-2003 reader and the actor scorer on hand-written files (no shared data needed)."""

from __future__ import annotations

from glasnost.evaluation.actors import Counts, read_conll, score

CONLL = """-DOCSTART- -X- -X- O

Anna NNP B-NP B-PER
Sokolova NNP I-NP I-PER
visited VBD B-VP O
Kyiv NNP B-NP B-LOC
. . O O

The DT B-NP O
Red NNP I-NP I-ORG
Cross NNP I-NP I-ORG
helped VBD B-VP O
Ukrainian JJ B-NP I-MISC

-DOCSTART- -X- -X- O

Leeds NNP B-NP I-ORG
2 CD I-NP O
"""


def test_reader_gives_documents_with_exact_offsets_in_iob1_and_iob2(tmp_path):
    path = tmp_path / "valid.txt"
    path.write_text(CONLL, encoding="utf-8")
    first, second = read_conll(path)
    assert first.text == "Anna Sokolova visited Kyiv .\nThe Red Cross helped Ukrainian"
    assert [(first.text[e.start : e.end], e.label) for e in first.entities] == [
        ("Anna Sokolova", "PER"), ("Kyiv", "LOC"), ("Red Cross", "ORG"), ("Ukrainian", "MISC"),
    ]
    assert second.text == "Leeds 2" and [(e.start, e.end, e.label) for e in second.entities] == [(0, 5, "ORG")]


def test_score_counts_recall_type_accuracy_and_precision(tmp_path):
    path = tmp_path / "valid.txt"
    path.write_text(CONLL, encoding="utf-8")
    first, second = read_conll(path)
    actors = [((0, 13), "person"), ((22, 26), "organization"), ((33, 42), "organization"), ((50, 59), "group")]
    baseline = [((5, 13), "person")]
    report = score([(first, actors, baseline), (second, [], [])], "valid")
    assert report.documents == 2 and report.actors.gold == 4  # MISC is no actor type
    assert report.actors.matched == 3 and report.actors.typed == 2  # Kyiv matched, typed wrong
    assert report.actors.precision == 1.0  # "Ukrainian" matches the MISC entity
    assert report.baseline.matched == 1  # "Sokolova" shares more than half of "Anna Sokolova"
    assert "type accuracy 0.667" in report.format()
    assert Counts().type_accuracy == 0.0 and Counts().recall == 0.0
