"""`glasnost render`: a stored analysis renders exactly as a fresh one, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glasnost.cli import app
from glasnost.render import FORMATS
from test_cli import glasnost

RUNNER = CliRunner()


def _run(*args: str) -> bytes:
    result = RUNNER.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, sample_path) -> dict[str, Path]:
    """The sample, and the sample with a byte-order mark and mojibake, which normalisation
    repairs, so its offsets into the text differ from those into the file."""
    folder = tmp_path_factory.mktemp("inputs")
    text = sample_path.read_text(encoding="utf-8")
    assert text.count("'") >= 3
    broken = folder / "broken.txt"
    broken.write_bytes(b"\xef\xbb\xbf" + text.replace("'", "\u00e2\u20ac\u2122", 3).encode("utf-8"))
    return {"sample": sample_path, "broken": broken}


@pytest.fixture(scope="module")
def stored(inputs, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("stored")
    paths = {}
    for name, path in inputs.items():
        paths[name] = folder / f"{name}.json"
        paths[name].write_bytes(_run("analyze", str(path)))
    return paths


def test_stored_analyses_carry_their_raw_offsets(stored, tmp_path):
    offsets = {name: json.loads(path.read_text(encoding="utf-8"))["article"]["raw_offsets"] for name, path in stored.items()}
    assert offsets["sample"] is not None, "the sample's markdown is normalised away"
    assert len(offsets["broken"]["ends"]) == len(offsets["sample"]["ends"]) + 3, "three repaired characters"
    assert offsets["broken"]["shifts"][0] == [0, offsets["sample"]["shifts"][0][1] + 1], "the byte-order mark"
    plain = tmp_path / "plain.txt"
    plain.write_text("The minister said the port would open next year.", encoding="utf-8")
    assert json.loads(_run("analyze", str(plain), "--only", "sentences"))["article"]["raw_offsets"] is None


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", ["sample", "broken"])
def test_render_equals_a_fresh_analyze(inputs, stored, name, fmt):
    fresh = _run("analyze", str(inputs[name]), "-f", fmt)
    assert fresh.strip()
    assert _run("render", str(stored[name]), "-f", fmt) == fresh


def test_render_reads_json_lines_into_a_folder_of_reports(inputs, tmp_path):
    both = [str(inputs["sample"]), str(inputs["broken"])]
    lines = tmp_path / "both.jsonl"
    _run("analyze", *both, "-f", "jsonl", "-o", str(lines))
    _run("analyze", *both, "-f", "html", "-o", str(tmp_path / "fresh"))
    _run("render", str(lines), "-f", "html", "-o", str(tmp_path / "stored"))
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "fresh").iterdir()}
    assert len(fresh) == 3 and "index.html" in fresh
    assert {p.name: p.read_bytes() for p in (tmp_path / "stored").iterdir()} == fresh


def test_an_analysis_stored_before_raw_offsets_still_renders(stored, tmp_path):
    """Schema 1.1 had no raw offsets: its tsv points into the text, as it did then."""
    data = json.loads(stored["sample"].read_text(encoding="utf-8"))
    del data["article"]["raw_offsets"]
    data["schema_version"] = "1.1"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    rows = [line.split("\t")[1:] for line in _run("render", str(old), "-f", "tsv").decode().splitlines()]
    spans = sorted((t["start"], t["end"], t["technique"]) for t in data["techniques"])
    assert rows and rows == [[name, str(start), str(end)] for start, end, name in spans]


@pytest.mark.parametrize(
    ("content", "suffix", "reason"),
    [
        ('{"schema_version": "1.2"}\n', ".jsonl", "line 1"),
        ("not json", ".json", "cannot read analyses"),
        ("", ".jsonl", "holds no analysis"),
        ("x", ".txt", "give the .json or .jsonl"),
    ],
)
def test_a_file_that_is_not_stored_analyses_is_one_line_exit_2(tmp_path, content, suffix, reason):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8")
    result = glasnost("render", str(path))
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2 and stderr.startswith("error: [E018]") and reason in stderr
    assert len(stderr.splitlines()) == 1 and not result.stdout


def test_bad_raw_offsets_are_refused(stored, tmp_path):
    data = json.loads(stored["broken"].read_text(encoding="utf-8"))
    data["article"]["raw_offsets"]["shifts"][0][0] = 5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = glasnost("render", str(bad), "-f", "tsv")
    assert result.returncode == 2 and b"[E133]" in result.stderr
