"""The schema.org article a page describes in its JSON-LD (`<script type="application/ld+json">`):
body, headline, date, authors and publisher.

News sites that build the page in JavaScript often leave only a photo caption in the HTML while
the whole column sits in the JSON-LD `articleBody`; this is where the HTML loader finds it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

ARTICLE_TYPES = frozenset(
    """Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle
    BackgroundNewsArticle ReviewNewsArticle AskPublicNewsArticle SatiricalArticle ScholarlyArticle
    TechArticle Report BlogPosting LiveBlogPosting SocialMediaPosting""".split()
)


@dataclass(frozen=True)
class SchemaArticle:
    """What a page's JSON-LD says about its article; empty strings and lists where it says nothing."""

    body: str = ""
    headline: str = ""
    published: str = ""
    authors: list[str] = field(default_factory=list)
    publisher: str = ""

    @property
    def words(self) -> int:
        return len(self.body.split())


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.strip().lower() == "application/ld+json":
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def schema_article(markup: str) -> SchemaArticle | None:
    """The article with the longest body among the page's JSON-LD objects, or None. Broken JSON
    (common: stray control characters, trailing commas) is skipped, never fatal."""
    found: list[SchemaArticle] = []
    for block in ld_json_blocks(markup):
        try:
            data = json.loads(block, strict=False)
        except ValueError:
            continue
        found.extend(_article(node) for node in _nodes(data) if _is_article(node))
    return max(found, key=lambda a: (a.words, bool(a.headline)), default=None)


def ld_json_blocks(markup: str) -> list[str]:
    """The text of every `<script type="application/ld+json">` of a page, in page order."""
    if "ld+json" not in markup:
        return []
    parser = _Scripts()
    parser.feed(markup)
    parser.close()
    return parser.blocks


def _nodes(data: object):
    """Every JSON object in the data, through lists, `@graph` and nested values."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(item)


def _is_article(node: dict) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] in ARTICLE_TYPES for k in kinds)


def _article(node: dict) -> SchemaArticle:
    return SchemaArticle(
        body=_text(node.get("articleBody")),
        headline=_text(node.get("headline") or node.get("name")),
        published=_text(node.get("datePublished")),
        authors=names(node.get("author")),
        publisher=(names(node.get("publisher")) or [""])[0],
    )


def _text(value: object) -> str:
    if isinstance(value, list):
        value = "\n\n".join(v for v in value if isinstance(v, str))
    return value.strip() if isinstance(value, str) else ""


def names(value: object) -> list[str]:
    """Names of a Person/Organization, a list of them, or plain strings."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(re.sub(r"\s+", " ", name).strip())
    return names
