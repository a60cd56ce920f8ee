"""Plain counts a reader or a corpus query wants next to the findings."""

from __future__ import annotations

from collections import Counter

from glasnost.analysis import Stats
from glasnost.context import ArticleContext
from glasnost.registry import register

WORDS_PER_MINUTE = 230


@register
class Statistics:
    name = "stats"
    version = "1.0.0"
    layer = "stats"
    requires: tuple[str, ...] = ("sentences", "entities")
    uses: tuple[str, ...] = ("words",)
    scope = "article"
    model = None

    def __call__(self, context: ArticleContext) -> Stats:
        words = context.words
        sentences = context.analysis.sentences
        paragraphs = context.article.blocks_of("paragraph")
        return Stats(
            characters=len(context.article.text),
            words=len(words),
            sentences=len(sentences),
            paragraphs=len(paragraphs),
            mean_sentence_words=round(len(words) / len(sentences), 2) if sentences else 0.0,
            type_token_ratio=round(len(set(words)) / len(words), 4) if words else 0.0,
            reading_minutes=round(len(words) / WORDS_PER_MINUTE, 1),
            entity_labels=dict(Counter(e.label for e in context.analysis.entities).most_common()),
        )
