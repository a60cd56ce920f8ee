"""A run stopped anywhere is finished by running it again: nothing lost, nothing doubled.

SIGKILL gives the writer no chance to clean up; the store's one-transaction-per-article and the
intake's dedupe are what make the rerun right. SIGINT and SIGTERM stop it between two commits,
with the exit code of the signal and a line saying how far it got."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import psutil

from .conftest import ARTICLES, command, count, glasnost, stored

TOTAL = 10  # articles the reference run stores


def _start_and_wait_for_commits(db: Path, *args: str, least: int = 1) -> subprocess.Popen:
    """Start an ingest and return once `least` articles are committed (and before the last)."""
    run = subprocess.Popen(command(str(ARTICLES), "--db", str(db), *args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 500
    while count(db) < least:
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return run


def test_a_rerun_after_sigkill_stores_what_an_uninterrupted_run_stores(reference, tmp_path):
    db, lines = tmp_path / "killed.db", tmp_path / "analyses.jsonl"
    run = _start_and_wait_for_commits(db, "--workers", "2", "--to", "jsonl", str(lines))
    workers = psutil.Process(run.pid).children(recursive=True)
    run.kill()
    run.wait()
    assert 1 <= count(db) < TOTAL  # it really was killed mid-run
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []  # the workers do not outlive their writer
    rerun = glasnost(str(ARTICLES), "--db", str(db), "--workers", "2", "--to", "jsonl", str(lines), "-f", "json")
    assert rerun.returncode == 0, rerun.stderr
    counts = json.loads(rerun.stdout)
    assert counts["failed"] == 0 and counts["added"] + counts["near_duplicates"] < TOTAL  # the rest only
    assert stored(db) == reference
    ids = [json.loads(line)["article"]["id"] for line in lines.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == sorted(reference)  # every analysis once in the file too


def test_sigint_stops_cleanly_and_the_rerun_finishes(reference, tmp_path):
    db = tmp_path / "stopped.db"
    run = _start_and_wait_for_commits(db, "--workers", "2")
    run.send_signal(signal.SIGINT)
    sent = time.monotonic()
    out, err = run.communicate(timeout=60)
    assert time.monotonic() - sent < 10
    assert run.returncode == 130, err
    assert "[E200] stopped by SIGINT after" in err and "run the same command again" in err
    kept = count(db)
    assert kept >= 1 and out.split()[0] == "added"
    rerun = glasnost(str(ARTICLES), "--db", str(db), "--workers", "1")
    assert rerun.returncode == 0, rerun.stderr
    assert stored(db) == reference


def test_sigterm_in_one_process_exits_143_with_whole_articles(reference, tmp_path):
    db = tmp_path / "terminated.db"
    run = _start_and_wait_for_commits(db, "--workers", "1")
    run.send_signal(signal.SIGTERM)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 143, err
    assert "[E200] stopped by SIGTERM" in err
    kept = stored(db)
    assert kept and all(reference[article] == value for article, value in kept.items())


def test_a_worker_killed_mid_run_is_replaced_and_nothing_is_lost(reference, tmp_path):
    """An out-of-memory kill takes one worker, not the job: its articles run again."""
    db = tmp_path / "oom.db"
    run = _start_and_wait_for_commits(db, "--workers", "2", "-f", "json")
    workers = [p for p in psutil.Process(run.pid).children() if "spawn_main" in " ".join(p.cmdline())]
    assert workers
    workers[0].kill()
    out, err = run.communicate(timeout=500)
    assert run.returncode == 0, err
    assert "[E212] a worker process died" in err and json.loads(out)["failed"] == 0
    assert stored(db) == reference


def test_a_signal_while_the_models_load_is_one_line_and_the_exit_code_of_the_signal(reference, tmp_path):
    """Before the job has begun (libraries and models still loading) there is nothing to keep
    but what an earlier run stored; the stop is still one line, never a traceback or a bare kill."""
    for number, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        db = tmp_path / f"early-{code}.db"
        run = subprocess.Popen(command(str(ARTICLES), "--db", str(db), "--workers", "2"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        children = []
        time.sleep(0.6)
        if run.poll() is None:
            children = psutil.Process(run.pid).children(recursive=True)
        run.send_signal(number)
        _, err = run.communicate(timeout=60)
        assert run.returncode == code, err
        assert "Traceback" not in err and f"stopped by {number.name}" in err
        assert psutil.wait_procs(children, timeout=10)[1] == []
        rerun = glasnost(str(ARTICLES), "--db", str(db), "--workers", "1")
        assert rerun.returncode == 0, rerun.stderr
        assert stored(db) == reference
