from __future__ import annotations

import pytest

from glasnost.errors import InputError
from glasnost.techniques.ptc_format import (
    Span,
    article_id_from_path,
    parse_line,
    read_article,
    read_articles,
    read_paragraph_labels,
    read_spans,
    write_spans,
)


def test_article_id_from_path():
    assert article_id_from_path("/x/article111111111.txt") == "111111111"
    assert article_id_from_path("article_abc.txt") == "_abc"
    assert article_id_from_path("/x/op-ed.txt") == "op-ed"
    assert article_id_from_path("notes.md") == "notes"


def test_parse_line_variants():
    assert parse_line("7\tDoubt\t3\t9\n") == Span("7", 3, 9, "Doubt")
    assert parse_line("7\t?\t3\t9") == Span("7", 3, 9, None)
    assert parse_line("7\t3\t9\r\n") == Span("7", 3, 9, None)
    assert parse_line("   \n") is None
    with pytest.raises(InputError, match="f.tsv line 3: expected id"):
        parse_line("7\tDoubt", 3, "f.tsv")
    with pytest.raises(InputError, match="whole numbers"):
        parse_line("7\tDoubt\tx\t9")
    with pytest.raises(InputError, match="ends before it starts"):
        parse_line("7\tDoubt\t9\t3")
    with pytest.raises(InputError, match="negative"):
        parse_line("7\tDoubt\t-1\t3")


def test_read_spans_drops_a_bom_and_names_a_line_that_is_not_utf8(tmp_path):
    path = tmp_path / "spans.tsv"
    path.write_bytes(b"\xef\xbb\xbf7\tDoubt\t3\t9\r\n")
    assert read_spans(path) == [Span("7", 3, 9, "Doubt")]
    path.write_bytes(b"7\tDoubt\t3\t9\n7\tDoubt\t\xe9\t9\n")
    with pytest.raises(InputError, match="line 2: not UTF-8"):
        read_spans(path)


def test_techniques_with_commas_survive():
    span = parse_line("1\tName_Calling,Labeling\t0\t4")
    assert span.technique == "Name_Calling,Labeling"


def test_roundtrip(tmp_path):
    spans = [
        Span("2", 5, 9, "Slogans"),
        Span("1", 0, 4, "Doubt"),
        Span("1", 0, 4, None),
    ]
    path = tmp_path / "out.labels"
    write_spans(path, spans)
    text = path.read_text()
    assert text.splitlines()[0] == "1\t?\t0\t4"
    assert sorted(read_spans(path)) == sorted(spans)
    write_spans(path, spans, with_technique=False)
    assert path.read_text().splitlines()[-1] == "2\t5\t9"


def test_offsets_as_on_disk(tmp_path):
    (tmp_path / "article42.txt").write_bytes("Title\r\n\r\nBody é.\n".encode())
    text = read_article(tmp_path / "article42.txt")
    assert text.index("Body") == 9  # \r\n counts as two characters
    assert read_articles(tmp_path) == {"42": text}


def test_read_article_decodes_as_ingest_does_and_keeps_a_bom(tmp_path):
    path = tmp_path / "article1.txt"
    path.write_bytes("Caf\u00e9 \u201cquoted\u201d\r\n".encode("cp1252"))
    assert read_article(path) == "Caf\u00e9 \u201cquoted\u201d\r\n"
    path.write_bytes(b"\xef\xbb\xbfTitle\n")
    assert read_article(path) == "\ufeffTitle\n"  # the published PTC offsets count the mark
    path.write_bytes(b"a\x00b")
    with pytest.raises(InputError, match=r"article1.txt: \[E002\] input looks binary"):
        read_article(path)


def test_read_paragraph_labels_reads_as_span_files_do(tmp_path):
    path = tmp_path / "paragraphs.labels"
    path.write_bytes(
        b"\xef\xbb\xbf7\t1\tDoubt,Name_Calling,Labeling\r\n7\t3\t\n7\t1\tSlogans\n8\t2\n"
    )
    assert read_paragraph_labels(path) == {
        ("7", 1): {"Doubt", "Name_Calling,Labeling", "Slogans"},  # listed twice: both lines count
        ("7", 3): set(),
        ("8", 2): set(),
    }
    path.write_bytes(b"7\t1\tDoubt\n7\t2\t\xe9\n")
    with pytest.raises(InputError, match="line 2: not UTF-8"):
        read_paragraph_labels(path)
