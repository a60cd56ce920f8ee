"""Surface features of a sentence that the heads stack on the encoder state (numpy only).

* `terms`: lowercased word unigrams and bigrams with every digit mapped to ``0`` (so "70,000" and
  "50,000" share a feature), plus a few sentence markers (a number, a percentage, a question);
* `TfidfBlock`: sublinear TF-IDF over those terms, L2-normalised, and a linear layer, i.e. what
  scikit-learn's `TfidfVectorizer(sublinear_tf=True)` + logistic regression compute, stored as a
  vocabulary, idf weights and coefficients so that run time needs no scikit-learn;
* `lexicon_features`: counts of cue families from `glasnost.certainty.lexicon` and a few shape
  features (digits, first person, question, length).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from glasnost.certainty import lexicon as L

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?|\d+(?:[.,]\d+)*|[%$\u20ac\u00a3?!\"\u201c\u201d]", re.UNICODE)
_DIGIT = re.compile(r"\d")


def words(text: str) -> list[str]:
    return [_DIGIT.sub("0", w.lower()).replace("\u2019", "'") for w in _WORD.findall(text)]


def terms(text: str) -> list[str]:
    """Unigrams, bigrams and markers of one sentence (the TF-IDF analyzer)."""
    tokens = words(text)
    out = list(tokens)
    out += [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
    if any(t[0] == "0" for t in tokens):
        out.append("<num>")
    return out


class TfidfBlock:
    """Sublinear TF-IDF + linear layer: ``logit = w . normalize(tf * idf) + b``."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, weights: np.ndarray, bias: float) -> None:
        self.index = {term: i for i, term in enumerate(vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.weights = np.asarray(weights, dtype=np.float64)
        self.bias = float(bias)

    def logits(self, texts: Iterable[str]) -> np.ndarray:
        out = []
        for text in texts:
            counts = Counter(i for i in (self.index.get(t) for t in terms(text)) if i is not None)
            if not counts:
                out.append(self.bias)
                continue
            idx = np.fromiter(counts.keys(), dtype=np.int64)
            tf = np.fromiter(counts.values(), dtype=np.float64)
            values = (1.0 + np.log(tf)) * self.idf[idx]
            norm = math.sqrt(float(values @ values)) or 1.0
            out.append(float(values @ self.weights[idx]) / norm + self.bias)
        return np.asarray(out, dtype=np.float64)


LEXICON_FEATURES = (
    "speculation", "hedge", "weasel_strong", "weasel_weak", "attribution", "denial", "booster",
    "modal", "digit", "percent", "question", "first_person", "second_person", "exclamation",
    "quote_mark", "log_words",
)
_FAMILIES = (
    L.SPECULATION, L.HEDGE, L.WEASEL_STRONG, L.WEASEL_WEAK, L.ATTRIBUTION, L.DENIAL, L.BOOSTER,
)
_MODAL = re.compile(r"\b(?:could|might|may|would|should|must)\b", re.IGNORECASE)
_FIRST = re.compile(r"\b(?:I|we|me|us|my|our|ours)\b")
_SECOND = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)


def lexicon_features(texts: Iterable[str]) -> np.ndarray:
    rows = []
    for text in texts:
        row = [min(3, sum(len(p.findall(text)) for p in family)) for family in _FAMILIES]
        row += [
            min(3, len(_MODAL.findall(text))),
            float(bool(_DIGIT.search(text))),
            float("%" in text or " percent" in text.lower()),
            float("?" in text),
            min(3, len(_FIRST.findall(text))),
            min(3, len(_SECOND.findall(text))),
            float("!" in text),
            float(any(q in text for q in "\"\u201c\u201d")),
            math.log1p(len(text.split())),
        ]
        rows.append(row)
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(LEXICON_FEATURES))
