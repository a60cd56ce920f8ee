"""The attribution scorer: a logistic regression over a handful of features of a candidate.

The strongest feature is how often the cue lemma, in the same construction, was an attribution
cue in PolNeAR train (counts smoothed toward the construction's and the lemma's rates, so an
unseen lemma falls back on the lexicon and the construction). The model file is plain JSON
(weights, counts, threshold): no scikit-learn or torch at run time.

    model = load_model()            # cached; glasnost/models/attribution/quote_scorer.json
    model.score(candidate)          # probability in [0, 1]
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from glasnost.attribution import lexicon as lx
from glasnost.attribution.extract import Candidate

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "attribution" / "quote_scorer.json"

PATTERNS = ("ccomp", "ccomp-left", "xcomp", "dobj", "prep", "according", "colon", "preceding", "acomp")
TAGS = ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB")
VERB_DEPS = ("ROOT", "conj", "advcl", "xcomp", "relcl", "ccomp", "acl", "pcomp")
SMOOTH = 4.0


def pattern_group(pattern: str) -> str:
    return pattern if pattern in PATTERNS else pattern.split("-")[0]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


@dataclass
class Rates:
    """Cue counts from training: (attributions, candidates) per pattern, lemma, lemma+pattern."""

    pattern: dict[str, list[int]]
    lemma: dict[str, list[int]]
    lemma_pattern: dict[str, list[int]]

    def rate(self, lemma: str, pattern: str) -> tuple[float, float]:
        pos, n = self.pattern.get(pattern, (1, 10))
        p_pattern = (pos + 1) / (n + 2)
        pos, n = self.lemma.get(lemma, (0, 0))
        p_lemma = (pos + SMOOTH * p_pattern) / (n + SMOOTH)
        pos, n = self.lemma_pattern.get(f"{lemma}|{pattern}", (0, 0))
        p_lp = (pos + SMOOTH * p_lemma) / (n + SMOOTH)
        return p_lemma, p_lp


def features(c: Candidate, rates: Rates) -> dict[str, float]:
    pattern = pattern_group(c.pattern)
    lemma = c.lemma
    p_lemma, p_lp = rates.rate(lemma, pattern)
    f: dict[str, float] = {
        "rate_lemma": _logit(p_lemma),
        "rate_lemma_pattern": _logit(p_lp),
        f"pattern={pattern}": 1.0,
        "speech_verb": float(lemma in lx.SPEECH_VERBS),
        "cognition_verb": float(lemma in lx.COGNITION_VERBS),
        "direct": float(c.direct),
        "cue_quoted": float(c.cue_quoted),
        "fragments": float(len(c.content) - 1),
        "log_chars": math.log1p(c.chars()) / 5.0,
    }
    verb = c.cue_token
    if c.pattern != "according":
        if verb.tag_ in TAGS:
            f[f"tag={verb.tag_}"] = 1.0
        if verb.dep_ in VERB_DEPS:
            f[f"dep={verb.dep_}"] = 1.0
        children = list(verb.children)
        if any(ch.dep_ == "neg" for ch in children):
            f["negated"] = 1.0
        if any(ch.dep_ == "nsubjpass" for ch in children):
            f["passive"] = 1.0
        if verb.pos_ == "AUX":
            f["cue_aux"] = 1.0
    src = c.source
    if src is None:
        f["no_source"] = 1.0
    else:
        low = src.lower_
        if low in {"it", "this", "that", "what", "which"}:
            f["source_it"] = 1.0
        elif low in lx.FIRST_PERSON:
            f["source_first_person"] = 1.0
        elif src.pos_ == "PRON":
            f["source_pronoun"] = 1.0
        elif src.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
            f[f"source_ent={src.ent_type_}"] = 1.0
        elif src.pos_ == "PROPN":
            f["source_propn"] = 1.0
        else:
            f["source_noun"] = 1.0
    start = c.content[0]
    first = verb.doc.char_span(start[0], start[1], alignment_mode="expand")
    if first is not None and len(first):
        if first[0].lower_ in {"that", "whether", "if", "how", "why", "what", "when"}:
            f["content_wh_that"] = 1.0
        if first[0].lower_ == "to":
            f["content_to"] = 1.0
        if any(t.pos_ in {"VERB", "AUX"} for t in first[:40]):
            f["content_has_verb"] = 1.0
    return f


@dataclass
class ScorerModel:
    names: list[str]
    weights: list[float]
    bias: float
    threshold: float
    rates: Rates
    version: str

    def score(self, c: Candidate) -> float:
        index = self._index
        z = self.bias
        for name, value in features(c, self.rates).items():
            i = index.get(name)
            if i is not None:
                z += self.weights[i] * value
        return 1.0 / (1.0 + math.exp(-z))

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        return {n: i for i, n in enumerate(self.names)}

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "threshold": round(self.threshold, 4),
                "bias": self.bias,
                "features": dict(zip(self.names, self.weights)),
                "rates": {
                    "pattern": self.rates.pattern,
                    "lemma": self.rates.lemma,
                    "lemma_pattern": self.rates.lemma_pattern,
                },
            },
            indent=0,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, data: str) -> ScorerModel:
        d = json.loads(data)
        names = list(d["features"])
        return cls(
            names=names,
            weights=[float(d["features"][n]) for n in names],
            bias=float(d["bias"]),
            threshold=float(d["threshold"]),
            rates=Rates(**d["rates"]),
            version=d["version"],
        )


@functools.cache
def load_model(path: str | None = None) -> ScorerModel:
    return ScorerModel.from_json(Path(path or MODEL_PATH).read_text(encoding="utf-8"))
