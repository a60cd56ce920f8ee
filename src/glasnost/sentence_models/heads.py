"""The shipped sentence heads (check-worthiness, subjectivity, hedging) and the genre head.

Files in ``glasnost/models/sentences``:

* ``config.json``: version, the encoder the heads were trained on (folder under
  ``glasnost/models`` and SHA-256 of its ``encoder.onnx``), per-task thresholds and feature lists;
* ``heads.npz``: numpy arrays, ``<task>.<name>``.

Each sentence task stacks up to three blocks: a logistic layer over the standardised mean token
state of the sentence (``emb``), a TF-IDF logistic layer over its words (``tfidf``, see
`glasnost.sentence_models.text`) and cue-lexicon counts (``lex``); a small logistic layer (``meta``)
combines the two block logits and the lexicon features into the probability that is the score.

The heads are only valid with the encoder they were trained on: when the shipped encoder's digest
differs from the recorded one, `load_heads` returns None (with a warning) and the scores stay
null until ``glasnost train sentences`` is run again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from glasnost.models.runtime import MODELS_DIR, EncodedText, Encoder, load_encoder
from glasnost.sentence_models.features import span_means
from glasnost.sentence_models.text import TfidfBlock, lexicon_features

DEFAULT_DIR = MODELS_DIR / "sentences"


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))


@functools.lru_cache(maxsize=8)
def file_digest(path: str, size: int, mtime: float) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def encoder_digest(encoder_dir: str | os.PathLike[str]) -> str:
    path = Path(encoder_dir) / "encoder.onnx"
    stat = path.stat()
    return file_digest(str(path.resolve()), stat.st_size, stat.st_mtime)


@dataclass
class LinearHead:
    """Standardise, then a logistic layer: ``logit = ((x - mean) / scale) . w + b``."""

    mean: np.ndarray
    scale: np.ndarray
    w: np.ndarray
    b: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        return ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) @ self.w + self.b


@dataclass
class TaskHead:
    name: str
    blocks: tuple[str, ...]
    emb: LinearHead | None
    tfidf: TfidfBlock | None
    lex: tuple[np.ndarray, np.ndarray] | None  # mean, scale of the lexicon features
    meta_w: np.ndarray
    meta_b: float
    threshold: float

    def meta_inputs(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        cols = []
        if self.emb is not None:
            cols.append(self.emb.logits(vectors)[:, None])
        if self.tfidf is not None:
            cols.append(self.tfidf.logits(texts)[:, None])
        if self.lex is not None:
            mean, scale = self.lex
            cols.append((lexicon_features(texts) - mean) / scale)
        return np.hstack(cols) if cols else np.zeros((len(texts), 0))

    def probabilities(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        if not texts:
            return np.zeros(0)
        return sigmoid(self.meta_inputs(texts, vectors) @ self.meta_w + self.meta_b)


@dataclass
class GenreHead:
    """The article's genre from its `article_features` row.

    Two shapes: a softmax over ``labels`` (``genre.W``/``genre.B`` in heads.npz: opinion,
    reporting, satire), or the older binary head (``genre.w``/``genre.b``: p(reporting) against
    ``threshold``). Under ``confidence`` the most likely label is not trusted: the analyzer says
    "uncertain" rather than guess."""

    features: tuple[str, ...]
    labels: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (F, K) softmax, or (F,) binary
    bias: np.ndarray  # (K,) or ()
    threshold: float = 0.5  # binary head only: p(reporting) at or above means reporting
    confidence: float = 0.0  # under this probability of the best label: uncertain

    def probabilities(self, row: np.ndarray, names: list[str]) -> dict[str, float]:
        """Label -> probability from a full `article_features` row and its feature names."""
        where = {name: i for i, name in enumerate(names)}
        x = (np.asarray([row[where[name]] for name in self.features], dtype=np.float64) - self.mean) / self.scale
        if self.weights.ndim == 1:
            p = float(sigmoid(np.asarray(x @ self.weights + float(self.bias))))
            return {"opinion": 1.0 - p, "reporting": p}
        z = x @ self.weights + self.bias
        z = np.exp(z - z.max())
        return {label: float(v) for label, v in zip(self.labels, z / z.sum(), strict=True)}

    def decide(self, row: np.ndarray, names: list[str]) -> tuple[str, float]:
        """(label, probability of it); the label is "uncertain" when that probability is under
        ``confidence``."""
        probs = self.probabilities(row, names)
        if self.weights.ndim == 1:
            label = "reporting" if probs["reporting"] >= self.threshold else "opinion"
        else:
            label = max(probs, key=probs.__getitem__)
        score = probs[label]
        return ("uncertain" if score < self.confidence else label), score


@dataclass
class SentenceHeads:
    model_dir: Path
    config: dict
    encoder_dir: Path
    tasks: dict[str, TaskHead]
    genre: GenreHead | None

    @property
    def version(self) -> str:
        return str(self.config.get("version", "?"))

    def encoder(self) -> Encoder:
        return load_encoder(self.encoder_dir)

    def sentence_vectors(self, encoded: EncodedText, spans: list[tuple[int, int]]) -> np.ndarray:
        return span_means(encoded, spans)

    def score(self, texts: list[str], vectors: np.ndarray) -> dict[str, np.ndarray]:
        """Probability per task for each sentence (texts and their vectors)."""
        return {name: head.probabilities(texts, vectors) for name, head in self.tasks.items()}


def _linear(arrays, prefix: str) -> LinearHead:
    return LinearHead(
        mean=arrays[f"{prefix}.mean"].astype(np.float64),
        scale=arrays[f"{prefix}.scale"].astype(np.float64),
        w=arrays[f"{prefix}.w"].astype(np.float64),
        b=float(arrays[f"{prefix}.b"]),
    )


def resolve_encoder_dir(config: dict) -> Path:
    folder = Path(config["encoder"]["folder"])
    return folder if folder.is_absolute() else MODELS_DIR / folder


def read_heads(model_dir: str | os.PathLike[str]) -> SentenceHeads:
    """Read a heads folder without checking the encoder."""
    folder = Path(model_dir)
    config = json.loads((folder / "config.json").read_text("utf-8"))
    arrays = np.load(folder / "heads.npz", allow_pickle=False)
    tasks: dict[str, TaskHead] = {}
    for name, spec in config["tasks"].items():
        blocks = tuple(spec["blocks"])
        tfidf = None
        if "tfidf" in blocks:
            tfidf = TfidfBlock(
                [str(t) for t in arrays[f"{name}.tfidf.vocab"]],
                arrays[f"{name}.tfidf.idf"],
                arrays[f"{name}.tfidf.w"],
                float(arrays[f"{name}.tfidf.b"]),
            )
        tasks[name] = TaskHead(
            name=name,
            blocks=blocks,
            emb=_linear(arrays, f"{name}.emb") if "emb" in blocks else None,
            tfidf=tfidf,
            lex=(arrays[f"{name}.lex.mean"], arrays[f"{name}.lex.scale"]) if "lex" in blocks else None,
            meta_w=arrays[f"{name}.meta.w"].astype(np.float64),
            meta_b=float(arrays[f"{name}.meta.b"]),
            threshold=float(spec["threshold"]),
        )
    genre = None
    if "genre" in config:
        spec = config["genre"]
        if "genre.W" in arrays.files:
            genre = GenreHead(
                tuple(spec["features"]), tuple(spec["labels"]), arrays["genre.mean"].astype(np.float64),
                arrays["genre.scale"].astype(np.float64), arrays["genre.W"].astype(np.float64),
                arrays["genre.B"].astype(np.float64), confidence=float(spec.get("confidence", 0.0)),
            )
        else:
            binary = _linear(arrays, "genre")
            genre = GenreHead(
                tuple(spec["features"]), ("opinion", "reporting"), binary.mean, binary.scale, binary.w,
                np.float64(binary.b), float(spec["threshold"]), float(spec.get("confidence", 0.0)),
            )
    return SentenceHeads(folder, config, resolve_encoder_dir(config), tasks, genre)


@functools.lru_cache(maxsize=4)
def _load(model_dir: str) -> SentenceHeads | None:
    folder = Path(model_dir)
    if not (folder / "config.json").exists() or not (folder / "heads.npz").exists():
        return None
    heads = read_heads(folder)
    encoder_file = heads.encoder_dir / "encoder.onnx"
    if not encoder_file.exists():
        warnings.warn(
            f"sentence heads need the encoder in {heads.encoder_dir}, which is missing; "
            "check-worthiness, subjectivity, hedging and genre scores are left out",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    expected = heads.config["encoder"].get("sha256")
    if expected and encoder_digest(heads.encoder_dir) != expected:
        warnings.warn(
            f"the encoder in {heads.encoder_dir} is not the one the sentence heads were trained on; "
            "scores are left out until `glasnost train sentences` retrains them",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    return heads


def load_heads(model_dir: str | os.PathLike[str] | None = None) -> SentenceHeads | None:
    """The shipped heads (or those in ``model_dir``), loaded once; None when absent or stale."""
    folder = Path(model_dir) if model_dir is not None else DEFAULT_DIR
    return _load(str(folder.resolve()))


def heads_available(model_dir: str | os.PathLike[str] | None = None) -> bool:
    return load_heads(model_dir) is not None
