"""PTC technique spans: line format, the article-id rule and offsets in the raw input."""

from __future__ import annotations

import pytest

from glasnost.analysis import Analysis, Technique
from glasnost.article import Article, Block
from glasnost.offsets import Edit, apply_edits
from glasnost.pipeline import AnalyzeOptions, analyze
from glasnost.render import ptc_article_id, render
from glasnost.techniques.ptc_format import parse_line


def test_lines_are_ptc_spans_in_text_order(harbour: Analysis) -> None:
    lines = render([harbour], "tsv").splitlines()
    assert lines == [
        f"7311\t{t.technique}\t{t.start}\t{t.end}"
        for t in sorted(harbour.techniques, key=lambda t: (t.start, t.end))
    ]
    for line in lines:
        span = parse_line(line)
        assert span is not None and harbour.article.text[span.start : span.end] in {t.text for t in harbour.techniques}


def test_no_techniques_no_lines(bare: Analysis) -> None:
    assert render([bare], "tsv") == ""


def test_several_articles_concatenate(harbour: Analysis) -> None:
    other = harbour.model_copy(update={"article": harbour.article.model_copy(update={"source": "b.txt"})})
    lines = render([harbour, other], "tsv").splitlines()
    assert [line.split("\t")[0] for line in lines] == ["7311"] * 3 + ["b"] * 3


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("article111111111.txt", "111111111"),
        ("/data/ptc/train-articles/article7311.txt", "7311"),
        ("C:\\corpus\\article42.txt", "42"),
        ("notes/op-ed.final.txt", "op-ed.final"),
        ("story.html", "story"),
        ("https://example.org/news/article9.txt?utm=x", "9"),
        ("https://example.org/2024/05/harbour-story", "harbour-story"),
        ("https://example.org/", None),
        ("", None),
        (None, None),
        ("-", None),
    ],
)
def test_article_id_rule(harbour: Analysis, source: str | None, expected: str | None) -> None:
    info = harbour.article.model_copy(update={"source": source, "id": "abc123"})
    assert ptc_article_id(info) == (expected or "abc123")
    assert ptc_article_id(harbour.model_copy(update={"article": info})) == (expected or "abc123")


def test_article_id_rule_takes_an_article_too() -> None:
    article = Article.from_text("Some text.", source="x/article5.txt")
    assert ptc_article_id(article) == "5"
    assert ptc_article_id(Article.from_text("Some text.", given_id="given")) == "given"


def test_offsets_map_back_to_the_raw_input() -> None:
    raw = "By: *Anna*\r\n\r\nThe  port   is **half built**. Nobody ~~\r\nwants to say it."
    edits = [
        Edit(4, 5, ""), Edit(9, 10, ""),  # *Anna*
        Edit(10, 14, "\n\n"),  # CRLF pairs
        Edit(17, 19, " "), Edit(23, 26, " "),  # runs of spaces
        Edit(29, 31, ""), Edit(41, 43, ""),  # **bold**
        Edit(52, 56, ""),  # markdown debris and a broken line
    ]
    text, offsets = apply_edits(raw, edits)
    assert text == "By: Anna\n\nThe port is half built. Nobody wants to say it."
    article = Article(text=text, raw=raw, offsets=offsets, blocks=[Block("byline", 0, 8), Block("paragraph", 10, len(text))],
                      source="corpus/article77.txt")
    analysis = analyze(article, AnalyzeOptions(only=("sentences",)))
    wanted = ["half built", "Nobody wants", "port is half"]
    techniques = []
    for n, needle in enumerate(wanted):
        start = text.index(needle)
        techniques.append(Technique(start=start, end=start + len(needle), text=needle, technique="Doubt", score=0.5 + n / 10))
    analysis = analysis.model_copy(update={"techniques": techniques})

    spans = {raw[s.start : s.end] for s in map(parse_line, render([analysis], "tsv").splitlines()) if s}
    assert spans == {"half built", "Nobody ~~\r\nwants", "port   is **half"}

    # read back from JSON the map comes along: the same raw offsets
    again = Analysis.from_json(analysis.to_json())
    assert again.article.raw_offsets is not None
    assert render([again], "tsv") == render([analysis], "tsv")


def test_a_utf8_bom_counts_as_one_character(tmp_path) -> None:
    from glasnost import load

    path = tmp_path / "article5.txt"
    path.write_bytes(b"\xef\xbb\xbfThe port is half built. Nobody wants to say it.\n")
    analysis = analyze(load(path), AnalyzeOptions(only=("sentences",)))
    start = analysis.article.text.index("half built")
    technique = Technique(start=start, end=start + 10, text="half built", technique="Doubt", score=0.9)
    analysis = analysis.model_copy(update={"techniques": [technique]})
    (span,) = map(parse_line, render([analysis], "tsv").splitlines())
    assert path.read_text(encoding="utf-8")[span.start : span.end] == "half built" and span.start == start + 1
