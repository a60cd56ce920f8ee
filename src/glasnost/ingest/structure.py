"""Title, byline, headings and paragraphs of a normalized text.

After `repair`, every paragraph is one line, and every non-empty line becomes exactly one block
that covers it without surrounding whitespace. The title, byline and headings stay in the text
(offsets must match the file); blocks only mark them.

- byline: one of the first four lines reading "By Jane Doe", "By: *Jane Doe, Agency*",
  "By A, B and C", "Written by ..."; authors are the names, affiliations and dates dropped;
- title: the first line (or the line right after a leading byline) when it is a markdown heading,
  equals the title the metadata gave, or (plain text only) is short, starts with a capital and has
  no final full stop;
- headings: markdown headings and bold-only lines, and short standalone lines (at most 12 words)
  with no terminal full stop, or a single short question used as a section header ("Should they
  be worried?"); a run of three or more such lines is a list, not headings, and a heading is
  never the last line;
- everything else is a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from glasnost.article import Block, BlockKind
from glasnost.ingest.byline import parse_byline
from glasnost.ingest.repair import CLOSERS, OPENERS, line_spans, marked_line
from glasnost.offsets import OffsetMap

_MONTHS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\b\d{4}-\d{2}-\d{2}\b", re.I
)
MAX_HEADING_WORDS = 12
MAX_TITLE_WORDS = 25


@dataclass(frozen=True)
class Structure:
    blocks: list[Block]  # one per non-empty line
    title: str | None = None
    authors: list[str] = field(default_factory=list)


def detect(
    text: str,
    offsets: OffsetMap | None = None,
    raw: str | None = None,
    *,
    known_title: str | None = None,
    guess_title: bool = True,
) -> Structure:
    """Blocks of `text`; `raw` and `offsets` let markdown markers the repair dropped count.

    `known_title` (from HTML or feed metadata) marks the first line as the title only when they
    match; `guess_title=False` turns the short-first-line rule off (extracted HTML, whose title
    lives in metadata).
    """
    lines = line_spans(text)
    n = len(lines)
    texts = [text[s:e] for s, e in lines]
    marks = [marked_line(raw, offsets, s) if raw is not None and offsets is not None else None for s, _ in lines]
    kinds: list[BlockKind] = ["paragraph"] * n
    authors: list[str] = []

    for i in range(min(4, n)):
        found = parse_byline(texts[i]) if marks[i] != "item" else None
        if found:
            kinds[i], authors = "byline", found
            break

    title: str | None = None
    first = 1 if kinds[0:1] == ["byline"] else 0
    if n > first + 1 and kinds[first] == "paragraph" and marks[first] != "item":
        line = texts[first]
        if known_title is not None:
            is_title = _same_title(line, known_title)
        else:
            is_title = marks[first] == "heading" or (guess_title and _title_like(line))
        if is_title:
            kinds[first], title = "title", line

    candidates = [False] * n
    for i in range(n):
        if kinds[i] != "paragraph" or marks[i] == "item":
            continue
        if marks[i] == "heading" and len(texts[i].split()) <= 30:
            kinds[i] = "heading"
        elif i < n - 1 and _heading_like(texts[i]):
            candidates[i] = True
    i = 0
    while i < n:
        j = i
        while j < n and candidates[j]:
            j += 1
        if 0 < j - i < 3:
            for k in range(i, j):
                kinds[k] = "heading"
        i = max(j, i + 1)

    blocks = [Block(kind, s, e) for kind, (s, e) in zip(kinds, lines)]
    return Structure(blocks=blocks, title=title if known_title is None else known_title, authors=authors)


def _title_like(line: str) -> bool:
    if len(line.split()) > MAX_TITLE_WORDS or len(line) > 200:
        return False
    head = line.lstrip(OPENERS)[:1]
    tail = line.rstrip(CLOSERS)[-1:]
    return (head.isupper() or head.isdigit()) and tail not in {".", ",", ";", ":", ""}


def _heading_like(line: str) -> bool:
    words = line.split()
    if len(words) > MAX_HEADING_WORDS or len(line) > 100:
        return False
    head = line.lstrip(OPENERS)[:1]
    if not (head.isupper() or head.isdigit()):
        return False
    if len(words) <= 6 and any(c.isdigit() for c in line) and _MONTHS.search(line):
        return False  # a dateline
    tail = line.rstrip(CLOSERS)[-1:]
    if tail == "?":
        return not re.search(r"[.!?]\s", line[:-1])  # one question, not a paragraph of them
    return tail.isalnum() or tail == "%"


def _normal(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def _same_title(line: str, title: str) -> bool:
    a, b = _normal(line), _normal(title)
    return bool(a) and (a == b or (len(a) >= 10 and b.startswith(a)))
