"""Named entities from the shared parse.

The small NER model gives no confidence, so the score is evidence from the article itself: the
share of mentions of the same surface form that got the same label. "Wagner" tagged ORG five
times and PERSON once scores 5/6 as ORG and 1/6 as PERSON; the actors layer builds on this.
"""

from __future__ import annotations

from collections import Counter

from glasnost.analysis import Entity
from glasnost.article import Article
from glasnost.context import Context
from glasnost.registry import register


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
        shares = _shares([(e.text, e.label_) for e in ents])
        return [
            Entity(start=e.start_char, end=e.end_char, text=e.text, label=e.label_, score=share)
            for e, share in zip(ents, shares)
        ]

    def merge(self, parts: list[list[Entity]], article: Article) -> list[Entity]:
        """The entities of a text analysed in pieces, each label's share counted over the whole."""
        ents = [e for part in parts for e in part]
        shares = _shares([(e.text, e.label) for e in ents])
        return [e.model_copy(update={"score": share}) for e, share in zip(ents, shares)]


def _shares(found: list[tuple[str, str]]) -> list[float]:
    """For each (surface form, label), the share of that form's mentions carrying that label."""
    by_form = Counter(_key(text) for text, _ in found)
    by_form_label = Counter((_key(text), label) for text, label in found)
    return [round(by_form_label[_key(text), label] / by_form[_key(text)], 4) for text, label in found]
