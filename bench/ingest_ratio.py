"""Issue 14: `glasnost ingest` with fact-check matching against a plain `glasnost analyze`.

    python bench/ingest_ratio.py [--data ../shared/data] [--articles 12] [--scale 100000]
                                 [--rounds 3] [--store PATH]

The store holds the 10,375 CheckThat! 2020 Snopes claims imported as fact-checks, grown to
`--scale` by copies with nudged vectors (as bench/claim_retrieval.py does for its latency). The
first `--articles` PTC articles (by name) are copied into a folder; each round runs
`glasnost analyze FOLDER -f jsonl -o FILE`, `glasnost ingest FOLDER --db COPY -w 1` into a fresh
copy of the store and the same ingest into an empty store (what storing and narratives cost
without fact-checks), in rotating order, as child processes: wall and CPU seconds of each and
the ratios to analyze, per round and as the median. CPU time is what the machine's load hurts
least, so the CPU ratio is the figure to compare between runs. `--store` keeps the grown store
there and reuses it on the next run (building it embeds 10,375 claims and an index over all).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from claim_retrieval import grow  # noqa: E402
from glasnost.claims_match.embedder import load_embedder  # noqa: E402
from glasnost.evaluation.claim_retrieval import load_claims, read_ct2020  # noqa: E402
from glasnost.store import open_store  # noqa: E402
from glasnost.store.factchecks import count  # noqa: E402


def build_store(path: Path, data: Path, scale: int) -> None:
    claims, _ = read_ct2020(data / "claim-retrieval" / "ct2020")
    with open_store(path) as store:
        if count(store.db) < len(claims):
            load_claims(store, claims, load_embedder())
        if count(store.db) < scale:
            grow(store, scale)


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one command, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--scale", type=int, default=100_000, help="fact-checks in the store")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", type=Path, help="keep the grown store here and reuse it")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "glasnost"]
    with tempfile.TemporaryDirectory(prefix="glasnost-ratio-") as tmp:
        folder = Path(tmp)
        store = args.store or folder / "factchecks.db"
        build_store(store, args.data, args.scale)
        articles = folder / "articles"
        articles.mkdir()
        for path in sorted((args.data / "ptc" / "articles").glob("article*.txt"))[: args.articles]:
            shutil.copy(path, articles / path.name)
        rounds = []
        for n in range(args.rounds):
            copy = folder / f"ingest{n}.db"
            shutil.copy(store, copy)
            runs = {
                "analyze": cli + ["analyze", str(articles), "-f", "jsonl", "-o", str(folder / f"analyze{n}.jsonl")],
                "ingest": cli + ["ingest", str(articles), "--db", str(copy), "-w", "1"],
                "ingest_empty": cli + ["ingest", str(articles), "--db", str(folder / f"empty{n}.db"), "-w", "1"],
            }
            names = list(runs)
            order = names[n % 3:] + names[: n % 3]
            got = {name: timed(runs[name]) for name in order}
            rounds.append({
                **{f"{name}_wall_s": round(got[name][0], 1) for name in runs},
                **{f"{name}_cpu_s": round(got[name][1], 1) for name in runs},
                **{f"{name}_{kind}_ratio": round(got[name][i] / got["analyze"][i], 2)
                   for name in ("ingest", "ingest_empty") for i, kind in enumerate(("wall", "cpu"))},
            })
            print(json.dumps(rounds[-1]), flush=True)
    print(json.dumps({
        "articles": args.articles, "factchecks": args.scale, "rounds": rounds,
        **{f"median_{key}": round(statistics.median(r[key] for r in rounds), 2)
           for key in ("ingest_wall_ratio", "ingest_cpu_ratio", "ingest_empty_wall_ratio", "ingest_empty_cpu_ratio")},
    }, indent=2))


if __name__ == "__main__":
    main()
