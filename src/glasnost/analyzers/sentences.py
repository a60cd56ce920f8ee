"""Sentences as the parser splits them, trimmed of surrounding whitespace; the unit that
check-worthiness, subjectivity and hedging scores will later attach to."""

from __future__ import annotations

from glasnost.analysis import Sentence
from glasnost.pipeline import Context, register


@register
class Sentences:
    name = "sentences"
    version = "1.0.0"
    layer = "sentences"
    requires: tuple[str, ...] = ()
    model = None

    def __call__(self, context: Context) -> list[Sentence]:
        text = context.article.text
        sentences: list[Sentence] = []
        for sent in context.doc.sents:
            start, end = sent.start_char, sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                sentences.append(Sentence(start=start, end=end, text=text[start:end], index=len(sentences)))
        return sentences
