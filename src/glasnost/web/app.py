"""The workbench application: `create_app(WebSettings(...))` gives the FastAPI app that
`glasnost serve` runs, pages and REST API together over one store.

What every request passes through lives here: the guard (the Host header, cross-site writes, the
body size limit, the security headers of every response), the token check of writes, errors as
one JSON shape (`{"error": {"code", "message"}}`, never a traceback) or an error page, and the
`Workbench`, which holds the store connections (one per server thread), the analyst and the
recent analyses a user may still keep.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException

from glasnost.analysis import Analysis
from glasnost.article import Article
from glasnost.errors import Errors, InputError
from glasnost.settings import Settings
from glasnost.store import Store, open_store
from glasnost.store.intake import Intake
from glasnost.store.narratives import Narrative
from glasnost.store.search import Filters, Hit
from glasnost.web.analyst import Analyst, Busy
from glasnost.web.recent import Recent

log = logging.getLogger("glasnost.web")

#: Pages may load only this server's own scripts, styles and frames, and submit only to it.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_CODE = re.compile(r"\[(E\d{3})\]")
#: Threads serving reads at once. More than the cores only share them: with 16 clients on 2
#: cores, 40 threads (anyio's default) let each slow search share the cores with up to 15
#: others; with 4, each runs nearly at its own speed while the rest wait their turn
#: (bench/web_load.py: search p99 1,027 ms with 40, 579 ms with 4, 689 ms with 2).
READERS = max(2, 2 * (os.cpu_count() or 1))
ScopeHandler = Callable[[MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


@dataclass(frozen=True)
class WebSettings:
    """How a workbench runs. `allowed_hosts` None takes any Host header (`glasnost serve` bound
    to loopback names its own, against DNS rebinding); `workers` are analysis processes (0: one
    thread of the server), `queue` the analyses admitted beyond those running; `max_upload` caps
    one article as `LoadOptions.max_bytes` does; `readers` bounds the threads that serve reads
    (the store's queries, pages, loading an input): past it, requests wait their turn."""

    store: str | None = None
    token: str | None = None
    allow_private: bool = False
    allowed_hosts: tuple[str, ...] | None = None
    workers: int = 1
    queue: int = 1
    max_upload: int = 5_000_000
    page_size: int = 20
    kept: int = 32
    readers: int = READERS
    analysis: Settings = field(default_factory=Settings)

    @property
    def body_limit(self) -> int:
        """The largest request body: one article, and room for a form's other fields or JSON escapes."""
        return self.max_upload * 2 + 65536


class Workbench:
    """What the routes share. A store connection per thread, because a SQLite connection must
    not run two statements at once; every write goes through one intake under one lock, so the
    near-duplicate index is read once and each article is admitted and stored in turn."""

    def __init__(self, config: WebSettings) -> None:
        self.config = config
        self.analyst = Analyst(config.analysis, config.workers, config.queue)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._intake: Intake | None = None
        self._kept: OrderedDict[str, tuple[Article, Analysis]] = OrderedDict()
        self._kept_lock = threading.Lock()
        self._matching: tuple[Any, Any] | None = None  # the matcher and retriever over the writer's store
        self._recent = Recent()
        self.store()  # a missing or newer store is refused now, not at the first request

    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.config.store, create=False)
            self._local.store = store
            with self._open_lock:
                self._opened.append(store)
        return store

    def search(self, query: str, where: Filters, limit: int, offset: int) -> list[Hit]:
        """`Store.search`, answered from memory when asked before of the unchanged store."""
        store = self.store()
        return self._recent.get(("search", query, where, limit, offset), store.revision(),
                                lambda: store.search(query, where, limit, offset))

    def narrative_page(self, where: Filters, min_articles: int, limit: int, offset: int) -> list[Narrative]:
        """`Store.narrative_page`, answered from memory when asked before of the unchanged store."""
        store = self.store()
        return self._recent.get(("narratives", where, min_articles, limit, offset), store.revision(),
                                lambda: store.narrative_page(where, min_articles, limit, offset))

    def remember(self, article: Article, analysis: Analysis) -> str:
        """Keep a fresh analysis for a while under a key that cannot be guessed, so its page can
        show the report and offer to store it."""
        key = secrets.token_urlsafe(16)
        with self._kept_lock:
            self._kept[key] = (article, analysis)
            while len(self._kept) > self.config.kept:
                self._kept.popitem(last=False)
        return key

    def recall(self, key: str) -> tuple[Article, Analysis]:
        with self._kept_lock:
            found = self._kept.get(key)
        if found is None:
            raise NotFound(Errors.E248.format(key=key[:40], count=self.config.kept))
        return found

    def _writer(self) -> Intake:
        """The one intake every write goes through (call it holding the write lock). It embeds
        each kept article's claims, so they join their narratives as `glasnost ingest` does."""
        if self._intake is None:
            from glasnost.claims_match.embedder import load_embedder, require_shipped

            require_shipped()
            self._intake = Intake(open_store(self.config.store, create=False), embed=load_embedder().embed)
        return self._intake

    def _tools(self) -> tuple[Any, Any] | None:
        """The matcher and the retriever over the writer's store (its vector index loaded once);
        None when the store holds no fact-checks. Call it holding the write lock."""
        from glasnost.claims_match.matching import Matcher
        from glasnost.store.factchecks import Retriever, count

        intake = self._writer()
        if not count(intake.store.db):
            return None
        if self._matching is None:
            self._matching = (Matcher.load(), Retriever(intake.store.db))
        return self._matching

    def match(self, texts: list[str], top: int = 3) -> list[list[dict]] | None:
        """Each text's fact-check matches in the store, as `glasnost factchecks match` gives
        them; None when the store holds none."""
        from glasnost.claims_match.embedder import load_embedder
        from glasnost.store.factchecks import match_claims

        with self._write_lock:
            tools = self._tools()
            if tools is None:
                return None
            return match_claims(self._writer().store.db, load_embedder(), texts, top, matcher=tools[0], retriever=tools[1])

    def import_factchecks(self, checks: Any, counts: Any) -> int:
        """Import fact-checks into the store; returns its fact-check total. The vector index the
        matcher holds is dropped, so the next match reads the new one."""
        from glasnost.claims_match.embedder import load_embedder
        from glasnost.store.factchecks import count, import_factchecks

        with self._write_lock:
            db = self._writer().store.db
            import_factchecks(db, checks, load_embedder().embed, counts)
            self._matching = None
            return count(db)

    def keep(self, article: Article, analysis: Analysis) -> str:
        """Store one analysis: 'added', 'near_duplicate' or 'duplicate' (already stored). Its
        claims get their fact-check matches first, when the store holds fact-checks."""
        from glasnost.claims_match.embedder import load_embedder
        from glasnost.store.factchecks import attach_matches

        with self._write_lock:
            intake = self._writer()
            report = intake.report
            before = (report.added, report.near_duplicates, report.failed)
            if intake.admit(article):
                tools = self._tools() if analysis.claims else None
                if tools is not None:
                    analysis = attach_matches(intake.store.db, load_embedder(), analysis, matcher=tools[0], retriever=tools[1])
                intake.keep(analysis)
            if report.failed > before[2]:
                raise InputError(report.failures[-1][1])
            if report.added > before[0]:
                return "added"
            return "near_duplicate" if report.near_duplicates > before[1] else "duplicate"

    def close(self) -> None:
        self.analyst.close()
        with self._open_lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
        if self._intake is not None:
            self._intake.store.close()


class NotFound(Exception):
    """What a route asked for does not exist; the message says what."""


def authorized(request: Request, config: WebSettings, given: str | None = None) -> bool:
    """Whether this request may write: always without a token; with one, when the bearer header
    (or, from a page's form, the token field) matches it."""
    if config.token is None:
        return True
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    offered = value.strip() if scheme.lower() == "bearer" else (given or "")
    return bool(offered) and hmac.compare_digest(offered.encode(), config.token.encode())


def error_body(message: str) -> dict[str, Any]:
    found = _CODE.search(message)
    return {"error": {"code": found.group(1) if found else None, "message": message}}


async def _nothing() -> Any:
    return {"type": "http.disconnect"}


def is_api(path: str) -> bool:
    return path == "/api/v1" or path.startswith("/api/")


class Guard:
    """Pure ASGI middleware in front of everything (cheap on every request, unlike
    `BaseHTTPMiddleware`): refuses a foreign Host and cross-site writes, caps request bodies,
    and adds the security headers a response does not set itself."""

    def __init__(self, app: ScopeHandler, config: WebSettings, refuse: Callable[[str, int, str], Response]) -> None:
        self.app = app
        self.config = config
        self.refuse = refuse

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path = scope["path"]
        problem = self._problem(scope, headers)
        if problem is not None:
            await self.refuse(path, *problem)(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and "content-length" not in headers:
            receive = await self._buffered(receive)  # chunked: read it whole (up to the limit) first
            if receive is None:
                await self.refuse(path, 413, Errors.E244.format(limit=self.config.body_limit))(scope, _nothing, send)
                return

        async def secured(message: Any) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.setdefault("content-security-policy", PAGE_CSP)
                out.setdefault("x-frame-options", "DENY")
                out.setdefault("x-content-type-options", "nosniff")
                out.setdefault("referrer-policy", "same-origin")  # "no-referrer" would send Origin: null on form posts
                out.setdefault("cross-origin-opener-policy", "same-origin")
                out.setdefault("cross-origin-resource-policy", "same-origin")
                if is_api(path):
                    out.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, secured)

    async def _buffered(self, receive: Callable) -> Callable | None:
        """A body without Content-Length, read whole before the app sees it; None past the limit."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.config.body_limit:
                return None
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay

    def _problem(self, scope: MutableMapping[str, Any], headers: Headers) -> tuple[int, str] | None:
        host = headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]").lower()
        if self.config.allowed_hosts is not None and name not in self.config.allowed_hosts:
            return 400, Errors.E249.format(host=host[:100])
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            own = {f"{scheme}://{host}" for scheme in ("http", "https")}
            if headers.get("sec-fetch-site") == "cross-site" or (origin is not None and origin not in own):
                return 403, Errors.E250
            length = headers.get("content-length")
            if length is not None and length.isdigit() and int(length) > self.config.body_limit:
                return 413, Errors.E244.format(limit=self.config.body_limit)
        return None


def create_app(config: WebSettings) -> FastAPI:
    """The workbench over `config.store` (opened now: a missing store is an InputError here)."""
    from glasnost.web import api, pages

    bench = Workbench(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = config.readers
        bench.analyst.warm()
        try:
            yield
        finally:
            bench.close()

    app = FastAPI(
        title="Glasnost workbench API",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.bench = bench
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("glasnost.web", "static")]), name="static")

    def refuse(path: str, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        if is_api(path):
            return JSONResponse(error_body(message), status_code=status, headers=headers)
        return pages.error_page(message, status, headers)

    @app.exception_handler(InputError)
    async def input_error(request: Request, error: InputError) -> Response:
        return refuse(request.url.path, 422, str(error))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return refuse(request.url.path, 404, str(error))

    @app.exception_handler(Busy)
    async def busy(request: Request, error: Busy) -> Response:
        headers = {"Retry-After": str(error.retry_after)}
        return refuse(request.url.path, 429, Errors.E242.format(seconds=error.retry_after), headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        details = "; ".join(
            f"{'.'.join(str(part) for part in item.get('loc', ()))}: {item.get('msg', '')}" for item in error.errors()[:5]
        )
        return refuse(request.url.path, 422, Errors.E245.format(detail=details[:500]))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 404:
            message = Errors.E240.format(what=request.url.path[:200])
        elif error.status_code == 401:
            message = Errors.E243
        else:
            message = Errors.E253.format(status=error.status_code, detail=str(error.detail)[:200])
        return refuse(request.url.path, error.status_code, message, dict(error.headers or {}))

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return refuse(request.url.path, 500, Errors.E246.format(kind=type(error).__name__))

    app.add_middleware(Guard, config=config, refuse=refuse)  # type: ignore[arg-type]
    return app
