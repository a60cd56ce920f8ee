"""`tsv`: technique spans in the SemEval/PTC format, ``id<TAB>technique<TAB>start<TAB>end``.

Offsets are mapped back to the raw input (PTC scores against the file as stored on disk), so
normalisation never shifts a span (a UTF-8 byte-order mark counts as one character: loading keeps
it in the raw text, as `glasnost.techniques.ptc_format` reads files). The line format and the
file-name rule are the ones `ptc_format` reads and writes, so `analyze -f tsv` and
`glasnost spans` give the same offsets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from glasnost.analysis import Analysis, ArticleInfo
from glasnost.article import Article
from glasnost.techniques.ptc_format import Span, article_id_from_path, format_span

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
    spans = []
    for technique in analysis.techniques:
        start, end = analysis.raw_span(technique.start, technique.end)
        spans.append(Span(article_id, start, end, technique.technique))
    return sorted(spans, key=lambda s: (s.start, s.end, s.technique or ""))


def render_tsv(analyses: Sequence[Analysis]) -> str:
    return "".join(format_span(span) + "\n" for a in analyses for span in technique_spans(a))
