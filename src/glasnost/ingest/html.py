"""HTML pages: trafilatura finds the main text and the metadata (title, authors, date, site, URL).

`Article.raw` for an HTML source is the text trafilatura extracted, in its Markdown flavour
(`# heading`, `**bold**`), not the HTML: offsets point into that text, and the markers show
`structure.py` where the headings were. A page whose JSON-LD `articleBody` is much longer than
that text is read from the JSON-LD (`jsonld.py`). Feed entries carry HTML fragments, which are turned into
the same flavour of text by `fragment_text` (trafilatura wants whole pages).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from glasnost.article import Article
from glasnost.errors import Errors, InputError
from glasnost.ingest.jsonld import schema_article
from glasnost.ingest.text import Metadata, build_article

if TYPE_CHECKING:
    from glasnost.ingest.base import LoadOptions

MIN_SCHEMA_WORDS = 50  # a JSON-LD body shorter than this is a teaser, not the article
SHORTER_THAN = 0.6  # the extracted text is "much shorter" below this share of the JSON-LD body
_TAG = re.compile(r"<(?:p|br|div|h[1-6]|li|ul|ol|blockquote|strong|em|a)\b", re.I)


def extract(markup: str, url: str | None = None) -> tuple[str, Metadata, list[str]]:
    """Main text (Markdown-flavoured), metadata and warnings of an HTML page; E007 when there is
    no text. When the page's JSON-LD `articleBody` is much longer than what trafilatura found
    (a column rendered by JavaScript leaves only its photo caption in the HTML), the article is
    read from the JSON-LD instead, its headline, date, authors and publisher winning, and a
    warning says so; otherwise the JSON-LD only fills metadata trafilatura did not find."""
    import trafilatura

    document = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_formatting=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    text = (getattr(document, "text", None) or "") if document is not None else ""
    meta = _metadata(document, url) if document is not None else Metadata(url=url)
    warnings: list[str] = []
    schema = schema_article(markup)
    if schema is not None:
        described = Metadata(
            title=schema.headline or None,
            authors=schema.authors,
            published=schema.published or None,
            site=schema.publisher or None,
        )
        found = len(text.split())
        if schema.words >= MIN_SCHEMA_WORDS and found < SHORTER_THAN * schema.words:
            warnings.append(Errors.E106.format(found=found, words=schema.words))
            body = schema.body
            text = fragment_text(body) if _TAG.search(body) else body
            meta = described.over(meta)
        else:
            meta = meta.over(described)
    if not text.strip():
        raise InputError(Errors.E007)
    return text, meta, warnings


def _metadata(document: object, url: str | None) -> Metadata:
    authors = [a.strip() for a in re.split(r";|\|", document.author or "") if a.strip()]
    return Metadata(
        title=_clean(document.title),
        authors=authors,
        published=_clean(document.date),
        site=_clean(document.sitename),
        url=_clean(document.url) or url,
    )


def load_html(
    markup: str,
    options: LoadOptions,
    *,
    source: str | None = None,
    url: str | None = None,
    meta: Metadata | None = None,
) -> Article:
    """An article from an HTML page; `meta` (from a feed entry or a JSON line) wins over what
    the page says."""
    raw, found, warnings = extract(markup, url)
    merged = (meta or Metadata()).over(found)
    return build_article(raw, options, source=source, meta=merged, extracted=True, warnings=warnings)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head"})
_BLOCKS = frozenset(
    """p div section article header footer main aside blockquote figure figcaption table tr ul ol
    dl dt dd pre hr address details summary""".split()
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}


class _FragmentText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _HEADINGS:
            self.parts.append("\n\n" + "#" * _HEADINGS[tag] + " ")
        elif tag == "li":
            self.parts.append("\n\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _HEADINGS or tag in _BLOCKS or tag == "li":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry's content): block elements become paragraphs,
    headings `#` lines, list items `-` lines; scripts and styles are dropped."""
    parser = _FragmentText()
    parser.feed(fragment)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
