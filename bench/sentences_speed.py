"""Cost of the sentence layer (scores, certainty, cues) and of claims and genre, against the parse.

    python bench/sentences_speed.py [--articles 40] [--threads 1] [--data DIR]

For each article (the technique validation articles when ../shared/data is there, else the
canonical sample repeated), interleaved so that machine noise hits every step alike, it times in
CPU seconds of this process:

* ``parse``: the shared spaCy parse (the yardstick: the issue allows the sentence layer 50 % of it);
* ``encoder``: the shared encoder pass (paid once per article, by whichever of techniques,
  sentences or genre runs first);
* ``heads``: sentence vectors + check-worthiness, subjectivity and hedging heads;
* ``rules``: certainty label and cues of every sentence;
* ``claims+genre``: the claims and genre layers given the sentence layer.

It prints each as ms/article and as a share of the parse, and the sentence layer's share with and
without the encoder pass.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def load_articles(n: int, data: Path | None) -> list[str]:
    texts: list[str] = []
    if data is not None and (data / "semeval2023-en").is_dir():
        from glasnost.sentence_models.data import genre_splits

        texts = [a.text for a in genre_splits(data)["test"]]
    if not texts:
        from glasnost import load

        sample = Path(__file__).resolve().parents[1] / "samples" / "harbour-oped.txt"
        texts = [load(sample).text]
    out = []
    while len(out) < n:
        out.extend(texts)
    return out[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args(argv)

    from glasnost import Article
    from glasnost.analyzers.claims import Claims
    from glasnost.analyzers.genre import GenreAnalyzer
    from glasnost.certainty import classify
    from glasnost.context import Context, encoder_folder
    from glasnost.models.runtime import load_encoder
    from glasnost.nlp import load_spacy, trimmed_sentences
    from glasnost.pipeline import AnalyzeOptions, analyze
    from glasnost.sentence_models.data import data_dir
    from glasnost.sentence_models.heads import load_heads
    from glasnost.settings import Settings

    settings = Settings(threads=args.threads)
    heads = load_heads()
    if heads is None:
        print("sentence heads or their encoder are missing", file=sys.stderr)
        return 1
    nlp = load_spacy()
    encoder = load_encoder(heads.encoder_dir, args.threads)
    articles = load_articles(args.articles, args.data or data_dir())
    nlp("Warm-up."), encoder.encode("Warm-up sentence.", use_cache=False)
    claims, genre = Claims(settings), GenreAnalyzer(settings)
    totals = {"parse": 0.0, "encoder": 0.0, "heads": 0.0, "rules": 0.0, "claims_genre": 0.0}
    words = sentences = 0
    for text in articles:
        c = time.process_time
        t = c()
        doc = nlp(text)
        totals["parse"] += c() - t
        t = c()
        encoded = encoder.encode(text, use_cache=False)
        totals["encoder"] += c() - t
        t = c()
        found = trimmed_sentences(doc, text)
        spans = [(a, b) for a, b, _ in found]
        vectors = heads.sentence_vectors(encoded, spans)
        scores = heads.score([text[a:b] for a, b in spans], vectors)
        totals["heads"] += c() - t
        t = c()
        threshold = heads.tasks["hedging"].threshold
        for i, (_, _, sent) in enumerate(found):
            classify(sent, float(scores["hedging"][i]), threshold)
        totals["rules"] += c() - t
        # claims + genre on top of a real sentences layer (encoder pass already in the context)
        article = Article.from_text(text)
        analysis = analyze(article, AnalyzeOptions(only=("sentences",)), settings)
        context = Context(article, doc, analysis, AnalyzeOptions(), settings, {encoder_folder(settings): encoded})
        t = c()
        claims(context.reading_as(claims.name, claims.uses))
        genre(context.reading_as(genre.name, genre.uses))
        totals["claims_genre"] += c() - t
        words += len(text.split())
        sentences += len(found)
    n = len(articles)
    parse = totals["parse"]
    print(f"{n} articles, {words / n:.0f} words and {sentences / n:.0f} sentences each; threads {args.threads}; "
          f"CPU seconds of this process")
    for key, value in totals.items():
        print(f"  {key:<13} {1000 * value / n:7.1f} ms/article  {100 * value / parse:6.1f} % of the parse")
    layer = totals["heads"] + totals["rules"]
    print(f"sentence layer (heads + rules), encoder pass shared: {100 * layer / parse:.1f} % of the parse")
    print(f"sentence layer alone, paying the encoder pass itself: {100 * (layer + totals['encoder']) / parse:.1f} % of the parse")
    print(f"claims + genre on top: {100 * totals['claims_genre'] / parse:.1f} % of the parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
