"""The one encoder pass per article that the technique, sentence and genre heads all read.

Analyzers ask for it through the context under `ENCODER_KEY`; the pipeline may already have
started it in a background thread (`prefetch_encoder`), so the ONNX pass runs while spaCy parses.
"""

from __future__ import annotations

from collections.abc import Callable

from glasnost.article import Article
from glasnost.models.runtime import EncodedText, load_encoder
from glasnost.pipeline import Context

ENCODER_KEY = "encoder"


def _encode(text: str) -> EncodedText:
    return load_encoder().encode(text, use_cache=False)


def encoded_text(context: Context) -> EncodedText:
    """The shipped encoder's pass over this article, computed once for every head."""
    return context.shared(ENCODER_KEY, lambda: _encode(context.article.text))


def prefetch_encoder(article: Article) -> dict[str, Callable[[], EncodedText]]:
    return {ENCODER_KEY: lambda: _encode(article.text)}
