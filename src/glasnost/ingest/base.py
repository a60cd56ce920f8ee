"""The option, failure and batch types every loader shares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, get_args

from glasnost.article import Article
from glasnost.errors import Errors, InputError

Kind = Literal["auto", "text", "html", "url", "feed", "jsonl", "dir"]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class LoadOptions:
    """How to read a source.

    `kind` forces an input kind ("auto" sniffs it from the extension and the content).
    `allow_private` lets URLs reach private and loopback addresses (off by default: a server
    running Glasnost must not become a proxy into its own network); link-local and cloud-metadata
    addresses (169.254.0.0/16, fd00:ec2::254, ...) stay refused unless the URL's host or the
    address is named in `allow_hosts`, which lets that host through whatever it resolves to.
    `timeout` bounds a
    whole fetch, redirects included; `max_bytes` caps one article (E003): a file, a download, stdin,
    or one record of a JSON Lines file, which may itself be of any size.
    `fetch_feed_pages` fetches the page of a feed entry whose content is missing or shorter than
    `short_entry_chars`. `name` is the `Article.source` given to bytes (stdin) and literal text.
    """

    kind: Kind = "auto"
    allow_private: bool = False
    allow_hosts: tuple[str, ...] = ()
    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    require_english: bool = True
    fetch_feed_pages: bool = True
    short_entry_chars: int = 500
    name: str | None = None
    user_agent: str | None = None

    def __post_init__(self) -> None:
        # A Literal is not checked at run time: an unknown kind would silently fall back to
        # sniffing, so the caller would never learn that the kind they asked for was ignored.
        if self.kind not in KINDS:
            raise InputError(Errors.E043.format(kind=self.kind, known=", ".join(KINDS)))


@dataclass(frozen=True)
class LoadFailure:
    """One bad item of a batch (a file of a directory, a JSON line, a feed entry); the batch
    goes on. `reason` is the user-facing message."""

    source: str
    reason: str


Item = Article | LoadFailure


@dataclass
class Batch:
    """What a source holds: how many items (known before any item is built, so `load` can refuse
    a multi-article source without fetching its pages) and the items, built lazily."""

    count: int
    items: Iterator[Item]

    @classmethod
    def single(cls, article: Article) -> Batch:
        return cls(1, iter([article]))
