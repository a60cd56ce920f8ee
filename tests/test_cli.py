"""The command as a user runs it: real process, real files, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import jsonschema
import pytest

from glasnost.analysis import json_schema


def glasnost(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "glasnost", *args], input=stdin, capture_output=True, timeout=120
    )


def test_analyze_sample_to_json_validates(sample_path):
    result = glasnost("analyze", str(sample_path))
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    jsonschema.validate(data, json_schema())
    assert data["article"]["title"]


def test_html_report_written_with_summary(sample_path, tmp_path):
    out = tmp_path / "report.html"
    result = glasnost("analyze", str(sample_path), "-f", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    assert b"written:" in result.stderr and b"words" in result.stderr


def test_stdin_and_only(sample_path):
    result = glasnost("analyze", "-", "--only", "sentences", stdin=sample_path.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["sentences"] and data["entities"] == [] and data["stats"] is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (
            "Die Regierung hat am Montag beschlossen, die Steuern zu senken, obwohl viele "
            "Fachleute davor gewarnt hatten. Die Opposition spricht von einem Geschenk an die "
            "Reichen und kündigt Widerstand im Bundestag an.".encode(),
            "not English",
        ),
    ],
)
def test_bad_input_is_exit_2_with_one_line(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = glasnost("analyze", str(path))
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2
    assert reason in stderr and len(stderr.splitlines()) == 1 and "Traceback" not in stderr


def test_oversized_input_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("The minister said the port was late. " * 200_000, encoding="utf-8")
    result = glasnost("analyze", str(path))
    assert result.returncode == 2 and b"too large" in result.stderr


def test_missing_file_and_unknown_analyzer_are_exit_2(tmp_path, sample_path):
    result = glasnost("analyze", str(tmp_path / "nope.txt"))
    assert result.returncode == 2 and b"no such file" in result.stderr
    result = glasnost("analyze", str(sample_path), "--only", "nope")
    assert result.returncode == 2 and b"unknown analyzer" in result.stderr


def test_batch_keeps_going_past_a_bad_article(tmp_path, sample_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(sample_path.read_bytes())
    (tmp_path / "in" / "b.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    result = glasnost("analyze", str(tmp_path / "in"), "-f", "jsonl", "-o", str(out))
    assert result.returncode == 2
    assert b"b.txt" in result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["article"]["title"]


def test_html_for_many_articles_needs_a_directory(tmp_path, sample_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(sample_path.read_text(encoding="utf-8") + name, encoding="utf-8")
    result = glasnost("analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "html", "-o", str(tmp_path / "x.html"))
    assert result.returncode == 2
    result = glasnost("analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "html", "-o", str(tmp_path / "reports"))
    assert result.returncode == 0, result.stderr.decode()
    assert len(list((tmp_path / "reports").glob("*.html"))) == 3 and (tmp_path / "reports" / "index.html").is_file()


def test_schema_and_version():
    result = glasnost("schema")
    assert result.returncode == 0 and json.loads(result.stdout) == json_schema()
    result = glasnost("version")
    assert result.returncode == 0 and b"analyzer sentences" in result.stdout


GRAPH_TEXTS = (
    "Senator Maria Lund attacked Governor Piet Vos over the budget. Lund said Vos had lied to voters.",
    "Governor Piet Vos praised Mayor Ida Berg for her help. Vos and Berg met in Rotterdam on Friday.",
)


def test_graph_merges_actors_across_articles(tmp_path):
    import xml.etree.ElementTree as ET

    paths = []
    for i, text in enumerate(GRAPH_TEXTS):
        path = tmp_path / f"a{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "graph.graphml"
    result = glasnost("graph", *paths, "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    root = ET.parse(out).getroot()
    names = [d.text for d in root.iter() if d.tag.endswith("data") and d.text and "Vos" in d.text]
    assert names and len({n for n in names if n == "Piet Vos"}) == 1


def test_graph_reads_stored_analyses(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(GRAPH_TEXTS[0], encoding="utf-8")
    stored = tmp_path / "a.jsonl"
    assert glasnost("analyze", str(source), "-f", "jsonl", "-o", str(stored)).returncode == 0
    out = tmp_path / "graph.json"
    result = glasnost("graph", str(stored), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    graph = json.loads(out.read_text(encoding="utf-8"))
    assert graph["nodes"] and any(e["kind"] == "conflict" for e in graph["edges"])


def test_eval_attribution_needs_a_folder(tmp_path):
    result = glasnost("eval", "attribution", "--polnear", str(tmp_path / "missing"))
    assert result.returncode == 2 and b"no such file" in result.stderr


def test_eval_checkworthiness_on_a_file_in_the_checkthat_format(tmp_path):
    data = tmp_path / "cw.tsv"
    data.write_text(
        "Sentence_id\tText\tclass_label\n"
        "1\tUnemployment fell to 4.1 percent in March, the lowest rate in ten years.\tYes\n"
        "2\tThank you all for coming tonight.\tNo\n"
        "3\tThe city spent 412 million euros on the port, twice the budget.\tYes\n"
        "4\tI think we should all be kinder to each other.\tNo\n",
        encoding="utf-8",
    )
    result = glasnost("eval", "checkworthiness", str(data))
    assert result.returncode == 0, result.stderr.decode()
    assert b"4 sentences" in result.stdout and b"positive-class F1" in result.stdout


def test_eval_genre_takes_no_file(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("x", encoding="utf-8")
    result = glasnost("eval", "genre", str(path))
    assert result.returncode == 2 and b"not on a file" in result.stderr


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("analyze",), "Missing argument 'inputs'"),
        (("analyze", "X", "-f", "pdf"), "'pdf' is not one of"),
        (("analyze", "--bogus", "x"), "No such option: --bogus"),
        (("eval", "foo"), "No such command 'foo'"),
        (("spans", "D", "--operating-point", "bogus"), "'bogus' is not one of 'balanced'"),
        (("spans", "D", "--threshold", "2"), "--threshold"),
        (("spans", "D", "--scheme", "bogus"), "'bogus' is not one of 'semeval2023'"),
        (("eval", "techniques", "--articles", "D"), "Missing option '--gold'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args, reason):
    result = glasnost(*args)
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2, stderr
    assert stderr.startswith("error: ") and reason in stderr and len(stderr.splitlines()) == 1
    assert "internal error" not in stderr


def test_help_exits_0():
    for args in (("--help",), ("analyze", "--help"), ("eval", "--help")):
        result = glasnost(*args)
        assert result.returncode == 0 and b"Usage" in result.stdout and not result.stderr


def test_unknown_kind_is_exit_2(sample_path):
    result = glasnost("analyze", str(sample_path), "--kind", "bogus")
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2 and "'bogus' is not one of 'auto'" in stderr and len(stderr.splitlines()) == 1


def test_empty_tsv_replaces_an_old_report(tmp_path, sample_path):
    out = tmp_path / "spans.tsv"
    out.write_text("stale\n", encoding="utf-8")
    result = glasnost("analyze", str(sample_path), "--only", "sentences", "-f", "tsv", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_text(encoding="utf-8") == "" and b"written:" in result.stderr


def test_output_file_has_the_usual_permissions(tmp_path, sample_path):
    out = tmp_path / "a.json"
    old = os.umask(0o022)
    try:
        result = glasnost("analyze", str(sample_path), "--only", "sentences", "-o", str(out))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr.decode()
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_failed_batch_leaves_an_old_report_alone(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    out.write_text("good old report\n", encoding="utf-8")
    result = glasnost("analyze", str(tmp_path / "in"), "-f", "jsonl", "-o", str(out))
    assert result.returncode == 2
    assert out.read_text(encoding="utf-8") == "good old report\n"


def test_tsv_offsets_count_a_utf8_bom_as_spans_does(tmp_path, sample_path):
    text = sample_path.read_text(encoding="utf-8")
    plain, marked = tmp_path / "plain.txt", tmp_path / "marked.txt"
    plain.write_text(text, encoding="utf-8", newline="")
    marked.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    rows = {}
    for path in (plain, marked):
        result = glasnost("analyze", str(path), "--only", "techniques", "-f", "tsv")
        assert result.returncode == 0, result.stderr.decode()
        rows[path] = [line.split("\t")[1:] for line in result.stdout.decode().splitlines()]
    assert rows[plain]
    assert rows[marked] == [[name, str(int(start) + 1), str(int(end) + 1)] for name, start, end in rows[plain]]
    on_disk = marked.read_text(encoding="utf-8")  # a UTF-8 reader keeps the mark as U+FEFF
    assert [on_disk[int(s) : int(e)] for _, s, e in rows[marked]] == [text[int(s) : int(e)] for _, s, e in rows[plain]]


@pytest.mark.parametrize(
    "args",
    [
        ("analyze", "{sample}", "--only", "sentences", "-f", "json"),
        ("analyze", "{sample}", "--only", "sentences", "-f", "jsonl"),
        ("analyze", "{sample}", "--only", "sentences", "-f", "md"),
        ("analyze", "{sample}", "--only", "sentences", "-f", "tsv"),
        ("graph", "{sample}"),
    ],
)
def test_output_to_an_existing_directory_is_one_line_exit_2(tmp_path, sample_path, args):
    out = tmp_path / "out"
    out.mkdir()
    result = glasnost(*(a.format(sample=sample_path) for a in args), "-o", str(out))
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2, stderr
    assert stderr == f"error: [E080] -o {out} is a directory, but this output is one file: give a file name"
    assert list(out.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["out"]


def test_html_of_one_article_goes_into_an_existing_directory(tmp_path, sample_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    result = glasnost("analyze", str(sample_path), "--only", "sentences", "-f", "html", "-o", str(reports))
    assert result.returncode == 0, result.stderr.decode()
    (report,) = (p for p in reports.glob("*.html") if p.name != "index.html")
    assert report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")


def test_html_of_many_articles_goes_into_an_existing_directory(tmp_path, sample_path):
    text = sample_path.read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text + name, encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    result = glasnost("analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--only", "sentences", "-f", "html", "-o", str(reports))
    assert result.returncode == 0, result.stderr.decode()
    assert len(list(reports.glob("*.html"))) == 3 and (reports / "index.html").is_file()


def test_analyze_operating_point_moves_the_technique_highlights(sample_path):
    counts = {}
    for point in ("precision", "recall"):
        result = glasnost("analyze", str(sample_path), "--only", "techniques", "--operating-point", point)
        assert result.returncode == 0, result.stderr.decode()
        data = json.loads(result.stdout)
        assert data["pipeline"]["settings"] == {"operating_point": point, "min_score": None}
        counts[point] = len(data["techniques"])
    assert counts["recall"] > counts["precision"]
    bad = glasnost("analyze", str(sample_path), "--operating-point", "loose")
    assert bad.returncode == 2 and b"loose" in bad.stderr and b"Traceback" not in bad.stderr


def test_eval_genre_refuses_in_context():
    result = glasnost("eval", "genre", "--in-context")
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "error: [E087] --in-context is for sentence tasks; genre already reads whole articles"


def test_help_shows_no_bool_type_and_names_the_analyzers():
    from glasnost.pipeline import available

    def help_of(*args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "glasnost", *args, "--help"], capture_output=True, timeout=120,
                                env={**os.environ, "COLUMNS": "300"})
        assert result.returncode == 0
        return result.stdout.decode()

    for args in ((), ("analyze",), ("train", "techniques")):
        text = help_of(*args)
        assert "--help" in text and "<bool>" not in text, args
    for line in (line for line in help_of("analyze").splitlines() if "--only" in line or "--skip" in line):
        assert all(name in line for name in available()), line


@pytest.mark.parametrize(
    "args",
    [
        ("train", "sentences"),
        ("train", "techniques", "--data", "/nonexistent"),
        ("train", "attribution", "--polnear", "/nonexistent"),
        ("train", "sentences", "--replace", "-o", "new-heads"),
    ],
)
def test_train_writes_a_new_model_unless_told_to_replace(args, tmp_path):
    result = subprocess.run([sys.executable, "-m", "glasnost", *args], capture_output=True, timeout=120, cwd=tmp_path)
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2 and stderr.startswith("error: [E138] ") and len(stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_train_refuses_an_output_it_cannot_write_before_any_work(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = glasnost("train", "attribution", "--polnear", str(tmp_path / "missing"), "-o", str(tmp_path / "file" / "s.json"))
    assert result.returncode == 2 and b"[E120]" in result.stderr
