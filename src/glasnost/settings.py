"""Where the models live and how hard to work: everything an analysis depends on besides its
input and its `AnalyzeOptions`.

One frozen, picklable object, passed in (`analyze(article, options, settings)`, the model
loaders), so a batch worker on another machine runs with exactly the driver's settings, and two
settings in one process never mix models: every model cache is keyed by folder. Nothing below
the CLI reads the environment; `from_environment` turns the `GLASNOST_*` variables into the CLI's
defaults, and the README's "Settings" table lists every field. How to read input (size cap,
fetch timeout) is `LoadOptions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from glasnost.errors import Errors, InputError

MAX_THREADS = 1024
MIN_PIECE_CHARS = 1_000
MAX_PIECE_CHARS = 1_000_000  # spaCy's own limit on one text
# The sentence embedders of claim matching and narratives: the shipped English all-MiniLM-L6-v2,
# or multilingual-e5-small from the `multilingual` extra (`glasnost.claims_match.embedder`).
EMBEDDERS = ("minilm", "multilingual")


@dataclass(frozen=True)
class Settings:
    """`None` for a model folder means the one shipped with Glasnost."""

    technique_model: Path | None = None
    sentence_model: Path | None = None
    quote_scorer: Path | None = None
    threads: int | None = None
    ort_spin: bool = False
    piece_chars: int = 100_000
    data_dir: Path | None = None
    train_cache: Path | None = None
    embedder: str = "minilm"

    def __post_init__(self) -> None:
        if self.embedder not in EMBEDDERS:
            raise InputError(Errors.E148.format(name="embedder", known=", ".join(EMBEDDERS), value=self.embedder))
        if self.threads is not None and not 1 <= self.threads <= MAX_THREADS:
            raise InputError(Errors.E143.format(name="threads", value=self.threads, least=1, most=MAX_THREADS))
        if not MIN_PIECE_CHARS <= self.piece_chars <= MAX_PIECE_CHARS:
            raise InputError(
                Errors.E143.format(name="piece_chars", value=self.piece_chars, least=MIN_PIECE_CHARS, most=MAX_PIECE_CHARS)
            )


# The one place environment variables map to settings (read by the CLI only).
ENVIRONMENT: dict[str, str] = {
    "GLASNOST_TECHNIQUE_MODEL": "technique_model",
    "GLASNOST_SENTENCE_MODEL": "sentence_model",
    "GLASNOST_QUOTE_SCORER": "quote_scorer",
    "GLASNOST_THREADS": "threads",
    "GLASNOST_ORT_SPIN": "ort_spin",
    "GLASNOST_PIECE_CHARS": "piece_chars",
    "GLASNOST_DATA": "data_dir",
    "GLASNOST_CACHE": "train_cache",
    "GLASNOST_EMBEDDER": "embedder",
}


def from_environment(environ: Mapping[str, str]) -> Settings:
    """Settings from `GLASNOST_*` variables (`ENVIRONMENT`); a variable left unset or empty keeps
    the default, a malformed one is bad input (E144)."""
    types = {f.name: f.type for f in fields(Settings)}
    values: dict[str, object] = {}
    for variable, name in ENVIRONMENT.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        kind = types[name]
        if "Path" in kind:
            values[name] = Path(raw)
        elif "bool" in kind:
            if raw not in ("0", "1"):
                raise InputError(Errors.E144.format(variable=variable, value=raw, expected="0 or 1"))
            values[name] = raw == "1"
        elif kind == "str":
            values[name] = raw
        else:
            try:
                values[name] = int(raw)
            except ValueError:
                raise InputError(Errors.E144.format(variable=variable, value=raw, expected="a whole number")) from None
    return Settings(**values)  # type: ignore[arg-type]
