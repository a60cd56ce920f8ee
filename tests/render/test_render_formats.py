"""The registry, JSON and JSON Lines."""

from __future__ import annotations

import json

import pytest

from glasnost.analysis import Analysis
from glasnost.errors import GlasnostError
from glasnost.render import FORMATS, render


def dump(analyses: list[Analysis]) -> list[dict]:
    """Public content only: equality of models also compares the (unserialized) offset map."""
    return [a.model_dump() for a in analyses]


def test_registry_names_every_format() -> None:
    assert set(FORMATS) == {"json", "jsonl", "md", "tsv", "html"}


def test_unknown_format_is_a_numbered_error(harbour: Analysis) -> None:
    with pytest.raises(GlasnostError, match="unknown output format 'pdf'.*json, jsonl"):
        render([harbour], "pdf")


@pytest.mark.parametrize("count", [0, 2])
def test_html_renders_exactly_one_article(harbour: Analysis, count: int) -> None:
    with pytest.raises(GlasnostError, match="exactly one article"):
        render([harbour] * count, "html")


def test_json_one_analysis_round_trips(harbour: Analysis) -> None:
    text = render([harbour], "json")
    assert text.startswith("{\n  ") and text.endswith("}\n")
    assert dump([Analysis.from_json(text)]) == dump([harbour])


def test_json_several_analyses_are_an_array(harbour: Analysis, bare: Analysis) -> None:
    text = render([harbour, bare], "json")
    data = json.loads(text)
    assert isinstance(data, list) and len(data) == 2
    assert dump([Analysis.model_validate(d) for d in data]) == dump([harbour, bare])
    assert render([], "json") == "[]\n"


def test_jsonl_one_analysis_per_line(harbour: Analysis, bare: Analysis, hostile: Analysis) -> None:
    text = render([harbour, bare, hostile], "jsonl")
    lines = text.splitlines()  # splitlines also breaks at U+2028, which the hostile text holds
    assert len(lines) == 3 and text.endswith("\n")
    assert dump([Analysis.from_json(line) for line in lines]) == dump([harbour, bare, hostile])
    # streaming one at a time gives the same bytes (the CLI writes jsonl article by article)
    assert "".join(render([a], "jsonl") for a in (harbour, bare, hostile)) == text
    assert render([], "jsonl") == ""


def test_json_keeps_unicode_readable(hostile: Analysis) -> None:
    text = render([hostile], "json")
    assert "\U0001F600" in text and "\u2028" not in text
    assert Analysis.from_json(text).article.text == hostile.article.text
