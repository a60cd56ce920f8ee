"""Check-worthy claims: the sentences whose check-worthiness is at or above the operating
threshold, best first, each with what kind of claim it makes and how sure the text is of it.

The threshold is the check-worthiness head's (recorded in ``glasnost/models/sentences/config.json``
with how it was chosen, and in the model card); `AnalyzeOptions.min_score` replaces it. The claim span is the sentence; `certainty` is the sentence's certainty label. Questions are
left out: they ask rather than claim, whatever their score; so are sentences inside the title,
the byline or a heading (`Article.blocks`): they name and sign the article, they claim nothing
(they keep their sentence scores).

`claim_type` comes from rules on the shared parse, first match wins:

* ``quote``: the sentence reports a statement (certainty attributed by a speech verb or
  "according to", or a quotation with a speech verb);
* ``statistic``: a quantity: a percentage, an amount of money or a measure (entities PERCENT,
  MONEY, QUANTITY), or a count (a numeral or a number word such as "twelve" or "thousands") that
  is not part of a date, a time or an ordinal. "One" is no count: "no one", "the one who", "one
  group of people" pick something out, they count nothing;
* ``prediction``: a future or expected state ("will", "is going to", "is expected to", "forecast");
* ``causal``: a cause or consequence ("because", "due to", "led to", "caused", "as a result");
* ``event``: something that happened: a past-tense main verb or a date/time;
* ``other``.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from glasnost.analysis import Claim, Sentence
from glasnost.article import Block
from glasnost.pipeline import Context, register
from glasnost.sentence_models.heads import load_heads

DEFAULT_THRESHOLD = 0.5
MEASURE_ENTITIES = {"PERCENT", "MONEY", "QUANTITY"}
NOT_COUNTED = {"DATE", "TIME", "ORDINAL"}
# spaCy's like_num misses plural number words ("thousands of people") and counts "one".
COUNT_NOUNS = {"dozen", "dozens", "hundreds", "thousands", "millions", "billions", "trillions"}
_CAUSAL = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|thanks\s+to|as\s+a\s+(?:result|consequence)|result(?:s|ed)?\s+(?:in|from)|"
    r"led\s+to|leads?\s+to|lead\s+to|caus(?:e|es|ed|ing)|trigger(?:s|ed)?|therefore|consequently|"
    r"blam(?:e|es|ed)\s+(?:\w+\s+){0,3}for|responsible\s+for|so\s+that|in\s+order\s+to)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|shall|is\s+going\s+to|are\s+going\s+to|(?:is|are)\s+(?:expected|likely|set|due|poised|projected|forecast)\s+to|"
    r"forecasts?|predicts?|projected|next\s+(?:year|month|week)|by\s+20\d\d)\b",
    re.IGNORECASE,
)
_SPEECH_CUES = {"attribution"}


def claim_type(sent: SpacySpan, sentence: Sentence) -> str:
    text = sent.text
    if sentence.certainty == "attributed" and any(c.kind in _SPEECH_CUES for c in sentence.cues):
        return "quote"
    if any(q in text for q in "\"\u201c\u201d") and any(c.kind == "attribution" for c in sentence.cues):
        return "quote"
    if any(ent.label_ in MEASURE_ENTITIES for ent in sent.ents) or any(_counts(t) for t in sent):
        return "statistic"
    if _PREDICTION.search(text):
        return "prediction"
    if _CAUSAL.search(text):
        return "causal"
    root = sent.root
    if root.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" for c in root.children if c.dep_ in ("aux", "auxpass")):
        return "event"
    if any(ent.label_ in ("DATE", "TIME", "EVENT") for ent in sent.ents):
        return "event"
    return "other"


def _counts(token: Token) -> bool:
    """Whether a token states how many: a numeral or number word, not "one", a date or an ordinal."""
    if token.ent_type_ in NOT_COUNTED or token.lower_ == "one":
        return False
    return (token.like_num and token.tag_ == "CD") or token.lower_ in COUNT_NOUNS


@register
class Claims:
    name = "claims"
    version = "1.0.0"
    layer = "claims"
    requires: tuple[str, ...] = ("sentences",)
    model: str | None = None

    def __init__(self) -> None:
        heads = load_heads()
        head = heads.tasks.get("checkworthiness") if heads is not None else None
        self.threshold = head.threshold if head is not None else DEFAULT_THRESHOLD
        self.model = heads.version if head is not None else None

    def __call__(self, context: Context) -> list[Claim]:
        threshold = context.options.min_score if context.options.min_score is not None else self.threshold
        furniture = [b for b in context.article.blocks if b.kind != "paragraph"]
        claims: list[Claim] = []
        for sentence in context.analysis.sentences:
            score = sentence.checkworthiness
            if score is None or score < threshold or sentence.certainty == "question":
                continue  # a question asks; it claims nothing to check
            if _inside(sentence, furniture):
                continue
            sent = context.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
            if sent is None:
                continue
            claims.append(
                Claim(
                    start=sentence.start,
                    end=sentence.end,
                    text=sentence.text,
                    sentence=sentence.index,
                    claim_type=claim_type(sent, sentence),
                    certainty=sentence.certainty,
                    score=score,
                )
            )
        claims.sort(key=lambda c: (-c.score, c.start))
        return claims


def _inside(sentence: Sentence, blocks: list[Block]) -> bool:
    return any(b.start <= sentence.start and sentence.end <= b.end for b in blocks)
