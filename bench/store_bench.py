"""The corpus store against its targets: ingest cost, search latency, outlet-profile time, size.

    python bench/store_bench.py [--n 100000] [--articles 30] [--rounds 2] [--db URL] [--queries 200]

1. Ingest against a plain analyze of the same real articles, side by side: the wall time of
   `glasnost analyze -f jsonl` and of `glasnost ingest` into a fresh store (which also hashes,
   signs with MinHash and writes every row), `--rounds` times each, alternating which runs
   first. Target: at most 1.2x.
2. A store of N articles, built by storing copies of those real analyses under new ids (each copy
   with a new site out of 50 and a date over 24 months, and its text made unique by one appended
   word, so that it is a new article to the store and still a real analysis).
3. Search: p50/p95 over `--queries` queries (words and two-word phrases drawn from the texts,
   every fourth with a --site filter, every fourth with a date range). Target: p95 under 100 ms.
4. Outlet profiles of the whole store (best of three). Target: under 2 s.
5. Size per 1,000 articles (SQLite: the file after a checkpoint; PostgreSQL: the database).

Articles: ~1,000-word PTC articles when ../shared/data is present (as bench/speed.py picks them),
else the bundled sample padded to that length.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from speed import pick_articles

ROOT = Path(__file__).resolve().parents[1]
SITES = 50
MONTHS = [f"{2023 + m // 12}-{m % 12 + 1:02d}" for m in range(24)]


def glasnost(*args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "glasnost", *args], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def ingest_cost(paths: list[Path], folder: Path, rounds: int) -> tuple[float, float, Path]:
    """Total wall time of `rounds` runs of each, in alternating order (analyze first, then ingest
    first), so that a warm file cache or a busy minute favours neither side."""
    analyses = folder / "analyses.jsonl"

    def analyze() -> float:
        return glasnost("analyze", *map(str, paths), "-f", "jsonl", "-o", str(analyses))

    def ingest(turn: int) -> float:
        return glasnost("ingest", *map(str, paths), "--db", str(folder / f"ingest{turn}.db"))

    plain = stored = 0.0
    for turn in range(rounds):
        if turn % 2 == 0:
            plain += analyze()
            stored += ingest(turn)
        else:
            stored += ingest(turn)
            plain += analyze()
    return plain, stored, analyses


def build(store, originals: list, n: int) -> float:
    from glasnost.store.dedupe import signature, to_bytes

    signatures = [to_bytes(signature(a.article.text)) for a in originals]
    started = time.perf_counter()
    for i in range(n):
        k = i % len(originals)
        site = f"site{i % SITES}.example"
        info = originals[k].article.model_copy(
            update={
                "id": f"copy-{i}",
                "text": originals[k].article.text + f" c{i}",
                "site": site,
                "url": f"https://{site}/story/{i}",
                "published": f"{MONTHS[(i // SITES) % len(MONTHS)]}-{i % 28 + 1:02d}",
            }
        )
        store.add(originals[k].model_copy(update={"article": info}), minhash=signatures[k])
        if (i + 1) % 5000 == 0:
            print(f"  stored {i + 1:,} ({(i + 1) / (time.perf_counter() - started):.0f}/s)", file=sys.stderr)
    return time.perf_counter() - started


def queries(originals: list, count: int) -> list[tuple[str, dict]]:
    from glasnost.store.search import day

    rng = random.Random(12)
    words = [w for a in originals for w in a.article.text.split() if w.isalpha() and len(w) > 3]
    chosen = []
    for i in range(count):
        text = " ".join(rng.sample(words, 1)) if i % 2 else f'"{" ".join(_pair(rng, originals))}"'
        filters = {}
        if i % 4 == 1:
            filters["site"] = f"site{rng.randrange(SITES)}.example"
        if i % 4 == 3:
            month = rng.choice(MONTHS)
            filters.update(since=day(month, "--since"), until=day(month, "--until", end=True))
        chosen.append((text, filters))
    return chosen


def _pair(rng: random.Random, originals: list) -> list[str]:
    tokens = rng.choice(originals).article.text.split()
    start = rng.randrange(len(tokens) - 1)
    return [t.strip('.,;:"()') for t in tokens[start : start + 2]]


def size(store, path: Path | None) -> int:
    if store.backend == "postgresql":
        return int(store.db.scalar("SELECT pg_database_size(current_database())"))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in the built store")
    parser.add_argument("--articles", type=int, default=30, help="real articles to analyse and copy")
    parser.add_argument("--db", help="store to build (default: a SQLite file in a temporary folder); must be empty")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2, help="runs of analyze and of ingest, alternating which goes first")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from glasnost.analysis import Analysis
    from glasnost.store import open_store
    from glasnost.store.search import Filters

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = pick_articles(args.articles, folder)
        plain, stored, analyses = ingest_cost(paths, folder, args.rounds)
        print(
            f"ingest of {len(paths)} articles, {args.rounds} round(s): analyze -f jsonl {plain:.1f} s,"
            f" ingest {stored:.1f} s, ratio {stored / plain:.2f}x (target <= 1.2x)"
        )
        originals = [Analysis.from_json(line) for line in analyses.read_text(encoding="utf-8").splitlines()]
        words = statistics.mean(a.stats.words for a in originals)
        db_path = folder / "bench.db"
        with open_store(args.db or db_path) as store:
            seconds = build(store, originals, args.n)
            print(f"built {args.n:,} articles ({words:.0f} words each on average) in {seconds:.0f} s ({args.n / seconds:.0f}/s) on {store.backend}")
            times, hits = [], []
            for text, filters in queries(originals, args.queries):
                started = time.perf_counter()
                found = store.search(text, Filters(**filters), 20)
                times.append(time.perf_counter() - started)
                hits.append(len(found))
            times.sort()
            p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95) - 1]
            print(f"search, {len(times)} queries: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms (target p95 < 100 ms); mean hits {statistics.mean(hits):.1f}")
            profile_times = []
            for _ in range(3):
                started = time.perf_counter()
                profiles = store.outlets()
                profile_times.append(time.perf_counter() - started)
            print(f"outlet profiles of {len(profiles)} sites: {min(profile_times):.2f} s best of 3 (target < 2 s)")
            total = size(store, None if args.db else db_path)
            print(f"size: {total / 1e6:.1f} MB, {total / args.n * 1000 / 1e6:.1f} MB per 1,000 articles")
            print(json.dumps({"n": args.n, "ingest_ratio": round(stored / plain, 3), "search_p95_ms": round(p95 * 1000, 1),
                              "profiles_s": round(min(profile_times), 2), "mb_per_1000": round(total / args.n * 1000 / 1e6, 2)}))


if __name__ == "__main__":
    main()
