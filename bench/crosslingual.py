"""Cross-lingual claim matching: Russian and Ukrainian claims against English EUvsDisinfo cases.

    python bench/crosslingual.py [--data ../shared/data] [--embedders minilm multilingual]
                                 [--no-store] [--threads N]

The fixture `bench/fixtures/euvsdisinfo_ru_uk.jsonl` holds 60 EUvsDisinfo case ids, each with a
Russian and a Ukrainian rendering of the case's English title, written for this benchmark (the
titles themselves stay in ../shared/data). Each rendering is a query; its one relevant answer is
its case, among every case of ../shared/data/euvsdisinfo/posts.csv.

Two ways, per embedder:
- vectors: the query's cosine to every title, by brute force (what the embedder alone can do);
- shipped path: the cases imported with `glasnost factchecks import`'s reader and importer into a
  throw-away SQLite store, every query matched by `match_claims` (hybrid retrieval and the matcher
  fitted on that embedder's vectors, every candidate kept, `--all`), and the tier of the right one.
MAP@5 (one relevant case per query, so the mean reciprocal rank within the first 5) and recall@5,
per language; the English titles themselves as a control; and the embedding speed, in claims per
second, over every title.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from glasnost.claims_match.embedder import claim_embedder  # noqa: E402
from glasnost.claims_match.factchecks import FactCheck, read_factchecks  # noqa: E402
from glasnost.claims_match.matching import average_precision  # noqa: E402
from glasnost.settings import Settings  # noqa: E402
from glasnost.store import open_store  # noqa: E402
from glasnost.store.factchecks import ImportCounts, import_factchecks, match_claims  # noqa: E402

FIXTURE = ROOT / "bench" / "fixtures" / "euvsdisinfo_ru_uk.jsonl"
LANGUAGES = ("ru", "uk", "en")


def _queries(cases: list[FactCheck]) -> dict[str, list[tuple[str, str]]]:
    """(case id, text) per language; "en" is the case's own English title (the control)."""
    titles = {c.identifier: c.claim_reviewed for c in cases}
    items = [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines() if line.strip()]
    found = {language: [(item["case"], item[language]) for item in items if language in item] for language in ("ru", "uk")}
    found["en"] = [(item["case"], titles[item["case"]]) for item in items]
    return found


def _scores(ranked: list[list[str]], queries: list[tuple[str, str]]) -> dict:
    return {
        "map@5": round(float(np.mean([average_precision(r, {case}) for r, (case, _) in zip(ranked, queries)])), 3),
        "recall@5": round(float(np.mean([case in r[:5] for r, (case, _) in zip(ranked, queries)])), 3),
    }


def by_vectors(embedder, cases: list[FactCheck], queries: dict) -> tuple[dict, float]:
    started = time.perf_counter()
    matrix = embedder.embed([c.claim_reviewed for c in cases])
    speed = len(cases) / (time.perf_counter() - started)
    ids = np.asarray([c.identifier for c in cases])
    out = {}
    for language, pairs in queries.items():
        sims = embedder.embed([text for _, text in pairs]) @ matrix.T
        ranked = [list(ids[np.argsort(-row, kind="stable")[:5]]) for row in sims]
        out[language] = _scores(ranked, pairs)
    return out, speed


def by_store(embedder, cases: list[FactCheck], queries: dict, folder: Path) -> dict:
    out = {}
    with open_store(folder / f"{embedder.key}.db") as store:
        import_factchecks(store.db, iter(cases), embedder.embed, ImportCounts())
        for language, pairs in queries.items():
            found = match_claims(store.db, embedder, [text for _, text in pairs], 20, everything=True)
            ranked = [[m["identifier"] for m in matches] for matches in found]
            tiers = {"match": 0, "suggested": 0, "none": 0}
            for matches, (case, _) in zip(found, pairs):
                right = next((m for m in matches if m["identifier"] == case), None)
                tiers[(right["tier"] if right else None) or "none"] += 1
            out[language] = {**_scores(ranked, pairs), "right_case_tier": tiers}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--embedders", nargs="+", default=["minilm", "multilingual"])
    parser.add_argument("--no-store", action="store_true", help="Vectors alone: skip the shipped path.")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    cases = [c for c in read_factchecks(args.data / "euvsdisinfo" / "posts.csv") if isinstance(c, FactCheck)]
    queries = _queries(cases)
    report: dict = {"cases": len(cases), "queries": {k: len(v) for k, v in queries.items()}}
    with tempfile.TemporaryDirectory(prefix="glasnost-xling-") as folder:
        for name in args.embedders:
            embedder = claim_embedder(Settings(embedder=name, threads=args.threads))
            vectors, speed = by_vectors(embedder, cases, queries)
            report[name] = {"embedder": embedder.name, "claims_per_s": round(speed, 1), "vectors": vectors}
            if not args.no_store:
                report[name]["shipped_path"] = by_store(embedder, cases, queries, Path(folder))
            print(json.dumps({name: report[name]}, ensure_ascii=False), file=sys.stderr, flush=True)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
