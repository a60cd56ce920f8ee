"""Which language an article is in, and the English check (E004).

py3langid gives a calibrated probability; on short or name-heavy English ("Belgorod enigma") it is
often unsure or wrong, so a text is refused only when it has enough letters, py3langid is
confident it is another language, and English function words are rare in it. A text that is not
refused but could not be placed confidently gets `language=None`.
"""

from __future__ import annotations

import functools
import re

from glasnost.errors import Errors, InputError

MIN_LETTERS = 40  # below this, never refuse
CONFIDENT = 0.9
SAMPLE_CHARS = 20000
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH_FUNCTION_WORDS = frozenset(
    """the a an of to in and or but is are was were be been has have had it its this that these
    those with for on at by from as not he she they we you i his her their our who which what
    will would can could should said""".split()
)


@functools.cache
def _identifier():  # loads the model once, on first use
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def english_share(text: str) -> float:
    """Share of words that are common English function words (about 0.4 in English prose)."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)


def identify(text: str) -> tuple[str | None, bool]:
    """(ISO 639-1 code or None, whether the text is confidently not English)."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(c.isalpha() for c in sample)
    if letters == 0:
        return None, False
    language, probability = _identifier().classify(sample)
    share = english_share(sample)
    if language == "en" or share >= 0.2:
        return "en", False
    foreign = letters >= MIN_LETTERS and probability >= CONFIDENT and share < 0.1
    return (language if probability >= 0.5 else None), foreign


def check_language(text: str, require_english: bool) -> str | None:
    """The article's language; InputError E004 when English is required and this is confidently
    something else."""
    language, foreign = identify(text)
    if require_english and foreign:
        raise InputError(Errors.E004.format(language=language))
    return language
