"""Extraction that fails loudly and keeps the article only, on small pages written for these
tests (`pages/`): a column whose text lives in its JSON-LD, a brief too short to trust, a wire
report and a blog post wrapped in credits, copyright, DOI, citation, "Our Standards",
newsletter and "Read more" lines and a related-posts block."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glasnost import load
from glasnost.ingest.boilerplate import is_boilerplate

PAGES = Path(__file__).parent / "pages"
WRAPPING = [
    "Read more: Fishermen fear for the old quay",
    "DOI: 10.1073/pnas.1910000117",
    "Citation: Beach retreat near breakwaters (2020, May 1) retrieved 2 May 2020",
    "(Reporting by Jane Miller; Editing by Tom Berg)",
    "Sign up for our free daily newsletter",
    "© Thomson Reuters 2020",
    "Our Standards: The Thomson Reuters Trust Principles.",
]


def glasnost(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glasnost", *args], capture_output=True, timeout=180)


def check_offsets(article) -> None:
    """Every block's text is the article text at its offsets, and maps back onto the same
    words in raw (these pages need no character repairs)."""
    for block in article.blocks:
        covered = article.text[block.start : block.end]
        raw = article.raw[slice(*article.offsets.span_to_raw(block.start, block.end))]
        assert raw.lstrip("# ") == covered


def test_wrapping_lines_are_dropped_and_stay_in_raw_with_offsets_kept():
    article = load(PAGES / "wire-report.html")
    for line in WRAPPING:
        assert line not in article.text and line in article.raw
    assert article.text.endswith("although its authors said the estimate was uncertain.")
    assert "Ewan Grant" in article.text and article.warnings == []
    check_offsets(article)
    end = len(article.text)
    assert article.raw[article.offsets.span_to_raw(end - 10, end)[1] :].lstrip().startswith("Read more:")


def test_a_related_posts_block_and_credits_of_a_blog_are_dropped():
    article = load(PAGES / "blog-post.html")
    for gone in ("Photo: Alan Baird", "Share this post", "Related posts", "A winter swim", "the lighthouse still matters"):
        assert gone not in article.text and gone in article.raw
    assert article.text.endswith("from the village.") and article.warnings == []
    check_offsets(article)


def test_a_column_rendered_by_script_is_read_from_its_json_ld_with_a_warning():
    article = load(PAGES / "js-column.html")
    assert article.text.startswith("Every spring the harbour committee")
    assert article.text.endswith("deserve a column of its own.")
    assert "Fishing boats tied up" not in article.text  # the caption the HTML held
    assert len(article.text.split()) == 230 and len(article.blocks_of("paragraph")) == 5
    assert (article.title, article.authors, article.site) == ("The quay the council forgot", ["Morag Reid"], "Coastal Post")
    assert article.published.startswith("2021-04-12")
    assert article.warnings == [
        "[E106] the page's main text had 59 words and its JSON-LD articleBody 230: the article was read from the JSON-LD"
    ]
    check_offsets(article)


def test_a_page_with_little_text_is_kept_with_a_warning():
    article = load(PAGES / "brief.html")
    assert "slipway" in article.text
    assert article.warnings == ["[E105] only 35 words of article text were extracted: the page may hold more, or no article at all"]


def test_plain_text_keeps_every_line():
    text = "The ferry will leave later from Monday.\n\nRead more: the operator's notice\n\n© Coastal Wire 2024\n"
    article = load(text)
    assert "Read more: the operator's notice" in article.text and "©" in article.text
    assert article.warnings == []


@pytest.mark.parametrize(
    ("line", "wrapping"),
    [
        ("Copyright 2024 Coastal Times. All rights reserved.", True),
        ("Provided by University of Kansas", True),
        ("10.1038/s41586-020-2649-2", True),
        ("Photo: Alan Baird", True),
        ("Read more about the harbour in the council's report, published on Monday.", False),
        ("Copyright law was changed in 2019, the minister said, after a long campaign by authors and musicians.", False),
        ("Reporting by local media suggested that the ferry would be late again this summer, as it was last year.", False),
        ("Subscribers who signed up for the newsletter in May got the news first, the council said.", False),
    ],
)
def test_what_counts_as_wrapping(line, wrapping):
    assert is_boilerplate(line) is wrapping


def test_the_cli_warns_in_one_line_records_the_warning_and_exits_0(tmp_path):
    result = glasnost("analyze", str(PAGES / "js-column.html"), str(PAGES / "wire-report.html"), "--only", "sentences", "-f", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    warnings = [line for line in result.stderr.decode().splitlines() if line.startswith("warning")]
    assert warnings == [
        f"warning {PAGES / 'js-column.html'}: [E106] the page's main text had 59 words and its JSON-LD articleBody 230: "
        "the article was read from the JSON-LD"
    ]
    column, report = (json.loads(line) for line in result.stdout.splitlines())
    assert column["article"]["warnings"] and report["article"]["warnings"] == []
    text = report["article"]["text"]
    for sentence in report["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        assert not any(line in sentence["text"] for line in WRAPPING)


def test_broken_json_ld_is_skipped_and_the_article_found_in_a_list():
    column = (PAGES / "js-column.html").read_text(encoding="utf-8")
    start = column.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    end = column.index("</script>", start)
    graph = json.loads(column[start:end])["@graph"]
    graph[1]["@type"] = ["OpinionNewsArticle", "NewsArticle"]
    page = column[:start] + "{broken, json</script><script type='application/ld+json'>" + json.dumps(graph) + column[end:]
    article = load(page)
    assert article.text.startswith("Every spring") and article.authors == ["Morag Reid"]
