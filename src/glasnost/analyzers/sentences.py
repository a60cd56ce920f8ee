"""Sentences as the parser splits them, trimmed of surrounding whitespace, each with how
check-worthy, subjective and hedged it is, how sure the text is of it, and the cues that say so.

Scores come from the heads in ``glasnost/models/sentences`` (see
`glasnost.sentence_models.heads`) over the mean token state of each sentence in the article's one
shared encoder pass (`Context.encoded`, the same pass the technique layer reads), stacked with
TF-IDF and cue-lexicon features. `certainty` and `cues` come from rules on the shared spaCy parse
(`glasnost.certainty`), with the hedging score deciding whether weak weasel words count. When the
heads or their encoder are missing, the scores stay null and the certainty rules still run.
"""

from __future__ import annotations

from glasnost.analysis import Cue, Sentence
from glasnost.context import Context
from glasnost.registry import register
from glasnost.sentence_models.heads import load_heads
from glasnost.settings import Settings


@register
class Sentences:
    name = "sentences"
    version = "2.0.0"
    layer = "sentences"
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ("sentence_spans", "sentence_scores", "certainties")
    model: str | None = None

    def __init__(self, settings: Settings) -> None:
        heads = load_heads(settings.sentence_model)
        self.model = heads.version if heads is not None else None

    def __call__(self, context: Context) -> list[Sentence]:
        text = context.article.text
        scores = context.sentence_scores
        sentences: list[Sentence] = []
        for i, ((start, end, _), certainty) in enumerate(zip(context.sentence_spans, context.certainties)):
            cues = [
                Cue(start=c.start, end=c.end, text=text[c.start : c.end], kind=c.kind)
                for c in certainty.cues
                if start <= c.start < c.end <= end
            ]
            sentences.append(
                Sentence(
                    start=start,
                    end=end,
                    text=text[start:end],
                    index=i,
                    checkworthiness=scores["checkworthiness"][i] if "checkworthiness" in scores else None,
                    subjectivity=scores["subjectivity"][i] if "subjectivity" in scores else None,
                    hedging=scores["hedging"][i] if "hedging" in scores else None,
                    certainty=certainty.label,
                    cues=cues,
                )
            )
        return sentences
