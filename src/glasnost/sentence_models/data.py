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
import os
import re
from dataclasses import dataclass
from pathlib import Path

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


# --------------------------------------------------------------------------- check-worthiness

_ROW = re.compile(r"^(?P<id>[^\t]+)\t(?P<text>.*)\t(?P<label>Yes|No)$")


def read_checkthat(path: str | os.PathLike[str]) -> list[Example]:
    """A CheckThat! 2024 task 1 TSV (``Sentence_id``, ``Text``, ``class_label``).

    Fields may be CSV-quoted; one line of the train file carries two rows glued together
    (``...\\tNo29286\\t...``), which is split back into two."""
    out: list[Example] = []
    with open(path, encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    for line in lines[1:]:
        if not line.strip():
            continue
        glued = re.match(r"^(.*\t(?:Yes|No))(\d+\t.*)$", line)
        parts = [glued.group(1), glued.group(2)] if glued else [line]
        for part in parts:
            row = next(csv.reader([part], delimiter="\t"))
            if len(row) != 3 or row[2] not in ("Yes", "No"):
                match = _ROW.match(part)
                if not match:
                    raise ValueError(f"{path}: unreadable row {part[:80]!r}")
                row = [match["id"], match["text"], match["label"]]
            out.append(Example(row[0].strip(), row[1].strip(), int(row[2] == "Yes")))
    return out


def read_claimbuster(path: str | os.PathLike[str]) -> list[Example]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            Example(f"cb{row['sentence_id']}", row["text"].strip(), int(row["label"]))
            for row in csv.DictReader(handle)
        ]


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
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Example(row["sentence_id"], row["sentence"].strip(), int(row["label"] == "SUBJ"))
            for row in reader
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
    out: list[Example] = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            text = detokenize_ptb(row["text"])
            if text:
                out.append(Example(f"w{number}", text, int(row["label"])))
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
    with open(folder / "genre.labels", encoding="utf-8") as handle:
        for line in handle:
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
