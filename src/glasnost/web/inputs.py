"""What the pages and the API read from a request the same way: an article to analyse (text,
HTML, an upload or a URL, through `load` and its URL guard), the search facets, and a page of a
list."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from glasnost.article import Article
from glasnost.errors import Errors, InputError
from glasnost.ingest import LoadOptions, load
from glasnost.store.search import Filters, day
from glasnost.store.search import genre as genre_label
from glasnost.web.app import NotFound, WebSettings

#: The deepest page a list shows: a page of 10,000 results is a page among many, never one.
MAX_PAGE = 500
Kind = Literal["text", "html", "url", "auto"]


def load_input(config: WebSettings, kind: Kind, value: str | bytes, name: str | None = None, title: str | None = None) -> Article:
    """One article from what a user gave: `kind` "auto" for an uploaded file (sniffed as the CLI
    sniffs a file). URLs pass the guard of `load`: private addresses only when the server was
    started with `--allow-private`."""
    options = LoadOptions(
        kind=kind, allow_private=config.allow_private, max_bytes=config.max_upload, name=name or f"({kind})",
        fetch_feed_pages=False,
    )
    if isinstance(value, str) and not value.strip():
        raise InputError(Errors.E252)
    article = load(value.strip() if kind == "url" and isinstance(value, str) else value, options)
    return replace(article, title=title.strip()) if title and title.strip() else article


def one_input(text: str | None, html: str | None, url: str | None) -> tuple[Kind, str]:
    given = [(kind, value) for kind, value in (("text", text), ("html", html), ("url", url)) if value]
    if len(given) != 1:
        raise InputError(Errors.E241.format(found=", ".join(kind for kind, _ in given) or "none"))
    return given[0]  # type: ignore[return-value]


def facets(
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    technique: str | None = None,
    actor: str | None = None,
    genre: str | None = None,
) -> Filters:
    """The CLI's search filters from query parameters (an empty field is no filter)."""

    def given(value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    return Filters(
        site=given(site), since=day(given(since), "since"), until=day(given(until), "until", end=True),
        technique=given(technique), actor=given(actor), genre=genre_label(given(genre), "genre"),
    )


@dataclass(frozen=True)
class Paging:
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def ask(self) -> int:
        """One row more than a page, so a list knows whether a next page exists without counting."""
        return self.size + 1

    def cut(self, rows: list) -> tuple[list, bool]:
        return rows[: self.size], len(rows) > self.size


def row_id(value: str, what: str) -> int:
    """A numeric id from a path (a claim's, a narrative's): anything but digits names nothing, so
    it is a 404 like an unknown id, never a 422 or a traceback."""
    if not value.isascii() or not value.isdigit() or len(value) > 18 or int(value) < 1:
        raise NotFound(Errors.E240.format(what=f"{what} {value[:100]!r}"))
    return int(value)


def web_url(url: str | None) -> str | None:
    """A link to another site only when it is http(s): a fact-check's `javascript:` or `data:`
    URL is shown as text, never as a link."""
    if not url:
        return None
    scheme = url.strip().split(":", 1)[0].lower() if ":" in url else ""
    return url.strip() if scheme in ("http", "https") and url.strip()[len(scheme) + 1 :].startswith("//") else None
