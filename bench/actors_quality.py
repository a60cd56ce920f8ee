"""Actor quality on CoNLL-2003 English (type accuracy and mention recall on named people,
organisations and places), beside the spaCy model's own entities on the same parse.

    python bench/actors_quality.py [--conll DIR] [--split valid|train] [--limit N]

CoNLL-2003 defaults to ../shared/data/ner/conll2003. Tuned on valid; train is a second look.
Prints the report and the wall time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONLL = ROOT.parent / "shared" / "data" / "ner" / "conll2003"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conll", default=str(CONLL))
    parser.add_argument("--split", default="valid")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not (Path(args.conll) / f"{args.split}.txt").is_file():
        print(f"CoNLL-2003 {args.split} not found in {args.conll}", file=sys.stderr)
        return 2
    from glasnost.evaluation.actors import evaluate

    started = time.perf_counter()
    report = evaluate(args.conll, args.split, args.limit)
    print(report.format())
    print(f"({time.perf_counter() - started:.1f} s, parse included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
