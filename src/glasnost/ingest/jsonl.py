"""JSON Lines: one article per line, given as `text`, `html` or `url` (tried in that order), with
optional `id` (-> Article.given_id), `title`, `authors` (a list or one string), `published`,
`site`, `source` and `url`. A bad line becomes a `LoadFailure` naming its line number (E013);
blank lines are skipped. The size cap applies to each line on its own, so a file of any size is
read (a file on disk is streamed, never held whole). For `text`, raw is the string as given; for
`html` and `url`, the text extracted from the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from glasnost.article import Article
from glasnost.errors import Errors, InputError
from glasnost.ingest.base import Batch, LoadFailure, LoadOptions
from glasnost.ingest.html import load_html
from glasnost.ingest.text import Metadata, build_article

OpenUrl = Callable[[str, LoadOptions, Metadata, str], Batch]
# A line: its number and its text, or why it cannot be read (over the cap, not UTF-8).
Line = tuple[int, "str | InputError"]
_READ = 65536  # the chunk an over-long line is skipped in


def parse_jsonl(text: str, options: LoadOptions, source: str | None, open_url: OpenUrl) -> Batch:
    """Every non-blank line of `text`; `open_url` fetches the lines that give only a URL. The
    size cap applies to each line (each record) on its own, not to the whole text."""
    limit = options.max_bytes
    numbered: list[Line] = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            size = len(line.encode("utf-8", "surrogatepass"))
            numbered.append((number, line if size <= limit else _too_large(size, limit)))
    if not numbered:
        raise InputError(Errors.E001)
    return Batch(len(numbered), _items(numbered, options, source, open_url))


def parse_jsonl_file(path: Path, options: LoadOptions, open_url: OpenUrl) -> Batch:
    """A JSON Lines file of any size, streamed: one pass counts the records, the items read them
    again one line at a time, and no line over the cap is ever held in memory."""
    count = sum(1 for _ in file_lines(path, options.max_bytes))
    if not count:
        raise InputError(Errors.E001)
    return Batch(count, _items(file_lines(path, options.max_bytes), options, str(path), open_url))


def file_lines(path: Path, limit: int) -> Iterator[Line]:
    """The non-blank lines of a UTF-8 file, each read with at most `limit` + 1 bytes held."""
    try:
        with path.open("rb") as handle:
            number = 0
            while True:
                line = handle.readline(limit + 1)
                if not line:
                    return
                number += 1
                if len(line) > limit and not line.endswith(b"\n"):
                    yield number, _too_large(len(line) + _skip_rest_of_line(handle), limit)
                    continue
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")
                if line.strip():
                    yield number, _utf8(line)
    except OSError as error:
        raise InputError(Errors.E017.format(path=path, reason=error.strerror or error)) from None


def _skip_rest_of_line(handle: BinaryIO) -> int:
    skipped = 0
    while True:
        chunk = handle.readline(_READ)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _utf8(line: bytes) -> str | InputError:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return InputError(Errors.E103)


def _too_large(size: int, limit: int) -> InputError:
    return InputError(Errors.E003.format(size=size, limit=limit))


def _items(lines, options: LoadOptions, source: str | None, open_url: OpenUrl) -> Iterator[Article | LoadFailure]:
    for number, line in lines:
        label = f"{source}:{number}" if source else f"line {number}"
        try:
            if isinstance(line, InputError):
                raise line
            yield line_article(line, options, label, open_url)
        except InputError as error:
            yield LoadFailure(label, Errors.E013.format(line=number, reason=error))


def line_article(line: str, options: LoadOptions, label: str, open_url: OpenUrl) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(Errors.E122.format(message=error.msg, column=error.colno)) from None
    if not isinstance(record, dict):
        raise InputError(Errors.E123.format(kind=type(record).__name__))
    meta = Metadata(
        title=_string(record, "title"),
        authors=_authors(record.get("authors", record.get("author"))),
        published=_string(record, "published"),
        site=_string(record, "site"),
        url=_string(record, "url"),
        given_id=_string(record, "id"),
    )
    source = _string(record, "source") or label
    if record.get("text") is not None:
        return build_article(_required(record, "text"), options, source=source, meta=meta)
    if record.get("html") is not None:
        return load_html(_required(record, "html"), options, source=source, url=meta.url, meta=meta)
    if meta.url:
        batch = open_url(meta.url, options, meta, _string(record, "source") or meta.url)
        if batch.count != 1:
            raise InputError(Errors.E124.format(url=meta.url, count=batch.count))
        item = next(batch.items)
        if isinstance(item, LoadFailure):
            raise InputError(item.reason)
        return item
    raise InputError(Errors.E125)


def _required(record: dict, key: str) -> str:
    value = record[key]
    if not isinstance(value, str):
        raise InputError(Errors.E126.format(key=key, expected="a string"))
    if not value.strip():
        raise InputError(Errors.E126.format(key=key, expected="a string with text in it"))
    return value


def _string(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError(Errors.E126.format(key=key, expected="a string"))
    return value.strip() or None


def _authors(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise InputError(Errors.E126.format(key="authors", expected="a string or a list of strings"))
