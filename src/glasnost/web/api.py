"""The REST API under /api/v1 (OpenAPI at /api/v1/openapi.json): analyse, ingest, import
fact-checks, and read the corpus (articles, claims, narratives, outlets, actors) with the CLI's
filters. Every list is paged (`page`, `per_page`, and `has_next` in the
answer); every error is `{"error": {"code": "E...", "message": "..."}}`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from glasnost.errors import Errors, InputError
from glasnost.pipeline import AnalyzeOptions
from glasnost.store.dedupe import content_hash
from glasnost.store.search import Filters
from glasnost.web import views
from glasnost.web.app import NotFound, Workbench, authorized, error_body
from glasnost.web.inputs import MAX_PAGE, Paging, facets, load_input, one_input

router = APIRouter(prefix="/api/v1")
GRAPH_LIMIT = 500
RowId = Annotated[str, Path(max_length=100, description="A number; anything else is an unknown id (404)")]
ArticleId = Annotated[str, Path(min_length=1, max_length=300, pattern=r"^[^\x00-\x1f\x7f]+$")]
Name = Annotated[str, Path(min_length=1, max_length=300, pattern=r"^[^\x00-\x1f\x7f]+$")]
JSON = {"application/json": {}}


class Source(BaseModel):
    """Exactly one of `text`, `html` or `url`; the rest is optional."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, max_length=4096)
    title: str | None = Field(None, max_length=1000)
    operating_point: Literal["precision", "balanced", "recall"] = "precision"
    min_score: float | None = Field(None, ge=0.0, le=1.0)


def bench_of(request: Request) -> Workbench:
    return request.app.state.bench


# The dependencies only read the request: async, so FastAPI runs them on the event loop instead of
# queueing each for a turn of the bounded reader threads (`WebSettings.readers`) before the route's own.
async def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1, per_page: Annotated[int, Query(ge=1, le=100)] = 20
) -> Paging:
    return Paging(page, per_page)


async def writer(request: Request) -> None:
    if not authorized(request, bench_of(request).config):
        raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"})


async def filters(
    site: str | None = None, since: str | None = None, until: str | None = None,
    technique: str | None = None, actor: str | None = None, genre: str | None = None,
) -> Filters:
    return facets(site, since, until, technique, actor, genre)


def _paged(key: str, rows: list, page: Paging) -> dict[str, Any]:
    shown, more = page.cut(rows)
    return {"page": page.page, "per_page": page.size, "has_next": more, key: shown}


async def _analysed(bench: Workbench, source: Source) -> tuple[Any, Any]:
    kind, value = one_input(source.text, source.html, source.url)
    options = AnalyzeOptions(operating_point=source.operating_point, min_score=source.min_score)
    with bench.analyst.reserve() as slot:
        article = await run_in_threadpool(load_input, bench.config, kind, value, "api", source.title)
        return article, await slot.analyse(article, options)


@router.post("/analyze", dependencies=[Depends(writer)], responses={200: {"content": JSON, "description": "The Analysis JSON (see `glasnost schema`)"}})
async def analyze(source: Source, request: Request) -> Response:
    """Analyse one article; the answer is the Analysis JSON of the contract. 429 with
    Retry-After when the server is analysing all it can."""
    _, analysis = await _analysed(bench_of(request), source)
    return Response(analysis.to_json(indent=None), media_type="application/json")


@router.post("/ingest", dependencies=[Depends(writer)], status_code=201)
async def ingest(source: Source, request: Request) -> JSONResponse:
    """Analyse one article and keep it in the store. `status` is `added`, `near_duplicate`
    (stored, linked to its original) or `duplicate` (already stored, not analysed again)."""
    bench = bench_of(request)
    kind, value = one_input(source.text, source.html, source.url)
    if kind != "url":
        article = await run_in_threadpool(load_input, bench.config, kind, value, "api", source.title)
        if await run_in_threadpool(bench.store().knows, content_hash(article.text), article.url):
            return JSONResponse({"status": "duplicate", "id": None}, status_code=200)
    article, analysis = await _analysed(bench, source)
    status = await run_in_threadpool(bench.keep, article, analysis)
    return JSONResponse({"status": status, "id": analysis.article.id if status != "duplicate" else None},
                        status_code=201 if status != "duplicate" else 200)


@router.get("/articles")
def articles(
    request: Request,
    where: Annotated[Filters, Depends(filters)],
    page: Annotated[Paging, Depends(paging)],
    q: Annotated[str | None, Query(max_length=1000, description='Words and "quoted phrases"; none lists newest first')] = None,
) -> dict[str, Any]:
    """Full-text search with the CLI's filters (best first), or without `q` the newest articles."""
    bench = bench_of(request)
    if q and q.strip():
        rows = bench.search(q, where, page.ask, page.offset)
    else:
        rows = bench.store().newest(where, page.ask, page.offset)
    return _paged("articles", [asdict(row) for row in rows], page)


@router.get("/articles/{article_id:path}/near-duplicates")
def near_duplicates(article_id: ArticleId, request: Request) -> dict[str, Any]:
    """The article's original (when it is a copy) and the other copies of that original."""
    store = bench_of(request).store()
    if store.listed(article_id) is None:
        raise NotFound(Errors.E240.format(what=f"article {article_id!r}"))
    return {"id": article_id, "near_duplicates": [asdict(row) for row in store.near_duplicates(article_id)]}


@router.get("/articles/{article_id:path}/claims")
def article_claims(article_id: ArticleId, request: Request) -> dict[str, Any]:
    """The article's claims in the order of its analysis, each with its claim `id` (for
    `/claims/{id}/matches`), its narrative and its fact-check matches from ingest."""
    store = bench_of(request).store()
    if store.listed(article_id) is None:
        raise NotFound(Errors.E240.format(what=f"article {article_id!r}"))
    return {"id": article_id, "claims": [asdict(c) for c in store.claims_of(article_id)]}


@router.get("/articles/{article_id:path}", responses={200: {"content": JSON, "description": "The stored Analysis JSON"}})
def article(article_id: ArticleId, request: Request) -> Response:
    found = bench_of(request).store().analysis(article_id)
    if found is None:
        raise NotFound(Errors.E240.format(what=f"article {article_id!r}"))
    return Response(found.to_json(indent=None), media_type="application/json")


@router.get("/outlets")
def outlets(
    request: Request, page: Annotated[Paging, Depends(paging)], since: str | None = None, until: str | None = None,
) -> dict[str, Any]:
    """Every site's profile (as `glasnost outlets -f json`), most articles first."""
    profiles = bench_of(request).store().outlets(facets(since=since, until=until))
    rows = profiles[page.offset : page.offset + page.ask]
    return _paged("outlets", [profile.as_dict() for profile in rows], page)


@router.get("/actors")
def actors(
    request: Request, page: Annotated[Paging, Depends(paging)],
    site: str | None = None, since: str | None = None, until: str | None = None,
) -> dict[str, Any]:
    """Actors ranked by the number of articles naming them, with the mean sentiment toward them."""
    rows = bench_of(request).store().top_actors(facets(site=site, since=since, until=until), page.ask, page.offset)
    return _paged("actors", [asdict(row) for row in rows], page)


@router.get("/actors/{name:path}")
def actor(
    name: Name, request: Request, page: Annotated[Paging, Depends(paging)],
    since: str | None = None, until: str | None = None,
) -> dict[str, Any]:
    """One actor month by month, newest first: articles, mentions, sentiment, quotes, relations."""
    months = bench_of(request).store().actor_months(name, facets(since=since, until=until), page.ask, page.offset)
    if not months and page.page == 1:
        raise NotFound(Errors.E240.format(what=f"actor {name!r}"))
    rows = [{**asdict(m), "relations": [{"kind": k, "with": o, "articles": n} for k, o, n in m.relations]} for m in months]
    return {"name": name, **_paged("months", rows, page)}


@router.get("/graph", responses={200: {"content": JSON, "description": "The actor graph as `glasnost graph -o graph.json` writes it"}})
def graph(
    request: Request, where: Annotated[Filters, Depends(filters)],
    limit: Annotated[int, Query(ge=1, le=GRAPH_LIMIT, description="refuse a span of more articles than this")] = 100,
) -> Response:
    """Actors merged across the articles of a span, and their relations with evidence."""
    from glasnost.graph import build_graph, to_json

    store = bench_of(request).store()
    if len(store.newest(where, limit + 1)) > limit:
        raise InputError(Errors.E251.format(limit=limit))
    built = build_graph(analysis for _, analysis in store.analyses(where))
    return Response(to_json(built, indent=None), media_type="application/json")


@router.get("/claims/{claim_id}/matches")
async def claim_matches(
    claim_id: RowId, request: Request, page: Annotated[Paging, Depends(paging)],
    fresh: Annotated[bool, Query(description="also match the claim against the store's fact-checks now")] = False,
    top: Annotated[int, Query(ge=1, le=20)] = 5,
) -> dict[str, Any]:
    """A claim, the fact-checks it matched at ingest (`matches`), with `fresh` those it matches
    among the store's fact-checks now (`fresh_matches`, null when the store holds none), and a
    page of the claims of other articles that retell it (its narrative), oldest first, each with
    its cosine to this one and whether it appeared earlier."""
    bench = bench_of(request)
    found, rows = await run_in_threadpool(views.retold, bench, claim_id, page.ask, page.offset)
    now = None
    if fresh:
        matched = await run_in_threadpool(bench.match, [found.text], top)
        now = matched[0] if matched is not None else None
    shown, more = page.cut(rows)
    return {
        "claim": {k: v for k, v in asdict(found).items() if k != "matches"}, "matches": found.matches, "fresh_matches": now,
        "page": page.page, "per_page": page.size, "has_next": more, "retellings": [asdict(r) for r in shown],
    }


@router.get("/narratives")
def narratives_list(
    request: Request, page: Annotated[Paging, Depends(paging)],
    site: str | None = None, since: str | None = None, until: str | None = None,
    min_articles: Annotated[int, Query(ge=1, le=1000)] = 2,
) -> dict[str, Any]:
    """The narratives as `glasnost narratives -f json` lists them, most articles first."""
    found = bench_of(request).narrative_page(facets(site=site, since=since, until=until), min_articles, page.ask, page.offset)
    return _paged("narratives", [asdict(n) for n in found], page)


@router.get("/narratives/{narrative_id}")
def narrative(narrative_id: RowId, request: Request) -> dict[str, Any]:
    """One narrative whole, with `merged_into` null; a narrative merged into another answers
    `{"id", "merged_into"}` naming the survivor that now holds its claims."""
    found = views.narrative(bench_of(request).store(), narrative_id)
    if found.narrative is None:
        return {"id": found.id, "merged_into": found.merged_into}
    return {**asdict(found.narrative), "merged_into": None}


@router.get("/narratives/{narrative_id}/articles")
def narrative_articles(narrative_id: RowId, request: Request, page: Annotated[Paging, Depends(paging)]) -> dict[str, Any]:
    """A page of the narrative's articles in order of publication (undated last)."""
    store = bench_of(request).store()
    found = views.narrative(store, narrative_id)
    rows = store.narrative_articles(found.merged_into or found.id, page.ask, page.offset)
    keys = ("id", "site", "published", "title", "claims")
    return {"narrative": found.merged_into or found.id, **_paged("articles", [dict(zip(keys, r)) for r in rows], page)}


@router.post("/factchecks", dependencies=[Depends(writer)])
async def factchecks(request: Request) -> JSONResponse:
    """Import ClaimReview JSON-LD (one object, an array, a DataFeed, an `@graph` or JSON Lines),
    as `glasnost factchecks import` does: a known one is updated, never duplicated. The answer
    counts them and lists each record that was skipped with its position and why; a body with
    no usable ClaimReview at all is refused (422, `[E254]`)."""
    from glasnost.claims_match.factchecks import BadRecord, read_json_text
    from glasnost.store.factchecks import ImportCounts

    bench = bench_of(request)
    limit = bench.config.max_upload
    raw = await request.body()
    if len(raw) > limit:
        return JSONResponse(error_body(Errors.E244.format(limit=limit)), status_code=413)
    if not raw.strip():
        raise InputError(Errors.E245.format(detail="the body is empty: send ClaimReview JSON-LD"))
    records = list(read_json_text(raw.decode("utf-8", errors="replace"), "body"))
    problems = [{"position": r.position, "reason": r.reason} for r in records if isinstance(r, BadRecord)]
    good = [r for r in records if not isinstance(r, BadRecord)]
    if not good:
        first = problems[0] if problems else {"position": "the body", "reason": "no ClaimReview in it"}
        raise InputError(Errors.E254.format(**first))
    counts = ImportCounts(skipped=len(problems))
    total = await run_in_threadpool(bench.import_factchecks, good, counts)
    return JSONResponse({**counts.counts(), "factchecks": total, "problems": problems})
