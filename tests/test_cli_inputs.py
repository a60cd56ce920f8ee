"""What an INPUT argument may be: a typo, a stray flag value or a URL scheme Glasnost does not
fetch is refused with exit 2 and one numbered line, before any article is read; literal text comes
only through - or --kind text. Runs the real entry point (`glasnost.cli.main`) in-process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from glasnost import cli

TEXT = "The minister said the port would open late, again, and the fishermen were not surprised."


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["glasnost", *args])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("article", "no such file or directory: article (literal text goes through -"),
        ("story.txtx", "no such file or directory: story.txtx"),
        ("a story about the harbour", "no such file or directory: a story about the harbour"),
        ("htps://example.org/story", "unsupported URL scheme 'htps' in htps://example.org/story: only http:// and https:// URLs are fetched; did you mean https://?"),
        ("file:///etc/passwd", "unsupported URL scheme 'file' in file:///etc/passwd"),
        ("ftp://example.org/story.txt", "unsupported URL scheme 'ftp'"),
        ("mailto:desk@example.org", "unsupported URL scheme 'mailto'"),
    ],
)
def test_a_typo_is_not_an_article(monkeypatch, capsys, argument, expected):
    code, out, err = run(monkeypatch, capsys, "analyze", argument, "--only", "sentences")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and expected in err and len(err.strip().splitlines()) == 1


def test_a_value_after_a_boolean_flag_is_refused_before_any_work(monkeypatch, capsys, sample_path, tmp_path):
    out_file = tmp_path / "out.jsonl"
    code, _, err = run(
        monkeypatch, capsys, "analyze", str(sample_path), "--allow-private", "true", "-f", "jsonl", "-o", str(out_file)
    )
    assert code == 2 and "'true' is not a file, a directory or a URL" in err and "--allow-private" in err
    assert not out_file.exists()  # refused up front: the good file was not analysed either


def test_a_missing_file_in_a_batch_refuses_the_batch_up_front(monkeypatch, capsys, sample_path, tmp_path):
    code, out, err = run(monkeypatch, capsys, "analyze", str(sample_path), str(tmp_path / "stroy.txt"))
    assert code == 2 and out == "" and "stroy.txt" in err


def test_literal_text_comes_through_kind_text_or_stdin(monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, "analyze", TEXT, "--kind", "text", "--only", "sentences")
    assert code == 0 and json.loads(out)["article"]["text"] == TEXT
    result = subprocess.run(
        [sys.executable, "-m", "glasnost", "analyze", "-", "--only", "sentences"],
        input=TEXT.encode(), capture_output=True, timeout=120,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["article"]["text"] == TEXT


def test_an_existing_file_named_like_a_typo_still_loads(monkeypatch, capsys, tmp_path):
    path = tmp_path / "story.txtx"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, "analyze", str(path), "--only", "sentences")
    assert code == 0 and json.loads(out)["article"]["source"] == str(path)
