"""`glasnost ingest --workers N` against its targets: throughput, findings, memory per worker.

    python bench/batch_bench.py [--articles 30] [--workers 1 2] [--memory 0] [--postgres 0]

1. Throughput: `glasnost ingest DIR --workers N` into a fresh SQLite store for each N, the same
   ~1,000-word PTC articles (as bench/speed.py picks them; the bundled sample padded to that
   length without ../shared/data). Printed per N: wall time, the steady rate (articles/s between
   the first and the last commit, which leaves the model loading out), the speed-up over the
   first N, the peak resident memory of each worker process and of the writer, and the CPU
   seconds per article (writer and workers, between the first and the last commit, so again
   without the model loading; the whole run's CPU and a one-article run's are printed beside). Target: 2 workers at least 1.6x one worker on a 2-core machine.
2. Same findings: every stored analysis (and the original each near-duplicate links to) of each
   run equal to the first run's.
3. `--memory N`: N distinct short articles (~150-word windows of PTC articles), ingested with
   `--workers 2`; the resident memory of each worker after 10%, 50% and 90% of them, and its
   peak over the run. Target: flat (no growth with the count).
4. `--postgres N`: N of the articles into a throw-away PostgreSQL (scripts/throwaway-postgres);
   the database's growth per article, in bytes, and how fast the single writer alone commits
   (500 copies of those analyses stored with `Store.add`, as bench/store_bench.py builds its
   store), then the size per article again over all of them.
5. `--index N`: the writer's memory per original in its near-duplicate index (which holds every
   original of the store), over N signatures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from glasnost.store import open_store
from speed import PTC, pick_articles

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
MB = 1024 * 1024
WRITES = 500


def count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def stored(db: Path) -> dict[str, tuple[str | None, str]]:
    with open_store(db, create=False) as store:
        return store.contents()


def ingest(inputs: list[Path], db: str, workers: int, at: tuple[float, ...] = ()) -> dict:
    """Run one ingest, sampling every half second: the store's count (SQLite), the memory of
    the writer and of each worker. `at`: fractions of the run's articles at which to note each
    worker's memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.Popen([sys.executable, "-m", "glasnost", "ingest", *map(str, inputs), "--db", db,
                            "--workers", str(workers), "-f", "json"], env=ENV, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    writer = psutil.Process(run.pid)
    peaks: dict[int, int] = {}
    first = last = None
    noted: list[tuple[int, list[int]]] = []
    sqlite = not db.startswith("postgresql")

    def sample() -> None:
        nonlocal first, last
        while run.poll() is None:
            cpu = 0.0
            try:
                workers_now = [p for p in writer.children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]
                for process in [writer, *workers_now]:
                    peaks[process.pid] = max(peaks.get(process.pid, 0), process.memory_info().rss)
                    times = process.cpu_times()
                    cpu += times.user + times.system
            except psutil.Error:
                workers_now = []
            if sqlite:
                done = count(Path(db))
                now = time.perf_counter()
                if done and first is None:
                    first = (now, done, cpu)
                whole = len(workers_now) == (workers if workers > 1 else 0)  # no worker gone yet: CPU complete
                if done and whole and (last is None or done > last[1]):
                    last = (now, done, cpu)
                while len(noted) < len(at) and done >= at[len(noted)]:
                    noted.append((done, sorted(p.memory_info().rss for p in workers_now if p.is_running())))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = run.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert run.returncode == 0, out
    steady = None
    if first and last and last[1] > first[1]:
        steady = (last[1] - first[1]) / (last[0] - first[0])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    marginal = (last[2] - first[2]) / (last[1] - first[1]) if first and last and last[1] > first[1] else None
    worker_peaks = sorted(rss for pid, rss in peaks.items() if pid != run.pid)
    return {"wall": wall, "steady": steady, "cpu": cpu, "marginal": marginal, "writer_peak": peaks.get(run.pid, 0),
            "worker_peaks": worker_peaks, "counts": json.loads(out), "noted": noted}


def windows(count: int, folder: Path, words: int = 150) -> Path:
    """`count` distinct short articles, one JSON line each: consecutive windows of PTC articles."""
    path = folder / "windows.jsonl"
    made = 0
    sources = sorted(PTC.glob("article*.txt")) if PTC.is_dir() else []
    if not sources:
        raise SystemExit("--memory needs ../shared/data/ptc")
    with path.open("w", encoding="utf-8") as out:
        for source in sources:
            tokens = source.read_text(encoding="utf-8").split()
            for start in range(0, len(tokens) - words + 1, words):
                out.write(json.dumps({"id": f"{source.stem}-{start}", "text": " ".join(tokens[start:start + words])}) + "\n")
                made += 1
                if made == count:
                    return path
    raise SystemExit(f"only {made} windows of {words} words in PTC")


def throughput(args: argparse.Namespace, folder: Path) -> None:
    papers = folder / "articles"
    papers.mkdir()
    for path in pick_articles(args.articles, folder):
        shutil.copy(path, papers / path.name)
    one = folder / "one"
    one.mkdir()
    shutil.copy(next(papers.iterdir()), one)
    fixed = ingest([one], str(folder / "fixed.db"), 1)["cpu"]
    runs = {}
    for workers in args.workers:
        db = folder / f"w{workers}.db"
        runs[workers] = result = ingest([papers], str(db), workers)
        base = runs[args.workers[0]]
        speedup = f"{result['steady'] / base['steady']:.2f}x" if result["steady"] and base["steady"] else "-"
        same = stored(db) == stored(folder / f"w{args.workers[0]}.db")
        print(
            f"workers {workers}: {args.articles} articles in {result['wall']:.1f} s wall;"
            f" steady {result['steady'] or 0:.3f} articles/s ({speedup} of {args.workers[0]} worker(s));"
            f" CPU {result['marginal'] or 0:.2f} s/article between the first and the last commit"
            f" (whole run {result['cpu']:.0f} s, a one-article run {fixed:.1f} s); writer peak {result['writer_peak'] / MB:.0f} MB;"
            f" worker peaks {[round(p / MB) for p in result['worker_peaks']]} MB;"
            f" counts {result['counts']['added']} added, {result['counts']['near_duplicates']} near;"
            f" same findings as {args.workers[0]}: {same}",
            flush=True,
        )


def memory(args: argparse.Namespace, folder: Path) -> None:
    source = windows(args.memory, folder)
    marks = (args.memory // 10, args.memory // 2, args.memory * 9 // 10)
    result = ingest([source], str(folder / "memory.db"), 2, at=marks)
    for done, rss in result["noted"]:
        print(f"memory: after {done} of {args.memory} articles, workers {[round(r / MB) for r in rss]} MB", flush=True)
    print(
        f"memory: {args.memory} articles in {result['wall']:.0f} s, steady {result['steady'] or 0:.2f} articles/s;"
        f" worker peaks {[round(p / MB) for p in result['worker_peaks']]} MB, writer peak {result['writer_peak'] / MB:.0f} MB",
        flush=True,
    )


def postgres(args: argparse.Namespace, folder: Path) -> None:
    import psycopg

    data = folder / "pg"
    os.chmod(folder, 0o711)
    started = subprocess.run([str(ROOT / "scripts" / "throwaway-postgres"), str(data)], capture_output=True, text=True)
    if started.returncode != 0:
        raise SystemExit(f"no PostgreSQL: {started.stderr.strip()}")
    url = started.stdout.strip()
    try:
        papers = folder / "pg-articles"
        papers.mkdir()
        for path in pick_articles(args.postgres, folder):
            shutil.copy(path, papers / path.name)
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CREATE DATABASE corpus")
        corpus = url.replace("/postgres?", "/corpus?")

        def size() -> int:
            with psycopg.connect(corpus, autocommit=True) as connection:
                connection.execute("CHECKPOINT")
                return int(connection.execute("SELECT pg_database_size(current_database())").fetchone()[0])

        empty = size()
        result = ingest([papers], corpus, 2)
        stored_count = result["counts"]["added"] + result["counts"]["near_duplicates"]
        grown = size() - empty
        print(f"postgres: {stored_count} articles grew the database by {grown / MB:.1f} MB:"
              f" {grown / stored_count / 1024:.1f} KB per article (empty store {empty / MB:.1f} MB)", flush=True)
        sys.path.insert(0, str(ROOT / "src"))
        from glasnost.store import open_store
        from store_bench import build

        with open_store(corpus) as store:
            originals = [analysis for _, analysis in store.analyses()]
            seconds = build(store, originals, WRITES)
        print(f"postgres: the writer alone (Store.add, one transaction each) commits {WRITES / seconds:.0f} articles/s"
              f" ({WRITES} copies of those analyses)", flush=True)
        grown = size() - empty
        print(f"postgres: with the copies, {stored_count + WRITES} articles take {grown / MB:.1f} MB:"
              f" {grown / (stored_count + WRITES) / 1024:.1f} KB per article", flush=True)
    finally:
        subprocess.run([str(ROOT / "scripts" / "throwaway-postgres"), "--stop", str(data)], capture_output=True)


def index_memory(count: int) -> None:
    """What the writer's near-duplicate index holds per original: `count` signatures of random
    80-word texts indexed as `Intake` indexes the store's originals (keyed by 64-character hash)."""
    import random
    import tracemalloc

    sys.path.insert(0, str(ROOT / "src"))
    from glasnost.store.dedupe import NearDuplicates, from_bytes, signature, to_bytes

    rng = random.Random(1)
    words = [f"w{i}" for i in range(5000)]
    signatures = [to_bytes(signature(" ".join(rng.choice(words) for _ in range(80)))) for _ in range(count)]
    tracemalloc.start()
    index = NearDuplicates()
    for number, data in enumerate(signatures):
        index.add(f"{number:064d}", from_bytes(data))
    held, _ = tracemalloc.get_traced_memory()
    print(f"index: {held / count / 1024:.1f} KB of writer memory per indexed original ({count} originals)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--memory", type=int, default=0, help="also ingest this many short articles on 2 workers")
    parser.add_argument("--postgres", type=int, default=0, help="also measure PostgreSQL bytes per article over this many")
    parser.add_argument("--index", type=int, default=0, help="also measure the near-duplicate index's memory over this many originals")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start", flush=True)
    with tempfile.TemporaryDirectory(prefix="glasnost-batch-") as name:
        folder = Path(name)
        if args.articles:
            throughput(args, folder)
        if args.memory:
            memory(args, folder)
        if args.postgres:
            postgres(args, folder)
        if args.index:
            index_memory(args.index)
    print(f"load average {os.getloadavg()[0]:.2f} at the end", flush=True)


if __name__ == "__main__":
    main()
