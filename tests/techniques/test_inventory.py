from __future__ import annotations

import re

import pytest

from glasnost.techniques import inventory
from glasnost.techniques.corpus import load_validation_ids


def test_nineteen_unique_techniques_with_text():
    assert len(inventory.TECHNIQUES) == 19
    assert len(set(inventory.NAMES)) == 19
    for t in inventory.TECHNIQUES:
        assert t.label and t.definition.endswith(".") and t.example
        assert len(t.definition) > 40


def test_ptc14_mapping_covers_all_classes():
    mapped = {t.ptc14 for t in inventory.TECHNIQUES if t.ptc14}
    assert mapped == set(inventory.PTC14_NAMES)
    assert len(inventory.PTC14_NAMES) == 14
    assert inventory.to_ptc14("False_Dilemma-No_Choice") == "Black-and-White_Fallacy"
    assert inventory.to_ptc14("Obfuscation-Vagueness-Confusion") is None
    assert (
        inventory.map_scheme("Straw_Man", "ptc14")
        == "Whataboutism,Straw_Men,Red_Herring"
    )
    assert inventory.map_scheme("Straw_Man", "semeval2023") == "Straw_Man"
    with pytest.raises(ValueError):
        inventory.map_scheme("Straw_Man", "nope")
    with pytest.raises(KeyError):
        inventory.get("Nope")


def test_validation_ids_shipped():
    ids = load_validation_ids()
    assert len(ids) == 74
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"\d+", i) for i in ids)
