"""Where `glasnost` writes: only where the user asked, never where an article's id points, and
never by replacing a link or a device with a regular file."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from test_cli import glasnost

TEXT = "The minister said on Monday that the new port in Varna Bay would open next year."
HOSTILE_IDS = ["../../escaped", "{abs}", "a" * 300, "https://example.org/story?id=1", '"><img src=x onerror=alert(1)>',
               "same", "same", "index", "CON"]


def _jsonl(path: Path, ids: list[str]) -> Path:
    lines = [json.dumps({"id": id_, "text": f"{TEXT} Record {n}.", "title": f"<b>{id_[:40]}</b> {n}"})
             for n, id_ in enumerate(ids)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tree(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


def test_ids_never_choose_where_html_reports_land(tmp_path):
    ids = [i.format(abs=tmp_path / "abs" / "owned") for i in HOSTILE_IDS]
    source = _jsonl(tmp_path / "x.jsonl", ids)
    reports = tmp_path / "deep" / "er" / "reports"
    result = glasnost("analyze", str(source), "--only", "sentences", "-f", "html", "-o", str(reports))
    assert result.returncode == 0, result.stderr.decode()
    outside = {p for p in _tree(tmp_path) if not str(p).startswith(os.path.join("deep", "er"))}
    assert outside == {Path("x.jsonl"), Path("deep")}
    files = sorted(reports.iterdir())
    assert all(p.is_file() and not p.name.startswith(".") and len(p.name) <= 80 for p in files)
    assert len(files) == len(ids) + 1 and (reports / "index.html") in files
    assert len({p.name.casefold() for p in files}) == len(files)
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index and "<b>" not in index and "&lt;img src=x" in index
    linked = [line.split('href="')[1].split('"')[0] for line in index.splitlines() if 'href="' in line]
    assert sorted(linked) == sorted(p.name for p in files if p.name != "index.html")
    titles = {(reports / name).read_text(encoding="utf-8").split("<title>")[1].split(" · ")[0] for name in linked}
    assert len(titles) == len(ids), "every record has its own report, same ids included"
    assert all(f"x.jsonl:{n + 1}" in index for n in range(len(ids)))


def test_output_through_a_symlink_writes_its_target(tmp_path, sample_path):
    target = tmp_path / "target.json"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    result = glasnost("analyze", str(sample_path), "--only", "sentences", "-o", str(link))
    assert result.returncode == 0, result.stderr.decode()
    assert link.is_symlink() and os.readlink(link) == target.name
    assert json.loads(target.read_text(encoding="utf-8"))["sentences"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "target.json"]


def test_output_to_dev_null_leaves_the_device_a_device(sample_path):
    result = glasnost("analyze", str(sample_path), "--only", "sentences", "-f", "jsonl", "-o", "/dev/null")
    assert result.returncode == 0, result.stderr.decode()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and b"written: /dev/null" in result.stderr


def test_output_to_dev_stdout_writes_the_stream(sample_path):
    plain = glasnost("analyze", str(sample_path), "--only", "sentences", "-f", "jsonl")
    through = glasnost("analyze", str(sample_path), "--only", "sentences", "-f", "jsonl", "-o", "/dev/stdout")
    assert through.returncode == 0, through.stderr.decode()
    assert through.stdout == plain.stdout and plain.stdout.count(b"\n") == 1


def test_output_into_a_fifo_is_written_through(tmp_path, sample_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = glasnost("analyze", str(sample_path), "--only", "sentences", "-f", "jsonl", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr.decode()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["sentences"]


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_output_under_a_regular_file_is_refused_before_any_work(tmp_path, fmt):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    missing = tmp_path / "not-read.txt"  # never loaded: the refusal comes first
    result = glasnost("analyze", str(missing), "-f", fmt, "-o", str(tmp_path / "file" / "sub" / "out"))
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2 and len(stderr.splitlines()) == 1
    assert "is not a directory" in stderr and "no such file" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; run the suite as a user")
def test_output_in_a_read_only_folder_is_refused_before_any_work(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = glasnost("analyze", str(tmp_path / "not-read.txt"), "-o", str(folder / "out.json"))
    finally:
        folder.chmod(0o755)
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2 and "cannot write in" in stderr and "no such file" not in stderr
    assert list(folder.iterdir()) == []


def test_a_link_planted_in_the_reports_folder_is_replaced_not_followed(tmp_path):
    source = _jsonl(tmp_path / "x.jsonl", ["same", "taken"])
    reports = tmp_path / "reports"
    reports.mkdir()
    outside = tmp_path / "outside.html"
    outside.write_text("keep me\n", encoding="utf-8")
    (reports / "same.html").symlink_to(outside)
    (reports / "taken.html").mkdir()
    result = glasnost("analyze", str(source), "--only", "sentences", "-f", "html", "-o", str(reports))
    assert result.returncode == 0, result.stderr.decode()
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert (reports / "same.html").is_file() and not (reports / "same.html").is_symlink()
    assert (reports / "taken.html").is_dir() and (reports / "taken-2.html").is_file()
