"""Named entities from the shared parse.

The small NER model gives no confidence, so the score is evidence from the article itself: the
share of mentions of the same surface form that got the same label. "Wagner" tagged ORG five
times and PERSON once scores 5/6 as ORG and 1/6 as PERSON; the actors layer builds on this.
"""

from __future__ import annotations

from collections import Counter

from glasnost.analysis import Entity
from glasnost.context import Context
from glasnost.pipeline import register


def _key(text: str) -> str:
    text = text.strip().lower()
    for suffix in ("'s", "\u2019s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


@register
class Entities:
    name = "entities"
    version = "1.0.0"
    layer = "entities"
    requires: tuple[str, ...] = ()
    model = None

    def __call__(self, context: Context) -> list[Entity]:
        ents = [e for e in context.doc.ents if e.text.strip()]
        by_form = Counter(_key(e.text) for e in ents)
        by_form_label = Counter((_key(e.text), e.label_) for e in ents)
        return [
            Entity(
                start=e.start_char,
                end=e.end_char,
                text=e.text,
                label=e.label_,
                score=round(by_form_label[_key(e.text), e.label_] / by_form[_key(e.text)], 4),
            )
            for e in ents
        ]
