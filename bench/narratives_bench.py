"""Narrative assignment speed: what storing one article costs with `--claims` claims already stored.

    python bench/narratives_bench.py [--claims 100000] [--plant 20]

A throw-away SQLite store gets one real article, then `--claims` stored claims (each its own
narrative, inserted directly) with vectors spread around the 10,375 CheckThat! 2020 verified claims
of `--data` (each at a cosine of about 0.5 from its claim: on its topic, too far to link), or
random ones without the data; `--plant` of them per claim of the other test articles are placed
near that claim (cosine 0.6-0.9, one narrative per claim: a story already told), so that there are
links to find. Reading the
vectors into memory is timed (past `HNSW_FROM` claims it builds the HNSW index too), then saving
that index and reading it back as the next run would. Past `HNSW_FROM`, the links the index finds
for each test claim are compared with brute force over the same vectors (recall). Then the other
articles of the narratives test corpus are stored with the shipped embedder, each timed:
embedding its claims, and the rest of `Store.add`; beside it, the same article stored without
narratives in an empty store, and the article's analysis.
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
from glasnost.store.narratives import HNSW_FROM, THRESHOLD, ClaimIndex  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100000)
    parser.add_argument("--plant", type=int, default=20, help="stored claims placed near each test claim")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
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
        tests = embed([c.text for a in analyses[1:] for c in a.claims])
        verified = args.data / "claim-retrieval" / "ct2020" / "verified-claims.tsv"
        topics = None
        if verified.is_file():
            lines = verified.read_text(encoding="utf-8").splitlines()[1:]
            topics = embed([line.split("\t")[1] for line in lines if line.count("\t") >= 1])
        planted, narrative_of = [], []
        for number, vector in enumerate(tests):
            for _ in range(args.plant):
                noise = rng.standard_normal(384).astype(np.float32)
                noise -= (noise @ vector) * vector
                noise /= np.linalg.norm(noise)
                cosine = rng.uniform(THRESHOLD, 0.9)
                planted.append(cosine * vector + np.sqrt(1 - cosine**2) * noise)
                narrative_of.append(number)
        started = time.perf_counter()
        with store.db.write():
            base = int(store.db.scalar("SELECT coalesce(max(id), 0) FROM narratives"))
            for start in range(0, args.claims, 20000):
                n = min(20000, args.claims - start)
                ids = range(base + start + 1, base + start + n + 1)
                store.db.insert_many("INSERT INTO narratives (id, created_at) VALUES (?, 'bench')", [(key,) for key in ids])
                vectors = rng.standard_normal((n, 384)).astype(np.float32)
                if topics is not None:
                    vectors = topics[rng.integers(0, len(topics), n)] + vectors * 0.088  # cosine about 0.5
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
                keys = list(ids)
                for i in range(n):
                    if start + i < len(planted):
                        vectors[i] = planted[start + i]
                        keys[i] = base + 1 + narrative_of[start + i]  # the planted claims of a test claim share a narrative
                store.db.insert_many(
                    "INSERT INTO claim_vectors (article, claim, text, vector, narrative) VALUES (?, ?, ?, ?, ?)",
                    [(first.id, start + i, "synthetic", v.astype(np.float16).tobytes(), key) for i, (v, key) in enumerate(zip(vectors, keys))],
                )
        print(f"{args.claims} claims inserted in {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        store._claims.refresh(store.db)
        print(f"{args.claims} stored claims read into memory in {time.perf_counter() - started:.2f} s"
              f"{' (with the HNSW index built)' if args.claims >= HNSW_FROM else ''}", flush=True)
        if args.claims >= HNSW_FROM:
            started = time.perf_counter()
            store.save_claim_index()
            print(f"HNSW index saved in {time.perf_counter() - started:.1f} s", flush=True)
            started = time.perf_counter()
            again = ClaimIndex()
            again.refresh(store.db)
            print(f"read again from the store, as a next run would: {time.perf_counter() - started:.1f} s", flush=True)
            brute = ClaimIndex()
            brute._matrix, brute._ids, brute._articles, brute.size = again._matrix, again._ids, again._articles, again.size
            found = expected = 0
            times = []
            for vector in tests:
                started = time.perf_counter()
                ((near, _),) = again.linked(vector[None, :], -1, THRESHOLD)
                times.append((time.perf_counter() - started) * 1000)
                ((exact, _),) = brute.linked(vector[None, :], -1, THRESHOLD)
                expected += len(exact)
                found += len(set(exact.tolist()) & set(near.tolist()))
            print(f"HNSW links per claim: {np.percentile(times, 50):.2f} ms p50, {np.percentile(times, 95):.2f} ms p95;"
                  f" recall {found}/{expected} of the brute-force links ({found / max(expected, 1):.3f})", flush=True)
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
