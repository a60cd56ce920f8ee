"""Sentence embeddings on the CPU: the shipped all-MiniLM-L6-v2 in int8 ONNX plus its tokenizer.

    embedder = load_embedder()                 # cached per folder and thread count
    vectors = embedder.embed(["a claim", ...]) # (n, 384) float32, unit length

The graph does the mean pooling and the normalisation itself (see `glasnost.training.embedder`),
so a dot product of two rows is their cosine similarity.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from glasnost.errors import Errors, InputError
from glasnost.models.runtime import MODELS_DIR, default_threads

EMBEDDER_DIR = MODELS_DIR / "embedder"
_BATCH = 64


class Embedder:
    """An ONNX sentence embedder; `embed` is safe to call from several threads."""

    def __init__(self, model_dir: str | os.PathLike[str], threads: int | None = None, model_file: str = "embedder.onnx") -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.model_dir = Path(model_dir)
        self.config = json.loads((self.model_dir / "config.json").read_text("utf-8"))
        self.dimensions = int(self.config["dimensions"])
        self.name = f"all-MiniLM-L6-v2 {model_file}"
        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(self.config["max_tokens"]))
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or default_threads()
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(self.model_dir / model_file), options, providers=["CPUExecutionProvider"])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, in order. Texts are batched by length, so that a batch pads
        to a similar width instead of the longest text of all."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        encoded = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        for first in range(0, len(order), _BATCH):
            rows = order[first : first + _BATCH]
            width = max(len(encoded[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for row, i in enumerate(rows):
                n = len(encoded[i].ids)
                ids[row, :n] = encoded[i].ids
                mask[row, :n] = 1
            (vectors,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[rows] = vectors
        return out


@functools.lru_cache(maxsize=4)
def _load(model_dir: str, threads: int, model_file: str) -> Embedder:
    return Embedder(model_dir, threads, model_file)


def load_embedder(model_dir: str | os.PathLike[str] | None = None, threads: int | None = None, model_file: str = "embedder.onnx") -> Embedder:
    """The embedder of `model_dir` (default: the shipped one), loaded once per folder and threads."""
    folder = Path(model_dir) if model_dir is not None else EMBEDDER_DIR
    return _load(str(folder.resolve()), threads or default_threads(), model_file)


def require_shipped() -> None:
    """A one-line error (`[E228]`) where the shipped embedder is missing, before anything loads it."""
    if not (EMBEDDER_DIR / "embedder.onnx").is_file():
        raise InputError(Errors.E228.format(path=EMBEDDER_DIR))
