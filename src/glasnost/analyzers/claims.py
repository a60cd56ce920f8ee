"""Check-worthy claims: the sentences whose check-worthiness is at or above the operating
threshold, best first, each with what kind of claim it makes and how sure the text is of it.

The threshold is the check-worthiness head's (recorded in ``glasnost/models/sentences/config.json``
with how it was chosen, and in the model card); `AnalyzeOptions.min_score` replaces it. The claim span is the sentence; `certainty` is the sentence's certainty label. Questions are
left out: they ask rather than claim, whatever their score; so are sentences inside the title,
the byline or a heading (`Article.blocks`): they name and sign the article, they claim nothing
(they keep their sentence scores).

`claim_type` comes from rules on the shared parse; the first match in this order wins, because
the earlier types say more about how to check the claim:

* ``quote``: the sentence reports what a source said: it is attributed by a speech verb ("said",
  "calling him ..."), "according to" or a source's denial ("X rejected the report as false").
  Whatever the reported content (a number, a forecast), checking it starts with the source.
  Attribution to nobody in particular ("reportedly", "is said to") or to a belief ("X believes"),
  and the text's own denial ("there is no evidence that ...") make no quote: that is how sure the
  text is (`certainty`), not what kind of claim it makes;
* ``prediction``: a future or expected state ("will", "is going to", "is expected to", "forecast",
  or "next year" / "by 2030" in a sentence not told in the past); a forecast with a number ("prices will rise by 10%") is checked as a forecast, so it comes
  before statistic;
* ``statistic``: a quantity: a percentage, an amount of money or a measure (entities PERCENT,
  MONEY, QUANTITY), or a count (a numeral or a number word such as "twelve" or "thousands") that
  is not part of a date, a time or an ordinal. "One" is no count: "no one", "the one who", "one
  group of people" pick something out, they count nothing;
* ``causal``: a cause or consequence ("because", "due to", "led to", "caused", "as a result");
* ``event``: something that happened: the main verb (or one coordinated with it) is an action,
  in the past ("blocked", "was razed", "has faced") or with a date or time ("block the road on
  Tuesday"). A copula or a state is no event: "it was a small city", "he was a famous poet",
  "they did not know";
* ``other``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from glasnost.analysis import Claim, Sentence
from glasnost.article import Article, Block
from glasnost.context import Context
from glasnost.registry import register
from glasnost.sentence_models.heads import load_heads
from glasnost.settings import Settings

DEFAULT_THRESHOLD = 0.5
MEASURE_ENTITIES = {"PERCENT", "MONEY", "QUANTITY"}
NOT_COUNTED = {"DATE", "TIME", "ORDINAL"}
# Verbs of being, having, knowing and feeling: they describe a state, nothing that happened.
STATIVE_VERBS = {
    "be", "have", "seem", "appear", "remain", "know", "believe", "think", "understand", "doubt",
    "suppose", "realise", "realize", "depend", "resemble", "mean", "exist", "belong", "contain",
    "consist", "include", "involve", "want", "need", "wish", "hope", "like", "love", "hate",
    "prefer", "own", "possess", "cost", "matter", "deserve", "lack", "feel", "look", "sound",
}
# spaCy's like_num misses plural number words ("thousands of people") and counts "one".
COUNT_NOUNS = {"dozen", "dozens", "hundreds", "thousands", "millions", "billions", "trillions"}
_CAUSAL = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|thanks\s+to|as\s+a\s+(?:result|consequence)|result(?:s|ed)?\s+(?:in|from)|"
    r"led\s+to|leads?\s+to|lead\s+to|caus(?:e|es|ed|ing)|trigger(?:s|ed)?|therefore|consequently|"
    r"blam(?:e|es|ed)\s+(?:\w+\s+){0,3}for|responsible\s+for|so\s+that|in\s+order\s+to)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:is\s+going\s+to|are\s+going\s+to|(?:is|are)\s+(?:expected|likely|set|due|poised|projected|forecast)\s+to|"
    r"forecasts?|predicts?|projected)\b",
    re.IGNORECASE,
)
# A time ahead makes a forecast only of a sentence not told in the past ("had closed by 2021").
_AHEAD = re.compile(r"\b(?:next\s+(?:year|month|week)|by\s+20\d\d)\b", re.IGNORECASE)
# "will", "won't" ("wo" to spaCy), "shall", "'ll" as modals: the parse tells them from "the will of".
# Curly apostrophes ("they’ll") are read as straight ones: spaCy keeps "’ll" as its lemma.
FUTURE_MODALS = {"will", "wo", "shall", "'ll"}


def claim_type(sent: SpacySpan, quoted: bool, ents: Sequence[SpacySpan] | None = None) -> str:
    """The claim type of a parsed sentence; ``quoted`` when it reports what a source said or
    denied (`Certainty.quoted`), which makes it a quote whatever else it holds. ``ents`` are the
    sentence's entities when the caller has them: ``sent.ents`` walks every entity of the
    document, which over all sentences of a long text costs time in its square."""
    text = sent.text
    ents = sent.ents if ents is None else ents
    if quoted:
        return "quote"
    if (
        _PREDICTION.search(text)
        or any(t.tag_ == "MD" and t.lower_.replace("\u2019", "'") in FUTURE_MODALS for t in sent)
        or (_AHEAD.search(text) and not _past(sent.root))
    ):
        return "prediction"
    if any(ent.label_ in MEASURE_ENTITIES for ent in ents) or any(_counts(t) for t in sent):
        return "statistic"
    if _CAUSAL.search(text):
        return "causal"
    dated = any(ent.label_ in ("DATE", "TIME") for ent in ents)
    if any(_happened(verb, dated) for verb in (sent.root, *sent.root.conjuncts)):
        return "event"
    return "other"


def _counts(token: Token) -> bool:
    """Whether a token states how many: a numeral or number word, not "one", a date or an ordinal."""
    if token.ent_type_ in NOT_COUNTED or token.lower_ == "one":
        return False
    return (token.like_num and token.tag_ == "CD") or token.lower_ in COUNT_NOUNS


def _happened(verb: Token, dated: bool) -> bool:
    """Whether a predicate reports an event: an action verb in a past tense (simple past, perfect,
    or with a past auxiliary), or in the present when the sentence gives a date or time ("must be
    finished by spring" asks for an event, it reports none)."""
    if verb.pos_ != "VERB" or verb.lemma_ in STATIVE_VERBS:
        return False
    if _past(verb):
        return True
    return dated and not any(c.tag_ == "MD" for c in verb.children if c.dep_ in ("aux", "auxpass"))


def _past(verb: Token) -> bool:
    """Simple past, perfect ("has faced", "could have been organised") or a past auxiliary."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    perfect = verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxiliaries)
    return verb.tag_ == "VBD" or perfect or any(a.tag_ == "VBD" for a in auxiliaries)


@register
class Claims:
    name = "claims"
    version = "1.0.0"
    layer = "claims"
    requires: tuple[str, ...] = ("sentences",)
    uses: tuple[str, ...] = ("sentence_spans", "certainties")
    model: str | None = None

    def __init__(self, settings: Settings) -> None:
        heads = load_heads(settings.sentence_model)
        head = heads.tasks.get("checkworthiness") if heads is not None else None
        self.threshold = head.threshold if head is not None else DEFAULT_THRESHOLD
        self.model = heads.version if head is not None else None

    def __call__(self, context: Context) -> list[Claim]:
        threshold = context.options.min_score if context.options.min_score is not None else self.threshold
        furniture = [b for b in context.article.blocks if b.kind != "paragraph"]
        claims: list[Claim] = []
        quoted = {(a, b) for (a, b, _), c in zip(context.sentence_spans, context.certainties) if c.quoted}
        ents = context.doc.ents
        ent_starts = [e.start for e in ents]
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
                    claim_type=claim_type(sent, (sentence.start, sentence.end) in quoted, _within(sent, ents, ent_starts)),
                    certainty=sentence.certainty,
                    score=score,
                )
            )
        claims.sort(key=lambda c: (-c.score, c.start))
        return claims

    def merge(self, parts: list[list[Claim]], article: Article) -> list[Claim]:
        """The claims of a text analysed in pieces, best first over the whole."""
        return sorted((c for part in parts for c in part), key=lambda c: (-c.score, c.start))


def _within(sent: SpacySpan, ents: Sequence[SpacySpan], starts: list[int]) -> list[SpacySpan]:
    """The entities wholly inside `sent` (as `Span.ents` finds them), from the document's sorted
    entities and their start tokens."""
    found = []
    for ent in ents[bisect.bisect_left(starts, sent.start) :]:
        if ent.start >= sent.end:
            break
        if ent.end <= sent.end:
            found.append(ent)
    return found


def _inside(sentence: Sentence, blocks: list[Block]) -> bool:
    return any(b.start <= sentence.start and sentence.end <= b.end for b in blocks)
