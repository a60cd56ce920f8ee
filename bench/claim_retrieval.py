"""Claim matching: quality on CheckThat! 2020 Task 2, and speed at 100,000 fact-checks.

    python bench/claim_retrieval.py [--data ../shared/data] [--embedder DIR --model-file F | --multilingual]
                                    [--scale 100000] [--import-count 2000] [--queries 200]
                                    [--articles 6]

Quality: the 10,375 verified claims are imported into a throw-away SQLite store as fact-checks
and every tweet of train, dev and test is matched through the shipped path (hybrid retrieval +
the fitted matcher); MAP@5 per split, beside BM25 alone and the vector list alone. With
`--model-file embedder.fp32.onnx` in a folder `glasnost train embedder --keep-fp32` wrote, the
same with the unquantised graph. With `--multilingual`, multilingual-e5-small (the `multilingual`
extra) and the matcher fitted on its vectors.

Without an answer: each split again with every tweet's fact-check taken out (a news claim mostly
has none in a store): the share still given a `match` or any tier, and the tiers' precision over
the tweets and their unanswered copies. `--articles` PTC articles are analysed and their claims
matched the same way; few are about what Snopes checked, so their tiers are mostly wrong.

Speed: `--import-count` ClaimReviews made from the verified claims by perturbation (a dropped
word, a swapped pair, a date or outlet added; every text different) are written as JSON Lines and
imported with `glasnost factchecks import`'s reader and importer, embedding included: records per
second and the time 100,000 would take at that rate. Then the store is grown to `--scale` fact-
checks by copies of the real rows with perturbed vectors (inserted directly: their text and vector
are what matching reads, and the index is rebuilt over all of them), and `--queries` test tweets
are matched one at a time, each timed from its text to its ranked matches (embedding, full-text
query, HNSW search, features and scores): p50 and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from glasnost.claims_match.embedder import EMBEDDER_DIR, Embedder, MultilingualEmbedder, tuned_for  # noqa: E402
from glasnost.claims_match.factchecks import FactCheck, read_factchecks  # noqa: E402
from glasnost.claims_match.matching import Matcher, average_precision  # noqa: E402
from glasnost.evaluation.claim_retrieval import (  # noqa: E402
    SPLITS,
    candidate_sets,
    load_claims,
    mean_average_precision,
    read_ct2020,
    tier_report,
    unanswered_report,
    with_unanswered,
)
from glasnost.store import open_store  # noqa: E402
from glasnost.store.factchecks import ImportCounts, Retriever, count, import_factchecks, load_index, save_index  # noqa: E402


def _ap_by(sets, rank_of) -> float:
    scores = []
    for item in sets:
        ranked = sorted((c for c in item.candidates if rank_of(c) is not None), key=rank_of)
        scores.append(average_precision([c.payload["identifier"] for c in ranked], set(item.query.relevant)))
    return float(np.mean(scores))


def perturb(text: str, rng: random.Random, n: int) -> str:
    words = text.split()
    kind = n % 4
    if kind == 0 and len(words) > 4:
        del words[rng.randrange(len(words))]
    elif kind == 1 and len(words) > 3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif kind == 2:
        words.append(f"(reported {rng.randrange(1, 29)} {rng.choice(['March', 'June', 'October'])} {rng.randrange(2015, 2025)})")
    else:
        words.insert(0, rng.choice(["Viral post:", "Claim:", "Facebook users say", "A video shows"]))
    return " ".join(words) + f" #{n}"


def quality(store, splits, embedder) -> dict:
    sets = {split: candidate_sets(store, splits[split], embedder) for split in SPLITS}
    matcher = Matcher.load(tuned_for(embedder) / "matcher.json")
    out = {}
    for split in SPLITS:
        out[split] = {
            "map@5": round(mean_average_precision(matcher, sets[split]), 4),
            "bm25_only": round(_ap_by(sets[split], lambda c: c.lexical_rank), 4),
            "vector_only": round(_ap_by(sets[split], lambda c: c.vector_rank), 4),
            "queries": len(sets[split]),
            **tier_report(matcher, sets[split]),
            "half_unanswered": tier_report(matcher, with_unanswered(sets[split])),
            **unanswered_report(matcher, sets[split]),
        }
    return out


def article_claims(store, folder: Path, articles: int, embedder) -> dict:
    """The claims of the first `articles` PTC articles (by name), matched like a tweet: how many
    get each tier. Few of them are about what Snopes checked, so a tier here is mostly wrong."""
    from glasnost import analyze, load

    texts = [c.text for path in sorted(folder.glob("article*.txt"))[:articles] for c in analyze(load(path)).claims]
    matcher, retriever = Matcher.load(), Retriever(store.db)
    tops = []
    for text, vector in zip(texts, embedder.embed(texts)):
        ranked = matcher.rank(text, vector, retriever.candidates(text, vector))
        tops.append(ranked[0].tier if ranked else None)
    return {"articles": articles, "claims": len(texts), "match": tops.count("match"), "suggested": tops.count("suggested")}


def import_speed(claims: list[FactCheck], count: int, folder: Path, embedder: Embedder) -> dict:
    rng = random.Random(7)
    path = folder / "claimreviews.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            base = claims[n % len(claims)]
            record = {
                "@context": "https://schema.org", "@type": "ClaimReview", "identifier": f"synthetic-{n}",
                "url": f"https://checks.example.org/{n}", "claimReviewed": perturb(base.claim_reviewed, rng, n),
                "author": {"@type": "Organization", "name": "Example Checks"}, "datePublished": "2024-01-01",
                "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
            }
            handle.write(json.dumps(record) + "\n")
    with open_store(folder / "import.db") as store:
        counts = ImportCounts()
        started = time.perf_counter()
        import_factchecks(store.db, (r for r in read_factchecks(path) if isinstance(r, FactCheck)), embedder.embed, counts)
        seconds = time.perf_counter() - started
    return {"records": count, "seconds": round(seconds, 1), "per_second": round(count / seconds, 1),
            "minutes_for_100k": round(100_000 / (count / seconds) / 60, 1), "added": counts.added}


def grow(store, target: int) -> None:
    """Copies of the stored rows, each with its vector nudged and renormalised, up to `target`."""
    rng = np.random.default_rng(11)
    columns = "identifier, url, claim_reviewed, rating, rating_value, publisher, author, date_published, item_author, item_date, appearance, language, source, extra, content_hash, imported_at"
    base = store.db.rows(f"SELECT {columns}, vector FROM factchecks ORDER BY id")
    have = len(base)
    with store.db.write():
        rows = []
        for n in range(target - have):
            row = base[n % have]
            vector = np.frombuffer(bytes(row[-1]), dtype=np.float16).astype(np.float32)
            vector = vector + rng.normal(0, 0.03, vector.shape).astype(np.float32)
            vector /= np.linalg.norm(vector)
            rows.append((f"copy:{n}", *row[:-1], vector.astype(np.float16).tobytes()))
        marks = ", ".join("?" * (len(rows[0]) if rows else 1))
        store.db.insert_many(f"INSERT INTO factchecks (key, {columns}, vector) VALUES ({marks})", rows)
        store.db.execute("INSERT INTO factchecks_fts (rowid, claim_reviewed) SELECT id, claim_reviewed FROM factchecks WHERE key LIKE 'copy:%'")
        store.db.execute("DELETE FROM vector_indexes")
    started = time.perf_counter()
    index = load_index(store.db)
    with store.db.write():
        save_index(store.db, index)
    print(f"index over {len(index):,} vectors built in {time.perf_counter() - started:.1f} s", flush=True)


def latency(store, queries, embedder, count: int) -> dict:
    matcher = Matcher.load(tuned_for(embedder) / "matcher.json")
    retriever = Retriever(store.db)
    started = time.perf_counter()
    retriever.candidates("warm up the index", embedder.embed(["warm up the index"])[0])
    load = time.perf_counter() - started
    times = []
    for query in queries[:count]:
        started = time.perf_counter()
        (vector,) = embedder.embed([query.text])
        matcher.rank(query.text, vector, retriever.candidates(query.text, vector))
        times.append((time.perf_counter() - started) * 1000)
    return {"queries": len(times), "p50_ms": round(float(np.percentile(times, 50)), 1),
            "p95_ms": round(float(np.percentile(times, 95)), 1), "index_load_s": round(load, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--embedder", type=Path, default=EMBEDDER_DIR)
    parser.add_argument("--model-file", default="embedder.onnx")
    parser.add_argument("--multilingual", action="store_true", help="multilingual-e5-small (the multilingual extra) instead")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--scale", type=int, default=100_000, help="fact-checks in the latency store (0: skip)")
    parser.add_argument("--import-count", type=int, default=2000, help="synthetic ClaimReviews imported for the import rate (0: skip)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--articles", type=int, default=6, help="PTC articles whose claims are matched against the Snopes claims (0: skip)")
    parser.add_argument("--store", type=Path, help="keep the CheckThat! store here and reuse it on the next run (default: a temporary one)")
    args = parser.parse_args()
    if args.multilingual:
        embedder = MultilingualEmbedder(args.threads)
    else:
        embedder = Embedder(args.embedder, args.threads, args.model_file)
    claims, splits = read_ct2020(args.data / "claim-retrieval" / "ct2020")
    report: dict = {"embedder": embedder.name if args.multilingual else f"{args.embedder.name}/{args.model_file}"}
    with tempfile.TemporaryDirectory(prefix="glasnost-claims-bench-") as folder:
        kept = args.store or Path(folder) / "ct2020.db"
        with open_store(kept) as store:
            if count(store.db) < len(claims):
                started = time.perf_counter()
                load_claims(store, claims, embedder)
                report["ct2020_import_s"] = round(time.perf_counter() - started, 1)
            report["quality"] = quality(store, splits, embedder)
            if args.articles:
                report["ptc_claims"] = article_claims(store, args.data / "ptc" / "articles", args.articles, embedder)
        print(json.dumps(report, indent=2), flush=True)
        if args.scale:
            shutil.copy(kept, Path(folder) / "scale.db")  # grown in a copy: a kept store stays as it was
            with open_store(Path(folder) / "scale.db") as store:
                grow(store, args.scale)
                report["latency"] = {"factchecks": args.scale, **latency(store, splits["test"], embedder, args.queries)}
        if args.import_count:
            report["import"] = import_speed(claims, args.import_count, Path(folder), embedder)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
