"""Word polarity per token, from the lexicon: what actor sentiment and naming relations weigh."""

from __future__ import annotations

import numpy as np

from glasnost.attribution import lexicon as lx
from glasnost.attribution.tokens import DocArrays


def token_polarity(arrays: DocArrays) -> np.ndarray:
    """+1 / -1 / 0 per token from the lexicon, flipped after a negator in the 3 tokens before."""
    positive = arrays.mask("lower", lx.POSITIVE_WORDS) | arrays.mask("lemma", lx.POSITIVE_WORDS)
    negative = arrays.mask("lower", lx.NEGATIVE_WORDS) | arrays.mask("lemma", lx.NEGATIVE_WORDS)
    pol = positive.astype(np.int8) - (negative & ~positive).astype(np.int8)
    negator = arrays.mask("lower", lx.NEGATORS)
    flip = np.zeros(len(pol), dtype=bool)
    for k in (1, 2, 3):
        flip[k:] |= negator[:-k]
    pol[flip] *= -1
    return pol
