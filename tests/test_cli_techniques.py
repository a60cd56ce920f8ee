"""The SemEval-2020 research workflows through the real command on files written here."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from glasnost.techniques import inventory
from glasnost.techniques.ptc_format import read_paragraph_labels

ARTICLE = (
    "Cowards and traitors run the ministry\n"
    "\n"
    "The corrupt regime keeps feeding the public disgusting lies about the war.\n"
    "These thugs will destroy our beloved nation unless every true patriot stands up now.\n"
    "The ministry published its budget on Tuesday.\n"
)


def glasnost(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glasnost", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def folder(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "article42.txt").write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-8", newline="")
    (articles / "notes.txt").write_text(ARTICLE, encoding="utf-8")
    return articles


def test_spans_are_ptc_lines_with_offsets_into_the_files_on_disk(folder, tmp_path):
    out = tmp_path / "spans.tsv"
    result = glasnost("spans", str(folder), "-o", str(out), "--scheme", "ptc14")
    assert result.returncode == 0, result.stderr
    lines = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines and {row[0] for row in lines} <= {"42", "notes"}
    raw = (folder / "article42.txt").read_bytes().decode("utf-8")
    for article_id, technique, start, end in lines:
        assert technique in inventory.PTC14_NAMES
        if article_id == "42":
            assert raw[int(start) : int(end)].strip()


def test_label_spans_accepts_both_span_layouts(folder, tmp_path):
    start = ARTICLE.index("disgusting")
    spans = tmp_path / "given.tsv"
    spans.write_text(f"42\t?\t{start}\t{start + 10}\nnotes\t{start}\t{start + 16}\n", encoding="utf-8")
    result = glasnost("label-spans", str(folder), "--spans", str(spans))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(r[0], r[2], r[3]) for r in rows] == [("42", str(start), str(start + 10)), ("notes", str(start), str(start + 16))]
    assert all(r[1] in inventory.NAMES for r in rows)


def test_eval_techniques_prints_si_and_tc(folder, tmp_path):
    start = ARTICLE.index("disgusting lies")
    gold = tmp_path / "gold.tsv"
    gold.write_text(f"42\tLoaded_Language\t{start}\t{start + 15}\n", encoding="utf-8")
    result = glasnost("eval", "techniques", "--articles", str(folder), "--gold", str(gold))
    assert result.returncode == 0, result.stderr
    assert "scheme: ptc14" in result.stdout and "SI" in result.stdout and "TC" in result.stdout


def test_span_for_an_unknown_article_is_exit_2(folder, tmp_path):
    spans = tmp_path / "given.tsv"
    spans.write_text("999\t0\t5\n", encoding="utf-8")
    result = glasnost("label-spans", str(folder), "--spans", str(spans))
    assert result.returncode == 2 and "999" in result.stderr


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"42\t?\tx\t5", "line 1: span offsets must be whole numbers"),
        (b"42\t?\t9\t5", "line 1: span ends before it starts"),
        (b"42\t?\t-1\t5", "line 1: span starts at a negative offset"),
        (b"42 ? 1 5", "line 1: expected id, technique, start, end"),
        (b"id\ttechnique\tstart\tend", "line 1: span offsets must be whole numbers"),
        (b"42\t?\t1\t5\n42\t?\t\xe9\t5", "line 2: not UTF-8 text"),
        (b"42\t?\t5000\t6000", "line 1: span 5000..6000 runs past the end of article 42"),
        (b"42\t?\t5\t5", "line 1: span 5..5 is empty"),
    ],
)
def test_bad_span_file_is_one_line_naming_file_and_line(folder, tmp_path, line, reason):
    spans = tmp_path / "given.tsv"
    spans.write_bytes(line + b"\n")
    result = glasnost("label-spans", str(folder), "--spans", str(spans), "-o", str(tmp_path / "out.tsv"))
    stderr = result.stderr.strip()
    assert result.returncode == 2, stderr
    assert re.match(rf"error: \[E\d{{3}}\] {re.escape(str(spans))} ", stderr) and reason in stderr and len(stderr.splitlines()) == 1


def test_span_file_with_a_bom_is_read(folder, tmp_path):
    start = ARTICLE.index("disgusting")
    spans = tmp_path / "given.tsv"
    spans.write_bytes(f"\ufeff42\t?\t{start}\t{start + 10}\n".encode())
    result = glasnost("label-spans", str(folder), "--spans", str(spans))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\t")[0] == "42"


def test_spans_reads_a_cp1252_file_as_analyze_does(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    data = ARTICLE.replace("public", "caf\u00e9 public").replace("disgusting lies", "\u201cdisgusting lies\u201d").encode("cp1252")
    (articles / "article7.txt").write_bytes(data)
    result = glasnost("spans", str(articles))
    assert result.returncode == 0, result.stderr
    text = data.decode("cp1252")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows and all(text[int(start) : int(end)].strip() for _, _, start, end in rows)


def test_spans_refuses_a_binary_file_naming_it(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "article1.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "article2.txt").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    result = glasnost("spans", str(articles))
    stderr = result.stderr.strip()
    assert result.returncode == 2 and "article2.txt" in stderr and "looks binary" in stderr
    assert len(stderr.splitlines()) == 1 and not result.stdout


def test_spans_with_no_findings_replace_an_old_file(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "article1.txt").write_text("The ministry published its budget on Tuesday.\n", encoding="utf-8")
    out = tmp_path / "spans.tsv"
    out.write_text("1\tDoubt\t0\t3\n", encoding="utf-8")
    result = glasnost("spans", str(articles), "-o", str(out), "--threshold", "1")
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == "" and "0 spans; written:" in result.stderr


def test_eval_techniques_scores_articles_without_gold_spans(folder, tmp_path):
    start = ARTICLE.index("disgusting lies")
    gold = tmp_path / "gold.tsv"
    gold.write_text(f"42\tLoaded_Language\t{start}\t{start + 15}\n", encoding="utf-8")
    result = glasnost("eval", "techniques", "--articles", str(folder), "--gold", str(gold))
    assert result.returncode == 0, result.stderr
    assert "articles: 2 " in result.stdout  # 'notes' has no gold span and is scored all the same
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "article42.txt").write_bytes((folder / "article42.txt").read_bytes())
    only_42 = glasnost("eval", "techniques", "--articles", str(alone), "--gold", str(gold))
    assert "articles: 1 " in only_42.stdout
    # the same text in 'notes' brings its own predicted spans, all false positives
    assert _si_predicted(result.stdout) > _si_predicted(only_42.stdout) > 0


def _si_predicted(report: str) -> int:
    si_micro = report.split("SI:", 1)[1].splitlines()[1]
    return int(re.search(r"\(pred (\d+),", si_micro).group(1))


@pytest.mark.parametrize("command", ["spans", "label-spans"])
def test_output_to_an_existing_directory_is_one_line_exit_2(folder, tmp_path, command):
    out = tmp_path / "out"
    out.mkdir()
    given = tmp_path / "given.tsv"
    given.write_text("42\t0\t5\n", encoding="utf-8")
    extra = ("--spans", str(given)) if command == "label-spans" else ()
    result = glasnost(command, str(folder), *extra, "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"error: [E080] -o {out} is a directory, but this output is one file: give a file name"
    assert list(out.iterdir()) == []


def test_si_spans_are_three_columns_merged_with_offsets_into_the_files(folder, tmp_path):
    out = tmp_path / "si.tsv"
    result = glasnost("spans", str(folder), "--si", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(len(row) == 3 for row in rows)
    raw = {"42": (folder / "article42.txt").read_bytes().decode("utf-8"), "notes": ARTICLE}
    by_article: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in rows:
        by_article.setdefault(article_id, []).append((int(start), int(end)))
    assert set(by_article) == {"42", "notes"}
    for article_id, spans in by_article.items():
        assert spans == sorted(spans)
        assert all(a < b <= c < d for (a, b), (c, d) in zip(spans, spans[1:]))  # merged: no overlap
        assert all(0 <= s < e <= len(raw[article_id]) and raw[article_id][s:e].strip() for s, e in spans)
    # the CRLF copy marks the same words as the LF one, shifted by the carriage returns before them
    shifted = [(s + ARTICLE.count("\n", 0, s), e + ARTICLE.count("\n", 0, e)) for s, e in by_article["notes"]]
    assert by_article["42"] == shifted
    # the spans eval techniques scores as SI predictions
    start = ARTICLE.index("disgusting lies")
    gold = tmp_path / "gold.tsv"
    gold.write_text(f"notes\t{start}\t{start + 15}\n", encoding="utf-8")
    scored = glasnost("eval", "techniques", "--articles", str(folder), "--gold", str(gold))
    assert scored.returncode == 0, scored.stderr
    assert _si_predicted(scored.stdout) == len(rows)


def test_si_refuses_the_technique_options(folder):
    result = glasnost("spans", str(folder), "--si", "--scheme", "ptc14", "--threshold", "0.3")
    stderr = result.stderr.strip()
    assert result.returncode == 2 and len(stderr.splitlines()) == 1 and not result.stdout
    assert stderr.startswith("error: [E081] --si does not go with --scheme, --threshold")


def _paragraph_rows(stdout: str) -> dict[tuple[str, int], set[str]]:
    rows = [line.split("\t") for line in stdout.splitlines()]
    assert rows and all(len(row) == 3 for row in rows)
    return {(article_id, int(line)): set(filter(None, names.split(","))) for article_id, line, names in rows}


def test_paragraphs_are_subtask3_lines_for_every_non_empty_line(folder):
    result = glasnost("spans", str(folder), "--paragraphs")
    assert result.returncode == 0, result.stderr
    found = _paragraph_rows(result.stdout)
    assert sorted(found) == [(a, n) for a in ("42", "notes") for n in (1, 3, 4, 5)]  # line 2 is empty
    assert all(names <= set(inventory.NAMES) for names in found.values())
    assert any(found.values())
    assert all(found[("42", n)] == found[("notes", n)] for n in (1, 3, 4, 5))  # CRLF or LF: same lines


def test_paragraphs_in_ptc14_names_read_back_whole(folder, tmp_path):
    out = tmp_path / "paragraphs.tsv"
    result = glasnost("spans", str(folder), "--paragraphs", "--scheme", "ptc14", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "8 paragraphs; written:" in result.stderr
    found = read_paragraph_labels(out)  # four ptc14 names hold the column's own comma
    assert sorted(found) == [(a, n) for a in ("42", "notes") for n in (1, 3, 4, 5)]
    assert any(found.values()) and all(names <= set(inventory.PTC14_NAMES) for names in found.values())


def test_paragraphs_refuse_an_operating_point(folder):
    result = glasnost("spans", str(folder), "--paragraphs", "--operating-point", "precision")
    stderr = result.stderr.strip()
    assert result.returncode == 2 and len(stderr.splitlines()) == 1 and not result.stdout
    assert stderr.startswith("error: [E082] --paragraphs does not go with --operating-point")


def test_eval_techniques_scores_paragraphs_as_spans_paragraphs_predicts_them(folder, tmp_path):
    predicted = _paragraph_rows(glasnost("spans", str(folder), "--paragraphs").stdout)
    start = ARTICLE.index("disgusting lies")
    gold = tmp_path / "gold.tsv"
    gold.write_text(f"42\tLoaded_Language\t{start}\t{start + 15}\n", encoding="utf-8")
    paragraph_gold = tmp_path / "paragraphs.labels"
    expected = {("42", 3): {"Loaded_Language"}, ("42", 4): {"Name_Calling-Labeling", "Flag_Waving"}, ("42", 5): set()}
    paragraph_gold.write_text(
        "42\t3\tLoaded_Language\n42\t4\tName_Calling-Labeling,Flag_Waving\n42\t5\t\n999\t1\tDoubt\n", encoding="utf-8"
    )
    result = glasnost("eval", "techniques", "--articles", str(folder), "--gold", str(gold), "--paragraph-gold", str(paragraph_gold))
    assert result.returncode == 0, result.stderr
    report = result.stdout.split("Paragraphs:", 1)[1]
    assert report.startswith(" techniques of 3 gold paragraphs, micro-F1 (scheme: semeval2023)")
    n_pred = sum(len(predicted[key]) for key in expected)
    tp = sum(len(predicted[key] & names) for key, names in expected.items())
    micro = report.splitlines()[1]
    assert f"(pred {n_pred}, gold 3)" in micro and f"R={tp / 3:.4f}" in micro
    assert "Flag_Waving" in report


def test_paragraph_gold_in_ptc14_names_is_scored_in_ptc14(folder, tmp_path):
    start = ARTICLE.index("disgusting lies")
    gold = tmp_path / "gold.tsv"
    gold.write_text(f"42\t{start}\t{start + 15}\n", encoding="utf-8")
    paragraph_gold = tmp_path / "paragraphs.labels"
    paragraph_gold.write_text("42\t3\tLoaded_Language,Name_Calling,Labeling\n", encoding="utf-8")
    result = glasnost("eval", "techniques", "--articles", str(folder), "--gold", str(gold), "--paragraph-gold", str(paragraph_gold))
    assert result.returncode == 0, result.stderr
    report = result.stdout.split("Paragraphs:", 1)[1]
    assert report.startswith(" techniques of 1 gold paragraphs, micro-F1 (scheme: ptc14)")
    assert "gold 2)" in report.splitlines()[1] and "Name_Calling,Labeling" in report


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"42\t3\tDoubt\textra\n", "line 1: expected id, line number, techniques"),
        (b"42\n", "line 1: expected id, line number, techniques"),
        (b"42\t1\t\n42\tthree\tDoubt\n", "line 2: a paragraph's line number is a whole number from 1"),
        (b"42\t0\t\n", "line 1: a paragraph's line number is a whole number from 1"),
        (b"42\t1\t\xe9\n", "line 1: not UTF-8 text"),
    ],
)
def test_bad_paragraph_gold_is_one_line_naming_file_and_line(folder, tmp_path, content, reason):
    gold = tmp_path / "gold.tsv"
    gold.write_text("42\t0\t5\n", encoding="utf-8")
    paragraph_gold = tmp_path / "paragraphs.labels"
    paragraph_gold.write_bytes(content)
    result = glasnost("eval", "techniques", "--articles", str(folder), "--gold", str(gold), "--paragraph-gold", str(paragraph_gold))
    stderr = result.stderr.strip()
    assert result.returncode == 2, stderr
    assert re.match(rf"error: \[E\d{{3}}\] {re.escape(str(paragraph_gold))} ", stderr) and reason in stderr and len(stderr.splitlines()) == 1


def test_paragraph_gold_for_other_articles_is_exit_2(folder, tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_text("42\t0\t5\n", encoding="utf-8")
    paragraph_gold = tmp_path / "paragraphs.labels"
    paragraph_gold.write_text("999\t1\tDoubt\n", encoding="utf-8")
    result = glasnost("eval", "techniques", "--articles", str(folder), "--gold", str(gold), "--paragraph-gold", str(paragraph_gold))
    assert result.returncode == 2 and result.stderr.strip() == f"error: [E085] no paragraph in {paragraph_gold} belongs to an article in {folder}"


def test_two_files_naming_one_article_are_refused(tmp_path):
    (tmp_path / "article7.txt").write_text("The corrupt elites lied again.\n", encoding="utf-8")
    (tmp_path / "7.txt").write_text("Officials met on Tuesday.\n", encoding="utf-8")
    result = glasnost("spans", str(tmp_path))
    assert result.returncode == 2
    message = result.stderr
    assert "7.txt" in message and "article7.txt" in message and "Traceback" not in message


def test_eval_spans_scores_a_span_file_against_gold(tmp_path):
    gold = tmp_path / "gold.labels"
    pred = tmp_path / "pred.labels"
    gold.write_text("1\tDoubt\t0\t10\n1\tSlogans\t20\t30\n", encoding="utf-8")
    pred.write_text("1\tDoubt\t0\t5\n", encoding="utf-8")
    result = glasnost("eval", "spans", str(pred), "--gold", str(gold))
    assert result.returncode == 0, result.stderr
    assert "P=1.0000" in result.stdout and "R=0.2500" in result.stdout
    flc = glasnost("eval", "spans", str(pred), "--gold", str(gold), "--task", "flc")
    assert flc.returncode == 0 and "FLC" in flc.stdout and "Doubt" in flc.stdout
    missing = glasnost("eval", "spans", str(tmp_path / "none.labels"), "--gold", str(gold))
    assert missing.returncode == 2 and "[E005]" in missing.stderr
