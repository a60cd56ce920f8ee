"""How sure a sentence is of what it says: a label and the cue spans that justify it.

The label describes the stance of the text's own voice towards the sentence's proposition:

* ``question``: the sentence asks (it ends with a question mark);
* ``attributed``: the sentence reports what a source said, thought, denied or is said to hold
  ("X said", "according to X", "reportedly", "X rejected ... as false"); whatever the source's own
  stance, the text vouches only for the report. A speech verb counts when it frames the sentence
  (it is the root, coordinated with it, a participle trailing it ("..., calling him a traitor"),
  or in an "as X said" clause), not when it sits in a relative clause ("people who claimed to be
  attackers could be ...");
* ``denied``: the text itself rejects a proposition ("it is not true that", "there is no
  evidence that", "the claim was refuted");
* ``speculative``: the text raises a possibility without committing ("could", "might", "may",
  "possibly", "it is hard to be sure whether", "no one can be certain");
* ``hedged``: the text commits but softens ("probably", "appears to", "it is widely believed",
  "I think"); a weak weasel word ("often", "many") hedges only when the learned hedging score of
  the sentence is at or above its threshold;
* ``asserted``: none of the above.

The first label in that order that has a deciding cue wins; `cues` lists every cue found (deciding
or not: boosters, embedded hedges), each a character span of the text with its kind and, for
attribution and denial cues, whom it frames the content on (`CueHit.frames`): `Certainty.quoted`
tells a source's report or denial from hearsay, a belief or the text's own denial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from glasnost.certainty import lexicon as L

LABELS = ("question", "attributed", "denied", "speculative", "hedged", "asserted")
KIND_LABEL = {
    "question": "question",
    "attribution": "attributed",
    "denial": "denied",
    "speculation": "speculative",
    "hedge": "hedged",
    "weasel": "hedged",
}


@dataclass(frozen=True)
class CueHit:
    start: int  # character offsets into the doc's text
    end: int
    kind: str
    decisive: bool = True  # False: shown to the reader but not a reason for the label
    # Who the cue puts the content on: "source" for a speaker named or pointed at (a speech verb,
    # "according to", a source's denial), "hearsay" for nobody in particular ("reportedly");
    # None for a belief, the text's own denial or any other kind.
    frames: str | None = None


@dataclass
class Certainty:
    label: str
    cues: list[CueHit] = field(default_factory=list)

    @property
    def quoted(self) -> bool:
        """Whether the sentence reports what a source said or denied, so that checking it starts
        with the source: hearsay and belief attribute it too, but to no one who can be asked."""
        return self.label == "attributed" and any(c.frames == "source" for c in self.cues)


_QUESTION_END = re.compile(r"\?[\s\"'\u201d\u2019)\]]*$")


def _regex_hits(
    sent: SpacySpan, patterns, kind: str, decisive: bool = True, frames: str | None = None
) -> list[CueHit]:
    text = sent.text
    base = sent.start_char
    hits = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            if match.end() > match.start():
                hits.append(CueHit(base + match.start(), base + match.end(), kind, decisive, frames))
    return hits


def _negated(token: Token) -> bool:
    head = token.head if token.dep_ in ("aux", "auxpass") else token
    return any(c.dep_ == "neg" for c in head.children) or any(c.dep_ == "neg" for c in token.children)


def _governs(token: Token) -> bool:
    """Whether a verb frames its sentence: the root, coordinated with, parenthetical to or a trailing
    participle of a framing verb, or the verb of an "as X said" / "as X put it" clause."""
    seen = 0
    while seen < 20:
        seen += 1
        if token.dep_ == "ROOT":
            return True
        if token.dep_ in ("conj", "parataxis") or _trailing_participle(token):
            token = token.head
            continue
        if token.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ in ("mark", "advmod") for c in token.children):
            return True
        return token.dep_ == "ccomp" and token.head.dep_ == "ROOT" and token.i > token.head.i and _is_quote_frame(token)
    return False


def _is_quote_frame(token: Token) -> bool:
    """'... , he said' parsed as a ccomp after the root (the quotation taken as root)."""
    return token.lemma_ in L.SPEECH_VERBS and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


MODAL_LEMMAS = {"can", "could", "may", "might", "will", "would", "shall", "should", "must", "ca", "wo"}


NAMING_VERBS = {"call", "brand", "label", "describe", "proclaim", "declare", "term", "dub"}


def _unrealised(token: Token) -> bool:
    """A speech act under a modal or in an infinitive ("could claim", "can accuse", "to say") is
    not a report of something said."""
    for child in token.children:
        if child.dep_ == "aux" and (child.tag_ == "MD" or child.lower_ in MODAL_LEMMAS or child.lower_ == "to"):
            return True
    return False


PUBLISHING_VERBS = {"post", "publish", "tweet"}


def _has_report_complement(token: Token, lemma: str) -> bool:
    """Whether a speech verb reports content: a clause, a quotation, "as ..." or (for "report",
    "announce") an object; or the verb is itself the frame after a quotation ("..., he said").
    A publishing verb's object reports content only when it carries some ("posted a message
    saying ..."): "posted photos" publishes, it reports nothing anyone said."""
    if token.dep_ == "parataxis" or (token.dep_ == "ccomp" and token.i > token.head.i):
        return True
    for child in token.children:
        if child.dep_ in ("ccomp", "xcomp", "parataxis"):
            return True
        if child.dep_ == "oprd" and lemma in NAMING_VERBS:
            return True
        if child.dep_ == "prep" and child.lower_ == "as":
            return True
        if child.dep_ == "dobj" and lemma in ("report", "announce"):
            return True
        if child.dep_ == "dobj" and lemma in PUBLISHING_VERBS and _carries_content(child):
            return True
        if child.dep_ == "punct" and child.text in ":\"\u201c\u201d":
            return True
    return False


def _carries_content(noun: Token) -> bool:
    """'a message saying ...', 'a statement that ...', 'a post: "..."': the noun holds what was said."""
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and child.lemma_ in L.SPEECH_VERBS:
            if _has_report_complement(child, child.lemma_):
                return True
        elif child.dep_ == "acl" and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
            return True
        elif child.dep_ in ("ccomp", "appos") or (child.dep_ == "punct" and child.text in ":\"\u201c\u201d"):
            return True
    return False


def _trailing_participle(token: Token) -> bool:
    """'Critics attacked the plan, calling it a scandal': a participle clause after its verb, with
    no subject or conjunction of its own, whose subject is that verb's."""
    return (
        token.dep_ == "advcl" and token.tag_ == "VBG" and token.i > token.head.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children)
    )


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    if token.dep_ == "conj" or _trailing_participle(token):  # "X rejected this and said ...": shared
        return _subject(token.head)
    return None


def _agent(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _is_first_person(token: Token | None) -> bool:
    return token is not None and token.lower_ in L.FIRST_PERSON


def _token_hit(token: Token, kind: str, decisive: bool = True, frames: str | None = None) -> CueHit:
    return CueHit(token.idx, token.idx + len(token.text), kind, decisive, frames)


def _denial_as(token: Token, sent: SpacySpan) -> CueHit | None:
    """"rejected this statement as false", "dismissed the report as propaganda": span from the verb
    to the falsehood word; also "rejected the claim(s)"."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            for word in child.subtree:
                if word.lower_ in L.FALSEHOOD_WORDS and word.i < sent.end:
                    return CueHit(token.idx, word.idx + len(word.text), "denial")
        if child.dep_ in ("oprd", "acomp", "xcomp", "dobj") and child.lower_ in L.FALSEHOOD_WORDS:
            return CueHit(token.idx, child.idx + len(child.text), "denial")
    if token.lemma_ in ("reject", "dismiss"):
        for child in token.children:
            if child.dep_ == "dobj" and child.lower_ in L.CLAIM_NOUNS:
                return CueHit(token.idx, child.idx + len(child.text), "denial")
    return None


def _parse_hits(sent: SpacySpan) -> list[CueHit]:
    hits: list[CueHit] = []
    for token in sent:
        lower = token.lower_
        lemma = token.lemma_.lower()
        # epistemic modals: could / might / may (not negated: "could not" states an impossibility)
        if token.tag_ == "MD" and lower in L.MODALS_SPECULATIVE and not _negated(token):
            hits.append(_token_hit(token, "speculation"))
            continue
        if token.pos_ not in ("VERB", "AUX"):
            continue
        if lemma == "appear" and any(c.dep_ in ("xcomp", "acomp", "ccomp", "oprd") for c in token.children):
            hits.append(_token_hit(token, "hedge"))
            continue
        subject = _subject(token)
        agent = _agent(token)
        source = agent or subject
        # denial verbs: "denied", "refuted", "rejected ... as false"
        if lemma in L.DENIAL_VERBS or lemma in L.DENIAL_VERBS_WITH_AS or lemma in ("reject", "dismiss"):
            hit = None
            if lemma in L.DENIAL_VERBS:
                hit = _token_hit(token, "denial")
                span = _denial_as(token, sent)
                if span is not None:
                    hit = span
            else:
                hit = _denial_as(token, sent)
            if hit is not None:
                by_source = source is not None and not _is_first_person(source) and token.dep_ != "auxpass" and (
                    agent is not None or any(c.dep_ == "nsubj" for c in token.children) or token.dep_ == "conj"
                    or _trailing_participle(token)
                )
                hits.append(CueHit(hit.start, hit.end, "denial", True, "source" if by_source else None))
                continue
        if lemma in L.SPEECH_VERBS:
            if lower.startswith("call") and token.i > sent.start and sent.doc[token.i - 1].lower_ in ("so", "-"):
                continue  # "so-called"
            if source is None or _is_first_person(source) or _unrealised(token):
                continue
            if not _has_report_complement(token, lemma):
                continue
            if _governs(token):
                hits.append(_token_hit(token, "attribution", frames="source"))
            continue
        if lemma in L.COGNITION_VERBS and any(c.dep_ in ("ccomp", "xcomp") for c in token.children):
            if _is_first_person(source):
                kind = "speculation" if lemma in ("doubt", "guess") else "hedge"
                hits.append(CueHit(source.idx, token.idx + len(token.text), kind))
            elif source is not None and _governs(token):
                hits.append(_token_hit(token, "attribution"))
    return hits


# Cue kinds from strongest to weakest: `KIND_LABEL` lists them in the order of the labels they
# decide; boosters, which decide nothing, come last.
CUE_KINDS = (*KIND_LABEL, "booster")


def _strength(hit: CueHit) -> tuple[bool, int]:
    """Sort key, strongest first: a deciding cue before a shown-only one, then by `CUE_KINDS`."""
    return (not hit.decisive, CUE_KINDS.index(hit.kind))


def _merge(hits: list[CueHit]) -> list[CueHit]:
    """One cue per stretch of text: overlapping cues of the same kind become their union; a cue
    inside a longer cue of another kind is dropped (the longer reading wins), and of cues of
    different kinds over the same text ("one can assume": hedge and speculation) only the
    strongest is kept, so a reader never sees one phrase listed twice."""
    merged: list[CueHit] = []
    for hit in sorted(set(hits), key=lambda h: (h.kind, h.start, -h.end)):
        last = merged[-1] if merged else None
        if last is not None and last.kind == hit.kind and hit.start < last.end:
            merged[-1] = CueHit(last.start, max(last.end, hit.end), last.kind,
                                last.decisive or hit.decisive, _joined_frames(last.frames, hit.frames))
        else:
            merged.append(hit)
    kept = []
    for hit in merged:
        inside = any(
            o is not hit and o.kind != hit.kind and o.start <= hit.start and hit.end <= o.end
            and ((o.end - o.start) > (hit.end - hit.start) or _strength(o) < _strength(hit))
            for o in merged
        )
        if not inside:
            kept.append(hit)
    return kept


def _joined_frames(a: str | None, b: str | None) -> str | None:
    """Who frames two overlapping cues merged into one: hearsay names nobody even where the parser
    finds a speech verb inside it ("is said to"); otherwise a source wins over the text's voice."""
    return "hearsay" if "hearsay" in (a, b) else a or b


def classify(sent: SpacySpan, hedging: float | None = None, hedge_threshold: float = 0.5) -> Certainty:
    """The certainty label of one sentence of a parsed doc and its cues (doc character offsets).

    ``hedging`` is the learned hedging score of the sentence (None when no model ran); weak
    weasel words count only when it is at or above ``hedge_threshold``."""
    text = sent.text
    hits: list[CueHit] = []
    stripped = text.rstrip()
    question = _QUESTION_END.search(stripped)
    if question:
        at = sent.start_char + question.start()
        hits.append(CueHit(at, at + 1, "question"))
    hits += _regex_hits(sent, L.SPEAKER_ATTRIBUTION, "attribution", frames="source")
    hits += _regex_hits(sent, L.HEARSAY, "attribution", frames="hearsay")
    hits += _regex_hits(sent, L.DENIAL, "denial")
    hits += _regex_hits(sent, L.SPECULATION, "speculation")
    hits += _regex_hits(sent, L.HEDGE, "hedge")
    hits += _regex_hits(sent, L.WEASEL_STRONG, "weasel")
    weak_ok = hedging is not None and hedging >= hedge_threshold
    hits += _regex_hits(sent, L.WEASEL_WEAK, "weasel", decisive=weak_ok)
    hits += _regex_hits(sent, L.BOOSTER, "booster", decisive=False)
    hits += _parse_hits(sent)
    hits = _drop_negated_boosters(_merge(hits))
    label = "asserted"
    decisive_labels = set()
    for hit in hits:
        if not hit.decisive:
            continue
        if hit.kind == "denial" and hit.frames == "source":
            decisive_labels.add("attributed")
        elif hit.kind in KIND_LABEL:
            decisive_labels.add(KIND_LABEL[hit.kind])
    for candidate in LABELS:
        if candidate in decisive_labels:
            label = candidate
            break
    return Certainty(label=label, cues=sorted(hits, key=lambda h: (h.start, h.end)))


def _drop_negated_boosters(hits: list[CueHit]) -> list[CueHit]:
    """"not certain" is speculation, not a booster: drop boosters inside a speculation cue."""
    spec = [h for h in hits if h.kind in ("speculation", "hedge", "denial")]
    return [
        h for h in hits
        if h.kind != "booster" or not any(s.start <= h.start and h.end <= s.end for s in spec)
    ]
