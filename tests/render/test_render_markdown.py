"""The Markdown summary: what a journalist pastes."""

from __future__ import annotations

import re

from glasnost.analysis import Analysis, PipelineStep
from glasnost.render import render
from glasnost.render.markdown import escape


def section(text: str, title: str) -> str:
    """The body of one `## title` section."""
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0].split("\n---\n", 1)[0]


def test_header_and_stats(harbour: Analysis) -> None:
    md = render([harbour], "md")
    assert md.startswith("# Harbour of broken promises\n")
    assert "By Anna Lindqvist · 2026-05-04 · Northern Desk · Genre: opinion (0.82)" in md
    assert f"**{harbour.stats.words} words** · {harbour.stats.sentences} sentences · 2 paragraphs" in md


def test_techniques_counted_with_strongest_fragments(harbour: Analysis) -> None:
    body = section(render([harbour], "md"), "Persuasion techniques")
    rows = [line for line in body.splitlines() if line.startswith("| ") and "Technique" not in line]
    assert rows == [
        "| Loaded language | 1 | 0.91 |",
        "| Name calling / labeling | 1 | 0.70 |",
        "| False dilemma | 1 | 0.35 |",
    ]
    assert "> corrupt clique (0.91)" in body
    assert "**Loaded language**: Words picked for their emotional charge" in body


def test_claims_ranked_by_checkworthiness_with_certainty(harbour: Analysis) -> None:
    body = section(render([harbour], "md"), "Most check-worthy claims")
    assert body.strip().splitlines() == [
        "1. The port cost 412 million euros, almost twice the budget. — statistic, asserted, score 0.80, "
        "check-worthiness 0.93",
        "2. The corrupt clique around the Premier may be hiding the truth. — event, hedged, score 0.45",
    ]


def test_quotes_actors_relations_entities(harbour: Analysis) -> None:
    md = render([harbour], "md")
    assert "- **Karl Ostberg**: “bring ten thousand jobs home” (direct quote, 0.86)" in section(md, "Quotes")
    actors = section(md, "Actors")
    assert "| Tomas Reiter | person | 2 | -0.60 | Reiter, the Premier |" in actors
    assert actors.index("Tomas Reiter") < actors.index("Karl Ostberg")
    relations = section(md, "Relations").strip().splitlines()
    assert relations[0] == "- Karl Ostberg — support — Tomas Reiter (0.80): “bring ten thousand jobs home”"
    assert relations[1].startswith("- the government — mentioned together — Tomas Reiter (0.30)")
    entities = section(md, "Entities")
    for entity in harbour.entities:
        assert f"**{entity.label}**" in entities and entity.text in entities
    assert "hedged 1" in section(md, "Certainty of sentences")


def test_pipeline_versions_close_the_summary(harbour: Analysis) -> None:
    last = render([harbour], "md").rstrip().splitlines()[-1]
    assert last.startswith("_Glasnost 0.1.0 · spaCy ") and "entities 1.0.0" in last and "stats 1.0.0" in last


def test_empty_layers_say_so(bare: Analysis) -> None:
    md = render([bare], "md")
    assert section(md, "Persuasion techniques").strip() == "_Not analysed._"
    assert section(md, "Quotes").strip() == "_Not analysed._"
    ran = bare.model_copy(update={"pipeline": bare.pipeline.model_copy(update={
        "steps": [*bare.pipeline.steps, PipelineStep(name="techniques", version="1", layer="techniques")]})})
    assert section(render([ran], "md"), "Persuasion techniques").strip() == "_No persuasion techniques found._"
    assert "Genre" not in md.split("\n\n")[1]


def test_several_articles_are_separated(harbour: Analysis, bare: Analysis) -> None:
    md = render([harbour, bare], "md")
    assert md.count("\n# ") == 1 and md.startswith("# Harbour") and "\n---\n\n# Council meets\n" in md


def test_article_text_is_escaped(hostile: Analysis) -> None:
    md = render([hostile], "md")
    text = re.sub(r"(?m)^> ?", "", md)  # blockquote markers are ours
    assert re.search(r"(?<!\\)[<>]", text) is None, "every < and > of the article is backslash-escaped"
    assert "\\<script\\>window.\\_\\_pwned=1\\</script\\>" in md
    assert "javascript:" not in md.replace("`javascript:window.\\_\\_pwned=3`", "").replace("`javascript:window.__pwned=3`", "")


def test_escape_rules() -> None:
    assert escape("*bold* _it_ [link](x) `code` a|b #tag ~x~") == (
        "\\*bold\\* \\_it\\_ \\[link\\](x) \\`code\\` a\\|b \\#tag \\~x\\~"
    )
    assert escape("line one\n\nline  two") == "line one line two"
    assert escape("Tom &amp; Jerry & co") == "Tom \\&amp; Jerry & co"
    assert escape("- not a list", block_start=True) == "\\- not a list"
    assert escape("1. not a list", block_start=True) == "1\\. not a list"
    assert escape("1. fine inline") == "1. fine inline"
    assert escape("x" * 50, limit=10) == "xxxxxxxxx\u2026"
