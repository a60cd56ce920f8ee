"""Narrative assignment speed: what storing one article costs with `--claims` claims already stored.

    python bench/narratives_bench.py [--claims 100000]

A throw-away SQLite store gets one real article, then `--claims` stored claims with random unit
vectors (each its own narrative, inserted directly). Then the other articles of the narratives test
corpus are stored with the shipped embedder, each timed: embedding its claims, and the rest of
`Store.add` (the first add also reads every stored vector into memory, timed apart); beside it,
the same article stored without narratives in an empty store, and the article's analysis.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from glasnost import analyze_all, load_all  # noqa: E402
from glasnost.claims_match.embedder import load_embedder  # noqa: E402
from glasnost.store import open_store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100000)
    args = parser.parse_args()
    articles = list(load_all(str(ROOT / "tests" / "store" / "narratives.jsonl")))
    analyses = list(analyze_all(articles[:1]))
    analysed = {}
    for article in articles[1:]:
        started = time.perf_counter()
        analyses += list(analyze_all([article]))
        analysed[article.id] = time.perf_counter() - started
    plain = {}
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "plain.db") as store:
        for analysis in analyses[1:]:
            started = time.perf_counter()
            store.add(analysis)
            plain[analysis.article.id] = time.perf_counter() - started
    embed = load_embedder().embed
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.db") as store:
        first = store.add(analyses[0], embed=embed)
        rng = np.random.default_rng(0)
        with store.db.write():
            for start in range(0, args.claims, 10000):
                n = min(10000, args.claims - start)
                ids = [store.db.insert("INSERT INTO narratives (created_at) VALUES ('bench')", ()) for _ in range(n)]
                vectors = rng.standard_normal((n, 384)).astype(np.float32)
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
                store.db.insert_many(
                    "INSERT INTO claim_vectors (article, claim, text, vector, narrative) VALUES (?, ?, ?, ?, ?)",
                    [(first.id, i, "synthetic", v.astype(np.float16).tobytes(), key) for i, (v, key) in enumerate(zip(vectors, ids))],
                )
        started = time.perf_counter()
        store._claims.refresh(store.db)
        print(f"{args.claims} stored claims read into memory in {time.perf_counter() - started:.2f} s")
        for analysis in analyses[1:]:
            started = time.perf_counter()
            vectors = embed([c.text for c in analysis.claims])
            embedded = time.perf_counter() - started
            started = time.perf_counter()
            store.add(analysis, embed=lambda texts, v=vectors: v)
            stored = time.perf_counter() - started
            key = analysis.article.id
            print(
                f"  {key:<12} {len(analysis.claims)} claims: analyse {analysed[key] * 1000:.0f} ms, plain store {plain[key] * 1000:.0f} ms;"
                f" embed {embedded * 1000:.0f} ms, store with assignment {stored * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
