"""Reading articles: plain text and Markdown, HTML, URLs, RSS/Atom feeds, JSON Lines, and
directories of them, each turned into an `Article` whose normalized text maps back to its raw input.

    load("op-ed.txt")                     # exactly one Article
    for item in load_all("corpus/"):      # an Article, or a LoadFailure for one bad item
        ...

A source is a `str`, a `pathlib.Path`, or `bytes` (what the CLI reads from stdin for `-`). With
a content kind (`kind="text"`, "html", "feed" or "jsonl") a `str` is always that content, never a
path, so text from a request cannot make a server read its own files; a path is passed as a
`Path` (the CLI resolves its arguments with `argument_source`). With `kind="auto"` a `str` is an
http(s) URL, an existing path, else the text or HTML itself, and one without whitespace is a
reference, never text: when no such path exists, or its URL scheme is not http(s), it is refused
(E100, E101). With `kind="auto"` the kind comes from the file extension, the HTTP media type and
the content. `Article.raw` is the decoded
file for text (exactly as on disk), and the extracted text for HTML, URLs and feeds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from glasnost.article import Article
from glasnost.errors import Errors, InputError
from glasnost.ingest.base import Batch, Kind, LoadFailure, LoadOptions
from glasnost.ingest.decode import binary_reason, decode
from glasnost.ingest.directory import parse_directory
from glasnost.ingest.feed import parse_feed
from glasnost.ingest.html import load_html
from glasnost.ingest.jsonl import parse_jsonl, parse_jsonl_file
from glasnost.ingest.reference import argument_source, exists, missing, unsupported_url
from glasnost.ingest.sniff import EXTENSION_KINDS, is_url, kind_of_fetched, sniff
from glasnost.ingest.text import Metadata, load_text
from glasnost.ingest.url import fetch

__all__ = ["Kind", "LoadFailure", "LoadOptions", "argument_source", "load", "load_all", "open_source"]

Source = str | os.PathLike | bytes
_CONTENT_KINDS = ("text", "html", "feed", "jsonl")
_HEAD = 8192  # what sniffing reads
_PATHLIKE = re.compile(r"^(?:~|\.{1,2})?[/\\]|^[A-Za-z]:[/\\]")


def load(source: Source, options: LoadOptions | None = None) -> Article:
    """Exactly one article; InputError E015 when the source holds several, or the reason the
    one item failed."""
    batch = open_source(source, options or LoadOptions())
    if batch.count > 1:
        raise InputError(Errors.E015.format(count=batch.count))
    first = next(batch.items, None)
    if first is None:
        raise InputError(Errors.E001)
    extra = sum(1 for _ in batch.items)  # a directory whose one file holds several articles
    if extra:
        raise InputError(Errors.E015.format(count=1 + extra))
    if isinstance(first, LoadFailure):
        raise InputError(first.reason)
    return first


def load_all(source: Source, options: LoadOptions | None = None) -> Iterator[Article | LoadFailure]:
    """Every article in the source, lazily; a bad item of a batch is a LoadFailure and the batch
    goes on. A source bad as a whole raises InputError here, before iteration."""
    return open_source(source, options or LoadOptions()).items


def open_source(source: Source, options: LoadOptions) -> Batch:
    """Dispatch on the type of `source`; the count is known before any item is built."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return open_bytes(bytes(source), options, source=options.name, kind=options.kind)
    if isinstance(source, os.PathLike):
        return open_path(Path(source), options)
    if not isinstance(source, str):
        raise TypeError(Errors.E127.format(kind=type(source).__name__))
    if options.kind == "url" or is_url(source):
        if not is_url(source):
            raise InputError(Errors.E010.format(reason=f"not an http(s) URL: {source[:200]!r}"))
        return open_url(source.strip(), options)
    if options.kind not in _CONTENT_KINDS and "\n" not in source and len(source) < 4096:
        path = Path(source).expanduser()
        if exists(path):
            return open_path(path, options)
        refused = unsupported_url(source)
        if refused is not None:
            raise refused
        one_word = len(source.split()) <= 1
        if one_word or options.kind == "dir" or _PATHLIKE.match(source) or path.suffix.lower() in EXTENSION_KINDS:
            raise missing(source)
    if options.kind == "dir":
        raise InputError(Errors.E005.format(path=source[:200]))
    _check_size(len(source.encode("utf-8", "surrogatepass")), options, jsonl=_is_jsonl(source[:_HEAD], options.kind))
    return open_text(source, options, source=options.name, kind=options.kind)


def open_path(path: Path, options: LoadOptions) -> Batch:
    if not exists(path):
        raise InputError(Errors.E005.format(path=path))
    if path.is_dir():
        inner = options if options.kind in _CONTENT_KINDS else replace(options, kind="auto")
        return parse_directory(path, inner, open_path)
    kind = options.kind if options.kind in _CONTENT_KINDS else EXTENSION_KINDS.get(path.suffix.lower(), "auto")
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
        if kind in ("jsonl", "auto") and _utf8_jsonl(head, kind):
            return parse_jsonl_file(path, options, _open_line_url)
        _check_size(path.stat().st_size, options)  # legacy-encoded JSON Lines too: read whole
        data = path.read_bytes()
    except OSError as error:
        raise InputError(Errors.E017.format(path=path, reason=error.strerror or error)) from None
    return open_bytes(data, options, source=str(path), kind=kind)


def open_url(url: str, options: LoadOptions, meta: Metadata | None = None, source: str | None = None) -> Batch:
    """Fetch `url` and read what came back as the kind its media type and content say."""
    fetched = fetch(url, options)  # the body is already within max_bytes
    text = decode(fetched.body, fetched.charset)
    kind = options.kind if options.kind in _CONTENT_KINDS else kind_of_fetched(fetched.content_type, text)
    meta = (meta or Metadata()).over(Metadata(url=fetched.url))
    return open_text(text, options, source=source or url, kind=kind, meta=meta)


def open_bytes(data: bytes, options: LoadOptions, *, source: str | None, kind: str) -> Batch:
    _check_size(len(data), options, jsonl=_is_jsonl(data[:_HEAD].decode("utf-8", "ignore"), kind))
    if not data.strip():
        raise InputError(Errors.E001)
    return open_text(decode(data, keep_bom=True), options, source=source, kind=kind)


def open_text(
    text: str, options: LoadOptions, *, source: str | None, kind: str, meta: Metadata | None = None
) -> Batch:
    """Read decoded text as `kind` ("auto" sniffs it)."""
    if not text.strip():
        raise InputError(Errors.E001)
    sniffed = sniff(text)
    if kind not in _CONTENT_KINDS or (kind == "feed" and sniffed == "html"):
        kind = sniffed
    meta = meta or Metadata()
    if kind in ("feed", "jsonl", "html"):
        # Only plain text keeps a byte-order mark: repair deletes it there and its offset map
        # still counts it, so raw offsets match the file; the other readers must not see it.
        text = text.removeprefix("\ufeff")
    if kind == "feed":
        # Re-encoded as UTF-8 (decoding was done above), so its declared encoding must go.
        data = re.sub(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""", r"\1", text, count=1)
        return parse_feed(data.encode("utf-8"), options, source)
    if kind == "jsonl":
        return parse_jsonl(text, options, source, _open_line_url)
    if kind == "html":
        return Batch.single(load_html(text, options, source=source, url=meta.url, meta=meta))
    return Batch.single(load_text(text, options, source=source, meta=meta))


def _open_line_url(url: str, options: LoadOptions, meta: Metadata, source: str) -> Batch:
    return open_url(url, replace(options, kind="auto"), meta, source)


def _check_size(size: int, options: LoadOptions, *, jsonl: bool = False) -> None:
    """E003 for a source over the cap, unless it is JSON Lines: there each record is capped on
    its own (`parse_jsonl`), so a corpus file of any size is read."""
    if size > options.max_bytes and not jsonl:
        raise InputError(Errors.E003.format(size=size, limit=options.max_bytes))


def _is_jsonl(head: str, kind: str) -> bool:
    return kind == "jsonl" or (kind not in _CONTENT_KINDS and sniff(head) == "jsonl")


def _utf8_jsonl(head: bytes, kind: str) -> bool:
    """Whether a file that starts with `head` is UTF-8 JSON Lines, so it can be streamed (a
    legacy-encoded one is read whole, through the decoder's detection)."""
    text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "ignore")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not merely a character cut at the end of the head
            return False
    return bool(text.strip()) and binary_reason(head) is None and _is_jsonl(text, kind)

