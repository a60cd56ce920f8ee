"""Reading and writing span files in the PTC / SemEval tab-separated format.

Labelled lines are ``id<TAB>technique<TAB>start<TAB>end``; span-only lines are either
``id<TAB>?<TAB>start<TAB>end`` (a TC template) or ``id<TAB>start<TAB>end`` (SI). Offsets are
character offsets into the article file exactly as stored on disk (read with ``newline=""`` so a
``\\r\\n`` counts as two characters), start inclusive, end exclusive.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_ARTICLE_NAME = re.compile(r"^article(.+)\.txt$")


@dataclass(frozen=True)
class Span:
    article_id: str
    start: int
    end: int
    technique: str | None = None  # None for SI spans and '?' template lines

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(
                f"bad span offsets {self.start}..{self.end} in {self.article_id}"
            )

    def __len__(self) -> int:
        return self.end - self.start

    def __lt__(self, other: Span) -> bool:
        return _sort_key(self) < _sort_key(other)


def article_id_from_path(path: str | os.PathLike[str]) -> str:
    """``article123.txt`` -> ``123``; any other file name -> its stem."""
    name = Path(path).name
    match = _ARTICLE_NAME.match(name)
    return match.group(1) if match else Path(name).stem


def read_article(path: str | os.PathLike[str]) -> str:
    """The article text with offsets exactly as on disk (no newline translation)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def read_articles(folder: str | os.PathLike[str]) -> dict[str, str]:
    """All ``*.txt`` files of ``folder`` keyed by article id."""
    out: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*.txt")):
        out[article_id_from_path(path)] = read_article(path)
    return out


def parse_line(line: str, lineno: int = 0, source: str = "") -> Span | None:
    """One span from one line; None for a blank line. Raises ValueError on a malformed line."""
    line = line.rstrip("\r\n")
    if not line.strip():
        return None
    cols = line.split("\t")
    try:
        if len(cols) == 3:
            return Span(cols[0].strip(), int(cols[1]), int(cols[2]))
        if len(cols) == 4:
            technique = cols[1].strip()
            return Span(
                cols[0].strip(),
                int(cols[2]),
                int(cols[3]),
                None if technique in ("?", "") else technique,
            )
    except ValueError as error:
        raise ValueError(f"{source}:{lineno}: {error}: {line!r}") from error
    raise ValueError(
        f"{source}:{lineno}: expected 3 or 4 tab-separated columns: {line!r}"
    )


def read_spans(path: str | os.PathLike[str]) -> list[Span]:
    """Spans of one labels file (3- or 4-column lines)."""
    spans: list[Span] = []
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            span = parse_line(line, lineno, str(path))
            if span is not None:
                spans.append(span)
    return spans


def read_spans_many(paths: Iterable[str | os.PathLike[str]]) -> list[Span]:
    out: list[Span] = []
    for path in paths:
        out.extend(read_spans(path))
    return out


def format_span(span: Span, with_technique: bool = True) -> str:
    if with_technique:
        return f"{span.article_id}\t{span.technique or '?'}\t{span.start}\t{span.end}"
    return f"{span.article_id}\t{span.start}\t{span.end}"


def write_spans(
    path: str | os.PathLike[str], spans: Iterable[Span], with_technique: bool = True
) -> None:
    """Write spans, one per line, sorted by article id and offsets."""
    lines = [format_span(s, with_technique) for s in sorted(spans, key=_sort_key)]
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("".join(line + "\n" for line in lines))


def _sort_key(span: Span) -> tuple[str, int, int, str]:
    return (span.article_id, span.start, span.end, span.technique or "")
