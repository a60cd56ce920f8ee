"""RSS and Atom feeds (feedparser): each entry an article with its title, authors, date and link.

An entry whose content is missing (only a summary) or shorter than `short_entry_chars` has its
page fetched through `url.fetch` (when `fetch_feed_pages`) and extracted like any HTML page, the
entry's own metadata winning over the page's. `Article.raw` is then the text trafilatura extracted
from the page; otherwise it is the entry content's text (see `html.fragment_text`). An entry that
fails (its page cannot be fetched, its text is not English) becomes a `LoadFailure` named by its
link; the other entries still load.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

from glasnost.article import Article
from glasnost.errors import Errors, InputError
from glasnost.ingest.base import Batch, LoadFailure, LoadOptions
from glasnost.ingest.decode import decode
from glasnost.ingest.html import fragment_text, load_html
from glasnost.ingest.sniff import kind_of_fetched
from glasnost.ingest.text import Metadata, build_article
from glasnost.ingest.url import fetch

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PARENTHESISED = re.compile(r"\(([^()]+)\)\s*$")  # "desk@site.example (Jane Doe)"


def parse_feed(data: bytes, options: LoadOptions, source: str | None = None) -> Batch:
    """The entries of a feed document; E012 when it has none."""
    import feedparser

    # A stream, never a string: feedparser would fetch a URL or open a path given as a string.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = list(parsed.entries)
    if not entries:
        raise InputError(Errors.E012.format(source=source or "input"))
    site = (parsed.feed.get("title") or "").strip() or None

    def items():
        for index, entry in enumerate(entries, 1):
            label = entry.get("link") or f"{source or 'feed'}#{index}"
            try:
                yield entry_article(entry, options, site=site, label=label)
            except InputError as error:
                yield LoadFailure(label, str(error))

    return Batch(len(entries), items())


def entry_article(entry: dict, options: LoadOptions, *, site: str | None, label: str) -> Article:
    link = (entry.get("link") or "").strip() or None
    meta = Metadata(
        title=(entry.get("title") or "").strip() or None,
        authors=_authors(entry),
        published=_published(entry),
        site=site,
        url=link,
    )
    body = _body_text(entry)
    short = not entry.get("content") or len(body) < options.short_entry_chars
    if short and options.fetch_feed_pages and link:
        return _page_article(link, options, meta)
    if not body.strip():
        raise InputError(Errors.E016)
    return build_article(body, options, source=label, meta=meta, extracted=True)


def _page_article(link: str, options: LoadOptions, meta: Metadata) -> Article:
    fetched = fetch(link, options)
    text = decode(fetched.body, fetched.charset)
    if kind_of_fetched(fetched.content_type, text) == "html":
        return load_html(text, options, source=link, url=fetched.url, meta=meta)
    return build_article(text, options, source=link, meta=meta)


def _body_text(entry: dict) -> str:
    """Text of the longest content value, else of the summary."""
    values = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if not values and entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        values = [(entry.get("summary") or "", detail.get("type") or "text/html")]
    if not values:
        return ""
    value, media = max(values, key=lambda v: len(v[0]))
    return fragment_text(value) if media in _HTML_TYPES or "<" in value else value.strip()


def _authors(entry: dict) -> list[str]:
    """Entry author names; RSS writes "desk@site.example (Jane Doe)", which feedparser splits
    wrongly, so the name in parentheses is taken from the raw string, and bare emails dropped."""
    names = [_author_name(a.get("name") or "") for a in entry.get("authors") or []]
    first = _author_name(entry.get("author") or "")
    if first and (not names or _PARENTHESISED.search(entry.get("author") or "")):
        names[:1] = [first]
    return [n for n in names if n]


def _author_name(text: str) -> str:
    text = text.strip()
    parenthesised = _PARENTHESISED.search(text)
    if parenthesised and "@" in text[: parenthesised.start()]:
        return parenthesised.group(1).strip()
    text = re.sub(r"<[^<>@\s]+@[^<>\s]+>", "", text).strip()
    return "" if re.fullmatch(r"\S+@\S+", text) else text


def _published(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return str(entry[key]).strip()
    return None
