"""Workbench fixtures: a small SQLite store of real analyses (the store tests' corpus, the sample
op-ed, and an article whose every shown field is an XSS probe), the app over it in-process, and
a real `glasnost serve` on 127.0.0.1 for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pg_cluster import postgres_schema

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "store" / "corpus.jsonl"
SAMPLE = ROOT / "samples" / "harbour-oped.txt"
PROBE = "<script>window.__pwned=1</script>"
PROBE_IMG = '<img src=x onerror="window.__pwned=2">'
PROBE_SVG = '"><svg onload="window.__pwned=3">'


def hostile_analysis():
    """A real analysis whose title, authors, site, url, actor names, quote speaker and technique
    name are markup that would run if any page let it through unescaped."""
    from glasnost import analyze
    from glasnost.analysis import Actor, Quote, Relation, Span, Technique
    from glasnost.article import Article

    text = (
        f"Minister Henrik Dahl wrote {PROBE} on Monday and then {PROBE_IMG} in Oslo.\n\n"
        f"The opposition leader Maria Berg said the harbour plan was a disaster {PROBE_SVG} for the town."
    )
    article = Article.from_text(
        text, title=f"Breaking {PROBE} news", authors=[PROBE_IMG], site="xss.example", url="javascript:window.__pwned=4",
        published="2024-04-20", given_id="xss-probe",
    )
    analysis = analyze(article)

    def span(needle: str) -> Span:
        start = analysis.article.text.index(needle)
        return Span(start=start, end=start + len(needle), text=needle)

    return analysis.model_copy(update={
        "techniques": [Technique(**span(PROBE).model_dump(), technique="<i>Evil</i>_Technique", score=0.9)],
        "quotes": [Quote(**span(PROBE_IMG).model_dump(), kind="direct", speaker="dahl",
                         speaker_mention=span("Henrik Dahl"), score=0.7)],
        "actors": [
            Actor(id="dahl", name=f"Dahl {PROBE}", type="person", aliases=[], mentions=[span("Henrik Dahl")],
                  salience=0.6, sentiment=0.0),
            Actor(id="berg", name=PROBE_IMG, type="person", aliases=[], mentions=[span("Maria Berg")],
                  salience=0.4, sentiment=-0.2),
        ],
        "relations": [Relation(source="dahl", target="berg", kind="conflict", score=0.6, evidence=[span(PROBE_SVG)])],
    })


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    """The store every web test reads (tests that write make their own copy)."""
    from glasnost import analyze_all, load, load_all
    from glasnost.store import open_store
    from glasnost.store.intake import Intake

    path = tmp_path_factory.mktemp("web-store") / "corpus.db"
    articles = [*load_all(str(CORPUS)), load(SAMPLE)]
    with open_store(path) as store:
        intake = Intake(store)
        for analysis in analyze_all(a for a in articles if intake.admit(a)):
            intake.keep(analysis)
        store.add(hostile_analysis())
    return path


@pytest.fixture
def fresh_store(store_path: Path, tmp_path: Path) -> Path:
    """A copy of the store for a test that writes."""
    from glasnost.store import open_store

    copy = tmp_path / "copy.db"
    with open_store(store_path) as store:
        store.db.execute("VACUUM INTO ?", (str(copy),))
    return copy


def make_client(path: Path, **settings: object):
    from fastapi.testclient import TestClient

    from glasnost.web import WebSettings, create_app

    config = WebSettings(store=str(path), workers=0, **settings)  # type: ignore[arg-type]
    return TestClient(create_app(config), raise_server_exceptions=False)


@pytest.fixture
def client(store_path: Path) -> Iterator[object]:
    with make_client(store_path) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(path: Path) -> Iterator[str]:
    """`glasnost serve` over the store at `path`, on 127.0.0.1 with one analysis process: its URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    log = path.with_suffix(".log").open("w")  # open while the server runs
    server = subprocess.Popen(
        [sys.executable, "-m", "glasnost", "serve", "--db", str(path), "--port", str(port), "--workers", "1"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("glasnost serve did not start in 60 s")
    assert server.poll() is None, path.with_suffix(".log").read_text()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def copied(store: Path, folder: Path) -> Path:
    from glasnost.store import open_store

    copy = folder / "served.db"
    with open_store(store) as opened:
        opened.db.execute("VACUUM INTO ?", (str(copy),))
    return copy


@pytest.fixture(scope="session")
def served(tmp_path_factory, store_path: Path) -> Iterator[str]:
    """`glasnost serve` on a copy of the store, on 127.0.0.1 with one analysis process: its URL."""
    yield from serve(copied(store_path, tmp_path_factory.mktemp("served")))


# ---- A store of narratives and fact-checks ---------------------------------------------------

#: (id, site, day, title, text): two stories told by several outlets, a claim that links the
#: dam's two narratives (so one is merged into the other), and two probes whose claims retell
#: each other (so a narrative's label is markup).
STORIES = [
    ("dam-north", "north.example", "2024-05-06", "Cracks in the Varden dam",
     "Engineers found cracks in the Varden dam after the spring floods, the water authority said on Monday. "
     "Repairs will cost 40 million euros and take two years."),
    ("masts-north", "north.example", "2024-05-07", "Activists blame masts",
     "Activists in Lisbon claimed on Tuesday that 5G masts spread the flu virus across the city. Doctors reject the claim."),
    ("dam-south", "south.example", "2024-05-08", "Varden dam damaged",
     "Cracks were discovered in the Varden dam following the spring floods, according to the water authority. "
     "The repairs are expected to cost 40 million euros."),
    ("masts-east", "east.example", "2024-05-09", "The mast rumour returns",
     "Protesters in Lisbon repeated the claim that 5G masts are spreading the flu virus in the city."),
    ("tax-evil", "evil.example", "2024-05-09", f"Harbour {PROBE} tax",
     f"Officials said the harbour tax rose by 12 percent in 2023 {PROBE}. Shipping firms want a refund."),
    ("dam-east", "east.example", "2024-05-10", "Authority confirms dam cracks",
     "The water authority confirmed that the Varden dam has cracks caused by the spring floods. "
     "Villagers downstream were told to prepare for an evacuation."),
    ("tax-evil-2", "evil.example", "2024-05-10", "Harbour tax again",
     f"The harbour tax went up by 12 percent in 2023, officials said {PROBE_IMG}."),
    ("dam-west", "west.example", "2024-05-11", "Dam bill", "The cracks in the Varden dam will cost 40 million euros to repair."),
]
#: ClaimReviews: a clean one, and one whose every shown field is a probe (its URL a javascript: link).
FACTCHECKS = [
    {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checks.example/varden",
     "claimReviewed": "Cracks were found in the Varden dam after the spring floods",
     "reviewRating": {"@type": "Rating", "alternateName": "True"}, "author": {"@type": "Organization", "name": "Dam Checkers"}},
    {"@context": "https://schema.org", "@type": "ClaimReview", "identifier": "masts-1", "url": "javascript:window.__pwned=5",
     "claimReviewed": f"5G masts spread the flu virus {PROBE_IMG}",
     "reviewRating": {"@type": "Rating", "alternateName": f"False {PROBE}"},
     "author": {"@type": "Organization", "name": PROBE_SVG}},
]


@pytest.fixture(scope="session")
def narrative_store(tmp_path_factory) -> Path:
    """A store built as `glasnost ingest` builds one over a store with fact-checks: every claim
    embedded into its narrative and matched against the fact-checks."""
    path = tmp_path_factory.mktemp("narrative-store") / "stories.db"
    build_stories(str(path))
    return path


@pytest.fixture(scope="session")
def narrative_store_pg(postgres_server) -> str:
    """The same store on PostgreSQL (a schema of the session's throw-away server)."""
    if postgres_server is None:
        pytest.skip("no PostgreSQL server binary (initdb) installed")
    url = postgres_schema(postgres_server)
    build_stories(url)
    return url


def build_stories(url: str) -> None:
    """`FACTCHECKS` imported, then `STORIES` kept one by one as `glasnost ingest` keeps them."""
    import json

    from glasnost import analyze
    from glasnost.article import Article
    from glasnost.claims_match.embedder import load_embedder
    from glasnost.claims_match.factchecks import read_json_text
    from glasnost.claims_match.matching import Matcher
    from glasnost.store import open_store
    from glasnost.store.factchecks import ImportCounts, Retriever, attach_matches, import_factchecks
    from glasnost.store.intake import Intake

    embedder = load_embedder()
    with open_store(url) as store:
        import_factchecks(store.db, list(read_json_text(json.dumps(FACTCHECKS), "fixture")), embedder.embed, ImportCounts())
        matcher, retriever = Matcher.load(), Retriever(store.db)
        intake = Intake(store, embed=embedder.embed)
        for key, site, day, title, text in STORIES:
            article = Article.from_text(text, title=title, site=site, url=f"https://{site}/{key}", published=day, given_id=key)
            assert intake.admit(article)
            intake.keep(attach_matches(store.db, embedder, analyze(article), matcher=matcher, retriever=retriever))


@pytest.fixture(scope="session")
def stories_served(tmp_path_factory, narrative_store: Path) -> Iterator[str]:
    yield from serve(copied(narrative_store, tmp_path_factory.mktemp("stories-served")))
