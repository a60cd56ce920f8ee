"""Relations between actors: conflict, support, or plain co-mention, each with evidence sentences.

Typed relations come from the parse of one sentence:
- a conflict or support verb with one actor as its agent (subject, or "by" agent of a passive)
  and another as its patient (object, the owner of the object "trashing Prigozhin's
  achievements", or the object of against/on/at, and of "with" after a symmetric verb:
  "Shoigu clashed with Prigozhin", not "Biden campaigned with Clinton"; a place is never the
  target of a preposition); symmetric verbs also relate coordinated subjects ("A and B clashed");
- a naming verb (call, describe, label, brand) whose object is an actor and whose complement is
  polar ("calling him an incompetent meat grinder");
- a relation noun tying two actors ("Putin's ally Prigozhin", "X, a critic of Y").
Negated triggers are skipped. Evidence from both directions of one pair merges into one relation
per pair and kind; `source` is the actor that was agent most often. Actors named in the same
sentence with no typed relation there are a co-mention. A relation's score is
1 - prod(1 - s_i) over its evidence, s_i the strength of each pattern.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict

from spacy.tokens import Doc, Token

from glasnost.analysis import Actor, Relation, Sentence, Span
from glasnost.article import Article
from glasnost.attribution import lexicon as lx
from glasnost.attribution.extract import subject_of
from glasnost.attribution.tokens import DocArrays
from glasnost.context import Context
from glasnost.registry import register

VERB_STRENGTH = 0.75
NAMING_STRENGTH = 0.6
NOUN_STRENGTH = 0.65
COMENTION_STRENGTH = 0.25
PATIENT_PREPS = frozenset({"with", "against", "on", "at", "upon"})
NAMING_VERBS = frozenset({"call", "describe", "label", "brand", "dub", "deem", "portray", "characterize"})


class TokenActors:
    """Actor ids by token index, from the actors layer's mention spans."""

    def __init__(self, doc: Doc, actors: list[Actor]):
        self.by_token: dict[int, str] = {}
        self.types = {a.id: a.type for a in actors}
        for actor in actors:
            for m in actor.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None:
                    for t in span:
                        self.by_token.setdefault(t.i, actor.id)

    def of(self, token: Token | None) -> list[str]:
        """Actors a noun phrase headed by `token` names: the head's own actor, else a name inside
        its compounds, plus coordinated phrases ("Putin and Shoigu")."""
        if token is None:
            return []
        out: list[str] = []
        stack = [token]
        seen = set()
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            ident = self.by_token.get(t.i)
            if ident is None:
                for child in t.children:
                    if child.dep_ in {"compound", "flat", "appos"} and child.i in self.by_token:
                        ident = self.by_token[child.i]
                        break
            if ident is not None and ident not in out:
                out.append(ident)
            for c in t.children:
                if c.dep_ in {"conj", "appos"}:
                    stack.append(c)
                elif c.dep_ == "prep" and _is_example_prep(c):
                    # "leaders such as Igor Strelkov", "rivals like Shoigu", "groups including Wagner"
                    stack.extend(g for g in c.children if g.dep_ == "pobj")
        return out

    def prefer_non_places(self, ids: list[str]) -> list[str]:
        """A place next to a person in one noun phrase is a dateline or an address ("New York
        (AFP) - Vice President Joe Biden ..."), not a second agent."""
        others = [a for a in ids if self.types.get(a) != "place"]
        return others if others else ids

    def owners(self, token: Token | None) -> list[str]:
        """Actors that own a noun phrase: "Prigozhin's achievements" -> Prigozhin."""
        if token is None:
            return []
        out: list[str] = []
        for child in token.children:
            if child.dep_ == "poss":
                out.extend(self.of(child))
            elif child.dep_ == "prep" and child.lower_ == "of":
                for g in child.children:
                    if g.dep_ == "pobj":
                        out.extend(self.of(g))
        return out


def _is_example_prep(prep: Token) -> bool:
    low = prep.lower_
    if low in {"like", "including"}:
        return True
    return low == "as" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such"


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _patients(verb: Token, index: TokenActors) -> list[str]:
    out: list[str] = []
    for child in verb.children:
        if child.dep_ in {"dobj", "dative"}:
            named = index.of(child)
            out.extend(named or index.owners(child))
        elif child.dep_ == "prep" and child.lower_ in PATIENT_PREPS:
            # "clashed with X" but not "campaigned with X"; "at X" and "on X" are often places
            if child.lower_ == "with" and verb.lemma_.lower() not in lx.SYMMETRIC_VERBS:
                continue
            for g in child.children:
                if g.dep_ == "pobj":
                    named = [a for a in index.of(g) if index.types.get(a) != "place"]
                    out.extend(named or index.owners(g))
        elif child.dep_ == "nsubjpass":
            out.extend(index.of(child))
    return out


def _agents(verb: Token, index: TokenActors) -> list[str]:
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        for c in verb.children:
            if c.dep_ == "agent":
                return [a for g in c.children if g.dep_ == "pobj" for a in index.of(g)]
        return []
    return index.of(subject_of(verb))


def _complement_polarity(verb: Token, polarity: list[int]) -> int:
    total = 0
    for child in verb.children:
        if child.dep_ in {"oprd", "xcomp", "ccomp", "acomp", "attr"} or (
            child.dep_ == "dobj" and child.i > verb.i
        ):
            total += sum(polarity[t.i] for t in child.subtree)
    return total


VERB_TRIGGERS = lx.CONFLICT_VERBS | lx.SUPPORT_VERBS | NAMING_VERBS
NOUN_TRIGGERS = lx.CONFLICT_NOUNS | lx.SUPPORT_NOUNS


def find_typed(
    doc: Doc, index: TokenActors, polarity, arrays: DocArrays
) -> list[tuple[str, str, str, int, float]]:
    """(agent, patient, kind, token index of the trigger, strength) per finding."""
    found: list[tuple[str, str, str, int, float]] = []
    picks = sorted(
        arrays.where("lemma", VERB_TRIGGERS, pos=("VERB",))
        + arrays.where("lemma", NOUN_TRIGGERS, pos=("NOUN",))
    )
    for i in picks:
        token = doc[i]
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            kind = (
                "conflict" if lemma in lx.CONFLICT_VERBS else "support" if lemma in lx.SUPPORT_VERBS else None
            )
            if kind is None and lemma in NAMING_VERBS:
                p = _complement_polarity(token, polarity)
                kind = "conflict" if p < 0 else "support" if p > 0 else None
                strength = NAMING_STRENGTH
            else:
                strength = VERB_STRENGTH
            if kind is None or _negated(token):
                continue
            agents = index.prefer_non_places(_agents(token, index))
            patients = index.prefer_non_places(_patients(token, index))
            for a in agents:
                for b in patients:
                    if a != b:
                        found.append((a, b, kind, token.i, strength))
            if lemma in lx.SYMMETRIC_VERBS and len(agents) > 1:
                for n, a in enumerate(agents):
                    for b in agents[n + 1 :]:
                        found.append((a, b, kind, token.i, strength))
        elif token.pos_ == "NOUN" and (lemma in lx.CONFLICT_NOUNS or lemma in lx.SUPPORT_NOUNS):
            kind = "conflict" if lemma in lx.CONFLICT_NOUNS else "support"
            owners = index.owners(token)
            if not owners:
                continue
            # the actor the noun describes: "Putin's ally Prigozhin", "Prigozhin, Putin's ally",
            # "Prigozhin is Putin's ally"
            described: list[str] = []
            if token.dep_ in {"appos", "compound"}:
                described = index.of(token.head)
            elif token.dep_ == "attr":
                described = [a for c in token.head.children if c.dep_ == "nsubj" for a in index.of(c)]
            for child in token.children:
                if child.dep_ in {"appos", "flat"} or (child.dep_ == "compound" and child.i > token.i):
                    described.extend(index.of(child))
            nxt = token.nbor(1) if token.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ == "PROPN":
                described.extend(index.of(nxt))
            for a in owners:
                for b in described:
                    if a != b:
                        found.append((b, a, kind, token.i, NOUN_STRENGTH))
    return found


def _combine(strengths: list[float]) -> float:
    p = 1.0
    for s in strengths:
        p *= 1.0 - s
    return round(1.0 - p, 4)


@register
class Relations:
    name = "relations"
    version = "1.0.0"
    layer = "relations"
    requires: tuple[str, ...] = ("actors", "sentences")
    uses: tuple[str, ...] = ("arrays", "polarity")
    model = None

    def __call__(self, context: Context) -> list[Relation]:
        doc = context.doc
        actors = context.analysis.actors
        if len(actors) < 2:
            return []
        sentences: list[Sentence] = context.analysis.sentences
        starts = [s.start for s in sentences]

        def sentence_of(char: int) -> int | None:
            i = bisect.bisect_right(starts, char) - 1
            return i if i >= 0 and char < sentences[i].end else None

        index = TokenActors(doc, actors)
        polarity = context.polarity
        typed: dict[tuple[frozenset, str], dict] = {}
        typed_sentences: set[tuple[frozenset, int]] = set()
        for agent, patient, kind, at, strength in find_typed(doc, index, polarity, context.arrays):
            s = sentence_of(doc[at].idx)
            if s is None:
                continue
            pair = frozenset((agent, patient))
            entry = typed.setdefault((pair, kind), {"agents": Counter(), "evidence": {}, "order": len(typed)})
            entry["agents"][agent] += 1
            if s not in entry["evidence"]:
                entry["evidence"][s] = strength
            typed_sentences.add((pair, s))

        relations: list[Relation] = []
        for (pair, kind), entry in sorted(typed.items(), key=lambda kv: kv[1]["order"]):
            agent = entry["agents"].most_common(1)[0][0]
            other = next(iter(pair - {agent}))
            evidence = [self._sentence_span(sentences[s]) for s in sorted(entry["evidence"])]
            relations.append(
                Relation(
                    source=agent,
                    target=other,
                    kind=kind,
                    evidence=evidence,
                    score=_combine(list(entry["evidence"].values())),
                )
            )

        # co-mentions: actors named in one sentence with nothing typed between them there
        order = {a.id: n for n, a in enumerate(actors)}
        per_sentence: dict[int, set[str]] = defaultdict(set)
        for actor in actors:
            for m in actor.mentions:
                s = sentence_of(m.start)
                if s is not None:
                    per_sentence[s].add(actor.id)
        co: dict[frozenset, list[int]] = defaultdict(list)
        for s, present in per_sentence.items():
            ids = sorted(present, key=order.get)
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    pair = frozenset((a, b))
                    if (pair, s) not in typed_sentences:
                        co[pair].append(s)
        typed_pairs = {pair for pair, _ in typed}
        for pair, sents in sorted(co.items(), key=lambda kv: (min(kv[1]), sorted(kv[0], key=order.get))):
            if pair in typed_pairs:
                continue
            a, b = sorted(pair, key=order.get)
            relations.append(
                Relation(
                    source=a,
                    target=b,
                    kind="co-mention",
                    evidence=[self._sentence_span(sentences[s]) for s in sorted(sents)],
                    score=_combine([COMENTION_STRENGTH] * len(sents)),
                )
            )
        return relations

    def merge(self, parts: list[list[Relation]], article: Article) -> list[Relation]:
        """The relations of a text analysed in pieces (actor ids already merged): evidence for one
        pair and kind joins into one relation, scored over all of it; a pair related by a typed
        relation anywhere is no co-mention."""
        joined: dict[tuple[frozenset, str], Relation] = {}
        for relation in (r for part in parts for r in part):
            if relation.source == relation.target:
                continue  # two actors of one piece that the merge found to be one
            key = (frozenset((relation.source, relation.target)), relation.kind)
            earlier = joined.get(key)
            joined[key] = relation if earlier is None else earlier.model_copy(
                update={
                    "evidence": earlier.evidence + relation.evidence,
                    "score": _combine([earlier.score, relation.score]),
                }
            )
        typed = {pair for pair, kind in joined if kind != "co-mention"}
        return [r for (pair, kind), r in joined.items() if kind != "co-mention"] + [
            r for (pair, kind), r in joined.items() if kind == "co-mention" and pair not in typed
        ]

    @staticmethod
    def _sentence_span(sentence: Sentence) -> Span:
        return Span(start=sentence.start, end=sentence.end, text=sentence.text)
