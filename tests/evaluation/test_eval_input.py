"""`glasnost eval` on input it cannot score: one `error:` line naming the file and what was
expected, exit 2, never a traceback or an "internal error". Tiny files written here stand in
for the research data sets (their headers are copied from them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECKTHAT = "Sentence_id\tText\tclass_label\n1\tUnemployment fell to 4.1 percent in March.\tYes\n"
SUBJECTIVITY = "sentence_id\tsentence\tlabel\tsolved_conflict\nab-1\tWhat a disgraceful, cowardly decision.\tSUBJ\tFalse\n"
WEASEL = 'text,label\n"Some critics say the ` Old Mill\' is n\'t the oldest .",1\n'


def glasnost(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glasnost", *args], capture_output=True, timeout=120)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The single stderr line of a refused input, after checking the exit code and the form."""
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2, stderr
    assert len(stderr.splitlines()) == 1 and stderr.startswith("error: "), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    return stderr


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("task", "content", "expected", "found"),
    [
        ("subjectivity", CHECKTHAT, "sentence_id, sentence, label", "Sentence_id\\tText\\tclass_label"),
        ("hedging", CHECKTHAT, "text, label", "Sentence_id\\tText\\tclass_label"),
        ("checkworthiness", SUBJECTIVITY, "Sentence_id, Text, class_label", "sentence_id\\tsentence\\tlabel"),
        ("checkworthiness", WEASEL, "Sentence_id, Text, class_label", "text,label"),
    ],
)
def test_a_file_of_another_data_set_names_file_task_and_columns(tmp_path, task, content, expected, found):
    path = write(tmp_path, "other.tsv", content)
    line = one_error_line(glasnost("eval", task, str(path)))
    assert str(path) in line and f"not a {task} file" in line
    assert expected in line and found in line


def test_a_directory_is_refused(tmp_path):
    line = one_error_line(glasnost("eval", "checkworthiness", str(tmp_path)))
    assert str(tmp_path) in line and "directory" in line.lower()


@pytest.mark.parametrize("task", ["checkworthiness", "genre"])
def test_a_missing_data_folder_is_refused(tmp_path, task):
    missing = tmp_path / "nonexistent"
    line = one_error_line(glasnost("eval", task, "--data", str(missing)))
    assert "no such file or directory" in line and str(missing) in line


def test_a_data_folder_without_the_data_set_names_the_missing_file(tmp_path):
    line = one_error_line(glasnost("eval", "subjectivity", "--data", str(tmp_path)))
    assert str(tmp_path / "subjectivity") in line


def test_bytes_that_are_not_text_are_refused(tmp_path):
    path = tmp_path / "binary.tsv"
    path.write_bytes(b"Sentence_id\tText\tclass_label\n\xff\xfe\x00\x81")
    line = one_error_line(glasnost("eval", "checkworthiness", str(path)))
    assert str(path) in line and "UTF-8" in line


@pytest.mark.parametrize(
    ("task", "content", "said"),
    [
        ("checkworthiness", "Sentence_id\tText\tclass_label\n1\tA sentence.\tMaybe\n", "line 2"),
        ("subjectivity", "sentence_id\tsentence\tlabel\nx\tA sentence.\tNEUTRAL\n", "'NEUTRAL' is not one of SUBJ/OBJ"),
        ("hedging", "text,label\n\"A sentence.\",1\n\"Another one.\"\n", "line 3"),
    ],
)
def test_a_bad_row_is_named_by_its_line(tmp_path, task, content, said):
    path = write(tmp_path, "rows.txt", content)
    line = one_error_line(glasnost("eval", task, str(path)))
    assert str(path) in line and said in line


@pytest.mark.parametrize(
    ("task", "content"),
    [
        ("hedging", ""),
        ("hedging", "text,label\n"),
        ("checkworthiness", "Sentence_id\tText\tclass_label\n\n"),
        ("subjectivity", "sentence_id\tsentence\tlabel\tsolved_conflict\n"),
    ],
)
def test_a_file_without_sentences_is_nothing_to_score(tmp_path, task, content):
    path = write(tmp_path, "empty.txt", content)
    line = one_error_line(glasnost("eval", task, str(path)))
    assert str(path) in line and "nothing to score" in line


def test_claimbuster_csv_is_scored_and_marked_as_training_data(tmp_path):
    path = write(
        tmp_path,
        "claimbuster.csv",
        "sentence_id,screening,label,text\n"
        "27247,-3,1,We're 9 million jobs short of that.\n"
        '10766,-3,1,"You know, last year up to this time, we\'ve lost 700,000 jobs in America."\n'
        "5,-3,0,Thank you very much for having me tonight.\n",
    )
    result = glasnost("eval", "checkworthiness", str(path))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "ClaimBuster CSV" in out and "3 sentences, 2 Yes" in out
    assert "training data" in out and "not held-out" in out


def test_a_checkworthiness_file_of_neither_layout_names_both(tmp_path):
    path = write(tmp_path, "cw.csv", "id,sentence,label\n1,A sentence.,1\n")
    line = one_error_line(glasnost("eval", "checkworthiness", str(path)))
    assert "CheckThat! 2024 TSV" in line and "ClaimBuster CSV (comma-separated sentence_id, text, label" in line
    assert "'id,sentence,label'" in line
