"""Time of the text repair (`glasnost.ingest.repair.repair`) against the length of a one-line
text with some mojibake, the case that made whole-line alignment quadratic.

    python bench/repair_speed.py [--words 2000 16000 64000] [--repeat 3]

The text repeats a plain English sentence with "itâ€™s" every 50th word and "cafÃ©" every 97th,
all on one line. Prints words, characters and the best wall-clock time of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import time

from glasnost.ingest.repair import repair

WORDS = "the council said it would expand the harbour and the fishermen argued that".split()


def one_line_text(words: int) -> str:
    out = []
    for i in range(words):
        if i % 50 == 7:
            out.append("itâ€™s")
        elif i % 97 == 3:
            out.append("cafÃ©")
        else:
            out.append(WORDS[i % len(WORDS)])
    return " ".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[2000, 16000, 64000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for words in args.words:
        raw = one_line_text(words)
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            repair(raw)
            best = min(best, time.perf_counter() - started)
        print(f"{words:>7,} words {len(raw):>9,} chars  {best:6.2f} s")


if __name__ == "__main__":
    main()
