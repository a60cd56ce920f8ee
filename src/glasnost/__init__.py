"""Glasnost makes the machinery of news and opinion articles visible.

    from glasnost import load, analyze
    analysis = analyze(load("op-ed.txt"))

The names below are imported on first use: `import glasnost.cli` (or a spawned worker) need not
load the whole pipeline before it can answer a signal or print its help.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from glasnost.about import __version__

if TYPE_CHECKING:
    from glasnost.analysis import SCHEMA_VERSION, Analysis
    from glasnost.article import Article
    from glasnost.errors import GlasnostError, InputError
    from glasnost.ingest import LoadOptions, load, load_all
    from glasnost.pipeline import AnalyzeOptions, analyze, analyze_all

_HOMES = {
    "SCHEMA_VERSION": "glasnost.analysis",
    "Analysis": "glasnost.analysis",
    "Article": "glasnost.article",
    "GlasnostError": "glasnost.errors",
    "InputError": "glasnost.errors",
    "LoadOptions": "glasnost.ingest",
    "load": "glasnost.ingest",
    "load_all": "glasnost.ingest",
    "AnalyzeOptions": "glasnost.pipeline",
    "analyze": "glasnost.pipeline",
    "analyze_all": "glasnost.pipeline",
}

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "AnalyzeOptions",
    "Article",
    "GlasnostError",
    "InputError",
    "LoadOptions",
    "analyze",
    "analyze_all",
    "load",
    "load_all",
    "__version__",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(name)
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
