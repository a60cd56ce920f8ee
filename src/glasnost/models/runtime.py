"""Shared transformer encoder on the CPU: ONNX Runtime + ``tokenizers``, no torch.

One encoder pass per text feeds every head that reads token states (the technique tagger and
span classifier today, sentence-level heads later). Long texts are cut into overlapping windows
so no token is skipped; each token keeps the state from the window in which it sits farthest
from an edge, i.e. with the most context on both sides.

    encoder = load_encoder(model_dir)          # cached per folder, thread count and spinning
    encoded = encoder.encode(text)             # cached per text (small LRU)
    encoded.hidden                             # (n_tokens, hidden) float32
    encoded.offsets                            # (n_tokens, 2) char offsets into ``text``

A model folder holds ``encoder.onnx`` (input_ids, attention_mask -> hidden states),
``tokenizer.json`` and ``config.json`` (``max_length``, ``stride``, ``cls_id``, ``sep_id``).
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from glasnost.errors import Errors

MODELS_DIR = Path(__file__).resolve().parent


def default_threads() -> int:
    """ONNX Runtime threads when the settings name none: the machine's cores, at most four."""
    return max(1, min(4, os.cpu_count() or 1))


def plan_windows(n_tokens: int, max_tokens: int, stride: int) -> list[tuple[int, int]]:
    """Token ranges [a, b) of at most ``max_tokens`` covering ``0..n_tokens``; consecutive windows
    share ``stride`` tokens. The last window is pulled back to end exactly at ``n_tokens``."""
    if max_tokens <= 0:
        raise ValueError(Errors.E132.format(max_tokens=max_tokens))
    if n_tokens <= 0:
        return []
    if n_tokens <= max_tokens:
        return [(0, n_tokens)]
    step = max(1, max_tokens - max(0, stride))
    windows = []
    start = 0
    while True:
        end = min(start + max_tokens, n_tokens)
        if end == n_tokens:
            windows.append((max(0, n_tokens - max_tokens), n_tokens))
            break
        windows.append((start, end))
        start += step
    return windows


def owner_window(windows: list[tuple[int, int]], n_tokens: int) -> np.ndarray:
    """For each token, the index of the window where it is farthest from an edge."""
    best = np.full(n_tokens, -1, dtype=np.int64)
    best_margin = np.full(n_tokens, -1, dtype=np.int64)
    for w, (a, b) in enumerate(windows):
        idx = np.arange(a, b)
        margin = np.minimum(idx - a, b - 1 - idx)
        better = margin > best_margin[a:b]
        best[a:b][better] = w
        best_margin[a:b][better] = margin[better]
    return best


@dataclass
class Tokenized:
    ids: np.ndarray  # (n,) int64, no special tokens
    offsets: np.ndarray  # (n, 2) int64 char offsets into the text
    word_ids: np.ndarray  # (n,) int64 word index per token (-1 if none)


@dataclass
class EncodedText:
    text: str
    tokens: Tokenized
    windows: list[tuple[int, int]]  # token ranges of the windows
    hidden: np.ndarray  # (n, H) float32, state of each token from its owner window
    window_cls: np.ndarray  # (n_windows, H) float32, [CLS] state of each window
    owner: np.ndarray  # (n,) window index that supplied each token's state
    extras: dict = field(
        default_factory=dict
    )  # per-text cache for heads (e.g. their logits)

    @property
    def offsets(self) -> np.ndarray:
        return self.tokens.offsets

    def __len__(self) -> int:
        return int(self.tokens.ids.shape[0])


def load_tokenizer(path: str | os.PathLike[str]):
    """A ``tokenizers.Tokenizer`` from ``tokenizer.json`` with truncation and padding off."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def tokenize_text(tokenizer, text: str) -> Tokenized:
    """Token ids, char offsets and word ids of ``text`` (``tokenizers.Tokenizer``, no specials).

    Offsets index the Python string as given; tokens made only of characters the normaliser
    drops never appear, so every token covers at least one character."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    word_ids = np.asarray(
        [-1 if w is None else w for w in enc.word_ids], dtype=np.int64
    )
    return Tokenized(ids, offsets, word_ids)


class Encoder:
    """An ONNX encoder plus its tokenizer; thread-safe for concurrent ``encode`` calls."""

    def __init__(
        self, model_dir: str | os.PathLike[str], threads: int | None = None, spin: bool = False
    ) -> None:
        import onnxruntime as ort

        self.model_dir = Path(model_dir)
        self.config = json.loads((self.model_dir / "config.json").read_text("utf-8"))
        self.max_length = int(self.config.get("max_length", 256))
        self.stride = int(self.config.get("stride", 64))
        self.cls_id = int(self.config["cls_id"])
        self.sep_id = int(self.config["sep_id"])
        self.pad_id = int(self.config.get("pad_id", 0))
        self.batch_size = int(self.config.get("batch_size", 8))
        self.tokenizer = load_tokenizer(self.model_dir / "tokenizer.json")
        options = ort.SessionOptions()
        n = threads or default_threads()
        options.intra_op_num_threads = n
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Busy-waiting worker threads gain little on an idle machine but collapse (4x slower,
        # measured) when the cores are shared with other work, so they are off unless
        # `Settings.ort_spin` asks for them.
        if not spin:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(self.model_dir / "encoder.onnx"),
            options,
            providers=["CPUExecutionProvider"],
        )
        self._cache: OrderedDict[str, EncodedText] = OrderedDict()
        self._cache_size = 8
        self._lock = threading.Lock()

    def tokenize(self, text: str) -> Tokenized:
        return tokenize_text(self.tokenizer, text)

    def windows_for(self, n_tokens: int) -> list[tuple[int, int]]:
        return plan_windows(n_tokens, self.max_length - 2, self.stride)

    def run_windows(
        self, ids: np.ndarray, windows: list[tuple[int, int]]
    ) -> list[np.ndarray]:
        """Hidden states (with [CLS] at row 0 and [SEP] last) for each window."""
        out: list[np.ndarray] = []
        for first in range(0, len(windows), self.batch_size):
            batch = windows[first : first + self.batch_size]
            width = max(b - a for a, b in batch) + 2
            input_ids = np.full((len(batch), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, (a, b) in enumerate(batch):
                n = b - a
                input_ids[row, 0] = self.cls_id
                input_ids[row, 1 : n + 1] = ids[a:b]
                input_ids[row, n + 1] = self.sep_id
                mask[row, : n + 2] = 1
            (hidden,) = self.session.run(
                None, {"input_ids": input_ids, "attention_mask": mask}
            )
            for row, (a, b) in enumerate(batch):
                out.append(np.asarray(hidden[row, : b - a + 2], dtype=np.float32))
        return out

    def encode(self, text: str, use_cache: bool = True) -> EncodedText:
        if use_cache:
            with self._lock:
                hit = self._cache.get(text)
                if hit is not None:
                    self._cache.move_to_end(text)
                    return hit
        tokens = self.tokenize(text)
        n = int(tokens.ids.shape[0])
        windows = self.windows_for(n)
        dim = int(self.config.get("hidden_size", 384))
        hidden = np.zeros((n, dim), dtype=np.float32)
        cls = np.zeros((len(windows), dim), dtype=np.float32)
        owner = owner_window(windows, n) if n else np.zeros(0, dtype=np.int64)
        if n:
            states = self.run_windows(tokens.ids, windows)
            for w, ((a, b), state) in enumerate(zip(windows, states)):
                cls[w] = state[0]
                rows = np.nonzero(owner[a:b] == w)[0]
                hidden[a + rows] = state[1 + rows]
        result = EncodedText(text, tokens, windows, hidden, cls, owner)
        if use_cache:
            with self._lock:
                self._cache[text] = result
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return result


@functools.lru_cache(maxsize=4)
def _load(model_dir: str, threads: int, spin: bool) -> Encoder:
    return Encoder(model_dir, threads, spin)


def load_encoder(
    model_dir: str | os.PathLike[str] | None = None, threads: int | None = None, spin: bool = False
) -> Encoder:
    """The encoder of ``model_dir`` (default: the shipped technique model), loaded once per
    folder, thread count and spinning."""
    folder = Path(model_dir) if model_dir is not None else MODELS_DIR / "techniques"
    return _load(str(folder.resolve()), threads or default_threads(), spin)
