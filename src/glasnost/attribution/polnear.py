"""Reader for PolNeAR (Newell et al., LREC 2018): news texts with attributions in brat standoff.

Layout: ``<root>/<split>/text/<name>.txt`` and ``<root>/<split>/attributions/<name>_<annotator>.ann``.
An ``.ann`` file holds text-bound annotations (``T1<TAB>Source 89 106<TAB>text``; a discontinuous
span lists its fragments ``a b;c d``) and events tying them together
(``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``; ``Attribution-no-source`` events have no
Source). ``Discuss`` and ``Discard`` annotations are annotator bookkeeping and are ignored.

A few articles were annotated by several annotators (agreement checks); `read_split` keeps the
annotation of the alphabetically first annotator so every article counts once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    id: str
    content: Fragments
    cue: Fragments
    source: Fragments | None

    @staticmethod
    def cover(fragments: Fragments) -> tuple[int, int]:
        return min(a for a, _ in fragments), max(b for _, b in fragments)

    @property
    def content_span(self) -> tuple[int, int]:
        return self.cover(self.content)

    @property
    def source_span(self) -> tuple[int, int] | None:
        return self.cover(self.source) if self.source else None

    @property
    def cue_span(self) -> tuple[int, int]:
        return self.cover(self.cue)


@dataclass
class PolnearDocument:
    name: str
    annotator: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _fragments(spec: str) -> Fragments:
    parts = []
    for piece in spec.split(";"):
        a, b = piece.split()
        parts.append((int(a), int(b)))
    return tuple(parts)


def parse_ann(ann: str) -> list[GoldAttribution]:
    spans: dict[str, Fragments] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in ann.splitlines():
        if not line.strip() or "\t" not in line:
            continue
        ident, body, *_ = line.split("\t") + [""]
        if ident.startswith("T"):
            kind, _, spec = body.partition(" ")
            if kind in {"Source", "Cue", "Content"}:
                spans[ident] = _fragments(spec)
        elif ident.startswith("E"):
            roles: dict[str, str] = {}
            for arg in body.split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            events.append((ident, roles))
    out = []
    for ident, roles in events:
        content, cue = spans.get(roles.get("Content", "")), spans.get(roles.get("Cue", ""))
        if content is None or cue is None:
            continue
        out.append(GoldAttribution(ident, content, cue, spans.get(roles.get("Source", ""))))
    out.sort(key=lambda g: g.content_span)
    return out


def read_split(root: str | Path, split: str = "dev") -> Iterator[PolnearDocument]:
    """Documents of one split in file-name order, one annotation per article."""
    root = Path(root)
    base = root / split if (root / split).is_dir() else root / "data" / split
    chosen: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        name, _, _annotator = ann.stem.rpartition("_")
        chosen.setdefault(name, ann)
    for name, ann in sorted(chosen.items()):
        text_path = base / "text" / f"{name}.txt"
        if not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8")
        yield PolnearDocument(
            name=name,
            annotator=ann.stem.rpartition("_")[2],
            text=text,
            attributions=parse_ann(ann.read_text(encoding="utf-8")),
        )
