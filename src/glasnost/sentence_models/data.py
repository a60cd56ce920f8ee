"""Readers for the research data sets behind the sentence and genre heads (no ML dependencies).

Every reader returns plain `Example(id, text, label)` rows with `label` 1 for the positive class:

* check-worthiness: CheckThat! 2024 English TSVs (``Yes`` = 1) and the ClaimBuster CSV;
* subjectivity: CheckThat! subjectivity ``train_en``/``dev_en`` (``SUBJ`` = 1);
* hedging: Wikipedia weasel sentences (``1`` = uncertain), Penn-Treebank escapes undone and the
  tokenizer's spaces taken out so the text reads like running prose;
* genre: SemEval-2023 articles with ``genre.labels``.

Validation splits are fixed here and never trained on: CheckThat! ``dev-test`` for
check-worthiness, ``dev_en`` for subjectivity, a hash rule for hedging (`hedging_split`) and the
technique model's validation article ids for genre.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from glasnost.errors import Errors, InputError

GENRES = ("opinion", "reporting", "satire")
HEDGING_SALT = "glasnost-hedging-"
HEDGING_HELD_OUT_MODULUS = 5  # one sentence in five (by hash) is held out


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    label: int


def data_dir(path: str | os.PathLike[str] | None = None) -> Path | None:
    """The shared data folder: ``path``, else ``$GLASNOST_DATA`` or ``../shared/data``."""
    if path is not None:
        return Path(path)
    from glasnost.techniques.corpus import default_data_dir

    return default_data_dir()


@dataclass(frozen=True)
class TableFormat:
    """A data set's file layout (the last column holds the label), so that a reader can check a
    file against it and tell the user what it expected when the file is something else."""

    name: str
    delimiter: str
    columns: tuple[str, ...]
    labels: Mapping[str, int]

    def describe(self) -> str:
        separated = "tab" if self.delimiter == "\t" else "comma"
        return f"a {self.name} ({separated}-separated {', '.join(self.columns)}; labels {'/'.join(self.labels)})"

    def fits(self, text: str) -> bool:
        """Whether the first line of ``text`` names every column this layout needs."""
        first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
        header = next(csv.reader([first], delimiter=self.delimiter), [])
        return set(self.columns) <= {name.strip() for name in header}


CHECKTHAT = TableFormat("CheckThat! 2024 TSV", "\t", ("Sentence_id", "Text", "class_label"), {"Yes": 1, "No": 0})
CLAIMBUSTER = TableFormat("ClaimBuster CSV", ",", ("sentence_id", "text", "label"), {"1": 1, "0": 0})
SUBJECTIVITY = TableFormat("CheckThat! subjectivity TSV", "\t", ("sentence_id", "sentence", "label"), {"SUBJ": 1, "OBJ": 0})
WEASEL = TableFormat("weasel CSV", ",", ("text", "label"), {"1": 1, "0": 0})


def _read_text(path: str | os.PathLike[str], task: str) -> str:
    """The whole file as text. A folder, a missing file or bytes that are not UTF-8 are faults of
    the input, so they become an `InputError` naming the file rather than a traceback."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as error:
        raise InputError(Errors.E073.format(path=path, task=task)) from error
    except OSError as error:
        raise InputError(Errors.E017.format(path=path, reason=error.strerror or error)) from error


def _formatted(path: str | os.PathLike[str], task: str, *formats: TableFormat) -> tuple[TableFormat, str]:
    """The file's text and the first of ``formats`` its header fits (an empty file fits the
    first); otherwise an `InputError` saying which layouts were expected and what was found."""
    text = _read_text(path, task)
    if not text.strip():
        return formats[0], text
    for fmt in formats:
        if fmt.fits(text):
            return fmt, text
    first = text.lstrip("\ufeff").splitlines()[0]
    found = repr(first[:80] + ("..." if len(first) > 80 else ""))
    raise InputError(Errors.E070.format(
        path=path, task=task, expected=" or ".join(fmt.describe() for fmt in formats), found=found))


def _label(path: str | os.PathLike[str], line: int, task: str, fmt: TableFormat, value: str | None) -> int:
    label = fmt.labels.get((value or "").strip())
    if label is None:
        raise InputError(Errors.E071.format(
            path=path, line=line, task=task, label=repr(value), allowed="/".join(fmt.labels)))
    return label


def _rows(path: str | os.PathLike[str], task: str, fmt: TableFormat, text: str, quoting: int = csv.QUOTE_MINIMAL
          ) -> Iterator[tuple[dict[str, str], int]]:
    """(row, label) for each row of a delimited file whose header fits ``fmt``; a row short
    of a needed field or with a label outside the format's is reported with its line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=fmt.delimiter, quoting=quoting)
    for row in reader:
        if any(row.get(column) is None for column in fmt.columns):
            shown = fmt.delimiter.join(str(v) for v in row.values() if v is not None)
            raise InputError(Errors.E072.format(path=path, line=reader.line_num, fmt=fmt.name, row=repr(shown[:80])))
        yield row, _label(path, reader.line_num, task, fmt, row[fmt.columns[-1]])


# --------------------------------------------------------------------------- check-worthiness

_ROW = re.compile(r"^(?P<id>[^\t]+)\t(?P<text>.*)\t(?P<label>Yes|No)$")


def read_checkthat(path: str | os.PathLike[str]) -> list[Example]:
    """A CheckThat! 2024 task 1 TSV (``Sentence_id``, ``Text``, ``class_label``).

    Fields may be CSV-quoted; one line of the train file carries two rows glued together
    (``...\\tNo29286\\t...``), which is split back into two."""
    return _checkthat_examples(path, _formatted(path, "checkworthiness", CHECKTHAT)[1])


def _checkthat_examples(path: str | os.PathLike[str], text: str) -> list[Example]:
    """The rows of a CheckThat! TSV already read (``text``); ``path`` names it in errors."""
    out: list[Example] = []
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if not line.strip():
            continue
        glued = re.match(r"^(.*\t(?:Yes|No))(\d+\t.*)$", line)
        parts = [glued.group(1), glued.group(2)] if glued else [line]
        for part in parts:
            row = next(csv.reader([part], delimiter="\t"))
            if len(row) != 3 or row[2] not in CHECKTHAT.labels:
                match = _ROW.match(part)
                if not match:
                    raise InputError(Errors.E072.format(path=path, line=number, fmt=CHECKTHAT.name, row=repr(part[:80])))
                row = [match["id"], match["text"], match["label"]]
            out.append(Example(row[0].strip(), row[1].strip(), CHECKTHAT.labels[row[2]]))
    return out


def read_claimbuster(path: str | os.PathLike[str]) -> list[Example]:
    """A ClaimBuster CSV (``sentence_id``, ``text``, ``label`` 0/1; other columns ignored)."""
    return _claimbuster_examples(path, _formatted(path, "checkworthiness", CLAIMBUSTER)[1])


def _claimbuster_examples(path: str | os.PathLike[str], text: str) -> list[Example]:
    """The rows of a ClaimBuster CSV already read (``text``); ``path`` names it in errors."""
    return [
        Example(f"cb{row['sentence_id']}", row["text"].strip(), label)
        for row, label in _rows(path, "checkworthiness", CLAIMBUSTER, text)
    ]


def read_checkworthiness(path: str | os.PathLike[str]) -> tuple[TableFormat, list[Example]]:
    """A check-worthiness file in either layout the heads are trained on, told apart by its
    header (`CHECKTHAT` or `CLAIMBUSTER`), with that layout so a caller can say which it read.
    The file is read and its header checked once; the rows are parsed from that text."""
    fmt, text = _formatted(path, "checkworthiness", CHECKTHAT, CLAIMBUSTER)
    return fmt, (_claimbuster_examples if fmt is CLAIMBUSTER else _checkthat_examples)(path, text)


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def checkworthiness_splits(root: Path) -> dict[str, list[Example]]:
    """``train`` (CheckThat! train + ClaimBuster sentences not already in it), ``dev`` (CheckThat!
    dev, used to choose the threshold) and ``test`` (CheckThat! dev-test, the validation split).
    Any training or dev sentence whose text also occurs in dev-test is dropped."""
    folder = root / "checkworthiness"
    test = read_checkthat(folder / "checkthat2024-dev-test.tsv")
    dev = read_checkthat(folder / "checkthat2024-dev.tsv")
    train = read_checkthat(folder / "checkthat2024-train.tsv")
    held = {_key(e.text) for e in test}
    dev = [e for e in dev if _key(e.text) not in held]
    seen = held | {_key(e.text) for e in dev}
    kept: list[Example] = []
    for example in train:
        if _key(example.text) not in seen:
            seen.add(_key(example.text))
            kept.append(example)
    claimbuster = folder / "claimbuster-25ncs.csv"
    if claimbuster.exists():
        for example in read_claimbuster(claimbuster):
            if _key(example.text) not in seen:
                seen.add(_key(example.text))
                kept.append(example)
    return {"train": kept, "dev": dev, "test": test}


# --------------------------------------------------------------------------- subjectivity


def read_subjectivity(path: str | os.PathLike[str]) -> list[Example]:
    """A CheckThat! subjectivity TSV (``sentence_id``, ``sentence``, ``label`` SUBJ/OBJ)."""
    _, text = _formatted(path, "subjectivity", SUBJECTIVITY)
    return [
        Example(row["sentence_id"], row["sentence"].strip(), label)
        for row, label in _rows(path, "subjectivity", SUBJECTIVITY, text, quoting=csv.QUOTE_NONE)
    ]


def subjectivity_splits(root: Path) -> dict[str, list[Example]]:
    folder = root / "subjectivity"
    return {"train": read_subjectivity(folder / "train_en.tsv"), "test": read_subjectivity(folder / "dev_en.tsv")}


# --------------------------------------------------------------------------- hedging

_PTB = {
    "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
    "``": '"', "''": '"',
}


def detokenize_ptb(text: str) -> str:
    """Undo Penn-Treebank escapes and tokenizer spacing: ``-LRB- 1973 -RRB-`` -> ``(1973)``,
    ``Munch 's`` -> ``Munch's``, `` ``word'' `` -> ``"word"``, `` ` back off' `` -> ``'back off'``."""
    text = text.strip()
    for escaped, plain in _PTB.items():
        text = text.replace(escaped, plain)
    text = re.sub(r"`\s*", "'", text)
    text = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"([(\[{])\s+", r"\1", text)
    text = re.sub(r"\s+([)\]},.;:!?%])", r"\1", text)
    text = re.sub(r"([$#])\s+(?=\d)", r"\1", text)
    text = re.sub(r"(^|\s)'\s+", r"\1'", text)  # opening single quote glued to its word
    text = re.sub(r"\s+'(\s|$)", r"'\1", text)  # closing single quote
    # paired double quotes: glue the opening one to the word after, the closing one to the word before
    pieces = text.split('"')
    if len(pieces) % 2 == 1 and len(pieces) > 1:
        for k in range(1, len(pieces), 2):
            pieces[k] = pieces[k].strip()
        text = '"'.join(pieces)
    text = re.sub(r",{2,}", ",", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def read_hedging(path: str | os.PathLike[str]) -> list[Example]:
    """A weasel CSV (``text``, ``label`` 1 = uncertain), the text detokenized; ids count rows."""
    _, raw = _formatted(path, "hedging", WEASEL)
    out: list[Example] = []
    for number, (row, label) in enumerate(_rows(path, "hedging", WEASEL, raw)):
        text = detokenize_ptb(row["text"])
        if text:
            out.append(Example(f"w{number}", text, label))
    return out


def hedging_held_out(text: str) -> bool:
    """The fixed validation rule: SHA-1 of salt + text (after detokenizing), first 8 hex digits
    as an integer, divisible by 5. Identical sentences always fall on the same side."""
    digest = hashlib.sha1((HEDGING_SALT + text).encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % HEDGING_HELD_OUT_MODULUS == 0


def hedging_splits(root: Path) -> dict[str, list[Example]]:
    rows = read_hedging(root / "hedging" / "wiki-weasel-train.csv")
    return {
        "train": [e for e in rows if not hedging_held_out(e.text)],
        "test": [e for e in rows if hedging_held_out(e.text)],
    }


# --------------------------------------------------------------------------- genre


@dataclass(frozen=True)
class GenreExample:
    id: str
    text: str
    label: str


def genre_splits(root: Path) -> dict[str, list[GenreExample]]:
    """SemEval-2023 English articles with their genre; ``test`` is the technique model's
    validation split (`glasnost.techniques.corpus.load_validation_ids`)."""
    from glasnost.techniques.corpus import load_validation_ids
    from glasnost.techniques.ptc_format import read_article

    folder = root / "semeval2023-en"
    labels: dict[str, str] = {}
    for line in _read_text(folder / "genre.labels", "genre").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1] in GENRES:
            labels[parts[0]] = parts[1]
    held = set(load_validation_ids())
    out: dict[str, list[GenreExample]] = {"train": [], "test": []}
    for article_id in sorted(labels):
        path = folder / "articles" / f"article{article_id}.txt"
        if not path.exists():
            continue
        text = read_article(path)
        out["test" if article_id in held else "train"].append(GenreExample(article_id, text, labels[article_id]))
    return out


HORNE_FOLDERS = {"real": "reporting", "satire": "satire"}
HORNE_SALT = "glasnost-genre-"
HORNE_HELD_OUT_MODULUS = 5  # one article in five (by hash of its file name) is held out


def horne_split(name: str) -> str:
    """``test`` for about one horne2017 file in five (a hash of ``folder/file``), else ``train``."""
    digest = hashlib.sha256((HORNE_SALT + name).encode("utf-8")).digest()
    return "test" if digest[0] % HORNE_HELD_OUT_MODULUS == 0 else "train"


def horne_genre_splits(root: Path) -> dict[str, list[GenreExample]]:
    """The horne2017 "Random Political News" articles: ``real`` (The Wall Street Journal, BBC,
    NPR, The Guardian, ...) as reporting and ``satire`` (The Onion, The Borowitz Report, ...) as
    satire; the files are windows-1252. The fake-news folder is not a genre and is left out.
    Empty when the folder is absent."""
    folder = root / "genre" / "horne2017"
    out: dict[str, list[GenreExample]] = {"train": [], "test": []}
    for sub, label in HORNE_FOLDERS.items():
        for path in sorted((folder / sub).glob("*.txt")):
            text = path.read_bytes().decode("cp1252", errors="replace").replace("\r\n", "\n").strip()
            if text:
                name = f"{sub}/{path.name}"
                out[horne_split(name)].append(GenreExample(f"horne:{name}", text, label))
    return out
