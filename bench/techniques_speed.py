"""Speed and peak memory of the technique layer on ~1000-word articles.

    python bench/techniques_speed.py [--articles 40] [--words 1000] [--threads 2] [--data DIR]

Articles are cut from the shared corpus when it is there (validation articles glued together and
cut at ``--words`` words), otherwise built from a fixed sample paragraph. Each article is new to
the encoder cache. Reports articles/second for ``predict`` (one encoder pass + span decoding),
the same with the paragraph view and SI merge reusing the pass, and the peak resident memory of
the process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

SAMPLE = (
    "The so-called experts in Brussels have once again betrayed ordinary families, and anyone "
    "who still trusts their reckless plan is simply not paying attention. Officials said on "
    "Tuesday that the new rules would take effect next spring, although critics warned that the "
    "measure could cost thousands of jobs. Either we stand up now or we lose everything our "
    "grandparents built. "
)


def make_articles(n: int, words: int, data: Path | None) -> list[str]:
    pool: list[str] = []
    if data is not None and (data / "semeval2023-en").is_dir():
        from glasnost.techniques.corpus import load_corpus, split

        _, valid = split(load_corpus(data))
        for article in valid:
            pool.extend(article.text.split())
    if not pool:
        pool = SAMPLE.split() * (words * n // len(SAMPLE.split()) + 1)
    articles = []
    pos = 0
    for i in range(n):
        if pos + words > len(pool):
            pos = 0
        chunk = pool[pos : pos + words]
        pos += words
        lines, line = [], []
        for w in chunk:
            line.append(w)
            if w.endswith(".") and len(line) > 40:
                lines.append(" ".join(line))
                line = []
        lines.append(" ".join(line))
        articles.append(f"Article {i}\n\n" + "\n\n".join(lines))
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--model-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    from glasnost.techniques import predict as P
    from glasnost.techniques.corpus import default_data_dir

    data = args.data or default_data_dir()
    articles = make_articles(args.articles, args.words, data)
    t0 = time.time()
    model = P.load_model(args.model_dir, threads=args.threads)
    load_s = time.time() - t0
    P.predict("Warm-up sentence for the encoder.", model_dir=args.model_dir)
    tokens = 0
    t0 = time.time()
    n_spans = 0
    for text in articles:
        enc = model.encoder.encode(text, use_cache=False)
        tokens += len(enc)
        n_spans += len(P.predict(text, model_dir=args.model_dir, encoded=enc))
    spans_s = time.time() - t0
    t0 = time.time()
    for text in articles:
        enc = model.encoder.encode(text + " ", use_cache=False)
        spans = P.predict(text, model_dir=args.model_dir, encoded=enc)
        P.predict_si(text, model_dir=args.model_dir, encoded=enc, spans=spans)
        P.paragraph_techniques(text, model_dir=args.model_dir, encoded=enc)
    full_s = time.time() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    words = sum(len(t.split()) for t in articles) / len(articles)
    print(f"model load: {load_s:.2f}s  threads: {args.threads}  cpus: {os.cpu_count()}")
    print(
        f"articles: {len(articles)} x ~{words:.0f} words, {tokens / len(articles):.0f} tokens each"
    )
    print(
        f"predict (encode + spans): {len(articles) / spans_s:.2f} articles/s "
        f"({1000 * spans_s / len(articles):.0f} ms/article, {n_spans / len(articles):.1f} spans/article)"
    )
    print(f"predict + SI + paragraphs: {len(articles) / full_s:.2f} articles/s")
    print(f"peak memory (ru_maxrss): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
