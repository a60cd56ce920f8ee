"""Sentences as the parser splits them, trimmed of surrounding whitespace, each with how
check-worthy, subjective and hedged it is, how sure the text is of it, and the cues that say so.

Scores come from the heads in ``glasnost/models/sentences`` (see
`glasnost.sentence_models.heads`) over the mean token state of each sentence in the article's one
shared encoder pass (`context.shared`, the same pass the technique layer reads), stacked with
TF-IDF and cue-lexicon features. `certainty` and `cues` come from rules on the shared spaCy parse
(`glasnost.certainty`), with the hedging score deciding whether weak weasel words count. When the
heads or their encoder are missing, the scores stay null and the certainty rules still run.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from glasnost.analysis import Cue, Sentence
from glasnost.certainty import classify
from glasnost.models.shared import encoded_text, prefetch_encoder
from glasnost.pipeline import Context, register
from glasnost.sentence_models.heads import SentenceHeads, load_heads

VECTORS_KEY = "sentence-vectors"
# Indices of the sentences that report what a named or pointed-at source said (`Certainty.quoted`):
# the contract keeps each cue's kind, not whom it frames, so the claims layer reads this instead
# of running the rules again.
QUOTED_KEY = "quoted-sentences"


def sentence_spans(doc: Doc, text: str) -> list[tuple[int, int, SpacySpan]]:
    """(start, end, parser sentence) of every non-blank sentence, trimmed of whitespace."""
    out: list[tuple[int, int, SpacySpan]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end, sent))
    return out


def encoded_article(context: Context, heads: SentenceHeads):
    """The article's encoder pass, computed once per article for every analyzer that asks."""
    from glasnost.models.runtime import MODELS_DIR

    if heads.encoder_dir.resolve() == (MODELS_DIR / "techniques").resolve():
        return encoded_text(context)
    return context.shared(f"encoder:{heads.encoder_dir}", lambda: heads.encoder().encode(context.article.text))


@register
class Sentences:
    name = "sentences"
    version = "2.0.0"
    layer = "sentences"
    requires: tuple[str, ...] = ()
    model: str | None = None
    prefetch = staticmethod(prefetch_encoder)

    def __init__(self) -> None:
        self.heads = load_heads()
        self.model = self.heads.version if self.heads is not None else None

    def __call__(self, context: Context) -> list[Sentence]:
        text = context.article.text
        found = sentence_spans(context.doc, text)
        spans = [(a, b) for a, b, _ in found]
        scores: dict[str, list[float]] = {}
        hedge_threshold = 0.5
        if self.heads is not None and found:
            encoded = encoded_article(context, self.heads)
            vectors = self.heads.sentence_vectors(encoded, spans)
            context.shared(VECTORS_KEY, lambda: vectors)
            texts = [text[a:b] for a, b in spans]
            scores = {name: [float(p) for p in probs] for name, probs in self.heads.score(texts, vectors).items()}
            if "hedging" in self.heads.tasks:
                hedge_threshold = self.heads.tasks["hedging"].threshold
        sentences: list[Sentence] = []
        quoted: set[int] = set()
        for i, (start, end, sent) in enumerate(found):
            hedging = _clip(scores["hedging"][i]) if "hedging" in scores else None
            certainty = classify(sent, hedging, hedge_threshold)
            if certainty.quoted:
                quoted.add(i)
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
                    checkworthiness=_clip(scores["checkworthiness"][i]) if "checkworthiness" in scores else None,
                    subjectivity=_clip(scores["subjectivity"][i]) if "subjectivity" in scores else None,
                    hedging=hedging,
                    certainty=certainty.label,
                    cues=cues,
                )
            )
        context.shared(QUOTED_KEY, lambda: quoted)
        return sentences


def _clip(value: float) -> float:
    return round(min(1.0, max(0.0, float(value))), 4)
