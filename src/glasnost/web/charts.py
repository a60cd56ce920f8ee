"""Chart geometry for the pages, drawn by the templates as inline SVG (no chart library, nothing
fetched). Python does the arithmetic; a template only places rectangles, lines and text.

Every chart reads without colour: small multiples (one labelled panel per outlet or technique)
instead of coloured series, values written beside bars and in each shape's tooltip, and in the
actor graph each relation kind drawn with its own dash pattern and named in a legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 320
HEIGHT = 56
DASHES = {"conflict": "2 3", "support": "", "co-mention": "8 4"}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float
    title: str


@dataclass
class Panel:
    """One small multiple: a labelled row of columns over a shared axis of `labels`."""

    name: str
    total: float
    peak: float
    bars: list[Bar] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT


def panel(name: str, labels: list[str], values: dict[str, float], unit: str, peak: float | None = None) -> Panel:
    """Columns for `labels` in order (a missing label is 0); `peak` shares one scale across panels."""
    top = peak if peak else max(values.values(), default=0.0) or 1.0
    step = WIDTH / max(1, len(labels))
    gap = 1.0 if step > 3 else 0.0
    shown = Panel(name, round(sum(values.get(label, 0.0) for label in labels), 3), top)
    for n, label in enumerate(labels):
        value = values.get(label, 0.0)
        tall = HEIGHT * value / top if top else 0.0
        if value and tall < 1.5:
            tall = 1.5  # a day with one article stays visible beside a day with hundreds
        shown.bars.append(Bar(round(n * step, 2), round(HEIGHT - tall, 2), round(max(step - gap, 0.5), 2), round(tall, 2),
                              label, value, f"{name}, {label}: {number(value)} {unit}"))
    return shown


@dataclass(frozen=True)
class Row:
    """A horizontal bar of a ranked list, with its value written at its end."""

    label: str
    value: float
    width: float
    y: float
    note: str
    href: str


def ranked(items: list[tuple[str, float, str, str]], width: int = 360, row: int = 22) -> tuple[list[Row], int]:
    """(label, value, note, link) rows as bars scaled to the largest; returns the rows and the height."""
    top = max((value for _, value, _, _ in items), default=0.0) or 1.0
    rows = [Row(label, value, round(width * value / top, 1), n * row, note, href) for n, (label, value, note, href) in enumerate(items)]
    return rows, max(row, len(rows) * row)


@dataclass(frozen=True)
class Node:
    name: str
    x: float
    y: float
    anchor: str
    href: str


@dataclass(frozen=True)
class Edge:
    kind: str
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    dash: str
    title: str
    label_x: float
    label_y: float
    count: int


def radial(center: str, partners: list[tuple[str, str, int]], links: dict[str, str], size: int = 520) -> dict:
    """The actor in the middle and its partners on a circle, one line per (kind, partner), its
    width by the number of articles and its dash by the kind. A partner in several kinds gets
    one node and several lines, fanned out so each stays visible."""
    names = sorted({name for _, name, _ in partners}, key=lambda n: (-max(c for _, m, c in partners if m == n), n))
    middle = size / 2
    radius = size / 2 - 110
    top = max((n for _, _, n in partners), default=1)
    nodes = [Node(center, middle, middle, "middle", links.get(center, ""))]
    where = {}
    for i, name in enumerate(names):
        angle = 2 * math.pi * i / max(1, len(names)) - math.pi / 2
        x, y = middle + radius * math.cos(angle), middle + radius * math.sin(angle)
        where[name] = (x, y)
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        nodes.append(Node(name, round(x, 1), round(y, 1), anchor, links.get(name, "")))
    edges = []
    kinds = sorted(DASHES)
    for kind, name, count in partners:
        x, y = where[name]
        shift = (kinds.index(kind) - 1) * 4 if kind in DASHES else 0
        nx, ny = -(y - middle), x - middle
        norm = math.hypot(nx, ny) or 1.0
        dx, dy = shift * nx / norm, shift * ny / norm
        edges.append(Edge(kind, round(middle + dx, 1), round(middle + dy, 1), round(x + dx, 1), round(y + dy, 1),
                          round(1 + 4 * count / top, 1), DASHES.get(kind, "1 1"),
                          f"{center} {kind} {name}: {count} article{'s' if count != 1 else ''}",
                          round((middle + x) / 2 + dx, 1), round((middle + y) / 2 + dy, 1), count))
    return {"size": size, "nodes": nodes, "edges": edges, "legend": [(kind, dash) for kind, dash in DASHES.items()]}


def number(value: float) -> str:
    """A count without decimals, a rate with two, thousands separated."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
