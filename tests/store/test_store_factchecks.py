"""Fact-checks in the store, on SQLite and PostgreSQL: a re-import updates and never duplicates,
and hybrid retrieval finds a reworded claim's fact-check through both of its lists."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from glasnost.claims_match.embedder import load_embedder
from glasnost.claims_match.factchecks import FactCheck, read_factchecks
from glasnost.store import open_store
from glasnost.store.factchecks import ImportCounts, Retriever, count, import_factchecks, load_index, match_claims

FIXTURES = Path(__file__).resolve().parents[1] / "claims_match"


def _checks() -> list[FactCheck]:
    return [c for name in ("feed.json", "reviews.jsonl", "page.html", "euvsdisinfo.csv") for c in read_factchecks(FIXTURES / name) if isinstance(c, FactCheck)]


@pytest.fixture(scope="module")
def embedder():
    return load_embedder(threads=1)


def _import(store, checks, embedder) -> dict[str, int]:
    counts = ImportCounts()
    import_factchecks(store.db, checks, embedder.embed, counts)
    return counts.counts()


def test_reimport_updates_in_place(store_url, embedder):
    checks = _checks()
    with open_store(store_url) as store:
        assert _import(store, checks, embedder) == {"added": 7, "updated": 0, "unchanged": 0, "skipped": 0}
        assert _import(store, checks, embedder) == {"added": 0, "updated": 0, "unchanged": 7, "skipped": 0}
        changed = [replace(checks[0], rating="Mostly false"), replace(checks[1], claim_reviewed="COVID-19 vaccines make people magnetic.")]
        assert _import(store, changed, embedder) == {"added": 0, "updated": 2, "unchanged": 0, "skipped": 0}
        assert count(store.db) == 7 and len(load_index(store.db)) == 7
        rating = store.db.scalar("SELECT rating FROM factchecks WHERE identifier = ?", ("fc-0001",))
        assert rating == "Mostly false"
        (found,) = match_claims(store.db, embedder, ["Vaccines against COVID-19 turn people magnetic, doctors warn."], top=3, everything=True)
        assert found[0]["claim_reviewed"] == "COVID-19 vaccines make people magnetic."
        assert all("5G" not in m["claim_reviewed"] for m in found)  # the old text left both indexes


def test_a_reworded_claim_finds_its_fact_check(store_url, embedder):
    with open_store(store_url) as store:
        _import(store, _checks(), embedder)
        text = "Kyiv says the Kremlin itself staged the Belgorod raid in order to justify a new mobilisation."
        (vector,) = embedder.embed([text])
        candidates = Retriever(store.db).candidates(text, vector)
        raid = next(c for c in candidates if c.payload["identifier"] == "fc-0001")
        assert raid.lexical_rank == 0 and raid.vector_rank == 0
        (found,) = match_claims(store.db, embedder, [text], top=2)
        assert found[0]["identifier"] == "fc-0001" and found[0]["url"] == "https://checks.example.org/belgorod-raid"
        assert found[0]["tier"] == "match" and found[0]["rating"] == "False" and found[0]["publisher"] == "Example Checks"


def test_the_saved_index_is_rebuilt_when_it_disagrees_with_the_rows(tmp_path, embedder):
    with open_store(tmp_path / "s.db") as store:
        _import(store, _checks(), embedder)
        with store.db.write():
            store.db.execute("DELETE FROM vector_indexes")
        assert len(load_index(store.db)) == 7


def test_ingest_embeds_each_claim_once_for_matching_and_narratives(store_url, embedder):
    """The fact-check matcher and the narratives share one set of vectors per article."""
    from glasnost import analyze_all, load_all
    from glasnost.batch import Job, Writer, ingest
    from glasnost.commands.factchecks import claim_matcher
    from glasnost.store.intake import Intake

    stories = Path(__file__).resolve().parent / "narratives.jsonl"
    articles = [a for a in load_all(str(stories)) if a.id in ("alpha-plant", "beta-plant")]
    seen: list[str] = []

    def counting(texts):
        seen.extend(texts)
        return embedder.embed(texts)

    with open_store(store_url) as store:
        _import(store, _checks(), embedder)
        intake = Intake(store, embed=counting)
        writer = Writer(intake, enrich=claim_matcher(store, intake.vectors))
        ingest((("stories", a) for a in articles), writer, Job().executor())
        analyses = list(analyze_all(articles))
        claims = [c.text for a in analyses for c in a.claims]
        assert sorted(seen) == sorted(claims) and len(claims) >= 4
        assert intake.report.added == 2 and not intake.vectors._held
        stored = int(store.db.scalar("SELECT count(*) FROM claim_vectors"))
        assert stored == len(claims)
        drone = next(n for n in store.narratives() if "drone" in n.label)
        assert drone.articles == 2


def test_the_vocabulary_counts_fact_checks_per_word_as_the_index_stems_it(tmp_path, embedder):
    from glasnost.store.factchecks import Vocabulary, lexical

    with open_store(tmp_path / "s.db") as store:
        _import(store, _checks(), embedder)
        vocabulary = Vocabulary(store.db)
        assert vocabulary.total == 7
        words = ["ukraine", "laboratory", "vaccine", "grain's", "nowhere"]
        assert vocabulary.frequencies(words) == {"ukraine": 3, "laboratory": 2, "vaccine": 1, "grain's": 1, "nowhere": 0}
        assert vocabulary.frequencies(words) == vocabulary.frequencies(list(reversed(words)))  # stems are kept
        text = "Kyiv says the Kremlin itself staged the Belgorod raid in order to justify a new mobilisation."
        (raid,) = [r[0] for r in store.db.rows("SELECT id FROM factchecks WHERE identifier = 'fc-0001'")]
        assert lexical(store.db, text, 3, vocabulary)[0] == lexical(store.db, text, 3)[0] == raid


def test_the_lexical_query_keeps_the_rarest_words_while_few_fact_checks_hold_them(tmp_path, embedder, monkeypatch):
    from glasnost.store import factchecks
    from glasnost.store.factchecks import Vocabulary, lexical

    with open_store(tmp_path / "s.db") as store:
        _import(store, _checks(), embedder)
        vocabulary = Vocabulary(store.db)
        text = "Ukraine laboratory vaccine"
        monkeypatch.setattr(factchecks, "_COMMON", 1.0)
        monkeypatch.setattr(factchecks, "_COMMON_FLOOR", 0)
        monkeypatch.setattr(factchecks, "_POSTINGS", 1.0)
        every = set(lexical(store.db, text, 10, vocabulary))
        monkeypatch.setattr(factchecks, "_POSTINGS", 2.5 / vocabulary.total)  # vaccine (1) fits, laboratory (2) more would not
        (vaccine,) = [r[0] for r in store.db.rows("SELECT id FROM factchecks WHERE claim_reviewed LIKE '%vaccine%'")]
        assert lexical(store.db, text, 10, vocabulary) == [vaccine]
        assert vaccine in every and len(every) > 1
