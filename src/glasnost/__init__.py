"""Glasnost makes the machinery of news and opinion articles visible.

    from glasnost import load, analyze
    analysis = analyze(load("op-ed.txt"))
"""

from glasnost.about import __version__
from glasnost.analysis import SCHEMA_VERSION, Analysis
from glasnost.article import Article
from glasnost.errors import GlasnostError, InputError
from glasnost.ingest import LoadOptions, load, load_all
from glasnost.pipeline import AnalyzeOptions, analyze, analyze_all

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
