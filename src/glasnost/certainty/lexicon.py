"""Cue lexicon for the certainty of a sentence (written for Glasnost; no external list).

Surface patterns are regular expressions matched on the sentence text, case-insensitive, each
with the `kind` of cue it signals:

* ``speculation``: the text raises a possibility without committing to it ("possibly", "it is
  hard to be sure", "it is hard to imagine what ...", "no one can be certain", "it remains
  unclear"; not "it is hard to imagine a worse outcome", which asserts);
* ``hedge``: the text commits but softens ("probably", "appears to", "to some extent", "it is
  fair to assume", "I think");
* ``weasel``: vague, sourceless support ("is widely regarded as", "many believe"); the strong ones
  hedge on their own, the weak ones (a lone "often", "many", "generally") only when the learned
  hedging score agrees;
* ``attribution``: the content is somebody else's ("according to", "reportedly", "it is said
  that");
* ``denial``: the proposition is rejected ("it is not true that", "there is no evidence");
* ``booster``: emphatic certainty ("clearly", "undoubtedly"); listed for the reader, never a
  reason for another label.

Verbs whose reading depends on the parse (modals, speech and cognition verbs, denial verbs,
"appear") are listed here as lemma sets and handled in `glasnost.certainty.rules`.
"""

from __future__ import annotations

import re

_F = re.IGNORECASE


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _F)


_BE = r"(?:is|are|was|were|be|been|being|'s|'re)"
_ADV = r"(?:\w+ly\s+)?"

SPECULATION = [
    _p(r"\b(?:it|this|that)\s+(?:is|was|remains|will\s+be|would\s+be)\s+(?:\w+\s+)?(?:hard|difficult|impossible|too\s+early|too\s+soon|not\s+possible)\s+to\s+"
       r"(?:be\s+(?:\w+\s+)?(?:sure|certain)|say|tell|know|judge|determine|establish|confirm|verify|predict|name|prove|imagine(?=\s+(?:what|how|why|who|whom|whether|if|where|when|that)\b))\b"),
    _p(r"\b(?:no\s+one|nobody|no-one|none\s+of\s+us)\s+(?:(?:can|could|will|would|may)\s+(?:ever\s+|yet\s+|really\s+)?)?"
       r"(?:be\s+(?:\w+\s+)?(?:sure|certain)|knows?|say|tell|predict)\b"),
    _p(r"\b(?:it\s+is|it's|it\s+was|it\s+remains|remains|is\s+still|was\s+still)\s+(?:still\s+|also\s+)?"
       r"(?:unclear|uncertain|unknown|not\s+(?:yet\s+)?(?:clear|known|certain)|an\s+open\s+question|to\s+be\s+seen)\b"),
    _p(r"\b(?:possibly|perhaps|maybe|conceivably|potentially|hypothetically)\b"),
    _p(r"(?<!\bas\s)(?<!\bif\s)(?<!\bwhere\s)(?<!\bwhen\s)\bpossible\b"),
    _p(r"\bnot\s+(?:\w+ly\s+)?(?:certain|sure)\b"),
    _p(r"\b(?:speculat\w*|conjectur\w*|hypothes[ie]s)\b"),
    _p(r"\b(?:one|we|you|i)\s+(?:can|could|may|might)\s+(?:only\s+|easily\s+|well\s+)?(?:assume|suppose|presume|guess|imagine|speculate|wonder)\b"),
    _p(r"\b(?:if\s+(?:true|confirmed|so)|whether\s+or\s+not)\b"),
    _p(r"\b(?:i|we)\s+(?:\w+ly\s+)?(?:doubt|wonder)\b"),
]

HEDGE = [
    _p(r"\b(?:probably|probable|improbable|likely|unlikely|apparently|seemingly|presumably|arguably|supposedly|ostensibly|theoretically)\b"),
    _p(r"\b(?:seems?|seemed|seemingly)\b"),
    _p(r"\b(?:tends?|tended)\s+to\b"),
    _p(r"\bsuggest(?:s|ed|ing)?\s+that\b"),
    _p(r"\b(?:this|that|which|it|evidence|data|research)\s+suggests?\b"),
    _p(r"\bindicat(?:e|es|ed|ing)\s+that\b"),
    _p(r"\bto\s+(?:some|a\s+(?:certain|large|great|limited)|a)\s+(?:extent|degree)\b"),
    _p(r"\b(?:in\s+part|more\s+or\s+less|sort\s+of|in\s+theory|at\s+first\s+glance|on\s+the\s+face\s+of\s+it)\b"),
    _p(r"\b(?:it\s+is\s+|it's\s+)?(?:fair|reasonable|safe)\s+to\s+(?:assume|say|suppose|conclude|suggest)\b"),
    _p(r"\b(?:i|we)\s+(?:\w+ly\s+)?(?:think|believe|suspect|guess|assume|suppose|feel|reckon)\b"),
    _p(r"\b(?:in\s+all\s+likelihood|chances\s+are|odds\s+are)\b"),
]

WEASEL_STRONG = [
    _p(rf"\b{_BE}\s+{_ADV}(?:considered|regarded|seen|viewed|thought|believed|deemed|reputed|held|known)\s+(?:to\s+be|as|by\s+(?:many|some|most))\b"),
    _p(r"\b(?:is|are|was|were|it\s+is)\s+(?:widely|generally|commonly|often|sometimes|frequently|largely|broadly)\s+"
       r"(?:believed|considered|regarded|thought|seen|viewed|held|accepted|assumed|described|recogni[sz]ed)\b"),
    _p(r"\b(?:some|many|most|several|various|certain|numerous)\s+(?:\w+\s+)?(?:people|experts|critics|observers|analysts|commentators|scholars|historians|scientists|researchers|sources|authors|writers|fans|economists)\s+"
       r"(?:\w+\s+)?(?:say|said|believe|believed|argue|argued|claim|claimed|think|thought|consider|considered|suggest|suggested|feel|felt|maintain|contend)\b"),
    _p(r"\b(?:some|many|most|others)\s+(?:have\s+)?(?:say|said|believe|believed|argue|argued|claim|claimed|think|thought|consider|considered|suggest|suggested|feel|felt)\b"),
    _p(r"\b(?:there\s+are|there\s+is)\s+(?:those|some|people)\s+who\b"),
    _p(r"\b(?:has|have|had)\s+been\s+(?:described|called|labell?ed|characteri[sz]ed)\s+as\b"),
]

# "on several occasions", "many times", "for some years": a vague count of occurrences or a
# stretch of time, not a vague crowd of sources, so never a weasel word.
_COUNTED = r"(?:times|occasions|instances|minutes|hours|days|weeks|months|years|decades|centuries)"

WEASEL_WEAK = [
    _p(r"\b(?:often|generally|usually|commonly|widely|largely|mostly|typically|frequently|sometimes)\b"),
    _p(r"(?<!\bthe\s)(?<!\bat\s)\b(?:some|many|most|several|numerous|countless)\s+(?=[a-z]+s\b)(?!\w+ly\b)(?!\w+ous\b)"
       rf"(?!{_COUNTED}\b)[a-z]+s\b"),
]

# Hearsay: attribution to nobody in particular ("reportedly", "it is said that"); the text passes
# a report on without saying whose, so it makes no quote of a claim.
HEARSAY = [
    _p(r"\b(?:reportedly|allegedly|purportedly|rumou?redly)\b"),
    _p(rf"\b(?:it|this)\s+(?:is|was|has\s+been|had\s+been)\s+{_ADV}(?:said|reported|claimed|alleged|rumou?red|announced|stated|argued)\s+that\b"),
    _p(rf"\b{_BE}\s+{_ADV}(?:said|reported|claimed|alleged|rumou?red)\s+to\b"),
]

# Attribution that names or points at who said it ("according to X", "officials said").
SPEAKER_ATTRIBUTION = [
    _p(r"\baccording\s+to\b"),
    _p(r"\bby\s+(?:his|her|their|its)\s+own\s+account\b"),
    _p(r"\bin\s+the\s+words\s+of\b"),
    _p(r"\b(?:sources?|reports?|officials?|witnesses|insiders)\s+(?:say|said|claim|claimed|suggest|suggested|indicate|indicated|told)\b"),
]

ATTRIBUTION = [*SPEAKER_ATTRIBUTION, *HEARSAY]

DENIAL = [
    _p(r"\b(?:it\s+is|it's|this\s+is|that\s+is|that's|which\s+is|it\s+was|this\s+was|claims?\s+(?:is|are|was|were))\s+"
       r"(?:simply\s+|just\s+|also\s+|completely\s+|entirely\s+|patently\s+|demonstrably\s+)?"
       r"(?:not\s+true|untrue|false|a\s+lie|a\s+myth|baseless|unfounded|nonsense|fake|fabricated|a\s+fabrication|wrong|incorrect|groundless)\b"),
    _p(r"\bit\s+is\s+(?:not\s+true|untrue|false)\s+that\b"),
    _p(r"\bthere\s+(?:is|was|has\s+been|have\s+been)\s+(?:no|not\s+(?:any|a\s+(?:shred|scrap|single\s+piece)\s+of))\s+"
       r"(?:credible\s+|real\s+|hard\s+)?(?:evidence|proof|indication|sign|basis|record)\b"),
    _p(r"\bno\s+(?:credible\s+|real\s+|hard\s+)?(?:evidence|proof)\s+(?:that|of|for|to)\b"),
    _p(r"\bcontrary\s+to\s+(?:\w+\s+){0,4}?(?:claims?|reports?|assertions?|beliefs?|rumou?rs?|what)\b"),
    _p(r"\b(?:never|did\s+not|didn't)\s+(?:actually\s+)?(?:happen|happened|take\s+place|took\s+place|occur|occurred|exist|existed)\b"),
]

BOOSTER = [
    _p(r"\b(?:clearly|certainly|undoubtedly|undeniably|definitely|surely|obviously|indisputably|unquestionably|without\s+(?:a\s+)?doubt|of\s+course)\b"),
    _p(r"\b(?:we|i)\s+(?:\w+\s+)?(?:know|can\s+be\s+(?:sure|certain))\b"),
    _p(r"\bit\s+is\s+(?:a\s+(?:fact|certainty)|certain|clear|evident|obvious)\s+that\b"),
]

# --------------------------------------------------------------------------- lemma sets for the parse

MODALS_SPECULATIVE = {"could", "might", "may", "mightn't", "couldn't"}

SPEECH_VERBS = {
    "say", "tell", "claim", "state", "report", "announce", "declare", "insist", "argue", "assert",
    "allege", "maintain", "contend", "write", "add", "explain", "note", "warn", "acknowledge",
    "admit", "confirm", "predict", "promise", "proclaim", "tweet", "post", "testify", "concede",
    "reveal", "stress", "emphasize", "emphasise", "estimate", "recall", "cite", "quote", "accuse",
    "describe", "brand", "call", "label", "urge", "ask", "answer", "reply", "respond", "comment",
    "remark", "complain", "boast", "suggest", "indicate", "speculate", "assure", "inform", "publish",
}
COGNITION_VERBS = {"believe", "think", "fear", "expect", "suspect", "hope", "assume", "feel", "doubt", "reckon", "guess", "suppose"}
DENIAL_VERBS = {"deny", "refute", "debunk", "disprove", "dispute", "contradict", "rebut", "repudiate"}
DENIAL_VERBS_WITH_AS = {"reject", "dismiss", "brand", "label", "call", "describe", "denounce", "condemn"}
FALSEHOOD_WORDS = {
    "false", "untrue", "fake", "lie", "lies", "baseless", "unfounded", "groundless", "nonsense",
    "fabrication", "fabricated", "propaganda", "disinformation", "misinformation", "myth", "hoax",
    "provocation", "slander", "absurd", "ridiculous", "inaccurate", "incorrect", "wrong",
}
CLAIM_NOUNS = {
    "claim", "claims", "allegation", "allegations", "accusation", "accusations", "report", "reports",
    "statement", "statements", "charge", "charges", "suggestion", "suggestions", "assertion",
    "assertions", "story", "stories", "rumour", "rumours", "rumor", "rumors",
}
FIRST_PERSON = {"i", "we", "me", "us", "one"}
