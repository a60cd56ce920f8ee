"""Scoring a technique model on corpus articles: the numbers of the model card, the benchmark
script and the quality gate (SI, TC given gold spans in both schemes, FLC, paragraphs)."""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from glasnost.errors import Errors, InputError
from glasnost.evaluation.ptc_scorer import (
    PRF,
    Report,
    score_flc,
    score_label_sets,
    score_si,
    score_tc,
)
from glasnost.techniques import inventory
from glasnost.techniques import predict as P
from glasnost.techniques.corpus import CorpusArticle
from glasnost.techniques.ptc_format import Span, read_paragraph_labels, read_spans
from glasnost.techniques.tasks import label_folder, label_spans, predict_folder_paragraphs, predict_folder_si, read_folder


def evaluate(model_dir: Path | None, valid: list[CorpusArticle], log=print) -> dict:
    """Score the model of ``model_dir`` on ``valid`` articles (the benchmark numbers)."""
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


def gold_scheme(names: Iterable[str | None]) -> str:
    """`ptc14` when every gold label is a PTC class name, else `semeval2023`."""
    found = {name for name in names if name}
    return "ptc14" if found and found <= set(inventory.PTC14_NAMES) else "semeval2023"


@dataclass
class Evaluation:
    articles: int
    scheme: str
    si: PRF
    tc: Report | None
    paragraphs: Report | None = None
    paragraph_count: int = 0
    paragraph_scheme: str | None = None


def evaluate_folder(
    folder: str | os.PathLike[str],
    gold_file: str | os.PathLike[str],
    paragraph_gold: str | os.PathLike[str] | None = None,
) -> Evaluation:
    """SI P/R/F1 of predicted spans, and TC micro-F1 given the gold spans where they are labelled;
    with `paragraph_gold` (subtask-3 lines) also paragraph micro-F1, in the scheme of its names.

    Every article of the folder is scored: one without gold spans has none, so its predicted spans
    count against SI precision (leaving it out would hide those false positives). Paragraphs are
    scored where the gold lists them, as the benchmark does: a gold paragraph the model finds
    nothing in is a miss, and paragraphs the gold leaves out are not scored (nor predicted, in an
    article the paragraph gold leaves out). Each article is encoded once, one at a time, and that
    pass serves every task, as `evaluate` does.
    """
    articles = read_folder(folder)
    gold = [s for s in read_spans(gold_file) if s.article_id in articles]
    if not gold:
        raise InputError(Errors.E061.format(gold=gold_file, folder=folder))
    paragraphs: dict[tuple[str, int], set[str]] = {}
    if paragraph_gold is not None:
        paragraphs = {key: names for key, names in read_paragraph_labels(paragraph_gold).items() if key[0] in articles}
        if not paragraphs:
            raise InputError(Errors.E085.format(gold=paragraph_gold, folder=folder))
    scheme = gold_scheme(s.technique for s in gold)
    paragraph_scheme = gold_scheme(name for names in paragraphs.values() for name in names)
    labelled: dict[str, list[Span]] = defaultdict(list)
    for span in gold:
        if span.technique and span.technique != "?":
            labelled[span.article_id].append(span)
    with_paragraphs = {article_id for article_id, _ in paragraphs}
    encoder = P.load_model().encoder
    si_pred: list[Span] = []
    tc_pred: list[Span] = []
    par_pred: dict[tuple[str, int], set[str]] = {}
    for article_id, text in articles.items():
        one = {article_id: text}
        encoded = {article_id: encoder.encode(text, use_cache=False)}
        si_pred += predict_folder_si(one, encoded)
        tc_pred += label_folder(one, labelled.get(article_id, []), scheme, encoded)
        if article_id in with_paragraphs:
            par_pred.update(predict_folder_paragraphs(one, paragraph_scheme, encoded=encoded))
    gold_labelled = [span for spans in labelled.values() for span in spans]
    tc = score_tc(tc_pred, gold_labelled) if gold_labelled else None
    result = Evaluation(len(articles), scheme, score_si(si_pred, gold), tc)
    if paragraphs:
        result.paragraph_scheme = paragraph_scheme
        result.paragraphs = score_label_sets(par_pred, paragraphs)  # type: ignore[arg-type]  # dict keys are invariant
        result.paragraph_count = len(paragraphs)
    return result
