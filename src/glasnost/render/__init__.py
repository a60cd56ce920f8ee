"""Output formats: one module per format, all reached through `render` and the `FORMATS` registry.

    from glasnost.render import render
    text = render([analysis], "md")

A renderer takes a sequence of analyses and returns the whole output as one string ending in a
newline (empty for no analyses where the format allows it); the CLI handles `-o` and writing.
Formats that stream (`jsonl`, `tsv`) give the same text for a list as for its items one by one,
concatenated. `html` renders exactly one analysis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from glasnost.analysis import Analysis
from glasnost.errors import Errors, GlasnostError
from glasnost.render.html import render_html
from glasnost.render.json import render_json, render_jsonl
from glasnost.render.markdown import render_markdown
from glasnost.render.tsv import ptc_article_id, render_tsv

Renderer = Callable[[Sequence[Analysis]], str]

FORMATS: dict[str, Renderer] = {
    "json": render_json,
    "jsonl": render_jsonl,
    "md": render_markdown,
    "tsv": render_tsv,
    "html": render_html,
}


def render(analyses: Sequence[Analysis], fmt: str) -> str:
    """The analyses in format `fmt` (a key of `FORMATS`)."""
    renderer = FORMATS.get(fmt)
    if renderer is None:
        raise GlasnostError(Errors.E040.format(fmt=fmt, known=", ".join(FORMATS)))
    return renderer(list(analyses))


__all__ = ["FORMATS", "Renderer", "ptc_article_id", "render"]
