"""Reading and writing span files in the PTC / SemEval tab-separated format.

Labelled lines are ``id<TAB>technique<TAB>start<TAB>end``; span-only lines are either
``id<TAB>?<TAB>start<TAB>end`` (a TC template) or ``id<TAB>start<TAB>end`` (SI). Offsets are
character offsets into the article file exactly as stored on disk (read with ``newline=""`` so a
``\\r\\n`` counts as two characters), start inclusive, end exclusive.

Paragraph lines (SemEval-2023 Task 3 subtask 3) are ``id<TAB>line<TAB>tech1,tech2``: the line
number of a paragraph in the article file, from 1, and its techniques (the column empty for none).
Four ptc14 class names hold the separator themselves (``Name_Calling,Labeling``); they are written
as they are and read back whole.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from glasnost.errors import Errors, InputError
from glasnost.ingest.decode import decode
from glasnost.techniques.inventory import PTC14_NAMES

_ARTICLE_NAME = re.compile(r"^article(.+)\.txt$")
_OFFSET = re.compile(r"\s*-?[0-9]+\s*")
_NAMES_WITH_COMMAS = frozenset(name for name in PTC14_NAMES if "," in name)


@dataclass(frozen=True)
class Span:
    article_id: str
    start: int
    end: int
    technique: str | None = None  # None for SI spans and '?' template lines

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(Errors.E136.format(start=self.start, end=self.end, article=self.article_id))

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
    """The article text with offsets exactly as on disk (no newline translation).

    Decoded as `glasnost analyze` decodes a file (UTF-8, else the legacy code page it reads as;
    binary files refused), so the two commands read the same text. A UTF-8 byte-order mark stays
    as its character U+FEFF: a UTF-8 reader keeps it, and the published PTC offsets count it.
    Raises InputError naming the file when it cannot be read as text.
    """
    try:
        return decode(Path(path).read_bytes(), keep_bom=True)
    except InputError as error:
        raise InputError(Errors.E017.format(path=path, reason=error)) from None


def read_articles(folder: str | os.PathLike[str]) -> dict[str, str]:
    """All ``*.txt`` files of ``folder`` keyed by article id; two files with one id
    (``article7.txt`` and ``7.txt``) are refused, since their spans could not be told apart."""
    out: dict[str, str] = {}
    seen: dict[str, Path] = {}
    for path in sorted(Path(folder).glob("*.txt")):
        article_id = article_id_from_path(path)
        if article_id in seen:
            raise InputError(Errors.E086.format(first=seen[article_id].name, second=path.name, id=article_id))
        seen[article_id] = path
        out[article_id] = read_article(path)
    return out


def parse_line(line: str, lineno: int = 0, source: str = "") -> Span | None:
    """One span from one line; None for a blank line.

    Raises InputError naming `source` and `lineno` on a malformed line (wrong columns, offsets
    that are not whole numbers, a negative or reversed span), so a bad file is one line of error
    that points at the line to fix.
    """
    line = line.rstrip("\r\n")
    if not line.strip():
        return None
    cols = line.split("\t")
    if len(cols) not in (3, 4):
        raise InputError(Errors.E044.format(path=source, line=lineno, found=_shown(line)))
    if not (_OFFSET.fullmatch(cols[-2]) and _OFFSET.fullmatch(cols[-1])):
        raise InputError(Errors.E045.format(path=source, line=lineno, found=_shown(line)))
    start, end = int(cols[-2]), int(cols[-1])
    if start < 0:
        raise InputError(Errors.E046.format(path=source, line=lineno, found=_shown(line)))
    if end < start:
        raise InputError(Errors.E047.format(path=source, line=lineno, start=start, end=end))
    technique = cols[1].strip() if len(cols) == 4 else ""
    return Span(cols[0].strip(), start, end, None if technique in ("?", "") else technique)


def read_span_lines(path: str | os.PathLike[str]) -> list[tuple[int, Span]]:
    """Every span of a labels file with its line number, so later checks can point at the line.

    A UTF-8 byte-order mark is dropped (editors on Windows add one); a line that is not UTF-8 is
    an InputError naming it.
    """
    out: list[tuple[int, Span]] = []
    for lineno, line in _text_lines(path):
        span = parse_line(line, lineno, str(path))
        if span is not None:
            out.append((lineno, span))
    return out


def _text_lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, str]]:
    """(line number from 1, line) of a labels file, decoded line by line so that a line that is
    not UTF-8 is an InputError naming it; a UTF-8 byte-order mark is dropped (editors on Windows
    add one)."""
    data = Path(path).read_bytes().removeprefix(codecs.BOM_UTF8)
    for lineno, raw in enumerate(data.splitlines(), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(Errors.E064.format(path=path, line=lineno)) from None
        yield lineno, line


def read_spans(path: str | os.PathLike[str]) -> list[Span]:
    """Spans of one labels file (3- or 4-column lines)."""
    return [span for _, span in read_span_lines(path)]


def read_spans_many(paths: Iterable[str | os.PathLike[str]]) -> list[Span]:
    out: list[Span] = []
    for path in paths:
        out.extend(read_spans(path))
    return out


def read_paragraph_labels(path: str | os.PathLike[str]) -> dict[tuple[str, int], set[str]]:
    """The techniques of each paragraph of a subtask-3 labels file, by (article id, line number).

    Read as span files are (byte-order mark dropped, a line that is not UTF-8 refused); a
    malformed line is refused with the file and line, as a scorer must not guess. A paragraph
    listed twice gets the techniques of both lines.
    """
    out: dict[tuple[str, int], set[str]] = {}
    for lineno, line in _text_lines(path):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) not in (2, 3):
            raise InputError(Errors.E083.format(path=path, line=lineno, found=_shown(line)))
        number = cols[1].strip()
        if not re.fullmatch("[0-9]+", number) or int(number) < 1:
            raise InputError(Errors.E084.format(path=path, line=lineno, found=_shown(line)))
        names = split_techniques(cols[2]) if len(cols) == 3 else set()
        out.setdefault((cols[0].strip(), int(number)), set()).update(names)
    return out


def split_techniques(column: str) -> set[str]:
    """The techniques of a paragraph line's last column. Pieces that together make a ptc14 name
    holding commas ("Name_Calling", "Labeling") are read as that one name; no SemEval-2023 name
    holds a comma, so this never joins two of them."""
    pieces = [piece.strip() for piece in column.split(",")]
    names: set[str] = set()
    i = 0
    while i < len(pieces):
        size = next((n for n in (3, 2) if ",".join(pieces[i : i + n]) in _NAMES_WITH_COMMAS), 1)
        names.add(",".join(pieces[i : i + size]))
        i += size
    return names - {""}


def format_paragraph(article_id: str, line: int, techniques: Iterable[str]) -> str:
    """One subtask-3 line; techniques sorted, so the same prediction always reads the same."""
    return f"{article_id}\t{line}\t{','.join(sorted(techniques))}"


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


def _shown(line: str) -> str:
    """A line as an error message quotes it: escaped, so it stays on one line, and cut short."""
    return repr(line if len(line) <= 80 else line[:77] + "...")


def _sort_key(span: Span) -> tuple[str, int, int, str]:
    return (span.article_id, span.start, span.end, span.technique or "")
