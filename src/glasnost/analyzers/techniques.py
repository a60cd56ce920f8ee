"""Propaganda techniques at span level, from the shipped ONNX model (no torch at run time).

A reader sees the model's "precision" operating point by default (per-technique thresholds that
maximised F0.5 on validation): fewer, surer highlights. `AnalyzeOptions.operating_point` (the
CLI's `--operating-point`) moves it to "balanced" (best F1, what the benchmark figures describe)
or "recall"; `--min-score` replaces the thresholds with one for every technique.

Clause-level techniques grow to the parser's sentences, the ones the report shows. The encoder
pass comes from the context (`Context.encoded`), so the sentence and genre heads read the same
token states, and the pipeline starts it in the background while spaCy parses.
"""

from __future__ import annotations

from glasnost.analysis import Technique
from glasnost.context import Context
from glasnost.registry import register
from glasnost.settings import Settings
from glasnost.techniques.predict import load_model, predict


@register
class Techniques:
    name = "techniques"
    version = "1.1.0"
    layer = "techniques"
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ("encoded", "sentence_spans")

    def __init__(self, settings: Settings) -> None:
        self.technique_model = load_model(settings.technique_model, settings.threads, settings.ort_spin)
        self.model = str(self.technique_model.meta.get("version", "techniques-unversioned"))

    def __call__(self, context: Context) -> list[Technique]:
        text = context.article.text
        spans = predict(
            text,
            threshold=context.options.min_score,
            operating_point=context.options.operating_point,
            encoded=context.encoded(),
            sentences=[(start, end) for start, end, _ in context.sentence_spans],
            model=self.technique_model,
        )
        return [
            Technique(start=s.start, end=s.end, text=text[s.start : s.end], technique=s.technique, score=round(s.score, 4))
            for s in spans
        ]
