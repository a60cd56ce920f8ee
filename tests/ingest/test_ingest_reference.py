"""A string without whitespace is a reference (a path or a URL), never a one-word article."""

from __future__ import annotations

from pathlib import Path

import pytest

from glasnost import InputError, LoadOptions, load
from glasnost.ingest import argument_source


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("article", r"no such file or directory: article"),
        ("story.txtx", r"no such file or directory: story\.txtx"),
        ("htps://example.org/x", r"unsupported URL scheme 'htps'.*did you mean https://\?"),
        ("file:///etc/passwd", r"unsupported URL scheme 'file'"),
        ("ftp://example.org/x", r"unsupported URL scheme 'ftp'"),
        ("ftp://example.org/x is where the files were", r"unsupported URL scheme 'ftp'"),
        ("false", r"'false' is not a file, a directory or a URL"),
    ],
)
def test_a_reference_to_nothing_is_refused(source, message):
    with pytest.raises(InputError, match=message):
        load(source)
    with pytest.raises(InputError, match=message):
        argument_source(source)


def test_kind_text_takes_any_string_literally():
    assert load("file:///etc/passwd", LoadOptions(kind="text", require_english=False)).text == "file:///etc/passwd"
    assert argument_source("article", "text") == "article"


def test_a_content_kind_never_reads_the_path_a_string_names(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("The harbour keys are under the third stone from the gate.", encoding="utf-8")
    as_text = load(str(secret), LoadOptions(kind="text", require_english=False))
    assert as_text.text == str(secret)
    assert "harbour keys" in load(str(secret), LoadOptions(require_english=False)).text
    assert "harbour keys" in load(secret, LoadOptions(kind="text", require_english=False)).text


def test_prose_is_still_text_and_drive_letters_and_prose_colons_are_not_schemes(tmp_path):
    prose = "Note: the council said the harbour would open late, again, to nobody's surprise."
    assert load(prose).text == prose
    path = tmp_path / "a.txt"
    path.write_text(prose, encoding="utf-8")
    assert argument_source(str(path)) == Path(path)
    assert argument_source("https://example.org/story") == "https://example.org/story"
    with pytest.raises(InputError, match="no such file"):
        argument_source("C:/news/story.txt")
