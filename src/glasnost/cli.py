"""The `glasnost` command: a thin shell over the public API.

Exit codes: 0 success; 2 bad input (a one-line reason on stderr; in a batch, after the good
articles are written); 1 an internal error (set GLASNOST_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from enum import Enum
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import TyperException

from glasnost.about import __version__
from glasnost.analysis import SCHEMA_VERSION, Analysis, json_schema
from glasnost.commands import shell
from glasnost.commands.corpus import EmbedderOption, corpus_app
from glasnost.commands.factchecks import factchecks_app, with_matches
from glasnost.commands.narratives import narratives_app
from glasnost.commands.serve import serve_app
from glasnost.commands.shell import InputKind, err, read_articles
from glasnost.errors import Errors, GlasnostError, InputError
from glasnost.ingest import LoadOptions
from glasnost.pipeline import AnalyzeOptions, analyze_all, available, select
from glasnost.render import FORMATS
from glasnost.render.files import ONE_PER_FILE, check_output, write_analyses, write_output
from glasnost.stored import SUFFIXES, is_analysis_file, read_analyses
from glasnost.techniques.predict import OPERATING_POINTS
from glasnost.techniques.tasks import SCHEMES

ANALYZER_NAMES = "{analyzers}"


class _Help:
    """Help as a user reads it: no `<bool>` type beside a flag, which takes no value, and the
    analyzer names where an option takes one (looked up only when help is shown, since finding
    them imports every analyzer)."""

    def get_params(self, ctx: typer.Context) -> list:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params

    def format_help(self, ctx: typer.Context, formatter: object) -> None:
        for param in self.params:  # type: ignore[attr-defined]
            if isinstance(getattr(param, "help", None), str) and ANALYZER_NAMES in param.help:
                param.help = param.help.replace(ANALYZER_NAMES, ", ".join(available()))
        super().format_help(ctx, formatter)  # type: ignore[misc]


class HelpCommand(_Help, TyperCommand):
    pass


class HelpGroup(_Help, TyperGroup):
    pass


app = typer.Typer(cls=HelpGroup, add_completion=False, no_args_is_help=True, help=__doc__.splitlines()[0])
eval_app = typer.Typer(cls=HelpGroup, no_args_is_help=True, help="Score a shipped model on labelled data.")
train_app = typer.Typer(cls=HelpGroup, no_args_is_help=True, help="Train a model from labelled data (needs the train extra).")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
app.add_typer(corpus_app)
app.add_typer(serve_app)
app.add_typer(factchecks_app, name="factchecks")
app.add_typer(narratives_app)


Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
OperatingPoint = Enum("OperatingPoint", {name: name for name in OPERATING_POINTS}, type=str)  # type: ignore[misc]


class _Failures:
    """Counts what a batch skipped, so the exit code can say so once the batch is done."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, source: str, reason: str) -> None:
        self.count += 1
        err.print(f"[yellow]skipped[/] {escape(source)}: {escape(reason)}", soft_wrap=True)


def _check_output(output: Optional[Path], one_file: bool = True) -> None:
    """Refuse an `-o` that cannot be written before a long run, not after it."""
    if output is not None:
        check_output(output, one_file)


SUMMARY_COLUMNS = ("words", "sentences", "entities", "techniques", "claims", "quotes", "actors", "genre")


def _summary_row(a: Analysis) -> tuple[str, ...]:
    title = a.article.title or a.article.source or a.article.id
    genre = f"{a.genre.label} {a.genre.score:.2f}" if a.genre else "-"
    words = str(a.stats.words) if a.stats else "-"
    counts = (a.sentences, a.entities, a.techniques, a.claims, a.speech_quotes(), a.actors)
    return (title, words, *(str(len(layer)) for layer in counts), genre)


def _summary(rows: list[tuple[str, ...]], written: str) -> None:
    """One line per article: the title on its own line, counts beneath, so nothing wraps."""
    for title, *values in rows:
        err.print(f"[bold]{escape(title)}[/]", overflow="ellipsis", no_wrap=True)
        err.print("  " + " · ".join(f"{name}\u00a0[cyan]{value}[/]" for name, value in zip(SUMMARY_COLUMNS, values)))
    err.print(f"written: {escape(written)}")


def _with_progress(analyses: Iterator[Analysis], show: bool) -> Iterator[Analysis]:
    if not show:
        yield from analyses
        return
    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("analyse", total=None)
        for analysis in analyses:
            progress.advance(task)
            yield analysis


@app.command("analyze", cls=HelpCommand)
def analyze_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds, JSON Lines; - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format("json"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File (or directory for html of many).")] = None,
    only: Annotated[Optional[list[str]], typer.Option("--only", help=f"Run just these analyzers (repeatable; those they need come along): {ANALYZER_NAMES}.")] = None,
    skip: Annotated[Optional[list[str]], typer.Option("--skip", help=f"Leave out these analyzers (repeatable): {ANALYZER_NAMES}.")] = None,
    min_score: Annotated[Optional[float], typer.Option("--min-score", min=0.0, max=1.0, help="Hide model findings scored below this.")] = None,
    operating_point: Annotated[OperatingPoint, typer.Option("--operating-point", help="Technique thresholds: precision (fewer, surer), balanced (best F1) or recall (more).")] = OperatingPoint("precision"),
    kind: Annotated[InputKind, typer.Option("--kind", help="Input kind: auto sniffs it from the extension and the content.")] = InputKind("auto"),
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow URLs on private or loopback addresses.")] = False,
    allow_host: Annotated[Optional[list[str]], typer.Option("--allow-host", help="Fetch this host (name or address) whatever it resolves to, link-local and cloud metadata included (repeatable).")] = None,
    any_language: Annotated[bool, typer.Option("--any-language", help="Analyse text even when it is not English.")] = False,
    factchecks: Annotated[Optional[str], typer.Option("--factchecks", help="Match the claims against this store's fact-checks (a path, sqlite:///PATH or postgresql://...).")] = None,
    embedder: EmbedderOption = None,
) -> None:
    """Analyse articles and write the findings."""
    load_options = LoadOptions(
        kind=kind.value, allow_private=allow_private, allow_hosts=tuple(allow_host or ()), require_english=not any_language
    )
    options = AnalyzeOptions(
        only=tuple(only or ()), skip=tuple(skip or ()), min_score=min_score, operating_point=operating_point.value
    )
    settings = shell.settings(embedder)
    select(options, settings)
    _check_output(output, one_file=fmt.value not in ONE_PER_FILE)
    if factchecks:
        from glasnost.claims_match.embedder import claim_embedder

        matching = claim_embedder(settings)
    else:
        matching = None
    failures = _Failures()
    show_progress = len(inputs) > 1 or any(Path(i).is_dir() for i in inputs if i != "-") or kind.value in ("feed", "jsonl", "dir")
    analyses = _with_progress(analyze_all(read_articles(inputs, load_options, failures.report), options, settings), show_progress)
    analyses = with_matches(analyses, factchecks, matching)

    done = _emit(analyses, fmt, output)
    if failures.count:
        err.print(f"{failures.count} input(s) skipped")
        raise typer.Exit(2)
    if not done:
        raise InputError(Errors.E014.format(path=", ".join(inputs)))


def _emit(analyses: Iterator[Analysis], fmt: Format, output: Path | None) -> list[tuple[str, ...]]:
    """Write the analyses in `fmt` to `output` (standard output when None), with a summary of
    each on standard error when written to a file; the summary rows, one per analysis."""
    done: list[tuple[str, ...]] = []
    write_analyses(analyses, fmt.value, output, sys.stdout, lambda a: done.append(_summary_row(a)))
    if output is not None and done:
        _summary(done, str(output))
    return done


@app.command("render", cls=HelpCommand)
def render_command(
    stored: Annotated[list[Path], typer.Argument(help="Analyses written by analyze (-f json or -f jsonl).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format("json"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File (or directory for html of many).")] = None,
) -> None:
    """Render stored analyses without analysing again: the same output analyze gives."""
    _check_output(output, one_file=fmt.value not in ONE_PER_FILE)
    for path in stored:
        if path.suffix not in SUFFIXES:
            raise InputError(Errors.E018.format(path=path, reason="give the .json or .jsonl that analyze wrote"))
    if not _emit((a for path in stored for a in read_analyses(path)), fmt, output):
        raise InputError(Errors.E018.format(path=", ".join(map(str, stored)), reason="it holds no analysis"))


@app.command("graph", cls=HelpCommand)
def graph_command(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="Articles as for analyze, or analyses written by analyze (.json/.jsonl).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="graph.graphml or graph.json (default: GraphML on stdout).")] = None,
    db: Annotated[Optional[str], typer.Option("--db", help="Also take the articles of this store (a path, sqlite:///PATH or postgresql://...).")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="With --db: articles published on or after this day (YYYY-MM-DD or YYYY-MM).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="With --db: articles published on or before this day (YYYY-MM-DD or YYYY-MM).")] = None,
    site: Annotated[Optional[str], typer.Option("--site", help="With --db: only this outlet's articles.")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow URLs on private or loopback addresses.")] = False,
    allow_host: Annotated[Optional[list[str]], typer.Option("--allow-host", help="Fetch this host whatever it resolves to (repeatable).")] = None,
) -> None:
    """Merge the actors of many articles into one graph of who opposes or backs whom."""
    from glasnost.graph import build_graph, to_graphml, to_json

    inputs = inputs or []
    if not inputs and db is None:
        raise InputError(Errors.E139.format(message="give articles, analyses or --db"))
    if db is None and (since or until or site):
        raise InputError(Errors.E139.format(message="--since, --until and --site choose articles of a store: give --db"))
    _check_output(output)
    failures = _Failures()
    stored = [i for i in inputs if is_analysis_file(Path(i))]
    articles = [i for i in inputs if i not in stored]
    analyses: list[Analysis] = [a for path in stored for a in read_analyses(Path(path))]
    if db is not None:
        analyses.extend(_stored_analyses(db, site, since, until))
    if articles:
        load_options = LoadOptions(allow_private=allow_private, allow_hosts=tuple(allow_host or ()))
        options = AnalyzeOptions(only=("actors", "relations"))
        fresh = analyze_all(read_articles(articles, load_options, failures.report), options, shell.settings())
        analyses.extend(_with_progress(fresh, len(articles) > 1))
    graph = build_graph(analyses)
    text = to_json(graph) + "\n" if output is not None and output.suffix == ".json" else to_graphml(graph)
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text)
        err.print(f"{len(graph.nodes)} actors, {len(graph.edges)} relations from {len(analyses)} article{'' if len(analyses) == 1 else 's'}; written: {escape(str(output))}")
    if failures.count:
        raise typer.Exit(2)


def _stored_analyses(db: str, site: str | None, since: str | None, until: str | None) -> list[Analysis]:
    """The analyses of a store's articles that the filters let through, oldest first."""
    from glasnost.store import open_store
    from glasnost.store.search import Filters, day

    filters = Filters(site=site, since=day(since, "--since"), until=day(until, "--until", end=True))
    with open_store(db, create=False) as store:
        return [analysis for _, analysis in store.analyses(filters)]


def _need_dir(path: Path) -> Path:
    if not path.is_dir():
        raise InputError(Errors.E005.format(path=path))
    return path


@eval_app.command("attribution", cls=HelpCommand)
def eval_attribution(
    polnear: Annotated[Path, typer.Option("--polnear", help="PolNeAR folder holding train/ and dev/.")],
    split: Annotated[str, typer.Option("--split", help="Which split to score (dev is the validation split).")] = "dev",
    limit: Annotated[Optional[int], typer.Option("--limit", help="Score only the first N articles.")] = None,
) -> None:
    """Quote content P/R/F1 and speaker accuracy on PolNeAR."""
    from glasnost.evaluation.attribution import evaluate

    print(evaluate(_need_dir(polnear), split, limit).format())


Replace = Annotated[bool, typer.Option("--replace", help="Overwrite the shipped model (instead of -o).")]


def _model_output(output: Optional[Path], replace: bool, what: str, kind: str) -> Optional[Path]:
    """Training writes a new model where -o says, and the shipped one only when told to (with
    --replace): a run started to try something must not silently change what `analyze` uses.
    Returns the -o path, None for the shipped one."""
    if replace == (output is not None):
        raise InputError(Errors.E138.format(what=what, kind=kind))
    _check_output(output, one_file=kind == "file")
    return output


@train_app.command("attribution", cls=HelpCommand)
def train_attribution(
    polnear: Annotated[Path, typer.Option("--polnear", help="PolNeAR folder holding train/ and dev/.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write the scorer to (JSON).")] = None,
    replace: Replace = False,
) -> None:
    """Refit the quote scorer on PolNeAR train (numpy only)."""
    target = _model_output(output, replace, "attribution", "file")
    from glasnost.attribution.scorer import MODEL_PATH
    from glasnost.training.attribution import train

    model = train(_need_dir(polnear))
    write_output(target or MODEL_PATH, model.to_json())
    err.print(f"written: {escape(str(target or MODEL_PATH))}")


Scheme = Enum("Scheme", {name: name for name in SCHEMES}, type=str)  # type: ignore[misc]


def _write_lines(lines: list[str], what: str, output: Optional[Path]) -> None:
    """TSV lines to standard output, or to -o with their count on standard error."""
    text = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text)
        err.print(f"{len(lines)} {what}; written: {escape(str(output))}")


def _write_spans(spans: list, output: Optional[Path], with_technique: bool = True) -> None:
    from glasnost.techniques.ptc_format import format_span

    _write_lines([format_span(span, with_technique) for span in spans], "spans", output)


@app.command("spans", cls=HelpCommand)
def spans_command(
    articles: Annotated[Path, typer.Argument(help="Folder of article*.txt files (PTC layout).")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="TSV file (default: standard output).")] = None,
    scheme: Annotated[Optional[Scheme], typer.Option("--scheme", help="Technique names: semeval2023 (19, default) or ptc14 (SemEval-2020).")] = None,
    operating_point: Annotated[Optional[OperatingPoint], typer.Option("--operating-point", help="balanced (best F1, default), precision or recall.")] = None,
    threshold: Annotated[Optional[float], typer.Option("--threshold", min=0.0, max=1.0, help="One threshold for every technique instead.")] = None,
    si: Annotated[bool, typer.Option("--si", help="Untyped SI spans instead: id, start, end, overlaps merged (the README's SI figure).")] = False,
    paragraphs: Annotated[bool, typer.Option("--paragraphs", help="Techniques per paragraph instead: id, line, tech1,tech2 (SemEval-2023 subtask 3).")] = False,
) -> None:
    """Predict technique spans in PTC format: id, technique, start, end (offsets into the files).

    --si writes untyped SI spans (id, start, end) and --paragraphs the techniques of each
    paragraph (id, line, tech1,tech2) instead."""
    from glasnost.techniques.ptc_format import format_paragraph
    from glasnost.techniques.tasks import predict_folder, predict_folder_paragraphs, predict_folder_si, read_folder

    # The technique options default to None (their defaults are documented, not set), so a run
    # tells them given from left out and refuses them where they do not apply rather than
    # silently ignoring them.
    if si:
        given = {"--scheme": scheme, "--operating-point": operating_point, "--threshold": threshold}
        clash = [name for name, value in given.items() if value is not None] + (["--paragraphs"] if paragraphs else [])
        if clash:
            raise InputError(Errors.E081.format(options=", ".join(clash)))
    if paragraphs and operating_point is not None:
        raise InputError(Errors.E082)
    _check_output(output)
    texts = read_folder(articles)
    names = (scheme or Scheme("semeval2023")).value
    if si:
        _write_spans(predict_folder_si(texts), output, with_technique=False)
    elif paragraphs:
        found = predict_folder_paragraphs(texts, names, threshold)
        _write_lines([format_paragraph(article_id, line, techniques) for (article_id, line), techniques in found.items()], "paragraphs", output)
    else:
        _write_spans(predict_folder(texts, names, (operating_point or OperatingPoint("balanced")).value, threshold), output)


@app.command("label-spans", cls=HelpCommand)
def label_spans_command(
    articles: Annotated[Path, typer.Argument(help="Folder of article*.txt files (PTC layout).")],
    spans: Annotated[Path, typer.Option("--spans", help="Spans to label: id, ?, start, end or id, start, end per line.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="TSV file (default: standard output).")] = None,
    scheme: Annotated[Scheme, typer.Option("--scheme", help="Technique names: semeval2023 (19) or ptc14 (SemEval-2020).")] = Scheme("semeval2023"),
) -> None:
    """Name the technique of given spans (the SemEval-2020 TC setting)."""
    from glasnost.techniques.tasks import label_folder, read_folder, read_given_spans

    if not spans.is_file():
        raise InputError(Errors.E005.format(path=spans))
    _check_output(output)
    texts = read_folder(articles)
    _write_spans(label_folder(texts, read_given_spans(spans, texts), scheme.value), output)


def _eval_sentence_task(task: str):
    def command(
        path: Annotated[Optional[Path], typer.Argument(help="A file in the dataset's own format (default: the validation split in --data).")] = None,
        data: Annotated[Optional[Path], typer.Option("--data", help="The research data folder (default: ../shared/data).")] = None,
        in_context: Annotated[bool, typer.Option("--in-context", help="Score sentences inside 12-sentence pseudo-articles, as analyze sees them.")] = False,
    ) -> None:
        from glasnost.evaluation.sentences import evaluate

        if path is not None and not path.exists():
            raise InputError(Errors.E005.format(path=path))
        if task == "genre" and path is not None:
            raise InputError(Errors.E063)
        if task == "genre" and in_context:
            raise InputError(Errors.E087)
        options = {} if task == "genre" else {"in_context": in_context}
        print(evaluate(task, path, data_dir=data or shell.settings().data_dir, **options).format())

    command.__doc__ = (
        "Score the shipped genre head on the SemEval-2023 validation articles."
        if task == "genre"
        else f"Score the shipped {task} head on its validation split, or on a file in the dataset's format."
    )
    return command


@eval_app.command("techniques", cls=HelpCommand)
def eval_techniques(
    articles: Annotated[Path, typer.Option("--articles", help="Folder of article*.txt files.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold spans: id, technique, start, end (or id, start, end for SI only).")],
    paragraph_gold: Annotated[Optional[Path], typer.Option("--paragraph-gold", help="Also score paragraphs: id, line, tech1,tech2 per line (SemEval-2023 subtask 3).")] = None,
) -> None:
    """SI precision/recall/F1 (partial-overlap credit) and TC micro-F1 given the gold spans; with
    --paragraph-gold, paragraph micro-F1 too."""
    from glasnost.evaluation.ptc_scorer import format_report
    from glasnost.evaluation.techniques import evaluate_folder

    for path in (gold, paragraph_gold):
        if path is not None and not path.is_file():
            raise InputError(Errors.E005.format(path=path))
    result = evaluate_folder(articles, gold, paragraph_gold)
    print(f"articles: {result.articles}  scheme: {result.scheme}")
    print(format_report(result.si, "SI: propaganda spans, partial-overlap credit"))
    if result.tc is not None:
        print(format_report(result.tc, "TC: technique of each gold span"))
    if result.paragraphs is not None:
        title = f"Paragraphs: techniques of {result.paragraph_count} gold paragraphs, micro-F1 (scheme: {result.paragraph_scheme})"
        print(format_report(result.paragraphs, title))


SpanTask = Enum("SpanTask", {name: name for name in ("si", "tc", "flc")}, type=str)  # type: ignore[misc]


@eval_app.command("spans", cls=HelpCommand)
def eval_spans(
    prediction: Annotated[Path, typer.Argument(help="Predicted spans: id, technique, start, end (or id, start, end) per line.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold spans in the same format.")],
    task: Annotated[SpanTask, typer.Option("--task", help="si (spans, partial-overlap credit), tc (the technique of each gold span) or flc (spans with their techniques).")] = SpanTask("si"),
    no_merge: Annotated[bool, typer.Option("--no-merge", help="SI: keep overlapping spans apart instead of merging them first.")] = False,
) -> None:
    """Score a span file (as `glasnost spans` writes) against gold spans, without the articles."""
    from glasnost.evaluation.ptc_scorer import format_report, score_flc, score_si, score_tc
    from glasnost.techniques.ptc_format import read_spans

    for path in (prediction, gold):
        if not path.is_file():
            raise InputError(Errors.E005.format(path=path))
    predicted, wanted = read_spans(prediction), read_spans(gold)
    if task.value == "si":
        print(format_report(score_si(predicted, wanted, merge=not no_merge), "SI"))
    elif task.value == "tc":
        print(format_report(score_tc(predicted, wanted), "TC"))
    else:
        print(format_report(score_flc(predicted, wanted), "FLC"))


for _task in ("checkworthiness", "subjectivity", "hedging", "genre"):
    eval_app.command(_task, cls=HelpCommand)(_eval_sentence_task(_task))


def _require_extra(*modules: str) -> None:
    """Training code needs the `train` extra; say so in one line instead of an ImportError."""
    missing = [name for name in modules if find_spec(name) is None]
    if missing:
        raise GlasnostError(Errors.E062.format(missing=", ".join(missing)))


@train_app.command("sentences", cls=HelpCommand)
def train_sentences(
    data: Annotated[Optional[Path], typer.Option("--data", help="The research data folder (default: ../shared/data).")] = None,
    encoder: Annotated[Optional[Path], typer.Option("--encoder", help="Encoder folder (default: the shipped technique model).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Folder to write the heads to.")] = None,
    replace: Replace = False,
    cache: Annotated[Optional[Path], typer.Option("--cache", help="Sentence-vector cache folder (default: $GLASNOST_CACHE or /tmp/glasnost-sentence-cache).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Encode every sentence again instead of caching.")] = False,
    threads: Annotated[int, typer.Option("--threads", min=1, help="Encoder threads.")] = 1,
    genre_only: Annotated[bool, typer.Option("--genre-only", help="Refit only the genre head, on the shipped sentence heads.")] = False,
) -> None:
    """Refit the check-worthiness, subjectivity, hedging and genre heads on the shared encoder;
    prints the validation metrics as JSON."""
    target = _model_output(output, replace, "sentences", "folder")
    _require_extra("sklearn")
    from glasnost.training.sentences import DEFAULT_CACHE, train

    if genre_only:
        from glasnost.sentence_models.heads import DEFAULT_DIR
        from glasnost.training.genre import refit

        print(json.dumps(refit(data or shell.settings().data_dir, DEFAULT_DIR, target, None if no_cache else cache or shell.settings().train_cache or DEFAULT_CACHE), indent=2))
        return
    metrics = train(data_dir=data or shell.settings().data_dir, encoder_dir=encoder, out_dir=target, cache_dir=None if no_cache else cache or shell.settings().train_cache or DEFAULT_CACHE, threads=threads)
    print(json.dumps(metrics, indent=2))


@train_app.command("techniques", cls=HelpCommand)
def train_techniques(
    data: Annotated[Path, typer.Option("--data", help="The research data folder (holds ptc/ and semeval2023-en/).")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Folder to write the model to.")] = None,
    replace: Replace = False,
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="Fine-tuning epochs.")] = 6,
    sentence_tasks: Annotated[
        bool,
        typer.Option(
            "--sentence-tasks/--no-sentence-tasks",
            help="Also fine-tune the encoder on subjectivity and hedging sentences (the sentence heads read it).",
        ),
    ] = True,
    limit_train: Annotated[Optional[int], typer.Option("--limit-train", min=1, help="Train on the first N articles only (a smoke run).")] = None,
    limit_val: Annotated[Optional[int], typer.Option("--limit-val", min=1, help="Validate on the first N articles only.")] = None,
    threads: Annotated[int, typer.Option("--threads", min=1, help="Torch threads.")] = 2,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 13,
    lr: Annotated[float, typer.Option("--lr", min=0.0, help="Encoder learning rate.")] = 8e-5,
    max_length: Annotated[int, typer.Option("--max-length", min=16, help="Tokens per training window.")] = 256,
    stride: Annotated[int, typer.Option("--stride", min=0, help="Tokens shared by consecutive windows.")] = 64,
    token_features: Annotated[bool, typer.Option("--token-features", help="Experimental: feed article-wide token features to the tagger.")] = False,
    retune_only: Annotated[bool, typer.Option("--retune-only", help="Keep the trained model in -o (or the shipped one with --replace); redo calibration, thresholds and metrics.")] = False,
) -> None:
    """Fine-tune the technique model, export it to int8 ONNX, calibrate and score it (needs torch)."""
    target = _model_output(output, replace, "techniques", "folder")
    _require_extra("torch", "transformers", "onnx")
    from glasnost.training.techniques import main as train_main
    from glasnost.training.techniques import retune

    if retune_only:
        retune(_need_dir(data), target)
        return
    train_main(
        _need_dir(data), target, epochs=epochs, limit_train=limit_train, limit_val=limit_val, threads=threads, seed=seed,
        lr=lr, max_length=max_length, stride=stride, token_features=token_features, sentence_tasks=sentence_tasks,
    )


@train_app.command("embedder", cls=HelpCommand)
def train_embedder_command(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Folder to write the embedder to.")] = None,
    replace: Replace = False,
    keep_fp32: Annotated[bool, typer.Option("--keep-fp32", help="Also keep the fp32 graph (embedder.fp32.onnx), to measure quantisation.")] = False,
) -> None:
    """Export all-MiniLM-L6-v2 to int8 ONNX with its pooling, for matching claims (needs torch)."""
    target = _model_output(output, replace, "embedder", "folder")
    _require_extra("torch", "transformers", "onnx")
    from glasnost.claims_match.embedder import EMBEDDER_DIR
    from glasnost.training.embedder import export

    folder = target or EMBEDDER_DIR
    print(json.dumps(export(folder, keep_fp32), indent=2))
    err.print(f"written: {escape(str(folder))}")


@train_app.command("matcher", cls=HelpCommand)
def train_matcher_command(
    data: Annotated[Optional[Path], typer.Option("--data", help="The research data folder (default: ../shared/data).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write the matcher to (JSON).")] = None,
    replace: Replace = False,
    embedder: EmbedderOption = None,
) -> None:
    """Fit the claim matcher's score and tiers on CheckThat! 2020 Task 2 (numpy only); prints its metrics."""
    from glasnost.claims_match.embedder import claim_embedder, tuned_for
    from glasnost.techniques.corpus import default_data_dir
    from glasnost.training.matcher import train

    target = _model_output(output, replace, "matcher", "file")
    settings = shell.settings(embedder)
    chosen = claim_embedder(settings)
    shipped = tuned_for(chosen) / "matcher.json"
    matcher = train(data or settings.data_dir or default_data_dir(), chosen)
    write_output(target or shipped, matcher.to_json())
    print(json.dumps(matcher.metrics, indent=2))
    err.print(f"written: {escape(str(target or shipped))}")


@app.command("schema", cls=HelpCommand)
def schema_command() -> None:
    """Print the JSON Schema of the analysis output."""
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command("version", cls=HelpCommand)
def version_command() -> None:
    """Print the versions of Glasnost, its output schema and every analyzer."""
    from glasnost.nlp import load_spacy, spacy_model_name

    print(f"glasnost {__version__}")
    print(f"schema {SCHEMA_VERSION}")
    print(f"spacy model {spacy_model_name(load_spacy())}")
    for analyzer in select(AnalyzeOptions(), shell.settings()):
        model = f" ({analyzer.model})" if analyzer.model else ""
        print(f"analyzer {analyzer.name} {analyzer.version} -> {analyzer.layer}{model}")


def main() -> None:
    """Entry point: turn our errors into one line and an exit code, never a traceback.

    Typer (0.29+) bundles its own click, so usage errors arrive as `TyperException`, not as the
    installed click's exceptions; a bare group's help (no_args_is_help) is one with no message.
    """
    try:
        code = app(standalone_mode=False)
    except InputError as error:
        err.print(f"error: {error}", soft_wrap=True, markup=False)
        sys.exit(2)
    except TyperException as error:
        message = error.format_message()
        if message.strip():
            err.print(f"error: {Errors.E139.format(message=message)}", soft_wrap=True, markup=False)
        sys.exit(error.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if os.environ.get("GLASNOST_DEBUG"):
            raise
        kind = "error" if isinstance(error, GlasnostError) else f"internal error ({type(error).__name__})"
        err.print(f"{kind}: {error}", soft_wrap=True, markup=False)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
