"""Actors: one per real-world referent in the article, with every mention, typed by evidence.

1. Mentions. Named entities (PERSON, ORG, GPE, LOC, FAC; NORP only where it is a noun, "the
   Russians", not the adjective in "Russian propaganda"), cleaned of "the" and possessive "'s";
   a name in brackets after a name is an alias of it ("Igor Strelkov (Girkin)"); noun phrases
   headed by an institution noun with a national or proper modifier ("the Russian defence
   ministry"); organisations the small model mistypes ("the Kremlin").
2. Merging. Mentions with the same key (folded tokens, variable designators like Group or PMC
   dropped) form one group; a lone surname joins the full name it most recently followed
   ("Putin" -> "Vladimir Putin"); an acronym joins the name it abbreviates; bracketed aliases
   join their name.
3. Types by votes over the whole article: each NER label votes; a gazetteer place, an
   organisation designator, a known organisation, a title or honorific ("Mr.", "minister") add
   weight. A name tagged PERSON eight times and ORG once is a person.
4. Untagged repeats: a proper noun equal to an actor's surname or one-word name, or a pair of
   words equal to a two-word name ("Islamic State" after "Islamic" was tagged NORP), becomes a
   mention; words the article also writes in lower case ("state") are not names.
5. Pronouns (he/him/his, she/her) join a person only where resolution is reliable: the only
   gender-compatible person named in this sentence or the two before; with several, a subject
   pronoun (or a subject's "his") goes to the most recent one named as a subject; otherwise the
   pronoun stays unresolved. Gender comes from honorifics and a short first-name list.
6. Salience from mention count, first position and presence in the title; sentiment from a small
   polarity lexicon over the words near each mention (see `sentiment`).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Token

from glasnost.actors import names as nm
from glasnost.analysis import Actor, Span
from glasnost.article import Article
from glasnost.attribution import lexicon as lx
from glasnost.attribution.tokens import DocArrays
from glasnost.context import Context
from glasnost.registry import register
from glasnost.unionfind import UnionFind

PAREN_ALIAS = re.compile(r"\s*\(\s*([A-Z][\w\-'\u2019]+(?:\s+[A-Z][\w\-'\u2019]+){0,3})\s*\)")
TYPES = ("person", "organization", "group", "place")
PERSONISH = frozenset({"PERSON", "PAREN", "PROPN", "PRON"})
NOT_NAMES = frozenset({"PRON", "TITLE"})
# Place nouns that make the name they end a place ("Varna Bay"); "Manchester City" is a club.
NAME_PLACE_HEADS = lx.PLACE_HEADS - {"city", "town", "village", "port"}
PRONOUN_REACH = 2  # sentences back a pronoun may look for its person
KNOWN_ONE_WORD = frozenset(k for k in lx.KNOWN_ORGANIZATIONS if " " not in k)
FIRST_NAMES = lx.MALE_FIRST_NAMES | lx.FEMALE_FIRST_NAMES
# Titles before a name that say nothing about it being a person ("Russian", "former", "head").
NON_PERSON_TITLES = frozenset(
    {
        "russian",
        "ukrainian",
        "american",
        "british",
        "french",
        "german",
        "chinese",
        "former",
        "late",
        "acting",
        "head",
        "leader",
        "chief",
    }
)
# A final stop that belongs to the name: an initial or an abbreviation ("Jr.", "Inc.").
# A score or a standings figure: "2", "92-81", ".564", "4-70".
SCORE = re.compile(r"^(?!\d{4}-\d\d-\d\d$)(?:\d+(?:[-./:]\d+)*|\.\d+)$")  # a dateline's date is none
FIXTURE_WORDS = frozenset({"v", "v.", "vs", "vs.", "AT"})
NAME_FINAL_STOP = re.compile(r"\b[A-Z]\.$|\b(?:Jr|Sr|St|Co|Inc|Corp|Ltd)\.$")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str  # NER label, or INST (institution phrase), KNOWN, PAREN, PROPN, PRON
    tokens: list[str]
    head: Token | None = None
    team: bool = False  # named as a side in results or fixtures ("Hull 0 Barnet 0")

    @property
    def key(self) -> str:
        """The grouping key; a team is another referent than the place it is named after."""
        tokens = self.tokens
        if self.label in PERSONISH:
            tokens = nm.strip_titles(tokens)
        elif self.label == "NORP" and tokens[-1].endswith("s") and len(tokens[-1]) > 3:
            tokens = [*tokens[:-1], tokens[-1][:-1]]  # "Russians" ~ "Russian"
        return nm.core_key(tokens) + ("#team" if self.team else "")


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    type: str = "person"
    name: str = ""
    gender: str | None = None

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def named(self) -> list[Mention]:
        """Mentions by name: not pronouns, not a bare title ("the mayor")."""
        return [m for m in self.mentions if m.label not in NOT_NAMES]


# --- Mentions ------------------------------------------------------------------------------


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a name span: no line breaks inside, no 'the', no possessive, no edge punctuation."""
    piece = text[start:end]
    cut = piece.find("\n")
    if cut >= 0:
        head, tail = piece[:cut], piece[cut:].strip()
        if len(tail) > len(head.strip()):
            start += len(piece) - len(piece[cut:].lstrip())
        else:
            end = start + cut
    while start < end and not text[start].isalnum():
        start += 1
    low = text[start:end].lower()
    for article in ("the ", "a ", "an "):
        if low.startswith(article):
            start += len(article)
            break
    m = nm.POSSESSIVE.search(text[start:end])
    if m and end - start > 2:
        end = start + m.start()
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
        end -= 1
    if (
        end > start
        and text[end - 1] == "."
        and not NAME_FINAL_STOP.search(text[start:end])
    ):
        end -= 1
    return (start, end) if end > start else None


def _make(text: str, doc: Doc, start: int, end: int, label: str) -> Mention | None:
    span = _clean(text, start, end)
    if span is None:
        return None
    s, e = span
    tokens = nm.name_tokens(text[s:e])
    if not tokens or not any(ch.isalpha() for ch in text[s:e]):
        return None
    chars = doc.char_span(s, e, alignment_mode="expand")
    head = chars.root if chars is not None and len(chars) else None
    return Mention(s, e, text[s:e], label, tokens, head)


def _entity_mentions(context: Context) -> list[Mention]:
    text, doc = context.article.text, context.doc
    bylines = [(b.start, b.end) for b in context.article.blocks_of("byline")]
    lowercase = context.arrays.lowercase_words()
    out: list[Mention] = []
    for ent in context.analysis.entities:
        if ent.label not in lx.LABEL_TYPE or any(a <= ent.start < b for a, b in bylines):
            continue  # the byline names the writer and the desk, not actors of the story
        piece = text[ent.start : ent.end]
        chars = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        root = chars.root if chars is not None and len(chars) else None
        if root is None or root.pos_ == "ADJ":
            continue
        if ent.label == "NORP" and (root.pos_ not in {"NOUN", "PROPN"} or root.dep_ in {"amod", "compound"}):
            continue
        bracket = piece.find("(")
        if bracket > 0:
            main = _make(text, doc, ent.start, ent.start + bracket, ent.label)
            close = piece.find(")", bracket)
            alias = _make(
                text, doc, ent.start + bracket + 1, ent.start + (close if close > 0 else len(piece)), "PAREN"
            )
            if main:
                out.append(main)
            if alias:
                out.append(alias)
            continue
        m = _make(text, doc, ent.start, ent.end, ent.label)
        if m is not None and _is_name(m, lowercase):
            out.append(m)
    return out


def _is_name(m: Mention, lowercase: set[str]) -> bool:
    """A name is capitalised, is no file format ("JPEG", "DOC") and is no common noun: a lone
    word the tagger calls a noun ("Men", "Women" heading a table), unless it is an acronym the
    article never writes in lower case."""
    if not any(ch.isupper() for ch in m.text) or all(t in lx.FILE_FORMATS for t in m.tokens):
        return False
    if len(m.tokens) == 1 and m.head is not None and m.head.pos_ == "NOUN":
        return m.text.isupper() and m.tokens[0] not in lowercase
    return True


def _institution_mentions(doc: Doc, text: str, arrays: DocArrays) -> list[Mention]:
    """'the Russian defence ministry', 'the Ukrainian army': institution heads with a national,
    proper or compound modifier and no possessor."""
    out: list[Mention] = []
    for i in arrays.where("lemma", lx.INSTITUTION_HEADS, pos=("NOUN", "PROPN")):
        token = doc[i]
        lefts = list(token.lefts)
        if any(t.dep_ == "poss" for t in lefts):
            continue
        mods = [t for t in lefts if t.dep_ in {"amod", "compound", "nmod"}]
        if not any(t.ent_type_ in {"NORP", "GPE", "ORG"} or t.pos_ == "PROPN" for t in mods):
            continue
        start = min(mods, key=lambda t: t.i)
        # "of Defence" after "Ministry"
        end = token
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [g for g in child.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                if objs:
                    end = objs[0].right_edge
            break
        m = _make(text, doc, start.idx, end.idx + len(end), "INST")
        if m is not None:
            m.head = token
            out.append(m)
    return out


def _known_org_mentions(doc: Doc, text: str, arrays: DocArrays) -> list[Mention]:
    out = []
    for i in arrays.where("lower", KNOWN_ONE_WORD, pos=("PROPN", "NOUN")):
        token = doc[i]
        if token.text[:1].isupper():
            m = _make(text, doc, token.idx, token.idx + len(token), "KNOWN")
            if m is not None:
                out.append(m)
    return out


def _paren_aliases(text: str, doc: Doc, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """'Igor Strelkov (Girkin)': a name in brackets after a name is another name of it, unless it
    is a place or a nationality ("Tim Henman (Britain)", "Ford (Detroit)" say where from, not
    who); ORG for PERSON is the tagger's common slip and no reason to refuse."""
    labels_at = {(m.start, m.end): m.label for m in mentions}
    pairs = []
    for m in mentions:
        if m.label not in {"PERSON", "ORG"}:
            continue
        after = text[m.end : m.end + 60]
        if after.startswith(("'s", "\u2019s")):
            continue
        hit = PAREN_ALIAS.match(after)
        if not hit or re.match(r"^[DRI]-", hit.group(1)):
            continue
        a = m.end + hit.start(1)
        alias = _make(text, doc, a, a + len(hit.group(1)), "PAREN")
        if alias is None:
            continue
        other = lx.LABEL_TYPE.get(labels_at.get((alias.start, alias.end), ""))
        if other in {"place", "group"} or (other != "person" and nm.is_place(alias.key)):
            continue
        pairs.append((m, alias))
    return pairs


def _complete(text: str, doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A mention cut short by the tagger ("State" in "the Islamic State" when "Islamic" was tagged
    NORP) takes back the word before it when the longer form is a mention elsewhere."""
    forms = {m.text.lower() for m in mentions if " " in m.text}
    if not forms:
        return mentions
    out = []
    for m in mentions:
        if " " not in m.text and m.head is not None and m.head.i > 0:
            prev = doc[m.head.i - 1]
            if prev.text[:1].isupper() and f"{prev.text.lower()} {m.text.lower()}" in forms:
                longer = _make(text, doc, prev.idx, m.end, m.label)
                if longer is not None:
                    m = longer
        out.append(m)
    return out


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions: institution phrases and known organisations win over the NORP or
    GPE words inside them; otherwise the longer span wins."""
    rank = {"KNOWN": 3, "INST": 2, "PAREN": 2}
    ordered = sorted(mentions, key=lambda m: (-rank.get(m.label, 1), -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in ordered:
        clash = next((k for k in kept if k.start < m.end and m.start < k.end), None)
        if clash is None:
            kept.append(m)
        elif clash.label == "KNOWN" and m.label in {"ORG"} and m.end - m.start > clash.end - clash.start:
            kept.remove(clash)
            kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept


# --- Merging and typing --------------------------------------------------------------------


def _type_votes(mentions: list[Mention], text: str) -> Counter:
    votes: Counter = Counter()
    teams = 0
    keys = {m.key for m in mentions}
    for m in mentions:
        label_type = lx.LABEL_TYPE.get(m.label)
        if label_type:
            votes[label_type] += 1.0
        if m.label in {"INST", "KNOWN"}:
            votes["organization"] += 3.0
        if m.label not in {"GPE", "LOC", "FAC", "PROPN"} and any(t in lx.ORG_DESIGNATORS for t in m.tokens):
            votes["organization"] += 1.5  # not for "the West Bank" tagged as the place it is
        votes["place"] += 2.0 * _place_evidence(m, text)
        if m.team:
            votes["organization"] += 3.0
            teams += 1
        before = text[max(0, m.start - 24) : m.start].lower().split()
        if before:
            prev = before[-1].strip(".,")
            if prev in lx.HONORIFIC_MALE or prev in lx.HONORIFIC_FEMALE:
                votes["person"] += 2.0
            elif prev in lx.TITLES and prev not in NON_PERSON_TITLES:
                votes["person"] += 1.0
    n = len(mentions)
    if any(k in lx.KNOWN_ORGANIZATIONS for k in keys):
        votes["organization"] += 3.0 + n
    if not teams and any(nm.is_place(k) for k in keys if k):
        # the small model confuses ORG, NORP and GPE for place names; only PERSON competes
        person_votes = sum(1 for m in mentions if m.label == "PERSON")
        votes["place"] += 1.5 + (n if person_votes <= 0.5 * n else 0.25 * n)
    if any(len(m.tokens) >= 2 and m.tokens[0] in FIRST_NAMES for m in mentions):
        votes["person"] += 1.0 + 0.5 * n
    elif n > 1 and any(m.label == "PERSON" and len(m.tokens) >= 2 for m in mentions):
        # "Wang Donghai" tagged PERSON, then "Wang" tagged ORG: the lone name is his surname
        votes["person"] += 1.0 + 0.5 * n
    return votes


def is_team(m: Mention, text: str) -> bool:
    """A name followed by a score on a line of results or standings ("Hull 0 Barnet 0",
    "TEXAS 75 58 .564") or on either side of a fixture ("CHICAGO AT ATLANTA", "v Hampshire") is a
    team, an organization; not a country (a national side goes by its
    country's name) and not a person's full name ("Greg Norman 68 69")."""
    if m.key in nm.countries() or (m.label == "PERSON" and len(m.tokens) >= 2):
        return False
    end = text.find("\n", m.end)
    end = len(text) if end < 0 else end
    after = text[m.end : end].split()
    before = text[max(0, m.start - 5) : m.start].split()
    if (after and after[0] in FIXTURE_WORDS) or (before and before[-1] in FIXTURE_WORDS):
        return True  # "CHICAGO AT ATLANTA", "v Hampshire"
    if not after or not SCORE.match(after[0]):
        return False
    words = text[text.rfind("\n", 0, m.start) + 1 : end].split()
    scores = sum(1 for w in words if SCORE.match(w))
    return len(words) <= 40 and scores >= 2 and scores >= 0.25 * len(words)


def _place_evidence(m: Mention, text: str) -> bool:
    """A place noun ends the name or sits next to it: "Varna Bay", "the Amazon rainforest",
    "the island of Lampedusa"."""
    if len(m.tokens) >= 2 and m.tokens[-1] in NAME_PLACE_HEADS:
        return True
    after = text[m.end : m.end + 24].split()
    if after and m.end < len(text) and text[m.end] == " " and after[0].lower() in lx.PLACE_HEADS:
        return True
    before = text[max(0, m.start - 30) : m.start].lower().split()
    return len(before) >= 2 and before[-1] == "of" and before[-2] in lx.PLACE_HEADS


def _decide_type(votes: Counter) -> str:
    if not votes:
        return "organization"
    return max(TYPES, key=lambda t: (votes[t], -TYPES.index(t)))


def _gender(cluster: Cluster, text: str) -> str | None:
    for m in cluster.named():
        if len(m.tokens) >= 2:
            if m.tokens[0] in lx.FEMALE_FIRST_NAMES:
                return "f"
            if m.tokens[0] in lx.MALE_FIRST_NAMES:
                return "m"
        before = text[max(0, m.start - 6) : m.start].lower().split()
        if before:
            prev = before[-1]
            if prev in lx.HONORIFIC_FEMALE:
                return "f"
            if prev in lx.HONORIFIC_MALE:
                return "m"
    return None


def _may_be_surname(key: str, mentions: list[Mention], provisional: str) -> bool:
    """A one-word name can be a person's surname unless the article shows it is something else:
    an organisation by a designator or a known name ("the Wagner Group"), a place by the
    gazetteer without any PERSON tag."""
    if provisional == "person" or any(m.label == "PERSON" for m in mentions):
        return True
    if provisional == "organization":
        return (
            not any(
                m.label in {"INST", "KNOWN"} or any(t in lx.ORG_DESIGNATORS for t in m.tokens)
                for m in mentions
            )
            and key not in lx.KNOWN_ORGANIZATIONS
        )
    return False


def _cluster(mentions: list[Mention], forced: list[tuple[Mention, Mention]], text: str) -> list[Cluster]:
    # 1. mentions with one key are one group; each group gets a provisional type
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_key[m.key].append(i)
    keys = list(by_key)
    kid = {k: n for n, k in enumerate(keys)}
    gtype = {k: _decide_type(_type_votes([mentions[i] for i in idx], text)) for k, idx in by_key.items()}
    uf = UnionFind()

    # 2a. bracketed aliases
    for a, b in forced:
        uf.union(kid[a.key], kid[b.key])

    # 2b. a person name contained in a longer one with the same last word joins it
    full = {k: nm.strip_titles(k.split()) for k in keys if gtype[k] == "person"}
    full = {k: t for k, t in full.items() if len(t) >= 2}
    for k, toks in full.items():
        for other, other_toks in full.items():
            if (
                other != k
                and len(other_toks) > len(toks)
                and set(toks) <= set(other_toks)
                and toks[-1] == other_toks[-1]
            ):
                uf.union(kid[k], kid[other])
                break

    # 2c. an acronym joins the name it abbreviates
    acr: dict[str, str] = {}
    for k in keys:
        toks = k.split()
        if len(toks) >= 2 and gtype[k] != "person":
            acr.setdefault(nm.acronym(toks), k)
    for k, idx in by_key.items():
        m = mentions[idx[0]]
        if " " not in k and m.text.isupper() and 2 <= len(m.text) <= 6 and k in acr:
            uf.union(kid[k], kid[acr[k]])

    # 2d. a lone surname (or first name) joins the full name; when several full names share
    # it ("Bill Clinton", "Hillary Clinton"), each mention joins the one seen last before it
    ambiguous: dict[str, list[str]] = {}
    for k, idx in by_key.items():
        if " " in k or not _may_be_surname(k, [mentions[i] for i in idx], gtype[k]):
            continue
        targets = [f for f, t in full.items() if t[-1] == k]
        if not targets:
            targets = [f for f, t in full.items() if t[0] == k and len(t) == 2]
        groups = {uf.find(kid[f]) for f in targets}
        if len(groups) == 1:
            uf.union(kid[k], kid[targets[0]])
        elif len(groups) > 1:
            ambiguous[k] = targets

    clusters: dict[int, Cluster] = {}
    for m in mentions:
        k = m.key
        if k in ambiguous:
            seen = [(mentions[j].start, f) for f in ambiguous[k] for j in by_key[f]]
            before = [x for x in seen if x[0] <= m.start]
            k = max(before)[1] if before else min(seen)[1]
        clusters.setdefault(uf.find(kid[k]), Cluster()).mentions.append(m)
    out = list(clusters.values())
    for c in out:
        c.mentions.sort(key=lambda m: m.start)
        c.type = _decide_type(_type_votes(c.mentions, text))
        c.gender = _gender(c, text) if c.type == "person" else None
    return out


def _name(cluster: Cluster) -> str:
    named = cluster.named()
    preferred = [
        m for m in named if lx.LABEL_TYPE.get(m.label) == cluster.type or m.label in {"INST", "KNOWN"}
    ] or named
    counts = Counter(m.text for m in preferred)

    def weight(m: Mention) -> tuple:
        toks = nm.strip_titles(m.tokens) if cluster.type == "person" else m.tokens
        return (len(toks), counts[m.text], -m.start)

    best = max(preferred, key=weight)
    name = best.text
    if cluster.type == "person":
        words = name.split()
        toks = best.tokens
        drop = len(toks) - len(nm.strip_titles(toks))
        if drop and len(words) > drop:
            name = " ".join(words[drop:])
    return " ".join(name.split())


# --- Recovery and pronouns -----------------------------------------------------------------


def _recover(doc: Doc, text: str, clusters: list[Cluster], arrays: DocArrays) -> None:
    """Proper nouns the NER missed that repeat an actor's name: a two-word name ("Islamic State"
    after "Islamic" was tagged NORP), a surname, a one-word name. Words the article also writes
    in lower case ("state", "house") are common nouns and are left alone."""
    lookup: dict[str, Cluster] = {}
    pairs: dict[tuple[str, str], Cluster] = {}
    ambiguous: set[str] = set()
    for c in clusters:
        words = set()
        for m in c.named():
            toks = nm.strip_titles(m.tokens)
            if len(m.tokens) == 2:
                pairs[(m.tokens[0], m.tokens[1])] = c
            if c.type == "person":
                words.add(toks[-1])
            elif len(toks) == 1:
                words.add(toks[0])
        for w in words:
            if w in lookup and lookup[w] is not c:
                ambiguous.add(w)
            lookup[w] = c
    for w in ambiguous:
        lookup.pop(w, None)
    common = arrays.lowercase_words()
    for w in [w for w in lookup if len(w) < 3 or w in common]:
        lookup.pop(w)
    second = {b for _, b in pairs}
    if not lookup and not pairs:
        return
    covered = sorted((m.start, m.end) for c in clusters for m in c.mentions)
    starts = [a for a, _ in covered]

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_right(starts, b - 1) - 1
        return not (i >= 0 and covered[i][1] > a)

    for t in arrays.where("lower", set(lookup) | second, pos=("PROPN", "NOUN")):
        token = doc[t]
        if not token.text[:1].isupper():
            continue
        key = nm.fold(token.text)
        if t > 0:
            prev = doc[t - 1]
            c = pairs.get((nm.fold(prev.text), key))
            if c is not None and prev.text[:1].isupper() and free(prev.idx, token.idx + len(token)):
                c.mentions.append(
                    Mention(
                        prev.idx,
                        token.idx + len(token),
                        text[prev.idx : token.idx + len(token)],
                        "PROPN",
                        [nm.fold(prev.text), key],
                        token,
                    )
                )
                continue
        c = lookup.get(key)
        if c is None or token.pos_ != "PROPN" or not free(token.idx, token.idx + len(token)):
            continue
        c.mentions.append(Mention(token.idx, token.idx + len(token), token.text, "PROPN", [key], token))
    for c in clusters:
        c.mentions.sort(key=lambda m: m.start)


def _person_titles(doc: Doc, text: str, clusters: list[Cluster]) -> dict[str, set[int]]:
    """Title word -> the person clusters the article gives it: "Premier Tomas Reiter",
    "President Vladimir Putin" (the title inside the name), "The mayor of Varna Bay, Olav Sund"."""
    titles: dict[str, set[int]] = defaultdict(set)
    for n, c in enumerate(clusters):
        if c.type != "person":
            continue
        for m in c.named():
            if m.tokens[0] in lx.TITLES and len(m.tokens) > 1:
                titles[m.tokens[0]].add(n)
            before = text[max(0, m.start - 24) : m.start].split()
            if before and text[m.start - 1 : m.start] == " ":
                titles[nm.fold(before[-1]).strip(".,")].add(n)
            head = m.head
            if head is not None and head.dep_ == "appos":
                owner = head.head
                while owner.dep_ == "pobj" and owner.head.dep_ == "prep":
                    owner = owner.head.head  # "the mayor of Varna Bay, Olav Sund"
                titles[owner.lower_].add(n)
    return {t: ns for t, ns in titles.items() if t in lx.TITLES and t not in NON_PERSON_TITLES}


def attach_titles(doc: Doc, text: str, clusters: list[Cluster], arrays: DocArrays) -> list[Cluster]:
    """A title names the person the article gives it, not an organisation: a cluster that is only
    a title ("Premier", tagged ORG) joins the one person with that title, or is dropped when
    none or several have it; "the mayor" after the mayor was named becomes a mention of them.
    Returns the clusters kept."""
    titles = _person_titles(doc, text, clusters)
    kept: list[Cluster] = []
    kept_ids: set[int] = set()
    for c in clusters:
        named = c.named()
        if not named or c.type == "person" or not all(all(t in lx.TITLES for t in m.tokens) for m in named):
            kept.append(c)
            kept_ids.add(id(c))
            continue
        owners = titles.get(named[0].tokens[-1], set())
        if len(owners) == 1:
            target = clusters[next(iter(owners))]
            target.mentions.extend(
                Mention(m.start, m.end, m.text, "TITLE", m.tokens, m.head) for m in c.mentions if m.label != "PRON"
            )
    if not titles:
        return kept
    covered = sorted((m.start, m.end) for c in kept for m in c.mentions)
    for i in arrays.where("lower", set(titles), pos=("NOUN", "PROPN")):
        token = doc[i]
        owners = titles[token.lower_]
        if len(owners) != 1 or i == 0 or doc[i - 1].lower_ != "the":
            continue
        if i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN":
            continue  # "the mayor Olav Sund": the name is the mention
        target = clusters[next(iter(owners))]
        if id(target) not in kept_ids or token.idx < target.first:
            continue
        j = bisect.bisect_right(covered, (token.idx, len(text))) - 1
        if j >= 0 and covered[j][1] > token.idx:
            continue
        target.mentions.append(Mention(token.idx, token.idx + len(token), token.text, "TITLE", [token.lower_], token))
    for c in kept:
        c.mentions.sort(key=lambda m: m.start)
    return kept


def gazetteer_places(doc: Doc, text: str, clusters: list[Cluster], arrays: DocArrays) -> list[Cluster]:
    """Proper-noun runs the tagger left untagged that the gazetteer knows as places ("BELGRADE"
    in a dateline, "Dhaka"), or that are sides in a results table ("Wigan 4 3 1 0 9 4 10", a
    team): each joins the place actor of its name, or starts one. Runs already
    covered by a mention (a surname, a longer name) are left alone. Returns the clusters."""
    places = nm.places()
    if not places:
        return clusters
    covered = sorted((m.start, m.end) for c in clusters for m in c.mentions)
    starts = [a for a, _ in covered]

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_right(starts, b - 1) - 1
        return not (i >= 0 and covered[i][1] > a)

    by_key = {c.named()[0].key: c for c in clusters if c.type in {"place", "organization"} and c.named()}
    picks = np.nonzero(arrays.pos_mask(("PROPN",)))[0].tolist()
    out = list(clusters)
    run: list[Token] = []
    for i in [*picks, -1]:
        token = doc[i] if i >= 0 else None
        if token is not None and run and i == run[-1].i + 1 and "\n" not in text[run[-1].idx : token.idx]:
            run.append(token)
            continue
        if run and len(run) <= 4 and run[0].text[:1].isupper():
            a, b = run[0].idx, run[-1].idx + len(run[-1])
            m = Mention(a, b, text[a:b], "GAZ", nm.name_tokens(text[a:b]), run[-1])
            candidate = bool(
                m.tokens
                and not any(t.ent_type_ for t in run)  # "March" is a DATE here, not the town
                and free(a, b)
                and (run[0].i == 0 or doc[run[0].i - 1].lower_ not in lx.TITLES)
            )
            if candidate:
                m.team = is_team(m, text)
            if candidate and (m.team or nm.fold(text[a:b]) in places):
                cluster = by_key.get(m.key)
                if cluster is None:
                    cluster = by_key[m.key] = Cluster(type="organization" if m.team else "place")
                    out.append(cluster)
                cluster.mentions.append(m)
        run = [token] if token is not None else []
    for c in out:
        c.mentions.sort(key=lambda m: m.start)
    return out


def _is_subject(token: Token | None) -> bool:
    if token is None:
        return False
    while token.dep_ in {"compound", "flat", "appos", "poss"} and token.head is not token:
        if token.dep_ == "poss":
            return False
        token = token.head
    return token.dep_ in {"nsubj", "nsubjpass"}


def resolve_pronouns(doc: Doc, clusters: list[Cluster], arrays: DocArrays) -> None:
    """Attach he/him/his/she/her to a person actor where resolution is reliable: the only
    gender-compatible person named in this sentence or the two before, or else the most recent
    such person named as a subject; nothing otherwise."""
    persons = [
        (m.head.i, m, c) for c in clusters if c.type == "person" for m in c.named() if m.head is not None
    ]
    if not persons:
        return
    persons.sort(key=lambda x: x[0])
    positions = [p[0] for p in persons]
    sent_id = arrays.sent_id
    for i in arrays.where("lower", lx.PERSON_PRONOUNS, pos=("PRON",)):
        token = doc[i]
        low = token.lower_
        gender = "m" if low in lx.MALE_PRONOUNS else "f"
        here = sent_id[i]
        j = bisect.bisect_left(positions, i)
        window = []
        for at, m, c in reversed(persons[max(0, j - 30) : j]):
            if sent_id[at] < here - PRONOUN_REACH:
                break
            if c.gender not in (None, gender):
                continue
            window.append((at, m, c))
        if not window:
            continue
        if low in {"himself", "herself"} or len({id(c) for _, _, c in window}) == 1:
            chosen = window[0][2]
        elif token.dep_ in {"nsubj", "nsubjpass"} or (token.dep_ == "poss" and _is_subject(token.head)):
            # several candidates: a subject pronoun continues the last subject
            subjects = [c for _, m, c in window if _is_subject(m.head)]
            if not subjects:
                continue
            chosen = subjects[0]
        else:
            continue
        chosen.mentions.append(Mention(token.idx, token.idx + len(token), token.text, "PRON", [low], token))
    for c in clusters:
        c.mentions.sort(key=lambda m: m.start)


# --- Salience and sentiment ----------------------------------------------------------------


def sentiment(doc: Doc, polarity: np.ndarray, cluster: Cluster, window: int = 8) -> float:
    """How the text treats the actor: polarity words near each mention (within its sentence,
    eight tokens either side), weighted by closeness, summed per mention, pooled over mentions
    (divided by the square root of their number) and squashed to [-1, 1] with tanh.

    Limits, plainly: a hand-written lexicon of ~300 words, no parse of who a word is about
    ("Putin's victims" reads as negative for Putin, and so does "Putin fought corruption"),
    no irony, and quoted words count as the text's own. Read it as "the company the name keeps"
    in this article, not as the author's stance; it is near 0 in neutral reporting."""
    total, n = 0.0, 0
    for m in cluster.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent = span[0].sent
        lo, hi = max(sent.start, span.start - window), min(sent.end, span.end + window)
        s = 0.0
        for k in np.nonzero(polarity[lo:hi])[0].tolist():
            k += lo
            if not (span.start <= k < span.end):
                distance = span.start - k if k < span.start else k - span.end + 1
                s += int(polarity[k]) / (1.0 + 0.25 * distance)
        total += s
        n += 1
    if not n:
        return 0.0
    return round(math.tanh(total / math.sqrt(n) / 2.0), 4)


def salience(starts: list[int], most: int, length: int, title_end: int) -> float:
    """From the mention count (against the most mentioned actor's), how early the first mention
    comes and whether the title names the actor; `starts` are the mentions' offsets."""
    first = min(starts) / max(1, length)
    in_title = any(start < title_end for start in starts)
    value = 0.65 * len(starts) / max(1, most) + 0.25 * (1.0 - first) + 0.10 * in_title
    return round(min(1.0, max(0.0, value)), 4)


def pooled_sentiment(parts: list[tuple[float, int]]) -> float:
    """The sentiment of one actor from its (sentiment, mention count) in several pieces of a
    text: each piece's pooled sum recovered from its tanh and pooled again over all mentions."""
    total = sum(math.atanh(max(-0.9999, min(0.9999, s))) * 2.0 * math.sqrt(n) for s, n in parts)
    count = sum(n for _, n in parts)
    return round(math.tanh(total / math.sqrt(count) / 2.0), 4) if count else 0.0


# --- Analyzer ------------------------------------------------------------------------------


def build_clusters(context: Context) -> list[Cluster]:
    text, doc = context.article.text, context.doc
    mentions = _entity_mentions(context)
    forced = _paren_aliases(text, doc, mentions)
    mentions += [alias for _, alias in forced]
    arrays = context.arrays
    mentions += _institution_mentions(doc, text, arrays)
    mentions += _known_org_mentions(doc, text, arrays)
    mentions = _dedupe(_complete(text, doc, mentions))
    for m in mentions:
        m.team = is_team(m, text)
    kept = {id(m) for m in mentions}
    forced = [(a, b) for a, b in forced if id(a) in kept and id(b) in kept]
    clusters = _cluster(mentions, forced, text)
    _recover(doc, text, clusters, arrays)
    clusters = gazetteer_places(doc, text, clusters, arrays)
    clusters = attach_titles(doc, text, clusters, arrays)
    resolve_pronouns(doc, clusters, arrays)
    for c in clusters:
        c.name = _name(c)
    return clusters


@register
class Actors:
    name = "actors"
    version = "1.0.0"
    layer = "actors"
    requires: tuple[str, ...] = ("entities",)
    uses: tuple[str, ...] = ("arrays", "polarity")
    model = None

    def __call__(self, context: Context) -> list[Actor]:
        text, doc = context.article.text, context.doc
        clusters = build_clusters(context)
        if not clusters:
            return []
        polarity = context.polarity
        titles = context.article.blocks_of("title")
        title_end = titles[0].end if titles else 0
        most = max(len(c.mentions) for c in clusters)
        used: Counter = Counter()
        actors = []
        for c in sorted(clusters, key=lambda c: c.first):
            base = nm.slug(c.name)
            used[base] += 1
            ident = base if used[base] == 1 else f"{base}-{used[base]}"
            seen = {c.name.lower()}
            aliases = []
            for m in c.named():
                form = " ".join(m.text.split())
                if form.lower() not in seen:
                    seen.add(form.lower())
                    aliases.append(form)
            actors.append(
                Actor(
                    id=ident,
                    name=c.name,
                    type=c.type,
                    aliases=aliases,
                    mentions=[Span(start=m.start, end=m.end, text=text[m.start : m.end]) for m in c.mentions],
                    salience=salience([m.start for m in c.mentions], most, len(text), title_end),
                    sentiment=sentiment(doc, polarity, c),
                )
            )
        return actors

    def merge(self, parts: list[list[Actor]], article: Article) -> list[Actor]:
        """The actors of a text analysed in pieces: those of one type that share a name or an
        alias are one actor, named as its most mentioned part names it, salience taken over the
        whole text and sentiment pooled over all mentions."""
        actors = [a for part in parts for a in part]
        groups = UnionFind()
        seen: dict[tuple[str, str], int] = {}
        for i, actor in enumerate(actors):
            for form in (actor.name, *actor.aliases):
                key = (actor.type, form.lower())
                groups.union(seen.setdefault(key, i), i)
        members: dict[int, list[Actor]] = defaultdict(list)
        for i, actor in enumerate(actors):
            members[groups.find(i)].append(actor)
        titles = article.blocks_of("title")
        title_end = titles[0].end if titles else 0
        most = max((sum(len(a.mentions) for a in group) for group in members.values()), default=0)
        used: Counter = Counter()
        merged = []
        for group in sorted(members.values(), key=lambda g: min(m.start for a in g for m in a.mentions)):
            named = max(group, key=lambda a: len(a.mentions))
            mentions = sorted((m for a in group for m in a.mentions), key=lambda m: (m.start, m.end))
            base = nm.slug(named.name)
            used[base] += 1
            forms = {named.name.lower()}
            aliases = []
            for form in (f for a in group for f in (a.name, *a.aliases)):
                if form.lower() not in forms:
                    forms.add(form.lower())
                    aliases.append(form)
            merged.append(
                named.model_copy(
                    update={
                        "id": base if used[base] == 1 else f"{base}-{used[base]}",
                        "aliases": aliases,
                        "mentions": mentions,
                        "salience": salience([m.start for m in mentions], most, len(article.text), title_end),
                        "sentiment": pooled_sentiment([(a.sentiment, len(a.mentions)) for a in group]),
                    }
                )
            )
        return merged
