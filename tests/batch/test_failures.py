"""What cannot be ingested goes to a JSON Lines failure log, and `--retry-failed` tries it again."""

from __future__ import annotations

import json

from glasnost.batch.failures import read_failures
from glasnost.batch.sinks import JsonlSink

from .conftest import ARTICLES, glasnost


def test_failures_are_logged_and_retried(tmp_path):
    good = ARTICLES.read_text(encoding="utf-8").splitlines()[0]
    source = tmp_path / "batch.jsonl"
    source.write_text(good + "\n{not json\n", encoding="utf-8")
    db = tmp_path / "s.db"
    first = glasnost(str(source), "--db", str(db), "--workers", "1", "-f", "json")
    assert first.returncode == 2 and json.loads(first.stdout)["failed"] == 1
    log = tmp_path / "s.db.failures.jsonl"
    [entry] = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert (entry["source"], entry["input"], entry["code"]) == (f"{source}:2", str(source), "E013")
    assert entry["reason"].startswith("[E013]") and "failures logged in" in first.stderr

    second = json.loads(good)
    second.update(id="second", url="https://example.org/second", text="A different story. " * 12)
    source.write_text(good + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    retry = glasnost("--retry-failed", "--db", str(db), "--workers", "1", "-f", "json")
    assert retry.returncode == 0, retry.stderr
    assert {k: json.loads(retry.stdout)[k] for k in ("added", "duplicates", "failed")} == {"added": 1, "duplicates": 1, "failed": 0}
    assert log.read_text(encoding="utf-8") == ""


def test_retry_needs_a_log_and_ingest_needs_input(tmp_path):
    missing = glasnost("--retry-failed", "--db", str(tmp_path / "s.db"))
    assert missing.returncode == 2 and "[E203] --retry-failed: no failure log at" in missing.stderr
    nothing = glasnost("--db", str(tmp_path / "s.db"))
    assert nothing.returncode == 2 and "[E210]" in nothing.stderr
    assert not (tmp_path / "s.db").exists()


def test_a_torn_last_line_is_ignored_or_cut(tmp_path):
    log = tmp_path / "f.jsonl"
    log.write_text('{"source": "a.txt", "input": "a.txt", "reason": "[E001] x"}\n{"source": "b', encoding="utf-8")
    assert [f.source for f in read_failures(log)] == ["a.txt"]
    lines = tmp_path / "out.jsonl"
    lines.write_text('{"article": {"id": "one"}}\n{"article": {"id": "tw', encoding="utf-8")
    sink = JsonlSink(lines)
    sink.close()
    assert sink.seen == {"one"} and lines.read_text(encoding="utf-8") == '{"article": {"id": "one"}}\n'


def test_an_article_the_store_refuses_is_logged_with_its_input(tmp_path):
    first = json.loads(ARTICLES.read_text(encoding="utf-8").splitlines()[0])
    clash = {**first, "url": "https://example.org/other", "text": "Another story under the same id. " * 10}
    source = tmp_path / "clash.jsonl"
    source.write_text(json.dumps(first) + "\n" + json.dumps(clash) + "\n", encoding="utf-8")
    result = glasnost(str(source), "--db", str(tmp_path / "s.db"), "--workers", "1", "--failures", str(tmp_path / "f.jsonl"))
    assert result.returncode == 2
    [entry] = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (entry["code"], entry["input"]) == ("E165", str(source))
