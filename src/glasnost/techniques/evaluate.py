"""Scoring a technique model on corpus articles: the numbers of the model card, the benchmark
script and the quality gate (SI, TC given gold spans in both schemes, FLC, paragraphs)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from glasnost.evaluation.ptc_scorer import (
    PRF,
    score_flc,
    score_label_sets,
    score_si,
    score_tc,
)
from glasnost.techniques.corpus import CorpusArticle
from glasnost.techniques.ptc_format import Span


def evaluate(model_dir: Path | None, valid: list[CorpusArticle], log=print) -> dict:
    """Score the model of ``model_dir`` on ``valid`` articles (the benchmark numbers)."""
    from glasnost.techniques import predict as P
    from glasnost.techniques.tasks import label_spans

    model = P.load_model(model_dir)
    fine_pred, si_pred, tc_fine, tc_ptc = [], [], [], []
    par_pred, par_gold = {}, {}
    started = time.time()
    for a in valid:
        enc = model.encoder.encode(a.text, use_cache=False)
        spans = P.predict(a.text, model_dir=model_dir, encoded=enc)
        fine_pred.extend(Span(a.article_id, s.start, s.end, s.technique) for s in spans)
        for start, end, _ in P.predict_si(
            a.text, model_dir=model_dir, encoded=enc, spans=spans
        ):
            si_pred.append(Span(a.article_id, start, end))
        # TC given gold spans, in both schemes (a ptc14 class scores its best fine technique)
        for gold, out, scheme in ((a.spans, tc_fine, "semeval2023"), (a.ptc_spans, tc_ptc, "ptc14")):
            counts = Counter((s.start, s.end) for s in gold)
            out.extend(Span(a.article_id, *item) for item in label_spans(a.text, counts, scheme, enc, model_dir))
        for par in P.paragraph_techniques(a.text, model_dir=model_dir, encoded=enc):
            if par.line in a.paragraph_labels:
                par_pred[(a.article_id, par.line)] = set(par.techniques)
        for line, labels in a.paragraph_labels.items():
            par_gold[(a.article_id, line)] = set(labels)
    seconds = time.time() - started
    si_gold = [s for a in valid for s in a.si_spans]
    gold_fine = [s for a in valid for s in a.spans]
    gold_ptc = [s for a in valid for s in a.ptc_spans]
    results = {
        "articles": len(valid),
        "si": score_si(si_pred, si_gold),
        "si_union_fine": score_si(
            [Span(s.article_id, s.start, s.end) for s in fine_pred], si_gold
        ),
        "tc_ptc14": score_tc(tc_ptc, gold_ptc),
        "tc_fine": score_tc(tc_fine, gold_fine),
        "flc_fine": score_flc(fine_pred, gold_fine),
        "paragraph": score_label_sets(par_pred, par_gold),
        "seconds": seconds,
    }
    log(
        f"SI F1={results['si'].f1:.4f} (P={results['si'].precision:.4f} R={results['si'].recall:.4f}) "
        f"TC-ptc14 F1={results['tc_ptc14'].micro.f1:.4f} TC-fine F1={results['tc_fine'].micro.f1:.4f} "
        f"FLC F1={results['flc_fine'].micro.f1:.4f} paragraph F1={results['paragraph'].micro.f1:.4f} "
        f"({seconds:.0f}s)"
    )
    return results


def metrics_json(results: dict) -> dict:
    def conv(v):
        if isinstance(v, PRF):
            return v.as_dict()
        if hasattr(v, "micro"):
            return {
                "micro": v.micro.as_dict(),
                "per_technique": {k: p.as_dict() for k, p in v.per_technique.items()},
            }
        return v

    return {k: conv(v) for k, v in results.items()}
