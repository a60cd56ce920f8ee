"""JSON Lines: one article per line, given as `text`, `html` or `url` (tried in that order), with
optional `id` (-> Article.given_id), `title`, `authors` (a list or one string), `published`,
`site`, `source` and `url`. A bad line becomes a `LoadFailure` naming its line number (E013);
blank lines are skipped. For `text`, raw is the string as given; for `html` and `url`, the text
extracted from the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from glasnost.article import Article
from glasnost.errors import Errors, InputError
from glasnost.ingest.base import Batch, LoadFailure, LoadOptions
from glasnost.ingest.html import load_html
from glasnost.ingest.text import Metadata, build_article

OpenUrl = Callable[[str, LoadOptions, Metadata, str], Batch]


def parse_jsonl(text: str, options: LoadOptions, source: str | None, open_url: OpenUrl) -> Batch:
    """Every non-blank line of `text`; `open_url` fetches the lines that give only a URL."""
    numbered = [(number, line) for number, line in enumerate(text.split("\n"), 1) if line.strip()]
    if not numbered:
        raise InputError(Errors.E001)

    def items():
        for number, line in numbered:
            label = f"{source}:{number}" if source else f"line {number}"
            try:
                yield line_article(line, options, label, open_url)
            except InputError as error:
                yield LoadFailure(label, Errors.E013.format(line=number, reason=error))

    return Batch(len(numbered), items())


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
