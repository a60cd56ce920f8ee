"""Long texts in pieces: where to cut one, the article each piece stands for, and how the layers
of its pieces join into one analysis.

spaCy refuses texts over 1,000,000 characters, and its parse, the encoder pass and several
analyzers hold memory (and some take time) in proportion to the text they see at once. So an
article longer than `Settings.piece_chars` is cut, at a paragraph break where it can be (else a
line break, a sentence end, a space), into pieces no longer than that; each piece is parsed and
analysed on its own and its layers are shifted into article offsets, so that every span still
satisfies ``text == article.text[start:end]``. An article of one piece is analysed as it always
was: nothing is cut, shifted or merged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel

from glasnost.analysis import Actor, Claim, Quote, Relation, Sentence
from glasnost.article import Article, Block
from glasnost.offsets import OffsetMap

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
T = TypeVar("T")


def cut(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces that cover `text`, none longer than `limit`."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = _boundary(text, start, start + limit)
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def _boundary(text: str, lo: int, hi: int) -> int:
    """Where a piece starting at `lo` ends, at most at `hi`: after the last paragraph break,
    else line break, else sentence end, else space in the second half of the window (so pieces
    stay large); a hard cut at `hi` when the text offers none."""
    floor = lo + (hi - lo) // 2
    for separator in ("\n\n", "\n"):
        at = text.rfind(separator, floor, hi)
        if at >= 0:
            return at + len(separator)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, hi)]
    if ends:
        return ends[-1]
    at = text.rfind(" ", floor, hi)
    return at + 1 if at >= 0 else hi


def piece_of(article: Article, start: int, end: int) -> Article:
    """The article an analyzer sees for text[start:end]: that text, with the blocks inside it
    (clipped, in piece offsets) and the article's metadata; the article itself when whole."""
    if start == 0 and end == len(article.text):
        return article
    text = article.text[start:end]
    blocks = [
        Block(kind=b.kind, start=max(b.start, start) - start, end=min(b.end, end) - start)
        for b in article.blocks
        if b.start < end and b.end > start
    ]
    return replace(article, text=text, raw=text, offsets=OffsetMap.identity(len(text)), blocks=blocks)


def shift(value: T, chars: int, sentences: int) -> T:
    """A piece's layer in article terms: every span `chars` later and every sentence index
    (`Sentence.index`, `Claim.sentence`) `sentences` later."""
    if not chars and not sentences:
        return value
    if isinstance(value, list):
        return [shift(item, chars, sentences) for item in value]  # type: ignore[return-value]
    if not isinstance(value, BaseModel):
        return value
    update: dict[str, Any] = {}
    for name in type(value).model_fields:
        field = getattr(value, name)
        if name in ("start", "end") and isinstance(field, int):
            update[name] = field + chars
        elif (name == "index" and isinstance(value, Sentence)) or (name == "sentence" and isinstance(value, Claim)):
            update[name] = field + sentences
        elif isinstance(field, (BaseModel, list)):
            update[name] = shift(field, chars, sentences)
    return value.model_copy(update=update)


def rename_actors(value: T, rename: Callable[[str], str]) -> T:
    """A layer with every actor id (actors, quote speakers, relation ends) passed through `rename`."""
    if isinstance(value, list):
        return [rename_actors(item, rename) for item in value]  # type: ignore[return-value]
    if isinstance(value, Actor):
        return value.model_copy(update={"id": rename(value.id)})  # type: ignore[return-value]
    if isinstance(value, Quote) and value.speaker is not None:
        return value.model_copy(update={"speaker": rename(value.speaker)})  # type: ignore[return-value]
    if isinstance(value, Relation):
        return value.model_copy(update={"source": rename(value.source), "target": rename(value.target)})  # type: ignore[return-value]
    return value


def actor_renames(parts: list[list[Actor]], merged: list[Actor]) -> dict[str, str]:
    """Which merged actor each piece's actor became: the one that holds its first mention."""
    owner = {(m.start, m.end): actor.id for actor in merged for m in actor.mentions}
    return {a.id: owner[a.mentions[0].start, a.mentions[0].end] for part in parts for a in part if a.mentions}
