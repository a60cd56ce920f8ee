"""Token attributes of the shared parse as numpy arrays, so that finding the few tokens a lexicon
cares about is one vectorised membership test per lexicon instead of a Python loop over every
token (creating spaCy `Token` objects is what costs time).

    arrays = DocArrays(doc)
    for i in arrays.where("lemma", lexicon.CONFLICT_VERBS, pos={"VERB"}):
        token = doc[i]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np
from spacy.attrs import LEMMA, LOWER, ORTH, POS, SENT_START
from spacy.strings import StringStore
from spacy.tokens import Doc

_STRINGS = StringStore()


@functools.lru_cache(maxsize=256)
def hashes(words: frozenset[str]) -> np.ndarray:
    """spaCy's 64-bit string hashes of `words` (the ids `Doc.to_array` returns)."""
    return np.array(sorted(_STRINGS[w] for w in words), dtype=np.uint64)


@functools.lru_cache(maxsize=32)
def pos_ids(tags: frozenset[str]) -> np.ndarray:
    from spacy.parts_of_speech import IDS

    return np.array(sorted(IDS[t] for t in tags), dtype=np.uint64)


class DocArrays:
    def __init__(self, doc: Doc):
        self.doc = doc
        self._lowercase: set[str] | None = None
        if len(doc):
            arr = doc.to_array([LOWER, LEMMA, POS, SENT_START, ORTH])
            self.lower, self.lemma, self.pos, self.orth = arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 4]
            starts = arr[:, 3].astype(np.int64) == 1
            starts[0] = True
            self.sent_id = np.cumsum(starts) - 1
        else:
            empty = np.zeros(0, dtype=np.uint64)
            self.lower = self.lemma = self.pos = self.orth = empty
            self.sent_id = np.zeros(0, dtype=np.int64)

    def lowercase_words(self) -> set[str]:
        """Words the text writes in lower case somewhere (common nouns, not names); computed once."""
        if self._lowercase is None:
            strings = self.doc.vocab.strings
            self._lowercase = {strings[h] for h in np.unique(self.lower[self.lower == self.orth]).tolist()}
        return self._lowercase

    def mask(self, field: str, words: Iterable[str]) -> np.ndarray:
        return np.isin(getattr(self, field), hashes(frozenset(words)))

    def pos_mask(self, tags: Iterable[str]) -> np.ndarray:
        return np.isin(self.pos, pos_ids(frozenset(tags)))

    def where(self, field: str, words: Iterable[str], pos: Iterable[str] | None = None) -> list[int]:
        m = self.mask(field, words)
        if pos is not None:
            m &= self.pos_mask(pos)
        return np.nonzero(m)[0].tolist()

