"""Quality of the sentence heads, the genre head and the certainty rules, with the issue's targets.

    python bench/sentences_quality.py [--data DIR] [--sample FILE] [--skip-genre]

Prints check-worthiness positive-class F1 on CheckThat! 2024 dev-test, subjectivity macro-F1 on
dev_en, hedging uncertain-class F1 on the fixed held-out fifth, genre macro-F1 (opinion,
reporting, satire; "uncertain" counts as wrong) and per-class figures on the technique validation
articles and the held-out fifth of horne2017, then what the pipeline says
about the canonical sample (../shared/samples/kremlin-oped.txt): genre, top claims and the
certainty of the sentences the issue names.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

TARGETS = {"checkworthiness": 0.75, "subjectivity": 0.72, "hedging": 0.64, "genre": 0.65}
SAMPLE_CHECKS = [
    ("Before the war, Bakhmut had a little over 70,000 inhabitants.", "top claim", None),
    ("It is hard to be sure currently whether the takeover of Bakhmut occurred", "certainty", {"speculative", "hedged"}),
    ("the attack on Belgorod could be both inspired and sponsored by the Kremlin itself", "certainty", {"speculative", "hedged"}),
    ("Russian propaganda rejected this statement as false and said", "certainty", {"attributed"}),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--sample", type=Path, default=None)
    parser.add_argument("--skip-genre", action="store_true")
    parser.add_argument("--top", type=int, default=5, help="how many claims count as top claims")
    args = parser.parse_args(argv)
    from glasnost import analyze, load
    from glasnost.evaluation import sentences as E
    from glasnost.sentence_models.data import data_dir

    root = data_dir(args.data)
    if root is None:
        print("no ../shared/data: nothing to measure", file=sys.stderr)
        return 1
    for task, run in (("checkworthiness", E.evaluate_checkworthiness), ("subjectivity", E.evaluate_subjectivity),
                      ("hedging", E.evaluate_hedging)):
        report = run(data_dir=root)
        print(report.format())
        print(f"  target {TARGETS[task]:.2f}: {'met' if report.headline >= TARGETS[task] else 'MISSED'}\n")
    if not args.skip_genre:
        genre = E.evaluate_genre(root)
        print(genre.format())
        print(f"  target {TARGETS['genre']:.2f}: {'met' if genre.macro_f1 >= TARGETS['genre'] else 'MISSED'}\n")

    sample = args.sample or root.parent / "samples" / "kremlin-oped.txt"
    if not sample.exists():
        return 0
    analysis = analyze(load(sample))
    print(f"sample {sample.name}: genre {analysis.genre.label if analysis.genre else None} "
          f"({analysis.genre.score if analysis.genre else 0:.2f}), {len(analysis.claims)} claims")
    for k, claim in enumerate(analysis.claims[: args.top], 1):
        print(f"  {k}. [{claim.score:.2f} {claim.claim_type} {claim.certainty}] {claim.text[:100]}")
    for needle, what, allowed in SAMPLE_CHECKS:
        sentence = next((s for s in analysis.sentences if needle in s.text), None)
        if sentence is None:
            print(f"  ? not found: {needle}")
            continue
        if what == "top claim":
            rank = next((k for k, c in enumerate(analysis.claims, 1) if c.sentence == sentence.index), None)
            ok = rank is not None and rank <= args.top
            print(f"  {'ok' if ok else 'MISS'} top claim rank {rank}: {needle}")
        else:
            ok = sentence.certainty in allowed
            cues = ", ".join(f"{c.kind}:{c.text!r}" for c in sentence.cues)
            print(f"  {'ok' if ok else 'MISS'} {sentence.certainty} [{cues}]: {needle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
