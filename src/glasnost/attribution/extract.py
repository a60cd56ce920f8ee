"""Attribution candidates from one spaCy parse: cue, content fragments, speaker mention.

Every verb with a complement (a clause, an infinitive, an object, a prepositional object), a
copula whose adjective takes one ("are concerned that"), a verb followed by a colon and a
quotation, a speech verb right after a quotation, and every "according to" is a candidate; the
scorer (`scorer.py`) decides which are attributions from the cue lemma's rate on PolNeAR train and
the shape of the construction. Quotation marks widen a content to the whole quotation (a quote of
several sentences parses as several sentences) and carry a direct quote on into the quotations
that continue it (`continue_quotes`).

Only verbs, auxiliaries and "according" are visited (picked with one numpy test over the parse's
arrays); every lexicon lookup is a set lookup.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span, Token

from glasnost.attribution import lexicon as lx
from glasnost.attribution.tokens import DocArrays

Char = tuple[int, int]

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
NAMED_SPEAKERS = frozenset({"PERSON", "ORG"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
# Right-hand dependents that belong to an object-type content ("called the war arrogant").
OBJECT_TAIL_DEPS = frozenset(
    {"dobj", "oprd", "ccomp", "xcomp", "prep", "dative", "attr", "acomp", "npadvmod"}
)
STRIP_LEFT = " \t\n\u00a0,;:-\u2013\u2014.)"
STRIP_RIGHT = " \t\n\u00a0,;:-\u2013\u2014(."
# Copulas and linking verbs whose adjective may carry the complement ("are concerned that").
LINKING_VERBS = frozenset(
    {"be", "seem", "appear", "sound", "feel", "look", "remain", "become", "grow", "get"}
)


@dataclass
class Candidate:
    cue: Char
    cue_token: Token
    content: list[Char]
    pattern: str
    source: Token | None = None
    source_span: Char | None = None
    direct: bool = False
    score: float = 0.0
    cue_word: str | None = None  # the word that carries the cue when it is not the verb
    cue_quoted: bool = False  # the cue sits inside a quotation (speech reported within speech)

    @property
    def lemma(self) -> str:
        if self.pattern == "according":
            return "according to"
        if self.cue_word is not None:
            return self.cue_word
        return self.cue_token.lemma_.lower()

    @property
    def cover(self) -> Char:
        return self.content[0][0], self.content[-1][1]

    def chars(self) -> int:
        return sum(b - a for a, b in self.content)


# --- Quotation marks -----------------------------------------------------------------------


def quote_regions(text: str) -> list[Char]:
    """Spans of quotations, marks included. Curly quotes pair open/close; straight double quotes
    (and the '' of some wires) alternate within a paragraph; a quotation left open at a paragraph
    end closes there (the convention for quotes running over several paragraphs)."""
    regions: list[Char] = []
    open_at: int | None = None
    straight_at: int | None = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            if open_at is not None and i > open_at + 1:
                regions.append((open_at, i))
            if straight_at is not None and i > straight_at + 1:
                regions.append((straight_at, i))
            open_at = straight_at = None
        elif ch in lx.QUOTE_OPEN:
            open_at = i
        elif ch in lx.QUOTE_CLOSE:
            if open_at is not None:
                regions.append((open_at, i + 1))
                open_at = None
        elif ch == '"' or (ch == "'" and i + 1 < n and text[i + 1] == "'"):
            width = 1 if ch == '"' else 2
            if straight_at is None:
                straight_at = i
            else:
                regions.append((straight_at, i + width))
                straight_at = None
            i += width
            continue
        i += 1
    if open_at is not None and n > open_at + 1:
        regions.append((open_at, n))
    regions.sort()
    return [r for r in regions if r[1] - r[0] > 2]


class Regions:
    """Sorted quote regions with overlap queries."""

    def __init__(self, regions: list[Char]):
        self.regions = regions
        self.starts = [a for a, _ in regions]

    def overlapping(self, start: int, end: int) -> list[Char]:
        i = bisect.bisect_left(self.starts, end)
        out = []
        for a, b in reversed(self.regions[max(0, i - 8) : i]):
            if b > start and a < end:
                out.append((a, b))
        return sorted(out)

    def after(self, pos: int) -> Char | None:
        i = bisect.bisect_left(self.starts, pos)
        return self.regions[i] if i < len(self.regions) else None

    def quoted_chars(self, start: int, end: int) -> int:
        return sum(min(b, end) - max(a, start) for a, b in self.overlapping(start, end))


# --- Spans ---------------------------------------------------------------------------------


def trim(text: str, start: int, end: int) -> Char | None:
    """Strip spaces and edge punctuation; keep a closing quote mark (and the comma or stop just
    inside it) and a quotation's opening mark."""
    while start < end and text[start] in STRIP_LEFT:
        start += 1
    while end > start and text[end - 1] in STRIP_RIGHT:
        end -= 1
    if start >= end:
        return None
    # a quotation that opens at the start closes just after the end: take the marks
    if text[start] in lx.QUOTE_OPEN or text[start] == '"':
        j = end
        while j < len(text) and j < end + 2 and text[j] in ",.!?":
            j += 1
        if j < len(text) and (text[j] in lx.QUOTE_CLOSE or text[j] == '"'):
            end = j + 1
    elif end < len(text) and (text[end] in lx.QUOTE_CLOSE or text[end] == '"'):
        end += 1
    return start, end


def token_span(tokens: list[Token]) -> Char:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def subtree_chars(token: Token) -> Char:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


def mention_span(token: Token) -> Char:
    """The compact noun phrase a speaker token heads: its left modifiers and the name parts to
    its right, without relative clauses or appositions."""
    if token.pos_ == "PRON":
        return token.idx, token.idx + len(token)
    start = token
    for child in token.lefts:
        if child.dep_ in {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "punct"}:
            start = min(start, child.left_edge, key=lambda t: t.i)
            break
    end = token
    for child in token.rights:
        if child.dep_ in {"compound", "flat", "case"} or (child.pos_ == "PROPN" and child.i == end.i + 1):
            end = child
        else:
            break
    # no leading punctuation
    while start.i < token.i and (start.is_punct or start.is_space):
        start = start.doc[start.i + 1]
    return start.idx, end.idx + len(end)


# --- Subjects ------------------------------------------------------------------------------


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker of a cue verb: its own subject, the agent of a passive, the subject it
    shares with the verb it is coordinated with or subordinated to, the noun a relative clause
    hangs on."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "expl"]
    if subjects:
        # "the mercenary boss Prigozhin attacked": the parser may give two subjects; the one
        # next to the verb is the name
        before = [c for c in subjects if c.i < verb.i]
        child = before[-1] if before else subjects[0]
        if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        return child
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    if depth > 3:
        return None
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        return verb.head
    if verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head is not verb:
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return None
        return subject_of(verb.head, depth + 1)
    return None


# --- Candidates ----------------------------------------------------------------------------


def _spoken_by(subject: Token | None, **fields) -> Candidate:
    """A candidate whose speaker is `subject` (the mention it heads, when there is one)."""
    return Candidate(
        source=subject, source_span=mention_span(subject) if subject is not None else None, **fields
    )


def _fragments_minus(text: str, outer: Char, inner: Char) -> list[Char]:
    frags = []
    for a, b in ((outer[0], inner[0]), (inner[1], outer[1])):
        t = trim(text, a, b)
        if t and t[1] - t[0] > 1:
            frags.append(t)
    return frags


def _stranded_clause(verb: Token) -> Token | None:
    """A 'that' clause the parser hung on a noun after a speech verb instead of on the verb:
    'said in an interview that ...', 'told reporters on Monday that ...'. Only through the
    verb's own objects, prepositions and time phrases, so a clause of another noun is left."""
    stack = [c for c in verb.rights if c.dep_ in {"prep", "dobj", "dative", "npadvmod"}]
    while stack:
        token = stack.pop()
        for child in token.rights:
            if child.dep_ in {"pobj", "prep", "npadvmod"}:
                stack.append(child)
            elif child.dep_ in {"acl", "relcl", "ccomp"} and child.left_edge.lower_ == "that":
                if child.left_edge.dep_ == "mark":
                    return child
    return None


def _verb_content(verb: Token) -> tuple[str, Token | None, Char | None, list[Token]]:
    """Pattern name, the head of the content, its raw span, and extra cue tokens."""
    children = list(verb.children)
    for child in children:
        if child.dep_ == "ccomp":
            return "ccomp", child, subtree_chars(child), []
    for child in children:
        if child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"}:
            return "xcomp", child, subtree_chars(child), []
    if verb.lemma_.lower() in lx.SPEECH_VERBS:
        clause = _stranded_clause(verb)
        if clause is not None:
            return "ccomp", clause, subtree_chars(clause), []
    objects = [c for c in children if c.dep_ == "dobj"]
    if objects:
        obj = objects[0]
        last = obj
        for child in verb.rights:
            if child.i <= obj.i:
                continue
            if child.dep_ in OBJECT_TAIL_DEPS:
                last = child
            else:
                break
        return "dobj", obj, (obj.left_edge.idx, last.right_edge.idx + len(last.right_edge)), []
    for child in children:
        if child.dep_ == "prep" and child.lower_ in lx.CONTENT_PREPS and child.i > verb.i:
            objs = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
            if objs:
                return "prep", objs[0], subtree_chars(objs[0]), [child]
    return "none", None, None, []


def _adjective_content(verb: Token) -> tuple[str, Token | None, Char | None, list[Token]]:
    """'are concerned that ...', 'is not sure she can ...', 'was tepid about ...': a copula
    whose adjective takes the complement. The adjective joins the cue."""
    for adj in verb.children:
        if adj.dep_ != "acomp" or adj.i < verb.i:
            continue
        for child in adj.children:
            if child.dep_ in {"ccomp", "xcomp"} and child.i > adj.i:
                return "acomp", child, subtree_chars(child), [adj]
        for child in adj.children:
            if child.dep_ == "prep" and child.lower_ in lx.CONTENT_PREPS and child.i > adj.i:
                objs = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
                if objs:
                    return "acomp", objs[0], subtree_chars(objs[0]), [adj, child]
    return "none", None, None, []


def _candidate_from_verb(verb: Token, text: str) -> Candidate | None:
    pattern, head, raw, extra = _verb_content(verb)
    cue_word = None
    if raw is None and verb.lemma_ in LINKING_VERBS:
        pattern, head, raw, extra = _adjective_content(verb)
        if extra:
            cue_word = extra[0].lemma_.lower()
    if raw is None:
        return None
    if head is not None and head.i < verb.i:
        pattern += "-left"
    span = trim(text, *raw)
    if span is None:
        return None
    cue_tokens = [verb] + [c for c in verb.children if c.dep_ == "prt"] + extra
    cue_tokens.sort(key=lambda t: t.i)
    if cue_word is not None:
        cue = (cue_tokens[0].idx, cue_tokens[-1].idx + len(cue_tokens[-1]))
    elif cue_tokens[-1].i - cue_tokens[0].i + 1 != len(cue_tokens):
        cue = token_span([verb])
    else:
        cue = token_span(cue_tokens)
    # the content never contains its own cue
    if span[0] < cue[1] and cue[0] < span[1]:
        if span[0] < cue[0] < span[1] and pattern == "ccomp":
            # "which the government promised would bring jobs": the clause goes on after the cue
            span = trim(text, cue[1], span[1]) or span
        elif span[0] < cue[0] < span[1] and pattern.startswith("ccomp"):
            span = trim(text, span[0], cue[0]) or span
        else:
            return None
    return _spoken_by(
        subject_of(verb), cue=cue, cue_token=verb, content=[span], pattern=pattern, cue_word=cue_word
    )


def _according(token: Token, sent: Span, text: str) -> Candidate | None:
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is None or nxt.lower_ != "to":
        return None
    objs = [g for g in nxt.children if g.dep_ == "pobj"]
    source = objs[0] if objs else None
    phrase_end = source.right_edge if source is not None else nxt
    phrase = (token.idx, phrase_end.idx + len(phrase_end))
    frags = _fragments_minus(text, (sent.start_char, sent.end_char), phrase)
    if not frags:
        return None
    return _spoken_by(
        source, cue=(token.idx, nxt.idx + len(nxt)), cue_token=token, content=frags, pattern="according"
    )


def _colon_quote(verb: Token, regions: Regions, text: str) -> Char | None:
    """'X said: “...”' where the quotation is parsed as a sentence of its own."""
    end = verb.idx + len(verb)
    limit = min(len(text), end + 40)
    # allow a short tail before the colon ("said in a statement:")
    colon = text.find(":", end, limit)
    if colon < 0 or "." in text[end:colon] or "\n" in text[end:colon]:
        return None
    j = colon + 1
    while j < len(text) and text[j] in " \t\u00a0\n":
        j += 1
    region = regions.after(j)
    if region is not None and region[0] == j:
        return region
    return None


def _preceding_quote(verb: Token, regions: Regions, text: str) -> Candidate | None:
    """'“...” Trump added during an interview.' when the parser split the quotation off: a
    speech verb with no complement takes the quotation that ends right before its clause."""
    subject = subject_of(verb)
    left = verb
    if subject is not None and subject.i < verb.i:
        left = subject.left_edge
    limit = left.idx
    region = None
    for a, b in regions.overlapping(max(0, limit - 2000), limit):
        if b <= limit and text[b:limit].strip(" \t\n\u00a0,") == "":
            region = (a, b)
    if region is None:
        return None
    return _spoken_by(
        subject, cue=token_span([verb]), cue_token=verb, content=[region], pattern="preceding", direct=True
    )


def candidates(doc: Doc, text: str, regions: Regions, arrays: DocArrays | None = None) -> list[Candidate]:
    arrays = arrays if arrays is not None else DocArrays(doc)
    picks = arrays.pos_mask(("VERB", "AUX")) | arrays.mask("lower", ("according",))
    out: list[Candidate] = []
    n = len(doc)
    for i in np.nonzero(picks)[0].tolist():
        token = doc[i]
        if token.lower_ == "according":
            cand = _according(token, token.sent, text)
        elif token.pos_ == "VERB" or token.dep_ in {"ROOT", "conj", "ccomp"}:
            cand = _candidate_from_verb(token, text)
            colon = _colon_quote(token, regions, text) if i + 1 < n else None
            if colon is not None and (cand is None or cand.content[0][1] <= colon[0] + 1):
                cand = _spoken_by(
                    subject_of(token), cue=token_span([token]), cue_token=token, content=[colon], pattern="colon"
                )
            if cand is None and token.lemma_.lower() in lx.SPEECH_VERBS:
                cand = _preceding_quote(token, regions, text)
        else:
            continue
        if cand is not None:
            out.append(cand)
    for cand in out:
        _widen_to_quotes(cand, regions, text)
        cand.cue_quoted = any(a < cand.cue[0] and cand.cue[1] < b for a, b in regions.overlapping(*cand.cue))
    return out


def _widen_to_quotes(cand: Candidate, regions: Regions, text: str) -> None:
    """A content that is mostly a quotation takes the whole quotation."""
    if cand.pattern == "according":
        quoted = sum(regions.quoted_chars(a, b) for a, b in cand.content)
        cand.direct = quoted >= 0.8 * cand.chars()
        return
    a, b = cand.content[0]
    for ra, rb in regions.overlapping(a, b):
        inside = min(b, rb) - max(a, ra)
        if inside >= 0.5 * (b - a) and not (ra < cand.cue[1] and cand.cue[0] < rb):
            a, b = min(a, ra), max(b, rb)
    cand.content = [(a, b)]
    cand.direct = regions.quoted_chars(a, b) >= 0.8 * (b - a)


def continue_quotes(chosen: list[Candidate], regions: Regions, text: str) -> list[Candidate]:
    """A direct quote carries on into quotations that follow it with no speaker of their own:
    '“A,” he said. “B.”', '“A,” he said, “B.”' and paragraphs that open with a quotation mark
    right after it. A quotation claimed by an attribution whose cue is outside it is left alone;
    attributions wholly inside an absorbed quotation (speech within the speech) are dropped.
    Returns the attributions kept."""
    dropped: set[int] = set()

    def claimants(region: Char) -> list[Candidate] | None:
        """Attributions inside the region, or None when one reaches outside it."""
        inside = []
        for c in chosen:
            if id(c) in dropped:
                continue
            spans = [*c.content, c.cue]
            if not any(a < region[1] and region[0] < b for a, b in spans):
                continue
            if all(region[0] <= a and b <= region[1] for a, b in spans):
                inside.append(c)
            else:
                return None
        return inside

    for cand in sorted(chosen, key=lambda c: c.cue):
        if id(cand) in dropped:
            continue
        last_char = text[cand.content[-1][1] - 1]
        if not (cand.direct or last_char in lx.QUOTE_CLOSE or last_char == '"'):
            continue
        sent_end = cand.cue_token.sent.end_char
        last = max(cand.content[-1][1], cand.cue[1])
        region = regions.after(cand.cue[1])
        while region is not None and region[0] < last:
            region = regions.after(region[0] + 1)
        first = True
        while region is not None and region[1] - region[0] >= 12:
            if first and region[0] < sent_end:
                ok = True
            else:
                ok = text[max(last, sent_end) if first else last : region[0]].strip() == ""
            inside = claimants(region) if ok else None
            if inside is None:
                break
            dropped.update(id(c) for c in inside)
            cand.content.append(region)
            last = region[1]
            first = False
            region = regions.after(last)
    return [c for c in chosen if id(c) not in dropped]


def select(cands: list[Candidate], threshold: float) -> list[Candidate]:
    """Best first, keep a candidate that shares no characters with one already kept (PolNeAR
    attributions are univocal: a token plays one role in one attribution)."""
    kept: list[Candidate] = []
    spans: list[Char] = []
    for cand in sorted(cands, key=lambda c: -c.score):
        if cand.score < threshold:
            break
        mine = [*cand.content, cand.cue]
        if any(a < d and c < b for a, b in mine for c, d in spans):
            continue
        kept.append(cand)
        spans.extend(mine)
    kept.sort(key=lambda c: c.cue)
    return kept


def _named(subject: Token | None) -> bool:
    """Whether a speaker is a name (or a noun phrase with a name in apposition to it)."""
    if subject is None:
        return False
    return any(
        t.ent_type_ in NAMED_SPEAKERS and (t is subject or t.dep_ in {"appos", "compound", "flat"})
        for t in (subject, *subject.children)
    )


def named_speaker_quotes(
    doc: Doc, text: str, regions: Regions, chosen: list[Candidate], model, threshold: float
) -> list[Candidate]:
    """Quotations no kept attribution covers, in a sentence where a speech verb outside them has a
    named speaker: '“...,” said Marit Holm', 'Elsa Brandt said that her firm was “...”'. The
    scorer may rank such a construction low (or the parser hang it oddly); a direct quote with a
    named speaker is what a reader looks for first, so it is kept at the threshold at least."""
    taken = sorted(span for c in chosen for span in (*c.content, c.cue))
    out: list[Candidate] = []
    for region in regions.regions:
        if region[1] - region[0] < 12 or any(a < region[1] and region[0] < b for a, b in taken):
            continue
        span = doc.char_span(region[0], region[1], alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent = span[0].sent
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in lx.SPEECH_VERBS:
                continue
            if region[0] <= verb.idx < region[1]:
                continue
            subject = subject_of(verb)
            if not _named(subject) or region[0] <= subject.idx < region[1]:
                continue
            cand = _spoken_by(
                subject,
                cue=token_span([verb]),
                cue_token=verb,
                content=[region],
                pattern="preceding" if region[1] <= verb.idx else "colon",
                direct=True,
            )
            cand.score = max(model.score(cand), threshold)
            out.append(cand)
            taken.extend([region, cand.cue])
            break
    return out


def find_attributions(
    doc: Doc, text: str, model, threshold: float | None = None, arrays: DocArrays | None = None
) -> list[Candidate]:
    """Candidates scored by `model` (a `ScorerModel`), selected and carried across quotations."""
    regions = Regions(quote_regions(text))
    cands = candidates(doc, text, regions, arrays)
    for cand in cands:
        cand.score = model.score(cand)
    threshold = model.threshold if threshold is None else threshold
    chosen = select(cands, threshold)
    if threshold <= model.threshold:
        chosen = sorted(chosen + named_speaker_quotes(doc, text, regions, chosen, model, threshold), key=lambda c: c.cue)
    return continue_quotes(chosen, regions, text)
