"""Fact-checks as the fact-checkers publish them: schema.org `ClaimReview` JSON-LD, and the
EUvsDisinfo case table, read into one record type.

    for item in read_factchecks(Path("feed.json")):
        if isinstance(item, BadRecord): ...          # its position and why, to report and skip
        else: item.claim_reviewed, item.rating, ...

A file is read whole, whatever its shape: a JSON object, an array, JSON Lines, a `DataFeed` (its
`dataFeedElement`s, bare or wrapped in a `DataFeedItem`), an `@graph`, or an HTML page with
`<script type="application/ld+json">` blocks. Non-ClaimReview objects of a page (its breadcrumbs,
its publisher) are passed over silently; in a file of records, a record that is not a usable
ClaimReview is a `BadRecord`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from glasnost.errors import Errors
from glasnost.ingest.jsonld import ld_json_blocks, names

EUVSDISINFO = "EUvsDisinfo"
_EUVS_COLUMNS = frozenset({"date", "id", "title"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class FactCheck:
    """One reviewed claim. `key` is what makes a re-import an update: the publisher's
    `identifier` where it gives one, else the review's URL with a hash of the claim (one page
    often reviews several claims)."""

    key: str
    claim_reviewed: str
    identifier: str | None = None
    url: str | None = None
    rating: str | None = None  # reviewRating.alternateName, the verdict in words
    rating_value: str | None = None
    publisher: str | None = None
    author: str | None = None
    date_published: str | None = None
    item_author: str | None = None
    item_date: str | None = None
    appearance: list[str] = field(default_factory=list)
    language: str | None = None
    source: str = "claimreview"  # or "euvsdisinfo"
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class BadRecord:
    """A record that was skipped: where it is in its file and why."""

    path: str
    position: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}, {self.position}: {self.reason}"


def read_factchecks(path: Path) -> Iterator[FactCheck | BadRecord]:
    """Every fact-check of one file, in file order, with a `BadRecord` for each unusable one."""
    raw = path.read_bytes().decode("utf-8-sig", errors="replace")
    shown = str(path)
    head = raw.lstrip()[:1]
    if path.suffix.lower() == ".csv" or (head not in ("{", "[", "<") and _is_euvsdisinfo(raw)):
        yield from _euvsdisinfo(raw, shown)
    elif head == "<":
        for number, block in enumerate(ld_json_blocks(raw), 1):
            try:
                data = json.loads(block, strict=False)
            except ValueError:
                continue  # a page's broken JSON-LD is the page's, not a record of ours
            yield from _reviews(data, shown, f"script {number}", strict=False)
    else:
        yield from _json(raw, shown)


def _json(raw: str, shown: str) -> Iterator[FactCheck | BadRecord]:
    try:
        data = json.loads(raw, strict=False)
    except ValueError:
        data = None
    if data is not None:
        if isinstance(data, list):
            for number, item in enumerate(data, 1):
                yield from _reviews(item, shown, f"item {number}", strict=True)
        else:
            yield from _reviews(data, shown, "the object", strict=True)
        return
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line, strict=False)
        except ValueError as error:
            yield BadRecord(shown, f"line {number}", Errors.E221.format(message=str(error).split(":")[0]))
            continue
        yield from _reviews(item, shown, f"line {number}", strict=True)


def _reviews(data: object, shown: str, position: str, strict: bool) -> Iterator[FactCheck | BadRecord]:
    """The ClaimReviews of one top-level record: itself, its `@graph` or its DataFeed elements."""
    if isinstance(data, dict) and _is(data, "DataFeed"):
        for number, element in enumerate(_list(data.get("dataFeedElement")), 1):
            if isinstance(element, dict) and _is(element, "DataFeedItem"):
                element = element.get("item")
            yield from _reviews(element, shown, f"{position}, dataFeedElement {number}", strict)
        return
    if isinstance(data, dict) and "@graph" in data and not _is(data, "ClaimReview"):
        for number, node in enumerate(_list(data["@graph"]), 1):
            yield from _reviews(node, shown, f"{position}, @graph {number}", strict=False)
        return
    if isinstance(data, list):
        for number, node in enumerate(data, 1):
            yield from _reviews(node, shown, f"{position}, item {number}", strict)
        return
    if not isinstance(data, dict) or not _is(data, "ClaimReview"):
        if strict:
            yield BadRecord(shown, position, Errors.E222.format(kind=_kind(data)))
        return
    yield _claim_review(data, shown, position)


def _claim_review(node: dict, shown: str, position: str) -> FactCheck | BadRecord:
    claim = _text(node.get("claimReviewed"))
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    if not claim:
        claim = _text(item.get("name") or item.get("text"))
    identifier = _scalar(node.get("identifier"))
    url = _text(node.get("url")) or None
    if not claim:
        return BadRecord(shown, position, Errors.E223.format(field="claimReviewed"))
    if not identifier and not url:
        return BadRecord(shown, position, Errors.E223.format(field="identifier or url"))
    rating = node.get("reviewRating") if isinstance(node.get("reviewRating"), dict) else {}
    appearance = [_text(a.get("url")) if isinstance(a, dict) else _text(a) for a in _list(item.get("appearance"))]
    first = item.get("firstAppearance")
    if first:
        appearance.insert(0, _text(first.get("url")) if isinstance(first, dict) else _text(first))
    author = (names(node.get("author")) or [None])[0]
    publisher = (names(node.get("publisher")) or [author])[0]
    return FactCheck(
        key=identifier or f"{url}#{hashlib.sha1(claim.encode('utf-8')).hexdigest()[:12]}",
        claim_reviewed=claim,
        identifier=identifier,
        url=url,
        rating=_text(rating.get("alternateName")) or _scalar(rating.get("ratingValue")),
        rating_value=_scalar(rating.get("ratingValue")),
        publisher=publisher,
        author=author,
        date_published=_text(node.get("datePublished")) or None,
        item_author=(names(item.get("author")) or [None])[0],
        item_date=_text(item.get("datePublished")) or None,
        appearance=list(dict.fromkeys(a for a in appearance if a)),
        language=_language(node.get("inLanguage") or item.get("inLanguage")),
    )


def _euvsdisinfo(raw: str, shown: str) -> Iterator[FactCheck | BadRecord]:
    """EUvsDisinfo cases (date, id, title, countries, keywords, languages, outlets; lists joined
    by '+'): each a claim the EU's East StratCom task force documented as disinformation."""
    reader = csv.DictReader(io.StringIO(raw))
    if not _EUVS_COLUMNS <= set(reader.fieldnames or ()):
        yield BadRecord(shown, "line 1", Errors.E224.format(columns=", ".join(sorted(_EUVS_COLUMNS))))
        return
    for row in reader:
        position = f"line {reader.line_num}"
        title, case = _text(row.get("title")), _text(row.get("id"))
        if not title or not case:
            yield BadRecord(shown, position, Errors.E223.format(field="id" if title else "title"))
            continue
        split = {name: [v.strip() for v in (row.get(name) or "").split("+") if v.strip()] for name in ("countries", "keywords", "languages", "outlets")}
        yield FactCheck(
            key=case,
            claim_reviewed=title,
            identifier=case,
            url=case if case.startswith("http") else None,
            rating="disinformation",
            publisher=EUVSDISINFO,
            author=EUVSDISINFO,
            date_published=_text(row.get("date")) or None,
            item_author=", ".join(split["outlets"]) or None,
            item_date=_text(row.get("date")) or None,
            language="en",  # the case summaries are in English; the outlets' languages are in extra
            source="euvsdisinfo",
            extra=split,
        )


def _is_euvsdisinfo(raw: str) -> bool:
    header = raw.lstrip().split("\n", 1)[0]
    return _EUVS_COLUMNS <= {cell.strip() for cell in header.split(",")}


def _is(node: dict, kind: str) -> bool:
    kinds = node.get("@type")
    return any(isinstance(k, str) and re.split(r"[/:#]", k)[-1] == kind for k in _list(kinds))


def _kind(data: object) -> str:
    if isinstance(data, dict):
        kinds = [k for k in _list(data.get("@type")) if isinstance(k, str)]
        return "@type " + "/".join(kinds) if kinds else "an object without @type"
    return type(data).__name__


def _list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: object) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return _SPACE.sub(" ", value).strip() if isinstance(value, str) else ""


def _scalar(value: object) -> str | None:
    """A string or number as text (identifiers and rating values come as both)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return _scalar(value.get("value") or value.get("@value"))
    return _text(value) or None


def _language(value: object) -> str | None:
    """A BCP 47 tag or a schema.org Language object, as its primary subtag in lower case."""
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = _text(value)
    return text.split("-")[0].split("_")[0].lower() or None if text else None


def read_json_text(raw: str, shown: str) -> Iterator[FactCheck | BadRecord]:
    """The fact-checks of ClaimReview JSON already in memory (an object, an array, a DataFeed, an
    `@graph` or JSON Lines), read as `read_factchecks` reads such a file; `shown` names it in a
    `BadRecord`."""
    yield from _json(raw.lstrip("\ufeff"), shown)
