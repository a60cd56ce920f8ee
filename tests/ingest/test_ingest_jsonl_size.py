"""The size cap is per article: a JSON Lines file (or a directory holding one) of any size is
read record by record, streamed from disk, and only a record over the cap is refused."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc

import pytest

from glasnost import InputError, LoadOptions, load_all
from glasnost.ingest import LoadFailure


def records(texts, count: int) -> list[str]:
    return [json.dumps({"id": f"a{n}", "text": texts.harbour[n % 3] + f" Report {n}."}) for n in range(count)]


def test_a_jsonl_file_over_the_cap_loads_every_record_and_refuses_only_the_big_one(tmp_path, texts):
    lines = records(texts, 12)
    lines.insert(5, json.dumps({"id": "huge", "text": "The port stayed shut. " * 200}))
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    options = LoadOptions(max_bytes=1000)
    assert path.stat().st_size > 3 * options.max_bytes
    items = list(load_all(path, options))
    assert len(items) == 13
    failure = items[5]
    assert isinstance(failure, LoadFailure) and failure.source == f"{path}:6"
    assert "line 6" in failure.reason and "too large" in failure.reason
    articles = [item for item in items if not isinstance(item, LoadFailure)]
    assert [a.given_id for a in articles] == [f"a{n}" for n in range(12)]
    for source in (path.read_text(encoding="utf-8"), path.read_bytes()):  # text and stdin too
        assert sum(not isinstance(i, LoadFailure) for i in load_all(source, options)) == 12


def test_a_directory_streams_its_big_jsonl_and_still_caps_other_files(tmp_path, texts):
    (tmp_path / "corpus.jsonl").write_text("\n".join(records(texts, 8)) + "\n", encoding="utf-8")
    (tmp_path / "long.txt").write_text("\n\n".join(texts.harbour) * 3, encoding="utf-8")
    options = LoadOptions(max_bytes=1000)
    items = list(load_all(tmp_path, options))
    assert sum(not isinstance(i, LoadFailure) for i in items) == 8
    (failure,) = [i for i in items if isinstance(i, LoadFailure)]
    assert failure.source.endswith("long.txt") and "too large" in failure.reason


def test_a_large_jsonl_file_is_streamed_not_held(tmp_path):
    pad = "x" * 3000
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(2000):  # 6 MB of records that each fail fast (no text)
            handle.write(json.dumps({"id": n, "pad": pad}) + "\n")
        handle.write(json.dumps({"text": "y" * 7_000_000}) + "\n")  # one record over the cap
    assert path.stat().st_size > 13_000_000
    tracemalloc.start()
    try:
        items = load_all(path, LoadOptions(max_bytes=1_000_000))
        failures = sum(isinstance(item, LoadFailure) for item in items)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert failures == 2001
    assert peak < 4_000_000  # a line read up to the cap, twice at most: never the file or the big line


def test_a_legacy_encoded_or_binary_jsonl_is_still_read_whole_or_refused(tmp_path, texts):
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(json.dumps({"text": texts.harbour[1].replace("cafes", "cafés")}, ensure_ascii=False).encode("cp1252"))
    (article,) = load_all(path)
    assert "cafés" in article.text
    binary = tmp_path / "photo.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        load_all(binary)


def test_the_cli_reads_a_jsonl_file_over_the_cap(tmp_path, texts):
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(records(texts, 1)[0] + "\n")
        handle.write(json.dumps({"id": "huge", "text": "The port stayed shut. " * 270_000}) + "\n")
        handle.write(records(texts, 2)[1] + "\n")
    assert path.stat().st_size > 5_000_000
    result = subprocess.run(
        [sys.executable, "-m", "glasnost", "analyze", str(path), "-f", "jsonl", "--only", "sentences"],
        capture_output=True, timeout=300,
    )
    stderr = result.stderr.decode()
    assert result.returncode == 2  # one record skipped
    assert [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()] == ["a0", "a1"]
    assert f"{path}:2" in stderr and "line 2" in stderr and "too large" in stderr
