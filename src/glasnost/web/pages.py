"""The workbench pages: server-rendered Jinja2 (autoescape on, undefined names an error), the
server's own CSS and a little JavaScript from /static, charts as inline SVG. Nothing a page shows
is marked safe except what this module builds from escaped parts (search snippets).

A report (of a fresh analysis, or of a stored article) is the existing HTML report of
`glasnost.render.html`, served on its own URL with its own Content-Security-Policy and shown in
a sandboxed frame: its script runs there, and nothing an article holds reaches the page around it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.datastructures import UploadFile

from glasnost.errors import Errors, InputError
from glasnost.pipeline import AnalyzeOptions
from glasnost.render.html import report, report_csp
from glasnost.render.labels import known_techniques, technique_info
from glasnost.store.search import GENRES, Filters
from glasnost.web import charts, views
from glasnost.web.app import NotFound, Workbench, authorized
from glasnost.web.inputs import MAX_PAGE, Paging, facets, load_input, web_url

router = APIRouter(include_in_schema=False)
DAYS_SHOWN = 30
MONTHS_SHOWN = 24
PANELS = 8
WEEKS_SHOWN = 104


def _part(value: object) -> str:
    """A value as one path segment of a link: every character but letters and digits quoted."""
    return quote(str(value), safe="")


def _snippet(text: str) -> Markup:
    """A search snippet with its [matches] marked: escaped first, then the brackets replaced."""
    out, rest = [], str(escape(text))
    while "[" in rest:
        before, _, after = rest.partition("[")
        inside, closed, tail = after.partition("]")
        if not closed:
            out.append(before + "[" + after)
            rest = ""
            break
        out.append(f"{before}<mark>{inside}</mark>")
        rest = tail
    out.append(rest)
    return Markup("".join(out))


@functools.cache
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("glasnost.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["part"] = _part
    env.filters["snippet"] = _snippet
    env.filters["technique"] = lambda name: technique_info(name).label
    env.filters["number"] = charts.number
    env.filters["share"] = lambda value: f"{value:.0%}"
    env.filters["web_url"] = web_url
    return env


def render(template: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    page = _templates().get_template(template).render(**context)
    return HTMLResponse(page, status_code=status, headers=headers)


def error_page(message: str, status: int, headers: dict[str, str] | None = None) -> HTMLResponse:
    return render("error.html.j2", status, headers, title=f"Error {status}", message=message, nav="")


def _bench(request: Request) -> Workbench:
    return request.app.state.bench


def _paging(request: Request, size: int) -> Paging:
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise InputError(Errors.E245.format(detail=f"page must be a number from 1 to {MAX_PAGE}"))
    return Paging(int(raw), size)


def _links(request: Request, paging: Paging, more: bool) -> dict[str, str | int | None]:
    """The previous and next page of the same list, its other parameters kept."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page" and v != ""]

    def at(page: int) -> str:
        return f"{request.url.path}?{urlencode([*kept, ('page', str(page))])}"

    return {"page": paging.page, "previous": at(paging.page - 1) if paging.page > 1 else None,
            "next": at(paging.page + 1) if more and paging.page < MAX_PAGE else None}


def _query_facets(request: Request) -> tuple[dict[str, str], Filters]:
    names = ("site", "since", "until", "technique", "actor", "genre")
    given = {name: request.query_params.get(name, "")[:300] for name in names}
    return given, facets(**{name: value or None for name, value in given.items()})


def _base(request: Request, nav: str, title: str, **context: Any) -> dict[str, Any]:
    config = _bench(request).config
    return {"nav": nav, "title": title, "token_needed": config.token is not None, **context}


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/corpus", status_code=303)


# ---- Analyze --------------------------------------------------------------------------------


@router.get("/analyze")
def analyze_form(request: Request) -> HTMLResponse:
    return render("analyze.html.j2", **_base(request, "analyze", "Analyze", error=None, given={}))


@router.post("/analyze")
async def analyze_post(request: Request) -> Response:
    """Analyse what one of the three forms sent (pasted text, an uploaded file, a URL), then
    show its report: Post/Redirect/Get, so reloading the result never analyses again."""
    bench = _bench(request)
    config = bench.config
    form = await request.form(max_files=1, max_fields=8, max_part_size=config.max_upload + 1024)
    given = {k: v for k, v in form.items() if isinstance(v, str) and k in ("text", "url", "title", "operating_point")}
    if not authorized(request, config, str(form.get("token") or "")):
        return render("analyze.html.j2", 401, **_base(request, "analyze", "Analyze", error=Errors.E243, given=given))
    upload = form.get("file")
    point = given.get("operating_point", "precision")
    try:
        if point not in ("precision", "balanced", "recall"):
            raise InputError(Errors.E245.format(detail="operating_point is precision, balanced or recall"))
        if isinstance(upload, UploadFile) and upload.filename:
            kind, value, name = "auto", await upload.read(config.max_upload + 1), upload.filename[:200]
        elif given.get("url", "").strip():
            kind, value, name = "url", given["url"], None
        else:
            kind, value, name = "text", given.get("text", ""), None
        with bench.analyst.reserve() as slot:
            article = await run_in_threadpool(load_input, config, kind, value, name, given.get("title"))
            analysis = await slot.analyse(article, AnalyzeOptions(operating_point=point))
    except InputError as error:
        return render("analyze.html.j2", 422, **_base(request, "analyze", "Analyze", error=str(error), given=given))
    key = bench.remember(article, analysis)
    return RedirectResponse(f"/analyze/{key}", status_code=303)


@router.get("/analyze/{key}")
def analyzed(key: str, request: Request) -> HTMLResponse:
    _, analysis = _bench(request).recall(key)
    return render("analyzed.html.j2", **_base(request, "analyze", analysis.article.title or "Analysis", key=key,
                                              analysis=analysis, kept=None, error=None))


def _report(analysis: Any) -> HTMLResponse:
    """A report to show in the frame of a page of this server (and in no other page)."""
    headers = {
        "content-security-policy": report_csp() + "; frame-ancestors 'self'",
        "x-frame-options": "SAMEORIGIN",
    }
    return HTMLResponse(report(analysis), headers=headers)


@router.get("/analyze/{key}/report")
def analyzed_report(key: str, request: Request) -> HTMLResponse:
    return _report(_bench(request).recall(key)[1])


@router.post("/analyze/{key}/keep")
async def keep(key: str, request: Request) -> Response:
    bench = _bench(request)
    article, analysis = bench.recall(key)
    form = await request.form(max_files=0, max_fields=4)
    if not authorized(request, bench.config, str(form.get("token") or "")):
        return render("analyzed.html.j2", 401, **_base(request, "analyze", "Analysis", key=key, analysis=analysis,
                                                        kept=None, error=Errors.E243))
    status = await run_in_threadpool(bench.keep, article, analysis)
    if status != "duplicate" or await run_in_threadpool(bench.store().listed, analysis.article.id):
        return RedirectResponse(f"/articles/{_part(analysis.article.id)}?kept={status}", status_code=303)
    return render("analyzed.html.j2", **_base(request, "analyze", "Analysis", key=key, analysis=analysis,
                                             kept=status, error=None))


# ---- Corpus ---------------------------------------------------------------------------------


def _days(last: str, count: int) -> list[str]:
    end = dt.date.fromisoformat(last)
    return [(end - dt.timedelta(days=count - 1 - n)).isoformat() for n in range(count)]


@router.get("/corpus")
def corpus(request: Request) -> HTMLResponse:
    """Articles per day by outlet, techniques over time and the most named actors."""
    store = _bench(request).store()
    summary = store.summary()
    last = store.last_day()
    daily: list[charts.Panel] = []
    days: list[str] = []
    if last is not None:
        days = _days(last, DAYS_SHOWN)
        per_site: dict[str, dict[str, float]] = defaultdict(dict)
        for day, site, n in store.daily(Filters(since=days[0], until=days[-1])):
            per_site[site or "(no site)"][day] = float(n)
        ranked_sites = sorted(per_site, key=lambda s: (-sum(per_site[s].values()), s))
        shown = ranked_sites[: PANELS - 1] if len(ranked_sites) > PANELS else ranked_sites
        rest: dict[str, float] = defaultdict(float)
        for site in ranked_sites[len(shown):]:
            for day, n in per_site[site].items():
                rest[day] += n
        series = [(site, per_site[site]) for site in shown]
        if rest:
            series.append((f"{len(ranked_sites) - len(shown)} other outlets", dict(rest)))
        peak = max((max(v.values()) for _, v in series if v), default=1.0)
        daily = [charts.panel(name, days, values, "articles", peak) for name, values in series]
    months, techniques = _technique_months(store)
    actors = store.top_actors(Filters(), 15, 0)
    rows, height = charts.ranked([(a.name, float(a.articles), f"{a.type}, sentiment {a.sentiment:+.2f}",
                                   f"/actors/{_part(a.name)}") for a in actors])
    week_start, growing = views.growing(_bench(request))
    return render("corpus.html.j2", **_base(
        request, "corpus", "Corpus", summary=summary, days=days, daily=daily, months=months,
        week_start=week_start, week_end=last, growing=growing,
        techniques=techniques, actors=rows, actors_height=height,
        sites=sorted(summary.sites.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
    ))


def _technique_months(store: Any) -> tuple[list[str], list[charts.Panel]]:
    """Highlights per 1,000 words per month for the most used techniques, over every outlet."""
    words: dict[str, int] = defaultdict(int)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for profile in store.outlets():
        for month, period in profile.months.items():
            if not month:
                continue
            words[month] += period.words
            for name, n in period.technique_counts.items():
                counts[name][month] += n
    months = sorted(words)[-MONTHS_SHOWN:]
    top = sorted(counts, key=lambda name: (-sum(counts[name][m] for m in months), name))[:PANELS]
    rates = {name: {m: round(1000 * counts[name][m] / words[m], 3) if words[m] else 0.0 for m in months} for name in top}
    peak = max((max(r.values(), default=0.0) for r in rates.values()), default=1.0)
    return months, [charts.panel(technique_info(name).label, months, rates[name], "per 1,000 words", peak) for name in top]


# ---- Search ---------------------------------------------------------------------------------


@router.get("/search")
def search(request: Request) -> HTMLResponse:
    """The CLI's search with its filters as facets; without words, the newest articles."""
    bench = _bench(request)
    query = request.query_params.get("q", "")[:1000]
    given: dict[str, str] = {}
    error, rows, more, links = None, [], False, None
    try:
        given, where = _query_facets(request)
        paging = _paging(request, bench.config.page_size)
        if query.strip():
            found = bench.search(query, where, paging.ask, paging.offset)
        else:
            found = bench.store().newest(where, paging.ask, paging.offset)
        rows, more = paging.cut(found)
        links = _links(request, paging, more)
    except InputError as error_:
        error = str(error_)
    return render("search.html.j2", 422 if error else 200, **_base(
        request, "search", f"Search: {query}" if query else "Search", query=query, given=given, rows=rows,
        links=links, error=error, techniques=known_techniques(), genres=GENRES, searched=bool(query.strip()),
    ))


# ---- Article --------------------------------------------------------------------------------


def _stored(request: Request, article_id: str) -> Any:
    found = _bench(request).store().listed(article_id)
    if found is None:
        raise NotFound(Errors.E240.format(what=f"article {article_id!r}"))
    return found


@router.get("/articles/{article_id:path}/report")
def article_report(article_id: str, request: Request) -> HTMLResponse:
    analysis = _bench(request).store().analysis(article_id)
    if analysis is None:
        raise NotFound(Errors.E240.format(what=f"article {article_id!r}"))
    return _report(analysis)


@router.get("/articles/{article_id:path}")
def article(article_id: str, request: Request) -> HTMLResponse:
    listed = _stored(request, article_id)
    store = _bench(request).store()
    kept = request.query_params.get("kept")
    before = [(claim, *views.earlier(store, claim)) for claim in store.claims_of(article_id)]
    return render("article.html.j2", **_base(
        request, "search", listed.title or listed.id, article=listed, duplicates=store.near_duplicates(article_id),
        before=before, counted=views.EARLIER_COUNTED,
        kept=kept if kept in ("added", "near_duplicate", "duplicate") else None,
    ))


# ---- Outlets --------------------------------------------------------------------------------


@router.get("/outlets")
def outlets(request: Request) -> HTMLResponse:
    paging = _paging(request, _bench(request).config.page_size)
    profiles = _bench(request).store().outlets()
    rows, more = paging.cut(profiles[paging.offset : paging.offset + paging.ask])
    return render("outlets.html.j2", **_base(request, "outlets", "Outlets", rows=rows, links=_links(request, paging, more)))


def _profile_views(profiles: list[Any]) -> list[dict[str, Any]]:
    """Each profile's figures month by month, on one axis of months and one scale per measure,
    so that outlets side by side compare at a glance."""
    months = sorted({m for p in profiles for m in p.months if m})[-MONTHS_SHOWN:]

    def figures(profile: Any, measure: str) -> dict[str, float]:
        return {m: float(getattr(profile.months[m], measure)) for m in months if m in profile.months}

    peaks = {measure: max((max(figures(p, measure).values(), default=0.0) for p in profiles), default=0.0) or 1.0
             for measure in ("articles", "technique_rate")}
    return [
        {
            "profile": profile,
            "months": months,
            "articles_panel": charts.panel("Articles", months, figures(profile, "articles"), "articles", peaks["articles"]),
            "rate_panel": charts.panel("Highlights per 1,000 words", months, figures(profile, "technique_rate"),
                                       "per 1,000 words", peaks["technique_rate"]),
            "recent": [(m, profile.months[m]) for m in reversed(months) if m in profile.months],
        }
        for profile in profiles
    ]


@router.get("/outlets/{site:path}")
def outlet(site: str, request: Request) -> HTMLResponse:
    """One outlet's profile over time, beside another's when `compare` names one."""
    given, where = {}, Filters()
    try:
        given = {k: request.query_params.get(k, "")[:20] for k in ("since", "until")}
        where = facets(since=given["since"] or None, until=given["until"] or None)
    except InputError as error:
        raise NotFound(str(error)) from None
    profiles = {p.site: p for p in _bench(request).store().outlets(where)}
    if site not in profiles:
        raise NotFound(Errors.E240.format(what=f"outlet {site!r}"))
    other = request.query_params.get("compare", "")[:300]
    picked = [profiles[site]]
    if other and other != site:
        if other not in profiles:
            raise NotFound(Errors.E240.format(what=f"outlet {other!r}"))
        picked.append(profiles[other])
    shown = _profile_views(picked)
    choices = [s for s in profiles if s and s != site][:500]
    return render("outlet.html.j2", **_base(request, "outlets", site, site=site, shown=shown, choices=choices,
                                            other=other, given=given))


# ---- Actors ---------------------------------------------------------------------------------


@router.get("/actors")
def actors(request: Request) -> HTMLResponse:
    paging = _paging(request, _bench(request).config.page_size)
    found = _bench(request).store().top_actors(Filters(), paging.ask, paging.offset)
    rows, more = paging.cut(found)
    return render("actors.html.j2", **_base(request, "actors", "Actors", rows=rows, links=_links(request, paging, more)))


@router.get("/actors/{name:path}")
def actor(name: str, request: Request) -> HTMLResponse:
    """Who the actor is named with, quoted by, in conflict or support with, month by month."""
    paging = _paging(request, 3)  # months: a much-named actor costs a fair share of its month's relation rows
    found = _bench(request).store().actor_months(name, Filters(), paging.ask, paging.offset)
    months, more = paging.cut(found)
    if not months:
        raise NotFound(Errors.E240.format(what=f"actor {name!r}"))
    together: dict[tuple[str, str], int] = defaultdict(int)
    for month in months:
        for kind, other, n in month.relations:
            together[(kind, other)] += n
    strongest = sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:16]
    partners = [(kind, other, n) for (kind, other), n in strongest]
    label = months[0].name
    graph = charts.radial(label, partners, {other: f"/actors/{_part(other)}" for _, other, _ in partners})
    return render("actor.html.j2", **_base(request, "actors", label, name=label, months=months, graph=graph,
                                           links=_links(request, paging, more)))


# ---- Narratives -----------------------------------------------------------------------------


@router.get("/narratives")
def narratives(request: Request) -> HTMLResponse:
    """Every narrative told in two or more articles, most articles first, with the CLI's filters."""
    given: dict[str, str] = {}
    error, rows, links, listed = None, [], None, 0
    try:
        given, where = _query_facets(request)
        paging = _paging(request, _bench(request).config.page_size)
        shown = Filters(site=where.site, since=where.since, until=where.until)
        rows, more = paging.cut(_bench(request).narrative_page(shown, 2, paging.ask, paging.offset))
        links = _links(request, paging, more)
        if not rows and paging.page > 1:  # past the end: say how far the list goes
            listed = _bench(request).store().narrative_count(shown)
    except InputError as error_:
        error = str(error_)
    return render("narratives.html.j2", 422 if error else 200, **_base(
        request, "narratives", "Narratives", rows=rows, links=links, given=given, error=error, listed=listed))


def _weeks(first: str, last: str) -> list[str]:
    """Every ISO week from the one of day `first` to the one of day `last` (the latest `WEEKS_SHOWN`)."""
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    monday = start - dt.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        year, week, _ = monday.isocalendar()
        weeks.append(f"{year}-W{week:02d}")
        monday += dt.timedelta(days=7)
    return weeks[-WEEKS_SHOWN:]


@router.get("/narratives/{narrative_id}")
def narrative(narrative_id: str, request: Request) -> HTMLResponse:
    """One narrative: its weeks, which outlet told it first and which followed, its articles,
    the fact-checks its claims matched, the actors its articles name and what merged into it."""
    store = _bench(request).store()
    found = views.narrative(store, narrative_id)
    if found.narrative is None:
        return render("narrative.html.j2", **_base(request, "narratives", f"Narrative {found.id}", found=found, story=None))
    story = found.narrative
    paging = _paging(request, _bench(request).config.page_size)
    rows, more = paging.cut(store.narrative_articles(story.id, paging.ask, paging.offset))
    weeks = _weeks(story.first_seen, story.last_seen) if story.first_seen and story.last_seen else []
    timeline = charts.panel("Articles per week", weeks, {k: float(v) for k, v in story.weeks.items()}, "articles") if weeks else None
    first = story.spread[0]["first_seen"] if story.spread else None
    spread = [{**entry, "after": (dt.date.fromisoformat(entry["first_seen"]) - dt.date.fromisoformat(first)).days
               if first and entry["first_seen"] else None} for entry in story.spread]
    return render("narrative.html.j2", **_base(
        request, "narratives", f"Narrative {story.id}", found=found, story=story, weeks=weeks, timeline=timeline,
        undated=story.weeks.get("undated", 0), spread=spread, rows=rows, links=_links(request, paging, more)))
