"""Technique highlights and genre on plain reporting, beside the op-ed that must keep its marks.

    python bench/plain_news.py [--data ../shared/data] [--op-ed FILE] [--operating-point P]
                               [--model-dir DIR] [--no-horne] [--limit N]

Two sets of ordinary news: the pages under bench/plain_news/ (written for Glasnost: wire politics,
awards, wine and food, security and tech, science, sport, business, obituaries) and, when the
data folder is there, the 75 real news articles of genre/horne2017/real (cp1252; read as
`analyze` reads them). Each page is analysed as `glasnost analyze` does (techniques and genre,
default operating point unless told) and printed with its words, highlights, highlights per
1,000 words and its genre badge; then each set's mean rate, how many pages carry an "opinion"
badge, and the op-ed's highlight count by technique. Target (issue 11): at most 2 highlights per
1,000 words on plain reporting, at least 20 on the op-ed.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from glasnost import AnalyzeOptions, analyze, load
from glasnost.settings import Settings
from glasnost.techniques.corpus import default_data_dir

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "plain_news"
OP_ED = Path("/work/shared/samples/kremlin-oped.txt")


def _badge(analysis) -> str:
    genre = analysis.genre
    return "-" if genre is None else f"{genre.label} {genre.score:.2f}"


def _run_set(name: str, paths: list[Path], options: AnalyzeOptions, settings: Settings) -> tuple[float, int, int]:
    """Print one line per page; return (highlights per 1k words over the set, pages, opinion badges)."""
    words = highlights = opinion = 0
    print(f"\n== {name} ({len(paths)} pages)")
    print(f"{'page':<34} {'words':>6} {'marks':>5} {'per1k':>6}  genre           techniques")
    for path in paths:
        analysis = analyze(load(path), options, settings)
        n_words = analysis.stats.words if analysis.stats else len(analysis.article.text.split())
        marks = analysis.techniques
        counts = collections.Counter(t.technique for t in marks)
        opinion += bool(analysis.genre and analysis.genre.label == "opinion")
        words += n_words
        highlights += len(marks)
        shown = ", ".join(f"{t}:{c}" for t, c in counts.most_common(3))
        texts = "; ".join(repr(t.text[:30]) for t in marks[:3])
        print(
            f"{path.name[:34]:<34} {n_words:>6} {len(marks):>5} {1000 * len(marks) / max(1, n_words):>6.2f}"
            f"  {_badge(analysis):<15} {shown} {texts}"
        )
    rate = 1000 * highlights / max(1, words)
    print(f"SET {name}: pages={len(paths)} words={words} highlights={highlights} per_1k_words={rate:.2f} opinion_badges={opinion}")
    return rate, len(paths), opinion


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--op-ed", type=Path, default=OP_ED)
    parser.add_argument("--operating-point", default="precision")
    parser.add_argument("--model-dir", type=Path, default=None, help="a technique model folder (default: the shipped one)")
    parser.add_argument("--no-horne", action="store_true", help="only the pages under bench/plain_news/")
    parser.add_argument("--limit", type=int, default=None, help="the first N horne2017 articles")
    args = parser.parse_args(argv)
    options = AnalyzeOptions(only=("techniques", "genre"), operating_point=args.operating_point)
    settings = Settings(technique_model=args.model_dir) if args.model_dir else Settings()
    _run_set("plain_news", sorted(FIXTURES.glob("*.txt")), options, settings)
    data = args.data or default_data_dir()
    horne = data / "genre" / "horne2017" / "real" if data else None
    if not args.no_horne and horne is not None and horne.is_dir():
        paths = sorted(horne.glob("*.txt"), key=lambda p: (len(p.stem), p.stem))[: args.limit]
        _run_set("horne2017_real", paths, options, settings)
    if args.op_ed.exists():
        analysis = analyze(load(args.op_ed), options, settings)
        counts = collections.Counter(t.technique for t in analysis.techniques)
        print(f"\nOP-ED {args.op_ed.name}: highlights={len(analysis.techniques)} genre={_badge(analysis)} "
              + ", ".join(f"{t}:{c}" for t, c in counts.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
