"""Sentence vectors from the shared encoder pass, and the cheap surface features stacked on them.

A sentence's vector is the mean of the states of the tokens that lie inside its character span
(tokens from `glasnost.models.runtime.EncodedText`, so one pass over the article serves every
sentence and every head). Training encodes each data-set sentence on its own through
`encode_texts`, which gives the vectors `EncodedText` gives for a one-sentence text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from glasnost.models.runtime import EncodedText, Encoder


def span_means(encoded: EncodedText, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """(len(spans), H) mean token state of each [start, end) character span; zeros where a span
    holds no token."""
    dim = encoded.hidden.shape[1] if encoded.hidden.ndim == 2 else 0
    out = np.zeros((len(spans), dim), dtype=np.float32)
    if not len(encoded) or not spans:
        return out
    starts = encoded.offsets[:, 0]
    ends = encoded.offsets[:, 1]
    for row, (a, b) in enumerate(spans):
        lo = int(np.searchsorted(starts, a, side="left"))
        hi = int(np.searchsorted(starts, b, side="left"))
        if hi > lo:
            inside = ends[lo:hi] <= b
            states = encoded.hidden[lo:hi][inside] if not inside.all() else encoded.hidden[lo:hi]
            if len(states):
                out[row] = states.mean(axis=0)
    return out


def encode_texts(encoder: Encoder, texts: Sequence[str], log=None) -> np.ndarray:
    """(len(texts), H) mean token state of each text encoded on its own (training helper).

    One ONNX call per text, exactly as `Encoder.encode` does for a one-sentence text: padding
    several texts into one call would shift the int8 encoder's dynamic quantisation ranges."""
    dim = int(encoder.config.get("hidden_size", 384))
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, text in enumerate(texts):
        encoded = encoder.encode(text, use_cache=False)
        out[i] = span_means(encoded, [(0, len(text))])[0]
        if log is not None and (i + 1) % 5000 == 0:
            log(f"encoded {i + 1}/{len(texts)}")
    return out


def context_vectors(
    encoder: Encoder, texts: Sequence[str], seed: int | None = None, per_doc: int = 12, per_paragraph: int = 3
) -> np.ndarray:
    """Mean token states of each sentence inside a pseudo-article: the sentences, in their order
    or shuffled with ``seed``, are glued into documents of ``per_doc`` sentences (paragraphs of ``per_paragraph``)
    and encoded the way the runtime encodes an article (one pass, 256-token windows). In an
    article a sentence's states are shifted by the text around it (longer sequences, neighbours);
    training on both these and the isolated vectors makes the heads hold in both conditions."""
    dim = int(encoder.config.get("hidden_size", 384))
    out = np.zeros((len(texts), dim), dtype=np.float32)
    order = np.arange(len(texts)) if seed is None else np.random.default_rng(seed).permutation(len(texts))
    for first in range(0, len(order), per_doc):
        group = order[first : first + per_doc]
        pieces: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        for k, i in enumerate(group):
            if k:
                sep = "\n\n" if k % per_paragraph == 0 else " "
                pieces.append(sep)
                pos += len(sep)
            text = texts[i]
            pieces.append(text)
            spans.append((pos, pos + len(text)))
            pos += len(text)
        encoded = encoder.encode("".join(pieces), use_cache=False)
        out[group] = span_means(encoded, spans)
    return out
