"""Time and peak memory of `glasnost analyze` against the length of one article.

    python bench/size_curve.py [--sizes 1000,2000,...,64000] [--piece-chars N]

Each text is synthesised from the paragraphs of the bundled samples (samples/harbour-oped.txt,
and ../shared/samples/kremlin-oped.txt when present), every round through them in a new order,
until it holds the wanted number of words. Each size runs in its own process, so its peak RSS is
its own: the process loads the models on a short text first, then loads the long one from a file
(`glasnost.load`, repair included) and analyses it with every default analyzer. Prints a
Markdown table: words, characters, pieces, wall and CPU seconds of load + analyze (CPU time counts
the encoder's background thread too, and does not grow when other work shares the cores), peak
RSS, and the peak after the warm-up alone (the models). The figures go into the README ("Limits").
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "samples" / "harbour-oped.txt", ROOT.parent / "shared" / "samples" / "kremlin-oped.txt"]
SIZES = (1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000)


def paragraphs() -> list[str]:
    found = []
    for path in SAMPLES:
        if path.exists():
            text = path.read_text(encoding="utf-8")
            found.extend(p.strip() for p in text.split("\n\n") if len(p.split()) >= 8)
    return found


def synthesise(words: int) -> str:
    """A text of about `words` words: the samples' paragraphs, each round in another order."""
    pool = paragraphs()
    out, count, round_ = [f"How long can an article be? {words:,} words"], 0, 0
    while count < words:
        order = pool[:]
        random.Random(round_).shuffle(order)
        for paragraph in order:
            out.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
        round_ += 1
    return "\n\n".join(out) + "\n"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process, every thread: unlike wall time, it does not grow when other
    work shares the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(words: int, piece_chars: int | None) -> dict:
    """One size, in this process: warm up, then time load + analyze of the synthesised text."""
    from glasnost import Article, analyze, load
    from glasnost.pieces import cut
    from glasnost.settings import Settings

    settings = Settings() if piece_chars is None else Settings(piece_chars=piece_chars)
    analyze(Article.from_text(synthesise(300)), None, settings)
    warm = peak_mb()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(synthesise(words), encoding="utf-8")
        started, cpu = time.perf_counter(), cpu_seconds()
        analysis = analyze(load(str(path)), None, settings)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {
        "words": analysis.stats.words,
        "characters": len(analysis.article.text),
        "pieces": len(cut(analysis.article.text, settings.piece_chars)),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(peak_mb()),
        "warm_mb": round(warm),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES), help="word counts, comma-separated")
    parser.add_argument("--piece-chars", type=int, default=None, help="Settings.piece_chars (default: its default)")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure(args.one, args.piece_chars)))
        return 0
    print("| words | characters | pieces | wall s | CPU s | CPU s per 1k words | peak RSS (MB) | after warm-up (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(size)]
        if args.piece_chars is not None:
            command += ["--piece-chars", str(args.piece_chars)]
        row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
        per = row["cpu_seconds"] / max(1, row["words"]) * 1000
        print(
            f"| {row['words']:,} | {row['characters']:,} | {row['pieces']} | {row['seconds']:.1f} "
            f"| {row['cpu_seconds']:.1f} | {per:.2f} | {row['peak_mb']:,} | {row['warm_mb']:,} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
