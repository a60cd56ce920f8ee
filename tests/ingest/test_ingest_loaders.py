import json
from pathlib import Path

import pytest

from glasnost import InputError, LoadOptions, load, load_all
from glasnost.errors import Errors
from glasnost.ingest import LoadFailure
from glasnost.ingest.sniff import sniff


def test_text_file_keeps_raw_exactly_as_on_disk(tmp_path, texts):
    raw = "\r\n\r\n".join(texts.harbour) + "\r\n"
    path = tmp_path / "harbour.txt"
    path.write_bytes(raw.encode("utf-8"))
    for source in (path, str(path)):
        article = load(source)
        assert article.raw == raw  # no newline translation: offsets match the file
        assert article.text == "\n\n".join(texts.harbour)
        assert article.source == str(path)
        assert article.given_id is None
        assert article.language == "en"
        assert [b.kind for b in article.blocks] == ["paragraph"] * 3
        start = article.text.index("breakwater")
        assert raw[slice(*article.offsets.span_to_raw(start, start + 10))] == "breakwater"


def test_literal_text_and_bytes(texts):
    text = "\n\n".join(texts.bridge)
    assert load(text).text == text
    article = load(text.encode("utf-8"), LoadOptions(name="-"))
    assert article.text == text and article.source == "-"


@pytest.mark.parametrize(("encoding", "swap"), [("cp1252", {"cafes": "cafés", "jobs": "“jobs”"})])
def test_windows_1252_file_is_decoded_correctly(tmp_path, texts, encoding, swap):
    text = "\n\n".join(texts.harbour)
    for old, new in swap.items():
        text = text.replace(old, new)
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    article = load(path)
    assert article.raw == text
    assert "cafés" in article.text and "“jobs”" in article.text


def test_windows_1251_russian_is_decoded_then_refused_as_not_english(tmp_path, texts):
    path = tmp_path / "ru.txt"
    path.write_bytes(texts.russian.encode("cp1251"))
    with pytest.raises(InputError, match="not English"):
        load(path)
    assert load(path, LoadOptions(require_english=False)).text == texts.russian


def test_binary_empty_oversized_and_missing_inputs(tmp_path, texts):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(InputError, match="binary"):
        load(binary)
    with pytest.raises(InputError, match="binary"):
        load(b"\x00\x01\x02\x03 some \x00 bytes")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for source in (empty, b"   \r\n\t\n", "  \n\n  ", "**\n\n>\n"):
        with pytest.raises(InputError) as caught:
            load(source)
        assert str(caught.value) == Errors.E001
    big = "\n\n".join(texts.harbour)
    with pytest.raises(InputError, match="too large"):
        load(big, LoadOptions(max_bytes=100))
    with pytest.raises(InputError, match="too large"):
        load(big.encode(), LoadOptions(max_bytes=100))
    path = tmp_path / "big.txt"
    path.write_text(big)
    with pytest.raises(InputError, match="too large"):
        load(path, LoadOptions(max_bytes=100))
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="no such file"):
        load("missing-article.txt")
    with pytest.raises(InputError, match="no such file"):
        load_all(tmp_path / "nope")  # raised at the call, before iteration


def test_html_file_uses_trafilatura_text_and_metadata(tmp_path, texts):
    path = tmp_path / "page.html"
    path.write_text(texts.page("Harbour plan divides the town", texts.harbour, heading="What happens next"))
    article = load(path)
    assert article.title == "Harbour plan divides the town"
    assert article.authors == ["Jane Miller"]
    assert article.published == "2024-03-05"
    assert article.site == "Coastal Times"
    assert article.source == str(path)
    assert "Home" not in article.text and "Copyright" not in article.text
    assert "# What happens next" in article.raw  # raw is trafilatura's (markdown-flavoured) text
    blocks = [(b.kind, article.text[b.start : b.end]) for b in article.blocks]
    assert blocks[0] == ("title", "Harbour plan divides the town")
    assert ("heading", "What happens next") in blocks
    assert [k for k, _ in blocks].count("paragraph") == 3
    # HTML given as a string is sniffed as HTML too.
    assert load(path.read_text()).text == article.text


def test_html_without_article_text_is_refused():
    with pytest.raises(InputError, match="no article text"):
        load("<html><head><title>Empty</title></head><body><script>var x = 1;</script></body></html>")


def test_jsonl_bad_lines_become_failures_and_the_rest_loads(tmp_path, texts):
    lines = [
        json.dumps({"id": "a1", "text": texts.harbour[0], "title": "Harbour", "authors": ["Jane Miller"],
                    "published": "2024-03-05", "source": "archive/a1"}),
        "{not json",
        json.dumps({"id": 7, "html": texts.page("Bridge closed", texts.bridge)}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body"}),
        json.dumps({"text": texts.german}),
        json.dumps({"text": texts.bridge[1], "authors": "Tom Berg"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = list(load_all(path))
    assert len(items) == 7
    first, bad_json, html, not_object, no_body, german, last = items
    assert first.given_id == "a1" and first.id == "a1" and first.title == "Harbour"
    assert first.authors == ["Jane Miller"] and first.published == "2024-03-05"
    assert first.source == "archive/a1"
    assert isinstance(bad_json, LoadFailure) and bad_json.reason.startswith("[E013] JSON Lines line 2: [E122] not valid JSON")
    assert bad_json.source == f"{path}:2"
    assert html.given_id == "7" and html.title == "Bridge closed" and "footbridge" in html.text
    assert isinstance(not_object, LoadFailure) and "line 5" in not_object.reason
    assert isinstance(no_body, LoadFailure) and "line 6" in no_body.reason
    assert isinstance(german, LoadFailure) and "line 7" in german.reason and "not English" in german.reason
    assert last.authors == ["Tom Berg"] and last.source == f"{path}:8"
    with pytest.raises(InputError, match="holds 7 articles"):
        load(path)


def test_directory_with_a_bad_file_keeps_going(tmp_path, texts):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("\n\n".join(texts.harbour))
    (tmp_path / "b" / "c.md").write_text("# Bridge closed\n\n" + "\n\n".join(texts.bridge))
    (tmp_path / "b" / "d.html").write_text(texts.page("Bridge closed", texts.bridge))
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # not an article extension: skipped
    (tmp_path / ".hidden.txt").write_text("\n\n".join(texts.bridge))  # hidden: skipped
    (tmp_path / "more.jsonl").write_text(
        json.dumps({"text": texts.bridge[0]}) + "\n" + json.dumps({"text": texts.harbour[1]}) + "\n"
    )
    items = list(load_all(tmp_path))
    sources = [item.source for item in items]
    assert sources == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "c.md"),
        str(tmp_path / "b" / "d.html"),
        str(tmp_path / "broken.txt"),
        f"{tmp_path / 'more.jsonl'}:1",
        f"{tmp_path / 'more.jsonl'}:2",
    ]
    failure = items[3]
    assert isinstance(failure, LoadFailure) and "binary" in failure.reason
    assert all(not isinstance(item, LoadFailure) for k, item in enumerate(items) if k != 3)
    assert items[1].title == "Bridge closed"
    with pytest.raises(InputError, match="holds 5 articles"):
        load(tmp_path)


def test_empty_directory_is_refused(tmp_path):
    (tmp_path / "readme.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="no readable articles"):
        load_all(tmp_path)


def test_kind_forces_the_reading(tmp_path, texts):
    path = tmp_path / "page.html"
    markup = texts.page("Harbour plan divides the town", texts.harbour)
    path.write_text(markup)
    as_text = load(path, LoadOptions(kind="text", require_english=False))
    assert as_text.raw == markup
    with pytest.raises(InputError, match="not an http"):
        load("harbour.example/x", LoadOptions(kind="url"))


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("<!doctype html><html><body><p>x</p></body></html>", "html"),
        ("  <html lang='en'><p>x</p>", "html"),
        ("<?xml version='1.0'?>\n<rss version='2.0'><channel></channel></rss>", "feed"),
        ("<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
        ('{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        ("# Title\n\nSome *markdown* text.", "text"),
        ("{braces} in plain text", "text"),
        ("Plain words. <b>One tag</b> in it.", "text"),
    ],
)
def test_sniffing(content, kind):
    assert sniff(content) == kind


def test_given_id_is_never_taken_from_the_file_name(tmp_path, texts):
    path = tmp_path / "article111111111.txt"
    path.write_text("\n\n".join(texts.bridge))
    article = load(path)
    assert article.given_id is None and article.id == article.id and len(article.id) == 16


def test_path_objects_and_str_paths_agree(tmp_path, texts):
    path = tmp_path / "x.md"
    path.write_text("\n\n".join(texts.bridge))
    assert load(Path(path)).text == load(str(path)).text
