"""MODEL_CARD.md of the sentence and genre heads, written by `glasnost.training.sentences`."""

from __future__ import annotations

SENTENCE_TASKS = ("checkworthiness", "subjectivity", "hedging")
TARGETS = {
    "checkworthiness": 0.75,
    "subjectivity": 0.72,
    "hedging": 0.64,
    "genre": 0.65,  # issue 11: macro-F1 on unseen articles
}


def _mark(value: float, target: float) -> str:
    return "meets" if value >= target else "**misses**"


def render(config: dict, metrics: dict) -> str:
    enc = config["encoder"]
    lines = [
        f"# Sentence heads and genre head — `{config['version']}`",
        "",
        "Check-worthiness, subjectivity and hedging scores for every sentence, and the genre of the",
        "article, read from the shared encoder pass (`glasnost.models.runtime`) that the technique",
        "layer also uses. CPU only, numpy at run time (no torch, no scikit-learn).",
        "",
        f"* Encoder: `{enc['folder']}` (version `{enc.get('version')}`, sha256 `{enc['sha256'][:16]}…`). The heads are",
        "  only valid with this encoder; the runtime checks the digest and leaves the scores null on a",
        "  mismatch. Retrain with `glasnost train sentences --encoder DIR -o DIR` (or `--replace`",
        "  for the shipped heads) whenever the encoder changes.",
        f"* Sentence vector: {config['pooling']}.",
        "",
        "## Files",
        "",
        "| file | what |",
        "| --- | --- |",
        "| `config.json` | version, encoder digest, blocks, thresholds and how they were chosen, genre feature names |",
        "| `heads.npz` | numpy arrays `<task>.emb.*` (standardisation + logistic weights), `<task>.tfidf.*` (vocabulary, idf, weights), `<task>.lex.*`, `<task>.meta.*` (stacker), `genre.*` |",
        "| `metrics.json` | the validation figures below |",
        "",
        "## Architecture",
        "",
        "Per sentence task: a logistic layer over the standardised sentence vector (`emb`), a logistic",
        "layer over sublinear TF-IDF of word unigrams and bigrams with digits mapped to 0 (`tfidf`), and",
        "(subjectivity and hedging only) 16 cue-lexicon and shape counts (`lex`, from",
        "`glasnost.certainty.lexicon`); a logistic stacker trained on the 5-fold out-of-fold logits of",
        "the two layers plus the lexicon counts gives the score. All layers are class-weighted (balanced).",
        "",
    ]
    adopted = [task for task, spec in config["tasks"].items() if spec.get("emb_source")]
    if adopted:
        lines += [
            f"Except {' and '.join(adopted)}: the encoder was fine-tuned on those sentence labels together",
            "with the technique heads (`glasnost.training.sentence_tasks`: training sentences packed into",
            "pseudo-articles or alone, loss on each sentence's mean token state), and the score is that",
            "jointly trained, class-weighted linear head (`emb` with identity standardisation, no stacker).",
            "A head refitted on the same training sentences would read vectors the encoder has memorised",
            "and would not carry over to unseen sentences.",
            "",
        ]
    lines += [
        "Genre: a class-weighted softmax (opinion, reporting, satire) over the article features of",
        "`glasnost.sentence_models.genre.GENRE_FEATURES`: mean and upper quartile of check-worthiness",
        "and subjectivity, upper quartile of hedging, shares of attributed, hedged, speculative and",
        "question sentences, rates of reporting verbs, digits, quotation marks, weekday names, first,",
        "second and third person, questions, exclamations and intensifiers, sentence length, log",
        "length. The mean sentence vector is left out on purpose: the shared encoder was fine-tuned on",
        "the SemEval training articles, so their vectors are memorised and a head on them fails on",
        f"unseen articles. When the most likely genre's probability is under {config['genre'].get('confidence', 0):.2f}",
        "the analyzer says `uncertain` and the report shows no genre badge; that confidence is the",
        f"lowest at which the out-of-fold genres shown were right {config['genre'].get('shown_accuracy_target', 0):.0%} of the time or more.",
        "",
        "## Validation (never trained or tuned on)",
        "",
        "| task | split | metric | value | target | |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for task in SENTENCE_TASKS:
        m = metrics[task]
        lines.append(
            f"| {task} | {m['split']} ({m['sentences']} sentences) | {m['headline_name']} | "
            f"{m['headline']:.3f} | {TARGETS[task]:.2f} | {_mark(m['headline'], TARGETS[task])} |"
        )
    for task in SENTENCE_TASKS:
        m = metrics[task].get("in_context")
        if m:
            lines.append(
                f"| {task}, in context | {m['split']}: 12 consecutive sentences per pseudo-article | {m['headline_name']} | "
                f"{m['headline']:.3f} | | |"
            )
    g = metrics["genre"]
    for name, m in (("5-fold cross-validation (x3) on the training articles", g["cross_validation"]),
                    ("held out: technique validation + horne2017 fifth", g["held_out"]),
                    *((f"held out: {src} only", m) for src, m in g["held_out_by_source"].items())):
        lines.append(
            f"| genre | {name} ({m['articles']}) | macro-F1 over the genres present (best label) | {m['macro_f1']:.3f} | "
            f"{TARGETS['genre']:.2f} | {_mark(m['macro_f1'], TARGETS['genre'])} |"
        )
        lines.append(
            f"| genre | {name}: at the confidence | shown {m['shown_share']:.0%}, right {m['shown_accuracy']:.0%}; macro-F1 with uncertain as wrong | "
            f"{m['macro_f1_shown']:.3f} | | |"
        )
    lines += [
        "",
        "### Per class",
        "",
        "| task | class | P | R | F1 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for task in SENTENCE_TASKS:
        m = metrics[task]
        lines.append(
            f"| {task} | positive | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |"
        )
        lines.append(
            f"| {task} | negative | {m['negative_precision']:.3f} | {m['negative_recall']:.3f} | {m['negative_f1']:.3f} |"
        )
    lines += [
        "",
        "## Thresholds (operating points)",
        "",
        "| task | threshold | chosen on | tuned alternatives (validation metric there) |",
        "| --- | --- | --- | --- |",
    ]
    for task, spec in config["tasks"].items():
        alts = metrics[task].get("at_alternative_thresholds", {})
        alt_text = "; ".join(
            f"{name.replace('_', ' ')} {alt['threshold']:.2f} ({alts.get(name, float('nan')):.3f})"
            for name, alt in spec.get("alternative_thresholds", {}).items()
        )
        lines.append(f"| {task} | {spec['threshold']:.2f} | {spec['threshold_source']} | {alt_text} |")
    gen = config["genre"]
    lines.append(f"| genre (probability of the best label under it: uncertain) | {gen['confidence']:.2f} | {gen['confidence_rule']} (out-of-fold) | |")
    lines += [
        "",
        "Every sentence head is class-weighted, so 0.5 is its boundary for equal class priors.",
        "Thresholds tuned to one split did not carry over: CheckThat! dev is much easier than train and",
        "dev-test (its F1-best threshold, about 0.8, loses 0.17 F1 on dev-test), and subjectivity dev_en",
        "is 52 % subjective against 36 % in train_en. The tuned alternatives and their validation",
        "figures are listed above; the fixed 0.5 was chosen after seeing them (see Limits).",
        "",
        "The claims layer keeps sentences whose check-worthiness is at or above the check-worthiness",
        "threshold (`--min-score` overrides it), questions excepted. A weak weasel word (\"often\",",
        "\"many\") counts as a hedging cue only when the hedging score is at or above the hedging threshold.",
        "",
        "## Training data",
        "",
        f"* Check-worthiness: CheckThat! 2024 English train ({config['tasks']['checkworthiness']['train_sentences']} sentences with the ClaimBuster",
        "  sentences not already in it; any train or dev sentence whose text is in dev-test removed).",
        f"* Subjectivity: CheckThat! subjectivity train_en ({config['tasks']['subjectivity']['train_sentences']} sentences).",
        f"* Hedging: Wikipedia weasel sentences outside the held-out fifth ({config['tasks']['hedging']['train_sentences']} sentences), Penn",
        "  Treebank escapes undone (`glasnost.sentence_models.data.detokenize_ptb`). Held out: SHA-1 of",
        "  `glasnost-hedging-` + text, first 8 hex digits divisible by 5.",
        "* Every refitted head sees each training sentence twice: encoded on its own (as a one-sentence article is) and",
        "  inside a pseudo-article of 12 shuffled training sentences (as a sentence sits in a real",
        "  article's encoder pass, whose token states are shifted by the longer context; without this",
        "  the check-worthiness head called 85 of 107 sentences of the canonical op-ed claims, with it 62).",
        "* Genre: SemEval-2023 English articles outside the technique validation ids and four fifths of horne2017",
        "  (real news as reporting, satire as satire; one in five held out by SHA-256 of `glasnost-genre-` + file):",
        f"  {', '.join(f'{n} {k}' for k, n in gen['train_articles'].items())}. C = {gen['C']} by 5-fold macro-F1.",
        "",
        "## Speed",
        "",
        "`python bench/sentences_speed.py --articles 30` (validation articles, CPU seconds, development",
        "machine: 2 cores): spaCy parse 184 ms/article; the shared encoder pass 229 ms (125 % of the",
        "parse, paid once per article for techniques, sentences and genre together); sentence heads",
        "5 ms and certainty rules 13 ms, i.e. the sentence layer adds 9.7 % of the parse when the",
        "encoder pass is shared (the budget is 50 %); claims and genre add 3 %. Run without the",
        "techniques layer, the sentence layer pays the encoder pass itself: 134 % of the parse.",
        "",
        "## Limits",
        "",
        "* The blocks, regularisation and the 0.5 operating point were settled while the validation",
        "  figures were visible to the developer (exploration compared a handful of configurations on",
        "  them); configurations were ranked by cross-validation on the training splits, but the",
        "  validation figures are not a perfectly blind estimate.",
        "* Subjectivity (830 training sentences) and hedging (Wikipedia weasel labels, noisy: \"often\"",
        "  is labelled certain as often as not) stalled 0.02-0.03 under their targets with every cheap",
        "  feature set on the technique-only encoder (frozen vectors, max pooling, TF-IDF words and",
        "  characters, cue counts, a token-level attention head: 0.694 and 0.615). They pass now because",
        "  the shared encoder learned them, which cost the technique layer 0.006 SI and 0.019 paragraph",
        "  F1; hedging clears its target by 0.002 only.",
        "* Satire is learned from six outlets of horne2017 (The Onion, The Borowitz Report, ...) and",
        "  reporting mostly from its ten wire and broadsheet outlets: a satire site in another voice, or",
        "  reporting from other outlets, may well read as opinion or uncertain. The SemEval genre labels",
        "  are noisy (some \"reporting\" articles read as commentary).",
        "* Check-worthiness is learned from US debate sentences; op-eds are dense with factual-sounding",
        "  sentences, so the claims layer keeps many: the ranking carries more than the cut.",
        "* Hedging is learned from Wikipedia weasel words (\"some\", \"many\", \"considered\",",
        "  \"widely\"); on news it is a vagueness score, and the certainty label relies on the cue rules.",
        "",
        f"Training time: {metrics.get('train_seconds', 0):.0f} s on one CPU core (sentence vectors cached per encoder).",
        "",
    ]
    return "\n".join(lines)
