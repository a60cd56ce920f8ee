"""Plain text and Markdown, and the one place every loader turns extracted text into an Article.

For a text file `Article.raw` is the decoded file exactly as on disk (no newline translation, so
offsets into raw are the file's character offsets); loaders of HTML, URLs and feeds pass the text
they extracted as raw instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

from glasnost.article import Article
from glasnost.errors import Errors, InputError
from glasnost.ingest.language import check_language
from glasnost.ingest.repair import repair
from glasnost.ingest.structure import detect

if TYPE_CHECKING:
    from glasnost.ingest.base import LoadOptions

MIN_EXTRACTED_WORDS = 150


@dataclass(frozen=True)
class Metadata:
    """What a source says about an article besides its text; None/empty means unknown."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site: str | None = None
    url: str | None = None
    given_id: str | None = None

    def over(self, other: Metadata) -> Metadata:
        """These values where known, `other`'s elsewhere."""
        return replace(other, **{f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)})


def build_article(
    raw: str,
    options: LoadOptions,
    *,
    source: str | None = None,
    meta: Metadata | None = None,
    extracted: bool = False,
    warnings: list[str] | None = None,
) -> Article:
    """Repair `raw`, find its structure, check its language and wrap it up.

    `extracted` says raw came out of HTML or a feed: the page's boilerplate lines are dropped,
    a text under MIN_EXTRACTED_WORDS words gets a warning (the extraction may have missed the
    article), and the title comes from `meta` (a first line is marked as the title only when it
    is a markdown heading or matches it) instead of the short-first-line rule of plain text.
    `warnings` are the loader's own (kept in `Article.warnings`).
    """
    meta = meta or Metadata()
    if not raw.strip():
        raise InputError(Errors.E001)
    text, offsets = repair(raw, drop_boilerplate=extracted)
    if not text:
        raise InputError(Errors.E001)
    warnings = list(warnings or ())
    words = len(text.split())
    if extracted and words < MIN_EXTRACTED_WORDS:
        warnings.append(Errors.E105.format(words=words))
    structure = detect(text, offsets, raw, known_title=meta.title, guess_title=not extracted)
    language = check_language(text, options.require_english)
    return Article(
        text=text,
        raw=raw,
        offsets=offsets,
        blocks=structure.blocks,
        title=structure.title,
        authors=list(meta.authors) or structure.authors,
        published=meta.published,
        site=meta.site,
        url=meta.url,
        language=language,
        source=source,
        given_id=meta.given_id,
        warnings=warnings,
    )


def load_text(raw: str, options: LoadOptions, *, source: str | None = None, meta: Metadata | None = None) -> Article:
    """A plain-text or Markdown article; `raw` is the decoded input, unchanged."""
    return build_article(raw, options, source=source, meta=meta)
