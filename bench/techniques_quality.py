"""Quality of the shipped technique model on the fixed validation split.

    python bench/techniques_quality.py [--data ../shared/data] [--model-dir DIR] [--json out.json]

Prints SI precision/recall/F1 (SemEval-2020 partial-overlap definition, PTC gold), TC micro-F1
given gold spans (ptc14 and SemEval-2023 schemes, per technique), FLC-style span F1 per technique
and paragraph micro-F1 (SemEval-2023 subtask 3 style), all through the ONNX runtime.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from glasnost.evaluation.ptc_scorer import format_report
from glasnost.evaluation.techniques import evaluate, metrics_json
from glasnost.techniques.corpus import default_data_dir, load_corpus, split


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument(
        "--json", type=Path, default=None, help="also write metrics as JSON"
    )
    args = parser.parse_args(argv)
    data = args.data or default_data_dir()
    if data is None or not (data / "semeval2023-en").is_dir():
        print("no data folder found (pass --data ../shared/data)", file=sys.stderr)
        return 2
    started = time.time()
    _, valid = split(load_corpus(data))
    results = evaluate(args.model_dir, valid, log=lambda _m: None)
    print(f"validation articles: {len(valid)}  ({time.time() - started:.1f}s)")
    print(format_report(results["si"], "SI (PTC gold, overlapping spans merged)"))
    print(format_report(results["tc_ptc14"], "TC given gold spans, ptc14 scheme"))
    print(format_report(results["tc_fine"], "TC given gold spans, SemEval-2023 scheme"))
    print(
        format_report(
            results["flc_fine"], "Spans with techniques (same-technique overlap)"
        )
    )
    print(format_report(results["paragraph"], "Paragraph techniques"))
    print(
        f"SUMMARY si_f1={results['si'].f1:.4f} tc_ptc14_micro_f1={results['tc_ptc14'].micro.f1:.4f} "
        f"tc_fine_micro_f1={results['tc_fine'].micro.f1:.4f} "
        f"paragraph_micro_f1={results['paragraph'].micro.f1:.4f}"
    )
    if args.json:
        args.json.write_text(
            json.dumps(metrics_json(results), indent=2) + "\n", "utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
