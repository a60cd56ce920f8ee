"""The JSON contract: the published schema is current, and real output honours it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

import glasnost
from glasnost.analysis import LAYERS, Analysis, json_schema

SCHEMA_FILE = Path(glasnost.__file__).parent / "schema" / "analysis.schema.json"


def test_published_schema_file_matches_the_models():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema(), "run `make schema`"


def test_sample_analysis_validates_and_every_span_points_into_the_text(sample_analysis):
    data = json.loads(sample_analysis.to_json())
    jsonschema.validate(data, json_schema())
    text = data["article"]["text"]

    def spans(node):
        if isinstance(node, dict):
            if {"start", "end", "text"} <= node.keys():
                yield node
            for value in node.values():
                yield from spans(value)
        elif isinstance(node, list):
            for value in node:
                yield from spans(value)

    found = [s for key in (*LAYERS, "article") for s in spans(data[key]) if s is not data["article"]]
    assert len(found) > 20
    for span in found:
        assert text[span["start"] : span["end"]] == span["text"]


def test_every_layer_is_present_even_when_empty(sample_analysis):
    data = json.loads(sample_analysis.to_json())
    for layer in LAYERS:
        assert layer in data
    assert data["schema_version"] == glasnost.SCHEMA_VERSION


def test_json_round_trip_is_lossless(sample_analysis):
    again = Analysis.from_json(sample_analysis.to_json())
    assert again.model_dump() == sample_analysis.model_dump()


def test_a_quote_from_before_schema_1_3_has_no_cue_kind_and_is_still_shown():
    from glasnost.analysis import Quote

    old = Quote.model_validate({"start": 0, "end": 4, "text": "said", "kind": "indirect", "score": 0.5})
    assert old.cue_kind is None and old.is_speech
    belief = old.model_copy(update={"cue_kind": "belief"})
    assert not belief.is_speech and old.model_copy(update={"cue_kind": "writing"}).is_speech
