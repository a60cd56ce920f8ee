"""Glasnost makes the machinery of news and opinion articles visible.

    from glasnost import load, analyze
    analysis = analyze(load("op-ed.txt"))
"""

__version__ = "0.1.0"

from glasnost.analysis import SCHEMA_VERSION, Analysis  # noqa: E402
from glasnost.article import Article  # noqa: E402
from glasnost.errors import GlasnostError, InputError  # noqa: E402
from glasnost.ingest import LoadOptions, load, load_all  # noqa: E402
from glasnost.pipeline import AnalyzeOptions, analyze, analyze_all  # noqa: E402

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
