"""Propaganda technique spans from text, on the CPU (ONNX Runtime + numpy, no torch).

    from glasnost.techniques.predict import predict
    for start, end, technique, score in predict(text):
        print(text[start:end], technique, score)

The shipped model (``glasnost/models/techniques``) is one shared encoder (see
:mod:`glasnost.models.runtime`) and small numpy heads stored in ``heads.npz``:

* a token tagger: one sigmoid per technique per token (so spans of different techniques may
  overlap) plus one "any technique" sigmoid;
* a span classifier for technique labelling of given spans (SemEval-2020 TC): mean of the span's
  token states, the [CLS] state of the window it sits in and a few surface features (how often the
  fragment recurs in the text, length, position) -> softmax over techniques.

Scores are calibrated per technique on the validation split (Platt scaling of the token
logits, plus a few article-wide token features such as "this word sequence recurs in the text",
stored in ``thresholds.json`` with the per-technique thresholds chosen there), so a span's score
reads as the mean probability that its tokens belong to that technique.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from glasnost.errors import Errors
from glasnost.models.runtime import MODELS_DIR, EncodedText, Encoder, load_encoder

DEFAULT_MODEL_DIR = MODELS_DIR / "techniques"

OPERATING_POINTS = ("balanced", "precision", "recall")
ANY = "__any__"


class TechniqueSpan(NamedTuple):
    start: int
    end: int
    technique: str
    score: float


class ParagraphTechniques(NamedTuple):
    line: int  # line number in the text, from 1 (paragraphs are non-empty lines)
    start: int
    end: int
    techniques: dict[str, float]  # technique -> score, only those at or above threshold


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class HighlightCalibration:
    """The calibration technique spans are cut from (``highlight`` in thresholds.json, from
    `glasnost.training.technique_context`): fitted with plain reporting as negatives, on the
    context features of `calibration_features`, with Repetition kept to repeated phrases. SI,
    paragraphs and span labelling read the PTC calibration beside it, the one their benchmark
    figures describe."""

    a: np.ndarray  # (T + 1,) slope per technique ("any" last, left as it is)
    b: np.ndarray  # (T + 1,)
    wf: np.ndarray  # (F, T + 1) weights of the feature columns
    feature_names: tuple[str, ...]
    repeated_only: frozenset[str]

    @classmethod
    def read(cls, block: Mapping, techniques: Sequence[str]) -> HighlightCalibration:
        names = [*techniques, ANY]
        cal, weights = block["calibration"], block["feature_weights"]
        features = tuple(block["token_features"])
        return cls(
            np.array([cal.get(n, (1.0, 0.0))[0] for n in names], np.float32),
            np.array([cal.get(n, (1.0, 0.0))[1] for n in names], np.float32),
            np.array([weights.get(n, [0.0] * len(features)) for n in names], np.float32).T,
            features,
            frozenset(block.get("repeated_only", ())),
        )


@dataclass
class TechniqueModel:
    model_dir: Path
    encoder: Encoder
    techniques: list[str]
    token_w: np.ndarray  # (H, T + 1): techniques then "any"
    token_b: np.ndarray  # (T + 1,)
    token_wf: (
        np.ndarray | None
    )  # (F_tok, T + 1) weights of token_features, if the model has them
    tc_w: np.ndarray  # (2H + F, T)
    tc_b: np.ndarray  # (T,)
    calibration: dict[
        str, tuple[float, float]
    ]  # name -> (a, b): sigmoid(a * logit + b)
    calibration_wf: (
        np.ndarray | None
    )  # (F_tok, T + 1): + token_features @ wf inside the sigmoid
    thresholds: dict[str, dict[str, float]]  # operating point -> technique -> threshold
    paragraph_thresholds: dict[str, float]
    si: dict[str, object]
    max_gap: int
    scopes: dict[str, str]  # technique -> "sentence" for clause-level techniques (see decode_spans)
    tc_token_weight: (
        float  # weight of the tagger's mean span probability in classify_spans
    )
    meta: dict[str, object]
    highlight: HighlightCalibration | None = None  # what technique spans are cut from, if fitted
    # technique -> (added to its TC log-probability when the fragment recurs in the article,
    # added when it does not); see `training.techniques.repetition_prior`
    tc_recurrence_prior: dict[str, tuple[float, float]] = field(default_factory=dict)

    def token_logits(self, encoded: EncodedText) -> np.ndarray:
        key = ("technique_logits", str(self.model_dir))
        cached = encoded.extras.get(key)
        if cached is not None:
            return cached
        logits = encoded.hidden @ self.token_w + self.token_b
        if self.token_wf is not None and len(encoded):
            logits = logits + self.token_features(encoded) @ self.token_wf
        encoded.extras[key] = logits
        return logits

    def token_features(self, encoded: EncodedText) -> np.ndarray:
        key = "technique_token_features"
        if key not in encoded.extras:
            encoded.extras[key] = token_features(encoded.text, encoded.tokens)
        return encoded.extras[key]

    def token_probabilities(
        self, encoded: EncodedText, calibrated: bool = True, highlight: bool = False
    ) -> np.ndarray:
        """(n_tokens, T + 1) probabilities; the last column is "any technique". ``highlight``
        reads the highlight calibration where the model has one (technique spans), else the PTC
        one (SI, paragraphs, span labelling).

        Kept with the encoder pass (read-only), since spans, SI, paragraphs and span labelling
        of one article all read them."""
        highlight = highlight and calibrated and self.highlight is not None
        key = ("technique_probabilities", str(self.model_dir), calibrated, highlight)
        cached = encoded.extras.get(key)
        if cached is not None:
            return cached
        raw = self.token_logits(encoded)
        logits = raw
        if highlight and self.highlight is not None:
            cal = self.highlight
            logits = raw * cal.a + cal.b
            if len(encoded):
                feats = calibration_features(encoded, raw, cal.feature_names)
                logits = logits + feats @ cal.wf
        elif calibrated:
            names = [*self.techniques, ANY]
            a = np.array(
                [self.calibration.get(n, (1.0, 0.0))[0] for n in names], np.float32
            )
            b = np.array(
                [self.calibration.get(n, (1.0, 0.0))[1] for n in names], np.float32
            )
            logits = raw * a + b
            if self.calibration_wf is not None and len(encoded):
                logits = logits + self.token_features(encoded) @ self.calibration_wf
        probs = _sigmoid(logits)
        if highlight and self.highlight is not None and self.highlight.repeated_only and len(encoded):
            cal = self.highlight
            feats = calibration_features(encoded, raw, cal.feature_names)
            probs = gate_repetition(probs, feats, self.techniques, feature_index_of(cal.feature_names), cal.repeated_only)
        probs.setflags(write=False)
        encoded.extras[key] = probs
        return probs


def tokens_in(offsets: np.ndarray, start: int, end: int) -> np.ndarray:
    """Indices of the tokens that overlap the characters [start, end)."""
    return np.nonzero((offsets[:, 0] < end) & (offsets[:, 1] > start))[0]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))


@functools.lru_cache(maxsize=4)
def _load_model(model_dir: str, threads: int | None, spin: bool) -> TechniqueModel:
    folder = Path(model_dir)
    encoder = load_encoder(folder, threads, spin)
    heads = np.load(folder / "heads.npz")
    config = encoder.config
    cal_path = folder / "thresholds.json"
    cal = json.loads(cal_path.read_text("utf-8")) if cal_path.exists() else {}
    techniques = list(config["techniques"])
    default = {t: 0.5 for t in techniques}
    points = (cal.get("highlight") or cal).get("operating_points") or {"balanced": default}
    return TechniqueModel(
        model_dir=folder,
        encoder=encoder,
        techniques=techniques,
        token_w=heads["token_w"].astype(np.float32),
        token_b=heads["token_b"].astype(np.float32),
        token_wf=heads["token_wf"].astype(np.float32)
        if "token_wf" in heads.files
        else None,
        tc_w=heads["tc_w"].astype(np.float32),
        tc_b=heads["tc_b"].astype(np.float32),
        calibration={
            k: (float(v[0]), float(v[1])) for k, v in cal.get("calibration", {}).items()
        },
        calibration_wf=(
            np.array(
                [cal["feature_weights"][n] for n in [*techniques, ANY]], np.float32
            ).T
            if cal.get("feature_weights")
            else None
        ),
        thresholds={
            p: {t: float(x) for t, x in th.items()} for p, th in points.items()
        },
        paragraph_thresholds={
            t: float(x) for t, x in cal.get("paragraph_thresholds", default).items()
        },
        si=dict(cal.get("si", {"source": "union"})),
        max_gap=int(cal.get("max_gap", 0)),
        scopes={t: str(v) for t, v in cal.get("span_scope", {}).items()},
        tc_token_weight=float(cal.get("tc_token_weight", 0.0)),
        meta=config,
        highlight=HighlightCalibration.read(cal["highlight"], techniques) if cal.get("highlight") else None,
        tc_recurrence_prior={
            t: (float(v["recurs"]), float(v["once"])) for t, v in cal.get("tc_recurrence_prior", {}).items() if t in techniques
        },
    )


def load_model(
    model_dir: str | os.PathLike[str] | None = None, threads: int | None = None, spin: bool = False
) -> TechniqueModel:
    """The technique model of ``model_dir`` (default: the shipped one), loaded once per folder,
    thread count and spinning."""
    folder = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    return _load_model(str(folder.resolve()), threads, spin)


def model_available(model_dir: str | os.PathLike[str] | None = None) -> bool:
    folder = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    return all(
        (folder / name).exists()
        for name in ("encoder.onnx", "tokenizer.json", "config.json", "heads.npz")
    )


# --------------------------------------------------------------------------- decoding


def resolve_thresholds(
    model: TechniqueModel,
    threshold: float | Mapping[str, float] | None = None,
    operating_point: str = "balanced",
) -> dict[str, float]:
    """Per-technique thresholds: the stored ones for ``operating_point``, overridden by
    ``threshold`` (one float for all techniques, or a mapping for some)."""
    if operating_point not in model.thresholds:
        known = ", ".join(sorted(model.thresholds))
        raise ValueError(Errors.E023.format(point=operating_point, known=known))
    out = {t: model.thresholds[operating_point].get(t, 0.5) for t in model.techniques}
    if isinstance(threshold, Mapping):
        for name, value in threshold.items():
            if name not in out:
                raise ValueError(Errors.E137.format(name=name, value=value))
            out[name] = float(value)
    elif threshold is not None:
        out = {t: float(threshold) for t in out}
    for name, value in out.items():
        if not 0.0 <= value <= 1.0:
            raise ValueError(Errors.E137.format(name=name, value=value))
    return out


def runs_above(
    probs: np.ndarray, threshold: float, max_gap: int = 0
) -> list[tuple[int, int]]:
    """Maximal token runs [i, j) with prob >= threshold, bridging gaps of <= max_gap tokens."""
    above = np.asarray(probs) >= threshold
    runs: list[tuple[int, int]] = []
    n = len(above)
    i = 0
    while i < n:
        if not above[i]:
            i += 1
            continue
        j = i
        while j < n and above[j]:
            j += 1
        if runs and max_gap > 0 and i - runs[-1][1] <= max_gap:
            runs[-1] = (runs[-1][0], j)
        else:
            runs.append((i, j))
        i = j
    return runs


JOINERS = frozenset("-\u2010\u2011'\u2019")


def _expand_to_words(
    i: int, j: int, word_ids: np.ndarray, text: str, offsets: np.ndarray
) -> tuple[int, int]:
    """Grow a token run so it does not start or end inside a word. A hyphen or apostrophe between
    letters with no space around it joins one word ("self-proclaimed", "Kremlin's"), although the
    tokenizer splits there: a highlight of "self" alone reads as nonsense."""

    def joined(a: int, b: int) -> bool:  # tokens a < b = a + 1 belong to one written word
        if word_ids[a] >= 0 and word_ids[a] == word_ids[b]:
            return True
        if offsets[a, 1] != offsets[b, 0]:
            return False
        left, right = text[offsets[a, 0] : offsets[a, 1]], text[offsets[b, 0] : offsets[b, 1]]
        if left in JOINERS:
            return right[:1].isalnum()
        followed = b + 1 < len(offsets) and offsets[b, 1] == offsets[b + 1, 0]
        return right in JOINERS and left[-1:].isalnum() and followed

    if not any(text[offsets[k, 0] : offsets[k, 1]].isalnum() for k in range(i, j)):
        return i, j  # a lone quote mark or dash: nothing of a word to grow from
    while i > 0 and joined(i - 1, i):
        i -= 1
    while j < len(word_ids) and joined(j - 1, j):
        j += 1
    return i, j


EDGE_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as", "into", "than", "that", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "these", "those", "their", "his", "her", "s"]
)


def _trim_edges(
    text: str, offsets: np.ndarray, word_ids: np.ndarray, i: int, j: int
) -> tuple[int, int]:
    """Drop whole function words and punctuation at a span's edges ("and cause" -> "cause"): a
    technique lives in content words, and a highlighted lone "the" only costs a reader's trust."""

    def weak(a: int, b: int) -> bool:
        word = text[offsets[a, 0] : offsets[b - 1, 1]].lower()
        return word in EDGE_WORDS or not any(ch.isalnum() for ch in word)

    def same_word(a: int, b: int) -> bool:
        return word_ids[a] >= 0 and word_ids[a] == word_ids[b]

    while i < j:
        k = i + 1
        while k < j and same_word(i, k):
            k += 1
        if not weak(i, k):
            break
        i = k
    while j > i:
        k = j - 1
        while k > i and same_word(k - 1, j - 1):
            k -= 1
        if not weak(k, j):
            break
        j = k
    return i, j


def decode_spans(
    encoded: EncodedText,
    probs: np.ndarray,
    techniques: Sequence[str],
    thresholds: Mapping[str, float],
    max_gap: int = 0,
    min_tokens: int = 1,
    scopes: Mapping[str, str] | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[TechniqueSpan]:
    """Technique spans from (calibrated) token probabilities; runs shorter than ``min_tokens``
    tokens are dropped.

    A technique whose scope is ``"sentence"`` (``scopes``, from the model's thresholds.json) is
    argued by a whole clause, not by a word: doubt, causal oversimplification, an appeal to fear.
    The tagger fires on a few tokens of such a sentence, so each run grows to the sentence (or
    sentences) it touches, and runs in one sentence become one span with the best run's score.
    ``sentences`` gives the sentence (start, end) offsets, e.g. from a parse; by default
    `sentence_bounds` finds them."""
    offsets = encoded.offsets
    word_ids = encoded.tokens.word_ids
    spans: list[TechniqueSpan] = []
    for k, name in enumerate(techniques):
        column = probs[:, k]
        if thresholds[name] >= 1.0:  # technique switched off at this operating point
            continue
        found: list[TechniqueSpan] = []
        for i, j in runs_above(column, thresholds[name], max_gap):
            if j - i < min_tokens:
                continue
            i, j = _trim_edges(
                encoded.text, offsets, word_ids, *_expand_to_words(i, j, word_ids, encoded.text, offsets)
            )
            if j <= i:
                continue
            start, end = int(offsets[i, 0]), int(offsets[j - 1, 1])
            if end > start:
                found.append(TechniqueSpan(start, end, name, float(column[i:j].mean())))
        if scopes and scopes.get(name) == "sentence" and found:
            found = _grow_to_sentences(found, sentence_bounds(encoded) if sentences is None else sentences)
        # runs grown over one hyphenated word or one sentence overlap: one span, the best score
        merged = merge_intervals((s.start, s.end, s.score) for s in found)
        spans.extend(TechniqueSpan(a, b, name, score) for a, b, score in merged)
    spans.sort(key=lambda s: (s.start, s.end, s.technique))
    return spans


_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "rev", "jr", "sr", "vs", "fig", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "etc"]
)


def sentence_bounds(encoded: EncodedText) -> list[tuple[int, int]]:
    """(start, end) of the sentences of the encoded text: a line break or a full stop, question
    or exclamation mark before a space ends one, unless it closes a known abbreviation ("Sen.",
    "U.S.") or the next word starts in lower case. Kept with the encoder pass."""
    cached = encoded.extras.get("sentence_bounds")
    if cached is not None:
        return cached
    text = encoded.text
    cuts = {0, len(text)}
    for match in _SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()].rsplit(None, 1)
        word = before[-1].lower().lstrip("(\"'\u201c\u2018") if before else ""
        after = text[match.end() : match.end() + 40].lstrip()
        numbered = word in ("no", "nos") and after[:1].isdigit()  # "No. 5", not "he said no."
        if word in _ABBREVIATIONS or numbered or after[:1].islower():
            continue
        cuts.add(match.end())
    for match in re.finditer(r"\n", text):
        cuts.update((match.start(), match.end()))
    points = sorted(cuts)
    bounds = []
    for a, b in itertools.pairwise(points):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            bounds.append((a, b))
    encoded.extras["sentence_bounds"] = bounds
    return bounds


def _grow_to_sentences(
    found: Sequence[TechniqueSpan], bounds: Sequence[tuple[int, int]]
) -> list[TechniqueSpan]:
    """Each span grown to the whole sentences it overlaps."""
    if not bounds:
        return list(found)
    starts = [a for a, _ in bounds]
    grown = []
    for span in found:
        first = max(0, bisect.bisect_right(starts, span.start) - 1)
        last = max(first, bisect.bisect_left(starts, span.end) - 1)
        grown.append(span._replace(start=min(span.start, bounds[first][0]), end=max(span.end, bounds[last][1])))
    return grown


# --------------------------------------------------------------------------- public API


def _prepare(
    text: str,
    model_dir: str | os.PathLike[str] | None,
    encoded: EncodedText | None,
    model: TechniqueModel | None = None,
) -> tuple[TechniqueModel, EncodedText] | None:
    """The model (``model``, else the one of ``model_dir``) and the encoder pass of ``text``
    (reusing ``encoded``); None when the text has no tokens."""
    if not text.strip():
        return None
    model = model or load_model(model_dir)
    if encoded is None:
        encoded = model.encoder.encode(text)
    if len(encoded) == 0:
        return None
    return model, encoded


def _technique_spans(
    model: TechniqueModel,
    encoded: EncodedText,
    threshold: float | Mapping[str, float] | None = None,
    operating_point: str = "balanced",
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[TechniqueSpan]:
    probs = model.token_probabilities(encoded, highlight=True)
    chosen = resolve_thresholds(model, threshold, operating_point)
    return decode_spans(
        encoded, probs, model.techniques, chosen, model.max_gap, scopes=model.scopes, sentences=sentences
    )


def predict(
    text: str,
    *,
    threshold: float | Mapping[str, float] | None = None,
    operating_point: str = "balanced",
    techniques: Iterable[str] | None = None,
    model_dir: str | os.PathLike[str] | None = None,
    encoded: EncodedText | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
    model: TechniqueModel | None = None,
) -> list[TechniqueSpan]:
    """Technique spans ``(start, end, technique, score)`` with char offsets into ``text``.

    ``operating_point`` picks the stored per-technique thresholds: ``"balanced"`` (best F1 on the
    validation split), ``"precision"`` (best F0.5) or ``"recall"`` (best F2). ``threshold``
    overrides them (one float for all, or a mapping technique -> float); scores are in [0, 1].
    ``techniques`` restricts the output. ``encoded`` reuses an encoder pass of the same text;
    ``sentences`` the sentence offsets of a parse, which clause-level techniques grow to;
    ``model`` a loaded model instead of ``model_dir``.
    """
    prepared = _prepare(text, model_dir, encoded, model)
    if prepared is None:
        return []
    spans = _technique_spans(*prepared, threshold, operating_point, sentences)
    if techniques is not None:
        keep = set(techniques)
        spans = [s for s in spans if s.technique in keep]
    return spans


def predict_si(
    text: str,
    *,
    model_dir: str | os.PathLike[str] | None = None,
    encoded: EncodedText | None = None,
    spans: Sequence[TechniqueSpan] | None = None,
) -> list[tuple[int, int, float]]:
    """Propaganda spans without technique (SemEval-2020 SI), overlapping spans merged."""
    prepared = _prepare(text, model_dir, encoded)
    if prepared is None:
        return []
    model, encoded = prepared
    source = str(model.si.get("source", "union"))
    if source in SI_SOURCES:
        column = si_column(model.token_probabilities(encoded), source, int(model.si.get("smooth", 1)))  # type: ignore[arg-type]
        th = float(model.si.get("threshold", 0.5))  # type: ignore[arg-type]
        gap = int(model.si.get("max_gap", 0))  # type: ignore[arg-type]
        min_tokens = int(model.si.get("min_tokens", 1))  # type: ignore[arg-type]
        spans = decode_spans(encoded, column[:, None], [ANY], {ANY: th}, gap, min_tokens)
    elif spans is None:
        spans = _technique_spans(model, encoded)
    return merge_intervals([(s.start, s.end, s.score) for s in spans])


SI_SOURCES = ("any", "blend")


def si_column(probs: np.ndarray, source: str, smooth: int = 1) -> np.ndarray:
    """Per-token score that SI spans are cut from: the "any technique" channel, or ("blend") its
    mean with the strongest single technique, which a token the any-channel doubts but one
    technique is sure of still reaches; ``smooth`` > 1 averages over that many neighbouring
    tokens, so a run is not cut by one weak token."""
    column = probs[:, -1] if source == "any" else 0.5 * (probs[:, -1] + probs[:, :-1].max(axis=1))
    if smooth > 1 and len(column):
        column = np.convolve(column, np.ones(smooth) / smooth, mode="same")
    return column


def merge_intervals(
    items: Iterable[tuple[int, int, float]],
) -> list[tuple[int, int, float]]:
    """Merge overlapping (start, end, score) intervals; the merged score is the maximum."""
    out: list[list[float]] = []
    for start, end, score in sorted(items):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
            out[-1][2] = max(out[-1][2], score)
        else:
            out.append([start, end, score])
    return [(int(a), int(b), float(c)) for a, b, c in out]


_WORD = re.compile(r"\w+")


def _normalise(fragment: str) -> str:
    return " ".join(_WORD.findall(fragment.lower()))


TOKEN_FEATURES = ("repeated_2gram", "repeated_3gram", "repeated_5gram", "in_title")


def token_features(text: str, tokens) -> np.ndarray:
    """(n_tokens, 4) float32: is the token part of a word 2-, 3- or 5-gram that occurs more than
    once in the text (lower-cased, punctuation ignored), and is it in the first line (title).

    These give the tagger the article-wide view that a 256-token window lacks (Repetition)."""
    offsets, word_ids = tokens.offsets, tokens.word_ids
    n = len(word_ids)
    out = np.zeros((n, len(TOKEN_FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    first_break = text.find("\n")
    if first_break < 0:
        first_break = len(text)
    out[:, 3] = offsets[:, 0] < first_break
    # words: (word id, lower-cased text) for alphanumeric words, in order
    word_tokens: dict[int, list[int]] = {}
    for i, w in enumerate(word_ids):
        if w >= 0:
            word_tokens.setdefault(int(w), []).append(i)
    words: list[tuple[int, str]] = []
    for w, rows in word_tokens.items():
        piece = text[int(offsets[rows[0], 0]) : int(offsets[rows[-1], 1])].lower()
        if piece.isalnum() or any(ch.isalnum() for ch in piece):
            words.append((w, piece))
    for column, size in ((0, 2), (1, 3), (2, 5)):
        if len(words) < size:
            continue
        counts: dict[tuple[str, ...], int] = {}
        grams = [
            tuple(x[1] for x in words[k : k + size])
            for k in range(len(words) - size + 1)
        ]
        for gram in grams:
            counts[gram] = counts.get(gram, 0) + 1
        for k, gram in enumerate(grams):
            if counts[gram] > 1:
                for w, _ in words[k : k + size]:
                    out[word_tokens[w], column] = 1.0
    return out


CONTEXT_FEATURES = ("repeated_word", "in_quote", "article_density", "capitalised")
CALIBRATION_FEATURES = (*TOKEN_FEATURES, *CONTEXT_FEATURES)
_QUOTE_OPEN, _QUOTE_CLOSE = "\u201c", "\u201d"
_FUNCTION_WORDS = EDGE_WORDS | frozenset(
    ["said", "says", "also", "have", "has", "had", "will", "would", "could", "should", "they", "them", "there", "then", "than", "what", "when", "where", "while", "about", "after", "before", "over", "more", "most", "other", "some", "such", "only", "very", "just", "into", "been", "were", "which", "this", "that", "with", "from", "your", "year", "years", "percent"]
)


def quoted_characters(text: str) -> np.ndarray:
    """(len(text),) bool: the characters inside double quotation marks ("..." or \u201c...\u201d),
    within one paragraph: a quote still open at a line break runs to it (news style reopens a
    quote that goes on into the next paragraph instead of closing it)."""
    mask = np.zeros(len(text), dtype=bool)
    start = None
    for i, ch in enumerate(text):
        if ch == "\n":
            if start is not None:  # a quote running on into the next paragraph, which reopens it
                mask[start:i] = True
            start = None
        elif ch == _QUOTE_OPEN or (ch == '"' and start is None):
            start = i + 1 if start is None or ch == _QUOTE_OPEN else start
        elif (ch == _QUOTE_CLOSE or ch == '"') and start is not None:
            mask[start:i] = True
            start = None
    return mask


def calibration_features(encoded: EncodedText, raw_logits: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """(n_tokens, len(names)) float32 columns the calibration reads beside each logit, in the
    order of ``names`` (`CALIBRATION_FEATURES`, or the first four for older models):

    * the repeated-phrase and title columns of `token_features`;
    * ``repeated_word``: for a content word of four letters or more that occurs three times or
      more, the log of its count less one (0 otherwise): "autonomy" 23 times is Repetition,
      "council" three times is a news story's subject;
    * ``in_quote``: the token is inside quotation marks, someone else's words rather than the
      author's voice (plain reporting puts its loaded words there);
    * ``article_density``: the article's mean raw "any technique" probability, centred on 0.25,
      the same for every token: a word reads differently in a page that is propaganda
      throughout than in a page of plain reporting;
    * ``capitalised``: the word starts with a capital inside a sentence (names, titles of films,
      grapes), which name calling and loaded language rarely are.

    Kept with the encoder pass."""
    text, offsets, word_ids = encoded.text, encoded.offsets, encoded.tokens.word_ids
    n = len(offsets)
    density = float(_sigmoid(raw_logits[:, -1]).mean()) - 0.25 if n else 0.0
    key = ("calibration_features", tuple(names), density)  # density: per model of the same pass
    cached = encoded.extras.get(key)
    if cached is not None:
        return cached
    columns: dict[str, np.ndarray] = {}
    base = token_features(text, encoded.tokens)
    for k, name in enumerate(TOKEN_FEATURES):
        columns[name] = base[:, k]
    if any(name in CONTEXT_FEATURES for name in names) and n:
        spans = [(int(a), int(b)) for a, b in offsets]
        counts: dict[str, int] = {}
        for w in _WORD.findall(text.lower()):
            counts[w] = counts.get(w, 0) + 1
        word_text = _token_words(text, offsets, word_ids)
        columns["repeated_word"] = np.array(
            [np.log(counts.get(w, 0) - 1) if len(w) >= 4 and w.isalpha() and w not in _FUNCTION_WORDS
             and counts.get(w, 0) >= 3 else 0.0 for w in word_text],
            np.float32,
        )
        quoted = quoted_characters(text)
        columns["in_quote"] = np.array([float(quoted[a]) for a, _ in spans], np.float32)
        columns["article_density"] = np.full(n, density, np.float32)
        columns["capitalised"] = np.array(
            [float(text[a : a + 1].isupper() and not _sentence_initial(text, a)) for a, _ in spans], np.float32
        )
    out = np.column_stack([columns[name] for name in names]).astype(np.float32) if names else np.zeros((n, 0), np.float32)
    encoded.extras[key] = out
    return out


def _token_words(text: str, offsets: np.ndarray, word_ids: np.ndarray) -> list[str]:
    """For each token, the lower-cased whole word it belongs to."""
    out = [""] * len(offsets)
    k = 0
    while k < len(offsets):
        j = k + 1
        while j < len(offsets) and word_ids[k] >= 0 and word_ids[j] == word_ids[k]:
            j += 1
        word = text[int(offsets[k, 0]) : int(offsets[j - 1, 1])].lower()
        for m in range(k, j):
            out[m] = word
        k = j
    return out


def _sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a line or a quotation."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"'\u201c\u2018(":
        i -= 1
    return i < 0 or text[i] in ".!?:\n"


def feature_index_of(names: Sequence[str]) -> dict[str, int]:
    return {name: k for k, name in enumerate(names)}


REPEATED_COLUMNS = ("repeated_2gram", "repeated_3gram", "repeated_5gram", "repeated_word")


def gate_repetition(
    probs: np.ndarray,
    feats: np.ndarray,
    techniques: Sequence[str],
    index: Mapping[str, int],
    repeated_only: Iterable[str] = ("Repetition",),
) -> np.ndarray:
    """``probs`` with the techniques of ``repeated_only`` set to 0 on tokens that are not part of a
    phrase or content word the article itself repeats: repetition is a property of the article,
    which one 256-token window cannot see, and elsewhere the tagger's guesses are noise."""
    columns = [index[c] for c in REPEATED_COLUMNS if c in index]
    targets = [k for k, name in enumerate(techniques) if name in set(repeated_only)]
    if not columns or not targets:
        return probs
    repeated = feats[:, columns].max(axis=1) > 0
    out = probs.copy()
    for k in targets:
        out[~repeated, k] = 0.0
    out.setflags(write=False)
    return out


SPAN_FEATURES = (
    "log_repeats",
    "repeated",
    "log_words",
    "in_title",
    "line_share",
    "has_exclamation",
    "has_question",
    "has_quote",
)


def span_features(
    text: str, start: int, end: int, normalised_text: str | None = None
) -> np.ndarray:
    """Surface features of a fragment for the span classifier (see SPAN_FEATURES)."""
    fragment = text[start:end]
    norm = _normalise(fragment)
    whole = normalised_text if normalised_text is not None else _normalise(text)
    repeats = 0
    if norm:
        repeats = max(
            0, len(re.findall(r"(?<!\w)" + re.escape(norm) + r"(?!\w)", whole)) - 1
        )
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    first_break = text.find("\n")
    return np.array(
        [
            np.log1p(repeats),
            float(repeats > 0),
            np.log1p(len(fragment.split())),
            float(first_break < 0 or start < first_break),
            (end - start) / max(1, line_end - line_start),
            float("!" in fragment),
            float("?" in fragment),
            float(any(q in fragment for q in "\"“”‘’'")),
        ],
        dtype=np.float32,
    )


RECURS_COLUMN = -len(SPAN_FEATURES) + SPAN_FEATURES.index("repeated")  # its column in span_representation


def recurrence_prior(prior: dict[str, tuple[float, float]], techniques: Sequence[str], recurs: np.ndarray) -> np.ndarray:
    """(spans, techniques) log-odds to add to the span classifier's: Repetition is a property of
    the article (the fragment says again what it said before), which the classifier, reading the
    fragment's tokens, learns poorly and forgets on unseen articles. The prior is the likelihood
    ratio of "the fragment recurs" for the technique, counted on the training articles' gold spans."""
    out = np.zeros((len(recurs), len(techniques)), np.float32)
    for name, (recurring, once) in prior.items():
        out[:, list(techniques).index(name)] = np.where(recurs > 0, recurring, once)
    return out


def span_representation(
    encoded: EncodedText, start: int, end: int, normalised_text: str | None = None
) -> np.ndarray:
    """Input of the span classifier: [mean token state, window [CLS] state, features]."""
    offsets = encoded.offsets
    inside = tokens_in(offsets, start, end)
    dim = encoded.hidden.shape[1]
    if len(inside) == 0:
        pooled = np.zeros(dim, np.float32)
        cls = (
            encoded.window_cls[0]
            if len(encoded.window_cls)
            else np.zeros(dim, np.float32)
        )
    else:
        pooled = encoded.hidden[inside].mean(axis=0)
        cls = encoded.window_cls[int(encoded.owner[inside[len(inside) // 2]])]
    feats = span_features(encoded.text, start, end, normalised_text)
    return np.concatenate([pooled, cls, feats]).astype(np.float32)


def classify_spans(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    model_dir: str | os.PathLike[str] | None = None,
    encoded: EncodedText | None = None,
) -> list[list[tuple[str, float]]]:
    """Technique labelling of given spans (SemEval-2020 TC): for each (start, end), all
    techniques with their probabilities, most likely first.

    The span classifier's distribution is combined with the token tagger's mean probabilities
    over the span (weight ``tc_token_weight`` in thresholds.json, tuned on validation)."""
    if not spans:
        return []
    model = load_model(model_dir)
    if encoded is None:
        encoded = model.encoder.encode(text)
    whole = _normalise(text)
    reps = np.stack([span_representation(encoded, s, e, whole) for s, e in spans])
    logits = reps @ model.tc_w + model.tc_b
    logits -= logits.max(axis=1, keepdims=True)
    logits -= np.log(np.exp(logits).sum(axis=1, keepdims=True))
    if model.tc_token_weight and len(encoded):
        # product of experts with the tagger: its mean probability per technique over the span
        tagger = model.token_probabilities(encoded)[:, : len(model.techniques)]
        offsets = encoded.offsets
        for row, (s, e) in enumerate(spans):
            inside = tokens_in(offsets, s, e)
            if len(inside):
                mean = tagger[inside].mean(axis=0)
                logits[row] += model.tc_token_weight * np.log(np.maximum(mean, 1e-9))
        logits -= logits.max(axis=1, keepdims=True)
    logits += recurrence_prior(model.tc_recurrence_prior, model.techniques, reps[:, RECURS_COLUMN])
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    out = []
    for row in probs:
        order = np.argsort(-row)
        out.append([(model.techniques[k], float(row[k])) for k in order])
    return out


def paragraph_techniques(
    text: str,
    *,
    threshold: float | Mapping[str, float] | None = None,
    model_dir: str | os.PathLike[str] | None = None,
    encoded: EncodedText | None = None,
) -> list[ParagraphTechniques]:
    """Techniques per paragraph (non-empty line), as in SemEval-2023 Task 3 subtask 3.

    A paragraph's score for a technique is the highest calibrated token probability inside it;
    the technique is listed when that reaches its paragraph threshold (tuned on validation for
    paragraph micro-F1, or ``threshold``)."""
    from glasnost.techniques.corpus import paragraphs

    pars = paragraphs(text)
    if not pars:
        return []
    model = load_model(model_dir)
    if encoded is None:
        encoded = model.encoder.encode(text)
    chosen = dict(model.paragraph_thresholds)
    if isinstance(threshold, Mapping):
        chosen.update({k: float(v) for k, v in threshold.items()})
    elif threshold is not None:
        chosen = {t: float(threshold) for t in model.techniques}
    probs = model.token_probabilities(encoded) if len(encoded) else None
    offsets = encoded.offsets
    out = []
    for line, start, end in pars:
        found: dict[str, float] = {}
        if probs is not None:
            rows = tokens_in(offsets, start, end)
            if len(rows):
                best = probs[rows, : len(model.techniques)].max(axis=0)
                for k, name in enumerate(model.techniques):
                    if best[k] >= chosen.get(name, 0.5):
                        found[name] = float(best[k])
        out.append(ParagraphTechniques(line, start, end, found))
    return out
