"""Attribution quality on PolNeAR dev (content P/R/F1, speaker accuracy) and a look at the
canonical hard sample.

    python bench/attribution_quality.py [--polnear DIR] [--split dev] [--limit N]

PolNeAR defaults to ../shared/data/attribution/polnear. Everything was tuned on train; dev is the
validation split. Prints the report and the wall time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "attribution" / "polnear"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", default=str(POLNEAR))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not Path(args.polnear).is_dir():
        print(f"PolNeAR not found at {args.polnear}", file=sys.stderr)
        return 2
    from glasnost.evaluation.attribution import evaluate

    started = time.perf_counter()
    report = evaluate(args.polnear, args.split, args.limit)
    print(report.format())
    print(f"({time.perf_counter() - started:.1f} s, parse included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
