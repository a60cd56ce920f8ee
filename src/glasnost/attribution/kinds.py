"""What an attribution's cue reports: words said or written, or a belief, a perception, an intent.

PolNeAR, which the scorer learned from, counts all of these as attributions ("X wants to ...",
"it seems that ..."), so the scorer keeps them; a reader asking for quotes wants the words someone
said or wrote. The kind comes from the cue lemma (lists in `lexicon`), the construction and the
speaker:

- "according to" is speech, or writing when its object is a document ("according to the report");
- intent (want, hope, try), belief (think, know, be sure) and perception (seem, see, find) lemmas
  are those kinds whatever follows them;
- a speech or writing verb is speech or writing, except that an inference subject makes the
  evidence verbs perception ("this suggests that"), and verbs that also take things for objects
  are other acts with a plain object ("it added a sentiment", "some posted photos");
- a quotation given with a verb of any other lemma is speech ('“...,” he fumed').
"""

from __future__ import annotations

from glasnost.attribution import lexicon as lx
from glasnost.attribution.extract import Candidate

CLAUSE_PATTERNS = frozenset({"ccomp", "colon", "preceding", "according"})
# Verbs that are words only with a clause, a quotation or a prepositional content after them.
NEEDS_CLAUSE = lx.CUE_NEEDS_CLAUSE | lx.CUE_WRITING


def cue_kind(cand: Candidate) -> str:
    """speech, writing, belief, perception, intent or other (see the module docstring)."""
    lemma = cand.lemma
    pattern = cand.pattern.split("-")[0]
    if pattern == "according":
        head = cand.source.lemma_.lower() if cand.source is not None else ""
        return "writing" if head in lx.DOCUMENT_NOUNS else "speech"
    if lemma in lx.CUE_INTENT:
        return "intent"
    if lemma in lx.CUE_BELIEF:
        return "belief"
    clause = cand.direct or pattern in CLAUSE_PATTERNS
    subject = cand.source.lower_ if cand.source is not None else ""
    if lemma in lx.CUE_PERCEPTION and (lemma not in lx.CUE_SPEECH or subject in lx.INFERENCE_SUBJECTS):
        return "perception"
    if lemma in lx.CUE_SPEECH or lemma in lx.CUE_WRITING:
        if lemma in NEEDS_CLAUSE and not clause and pattern != "prep":
            return "other"
        return "writing" if lemma in lx.CUE_WRITING else "speech"
    if cand.direct:
        return "speech"
    return "other"
