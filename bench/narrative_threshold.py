"""How the narrative threshold was chosen: cosine of the shipped embedder on CheckThat! 2020 pairs.

    python bench/narrative_threshold.py [--data ../shared/data] [--split dev] [--embedder multilingual --step 0.01]

A narrative joins a new claim to the most similar earlier claim when their cosine reaches a
threshold. Here each tweet of the split is paired with the verified claim it retells (a positive:
the same claim in other words) and with the most similar verified claim among all the claims that
some tweet of train, dev or test retells, its own left out (a hard negative: on-topic, but another
claim). Printed: the two cosine distributions, and precision, recall and F1 of "cosine >= t" for
each t; the threshold kept (`glasnost.store.narratives.THRESHOLD`) is the lowest one whose precision
on the hard negatives reaches 0.9, since a wrong join merges two stories for good. With
`--embedder multilingual`, the same for multilingual-e5-small, whose cosines sit much higher (its
`narrative_threshold` and `narrative_strict` in `models/embedder-multilingual/config.json`).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from glasnost.claims_match.embedder import claim_embedder  # noqa: E402
from glasnost.settings import EMBEDDERS, Settings  # noqa: E402


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--embedder", choices=EMBEDDERS, default="minilm")
    parser.add_argument("--step", type=float, default=0.05)
    args = parser.parse_args()
    folder = args.data / "claim-retrieval" / "ct2020"
    claims = {row[0]: row[1] for row in _tsv(folder / "verified-claims.tsv") if len(row) >= 2}
    tweets = {row[0]: row[1] for row in _tsv(folder / f"{args.split}-queries.tsv") if len(row) >= 2}
    gold: dict[str, set[str]] = {}
    retold: set[str] = set()
    for split in ("train", "dev", "test"):
        for line in (folder / f"{split}-qrels.tsv").read_text("utf-8").splitlines():
            query, _, claim, _ = line.split("\t")
            if claim in claims:
                retold.add(claim)
                if split == args.split:
                    gold.setdefault(query, set()).add(claim)
    pool = sorted(retold, key=int)
    pairs = [(q, gold[q]) for q in tweets if q in gold]
    embedder = claim_embedder(Settings(embedder=args.embedder, threads=1))
    pool_vectors = embedder.embed([claims[c] for c in pool])
    tweet_vectors = embedder.embed([tweets[q] for q, _ in pairs])
    relevant = np.zeros(len(pool), dtype=bool)
    positives, negatives = [], []
    for vector, (_, retells) in zip(tweet_vectors, pairs):
        sims = pool_vectors @ vector
        relevant[:] = [c in retells for c in pool]
        positives.append(float(sims[relevant].max()))
        negatives.append(float(sims[~relevant].max()))
    pos, neg = np.asarray(positives), np.asarray(negatives)
    print(f"{args.split}: {len(pairs)} tweets, pool of {len(pool)} retold claims")
    for name, values in (("positive", pos), ("hard negative", neg)):
        print(f"  {name:<14} cosine p10 {np.percentile(values, 10):.3f}  median {np.median(values):.3f}  p90 {np.percentile(values, 90):.3f}")
    print("  t     precision  recall  F1")
    chosen = None
    for t in np.arange(0.40, 0.96, args.step):
        true, false = int((pos >= t).sum()), int((neg >= t).sum())
        precision = true / (true + false) if true + false else 1.0
        recall = true / len(pos)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"  {t:.2f}  {precision:.3f}      {recall:.3f}   {f1:.3f}")
        if chosen is None and precision >= 0.9:
            chosen = round(float(t), 2)
    print(f"lowest threshold with precision >= 0.9: {chosen}")


if __name__ == "__main__":
    main()
