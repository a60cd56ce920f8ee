"""`tsv`: technique spans in the SemEval/PTC format, ``id<TAB>technique<TAB>start<TAB>end``.

Offsets are mapped back to the raw input (PTC scores against the file as stored on disk), so
normalisation never shifts a span. The line format, the file-name rule and the reading of a file
(a UTF-8 byte-order mark counts as one character) are the ones `glasnost.techniques.ptc_format`
reads and writes, so `analyze -f tsv` and `glasnost spans` give the same offsets.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from glasnost.analysis import Analysis, ArticleInfo
from glasnost.article import Article
from glasnost.errors import InputError
from glasnost.techniques.ptc_format import Span, article_id_from_path, format_span, read_article

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def ptc_article_id(article: Analysis | ArticleInfo | Article) -> str:
    """The article id of a PTC line: ``article<ID>.txt`` -> ``<ID>``, any other file name -> its
    stem, taken from the article's `source` (a path or the path part of a URL); the article's own
    id where there is no usable file name."""
    if isinstance(article, Analysis):
        article = article.article
    source = article.source or ""
    if _URL.match(source):
        source = urlsplit(source).path
    name = re.split(r"[\\/]", source.rstrip("/\\"))[-1]
    found = article_id_from_path(name) if name else ""
    if not any(c.isalnum() for c in found) or any(c in found for c in "\t\r\n"):
        return article.id
    return found


def technique_spans(analysis: Analysis) -> list[Span]:
    """The analysis' technique spans as PTC spans with raw-input offsets, in file order."""
    article_id = ptc_article_id(analysis)
    shift = _byte_order_mark(analysis)
    spans = []
    for technique in analysis.techniques:
        start, end = analysis.raw_span(technique.start, technique.end)
        spans.append(Span(article_id, start + shift, end + shift, technique.technique))
    return sorted(spans, key=lambda s: (s.start, s.end, s.technique or ""))


def _byte_order_mark(analysis: Analysis) -> int:
    """1 when the article's raw input is a file that starts with a UTF-8 byte-order mark, else 0.

    Loading drops the mark, so raw offsets start after it, while PTC offsets count it (as a UTF-8
    reader, `glasnost spans` and the published gold labels do). The file must still decode to the
    raw input plus the mark, so a JSON Lines record or an HTML page naming the file never shifts.
    """
    source = analysis.article.source
    if not source or _URL.match(source):
        return 0
    path = Path(source)
    try:
        with path.open("rb") as handle:
            if handle.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
                return 0
        on_disk = read_article(path)
    except (OSError, InputError):
        return 0
    end = len(analysis.article.text)
    return int(len(on_disk) == analysis.raw_span(end, end)[1] + 1)


def render_tsv(analyses: Sequence[Analysis]) -> str:
    return "".join(format_span(span) + "\n" for a in analyses for span in technique_spans(a))
