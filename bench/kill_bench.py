"""Stop `glasnost ingest` at random points and rerun it: is the store what an uninterrupted run stores?

    python bench/kill_bench.py [--input tests/batch/articles.jsonl] [--trials 10] [--seed 1]

A reference run (`--workers 1`) gives the store to compare with and how long a run takes. Each
trial then starts the same ingest into a fresh store (`--workers` 1 or 2, with `--to jsonl`),
waits a random time between 0 and 1.1 times that length (so some stops land before the store
exists, some while models load, some between commits, some after the end), and does one of: kill
the writer (SIGKILL, twice as likely as the rest), interrupt it (SIGINT), terminate it (SIGTERM),
or kill one worker process (what an out-of-memory kill does). Then it runs the same command again
and compares: every
stored analysis and near-duplicate link equal to the reference's (`Store.contents`), every article
once in the JSON Lines file, the exit codes the README promises (130, 143, 0 after a worker was
lost) and no traceback. Prints one line per trial and a summary; exits 1 when any trial is wrong.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from glasnost.store import open_store

ROOT = Path(__file__).resolve().parents[1]
STOPS = ("SIGKILL", "SIGKILL", "SIGINT", "SIGTERM", "worker")
EXPECTED_EXIT = {"SIGKILL": {-9}, "SIGINT": {130, 0}, "SIGTERM": {143, 0}, "worker": {0}}


def command(source: Path, db: Path, workers: int, lines: Path | None = None) -> list[str]:
    extra = ["--to", "jsonl", str(lines)] if lines else []
    return [sys.executable, "-m", "glasnost", "ingest", str(source), "--db", str(db), "--workers", str(workers), "-f", "json", *extra]


def contents(db: Path) -> dict[str, tuple[str | None, str]]:
    with open_store(db, create=False) as store:
        return store.contents()


def stop(run: subprocess.Popen, how: str) -> str:
    """Stop `run` as `how` says; returns what was done (a worker kill needs a worker)."""
    if how == "worker":
        workers = [p for p in psutil.Process(run.pid).children() if "spawn_main" in " ".join(p.cmdline())]
        if not workers:
            return "nothing (no worker yet)"
        workers[0].kill()
        return "killed a worker"
    run.send_signal(getattr(signal, how))
    return how


def trial(source: Path, folder: Path, reference: dict, length: float, rng: random.Random) -> tuple[bool, bool, str]:
    """One interrupted run and its rerun: (the store and the file as the reference's, the exits
    and messages as documented, a line saying what happened)."""
    workers = rng.choice((1, 2))
    how = rng.choice(STOPS)
    wait = rng.uniform(0, 1.1 * length)
    db, lines = folder / "store.db", folder / "analyses.jsonl"
    run = subprocess.Popen(command(source, db, workers, lines), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    children = psutil.Process(run.pid).children(recursive=True)
    time.sleep(wait)
    done = "after the end" if run.poll() is not None else stop(run, how)
    _, err = run.communicate(timeout=600)
    psutil.wait_procs(children, timeout=10)
    exits, kept = [], []
    if done == how and run.returncode not in EXPECTED_EXIT[how] | {0}:
        exits.append(f"exit {run.returncode} after {how}: {err.strip().splitlines()[-1:]}")
    if "Traceback" in err:
        exits.append("a traceback")
    rerun = subprocess.run(command(source, db, workers, lines), capture_output=True, text=True, timeout=600)
    if rerun.returncode != 0:
        exits.append(f"rerun exit {rerun.returncode}: {rerun.stderr.strip().splitlines()[-1:]}")
    if contents(db) != reference:
        kept.append("the store differs from the reference")
    ids = [json.loads(line)["article"]["id"] for line in lines.read_text(encoding="utf-8").splitlines()] if lines.exists() else []
    if sorted(ids) != sorted(reference):
        kept.append(f"the JSON Lines file holds {len(ids)} lines for {len(reference)} articles ({len(set(ids))} distinct)")
    said = f"workers {workers}, at {wait:5.1f} s: {done:<24} exit {run.returncode:>4}, rerun exit {rerun.returncode}"
    problems = kept + exits
    return not kept, not exits, said + ("" if not problems else " | " + "; ".join(problems))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=ROOT / "tests" / "batch" / "articles.jsonl")
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        first = subprocess.run(command(args.input, folder / "reference.db", 1), capture_output=True, text=True, timeout=1800)
        length = time.perf_counter() - started
        if first.returncode != 0:
            raise SystemExit(f"the reference run failed: {first.stderr.strip()}")
        reference = contents(folder / "reference.db")
        print(f"reference: {len(reference)} articles stored in {length:.1f} s by one worker")
        same = clean = 0
        for number in range(1, args.trials + 1):
            place = folder / f"trial{number}"
            place.mkdir()
            kept, exited, said = trial(args.input, place, reference, length, rng)
            same, clean = same + kept, clean + exited
            print(f"trial {number:>2}: {'ok' if kept and exited else 'WRONG'}  {said}", flush=True)
        print(f"{same} of {args.trials} interrupted runs, rerun, stored and wrote what the uninterrupted run did")
        print(f"{clean} of {args.trials} exited as documented (130, 143, 0 after a lost worker; no traceback)")
        sys.exit(0 if same == clean == args.trials else 1)


if __name__ == "__main__":
    main()
