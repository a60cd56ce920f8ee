"""The article every analyzer reads: normalized text plus what the source told us about it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from glasnost.offsets import OffsetMap

BlockKind = Literal["title", "byline", "heading", "paragraph"]


@dataclass(frozen=True)
class Block:
    """A structural piece of the normalized text; blocks never overlap and follow text order."""

    kind: BlockKind
    start: int
    end: int


@dataclass
class Article:
    """Normalized text with its offset map back to `raw` and the metadata found while loading.

    `text` is what every offset in an analysis points into; `raw` is the decoded input exactly as
    it arrived (for HTML, the extracted main text before normalisation). `warnings` are what
    loading found doubtful but not fatal (too little text extracted, text read from JSON-LD).
    """

    text: str
    raw: str
    offsets: OffsetMap
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None
    source: str | None = None
    given_id: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """A given id (JSON Lines `id`, PTC file name) wins; otherwise a hash of the content."""
        return self.given_id or content_id(self.text)

    @classmethod
    def from_text(cls, text: str, **metadata: object) -> Article:
        """An article whose text needs no normalisation (tests, already-clean sentences)."""
        return cls(text=text, raw=text, offsets=OffsetMap.identity(len(text)), **metadata)  # type: ignore[arg-type]

    def blocks_of(self, kind: BlockKind) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
