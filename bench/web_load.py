"""The workbench under load: search and article pages on a large store, and reads while analyses run.

    python bench/web_load.py [--db PATH|postgresql://...] [--n 100000] [--clients 16] [--requests 3000] [--analyze-clients 4]

1. A store of N articles (built once into `--db` by storing copies of real analyses, as
   bench/store_bench.py builds its store, and reused when it already holds N).
2. `glasnost serve` on 127.0.0.1 over it, in its own process.
   Its narratives are written straight into the tables (see `ensure_narratives`).
3. `--clients` concurrent clients send `--requests` requests in all, alternating the search page
   (the queries bench/store_bench.py times, every fifth on page 2 to 5) and another page: an
   article page, and in each ten requests one narratives list, one narrative page and one
   claim's matches (`/api/v1/claims/{id}/matches`). Printed per kind: p50, p95, p99; requests
   per second and errors (anything but 200).
4. The same search load while `--analyze-clients` clients POST /api/v1/analyze without pause
   (a 429 is honoured by waiting its Retry-After): search p50/p99, and how the analyses fared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from speed import pick_articles
from store_bench import build, queries

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def originals(count: int) -> list:
    """Real analyses of `count` ~1,000-word articles, made by `glasnost analyze -f jsonl`."""
    from glasnost.analysis import Analysis

    with tempfile.TemporaryDirectory() as tmp:
        paths = pick_articles(count, Path(tmp))
        out = Path(tmp) / "analyses.jsonl"
        subprocess.run([sys.executable, "-m", "glasnost", "analyze", *map(str, paths), "-f", "jsonl", "-o", str(out)],
                       check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return [Analysis.from_json(line) for line in out.read_text(encoding="utf-8").splitlines()]


def ensure_store(path: str, n: int, articles: int) -> list:
    """The store at `path` (a file or a postgresql:// URL) with `n` articles (built when
    missing), and the analyses it copies (kept beside a file store, else in the temp folder)."""
    from glasnost.store import open_store

    if path.startswith("postgresql"):
        cache = Path(tempfile.gettempdir()) / "glasnost-web-bench" / "postgresql.originals.jsonl"
    else:
        cache = Path(path).with_suffix(".originals.jsonl")
    cache.parent.mkdir(parents=True, exist_ok=True)
    if cache.exists():
        from glasnost.analysis import Analysis

        found = [Analysis.from_json(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    else:
        found = originals(articles)
        cache.write_text("".join(a.to_json(indent=None) + "\n" for a in found), encoding="utf-8")
    with open_store(path) as store:
        have = store.count()
        if have == 0:
            seconds = build(store, found, n)
            print(f"built {n:,} articles in {seconds:.0f} s", file=sys.stderr)
        elif have != n:
            sys.exit(f"{path} holds {have:,} articles, not {n:,}: give another --db")
    return found


CLAIMS_EMBEDDED = 4  # claims per article given a narrative in the bench store
GROUPS = (1, 1, 1, 2, 2, 3, 4, 5, 8, 13, 40)  # how many copies of one original retell a claim, drawn in turn


def ensure_narratives(path: str, found: list, n: int) -> int:
    """Narratives in the store at `path`, written once, straight into the tables `assign`
    fills (embedding 100,000 articles' claims would take hours here): the first
    `CLAIMS_EMBEDDED` claims of each copy, with a made-up vector near its original claim's, in
    the narrative of the copies of the same original next to it (runs of `GROUPS` sizes, so a
    few narratives span 40 articles and most 1 to 5). Then the sizes and word counts are
    counted as migration 7 counts them. Returns how many narratives span two articles or more."""
    import numpy as np

    from glasnost.store import open_store

    with open_store(path) as store:
        db = store.db
        if not db.scalar("SELECT 1 FROM claim_vectors LIMIT 1"):
            from glasnost.store.narrative_sizes import fill

            started = time.perf_counter()
            rng = np.random.default_rng(7)
            bases = [rng.standard_normal((CLAIMS_EMBEDDED, 384)).astype(np.float32) for _ in found]
            ids = {key: int(row) for row, key in db.rows("SELECT id, article_id FROM articles")}
            with db.write():
                narrative, rows, made = 0, [], []
                for k, original in enumerate(found):
                    texts = [c.text for c in original.claims[:CLAIMS_EMBEDDED]]
                    copies = list(range(k, n, len(found)))
                    turn = 0
                    while copies:
                        group, copies = copies[: GROUPS[turn % len(GROUPS)]], copies[GROUPS[turn % len(GROUPS)] :]
                        turn += 1
                        for j, text in enumerate(texts):
                            narrative += 1
                            made.append((narrative, "2026-01-01T00:00:00+00:00"))
                            for i in group:
                                vector = bases[k][j] + 0.4 * rng.standard_normal(384).astype(np.float32)
                                vector /= np.linalg.norm(vector)
                                rows.append((ids[f"copy-{i}"], j, text, vector.astype(np.float16).tobytes(), narrative))
                db.insert_many("INSERT INTO narratives (id, created_at) VALUES (?, ?)", made)
                db.insert_many("INSERT INTO claim_vectors (article, claim, text, vector, narrative) VALUES (?, ?, ?, ?, ?)", rows)
                db.execute("DELETE FROM narrative_sizes")
                db.execute("DELETE FROM claim_words")
                fill(db)
            print(f"wrote {len(rows):,} claims in {narrative:,} narratives in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        return int(db.scalar("SELECT count(*) FROM narrative_sizes WHERE articles >= 2"))


def sample_ids(path: str, count: int = 500) -> tuple[list[int], list[int]]:
    """Random narratives of two articles or more, and random stored claims, to ask for."""
    from glasnost.store import open_store

    with open_store(path, create=False) as store:
        narratives = [int(r[0]) for r in store.db.rows(
            "SELECT narrative FROM narrative_sizes WHERE articles >= 2 ORDER BY random() LIMIT ?", (count,))]
        claims = [int(r[0]) for r in store.db.rows("SELECT id FROM claim_vectors ORDER BY random() LIMIT ?", (count,))]
    return narratives, claims


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: str, workers: int, queue: int) -> tuple[subprocess.Popen, int]:
    """`glasnost serve` over the store, once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "glasnost", "serve", "--db", str(db), "--port", str(port), "--workers", str(workers),
         "--queue", str(queue)], env=ENV, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("glasnost serve did not start")


class Client:
    """One keep-alive connection, reopened after an error."""

    def __init__(self, port: int) -> None:
        import http.client

        self._make = lambda: http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self._conn = self._make()

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, float, dict]:
        headers = {"content-type": "application/json"} if body is not None else {}
        started = time.perf_counter()
        for _attempt in (1, 2):  # once more on a fresh connection: the server closes one left idle (keep-alive 5 s)
            try:
                self._conn.request(method, path, body=body, headers=headers)
                response = self._conn.getresponse()
                response.read()
                return response.status, time.perf_counter() - started, dict(response.getheaders())
            except OSError:
                self._conn.close()
                self._conn = self._make()
        return 0, time.perf_counter() - started, {}


KINDS = {"/search": "search", "/articles/": "article", "/narratives?": "narratives", "/narratives/": "narrative",
         "/api/v1/claims/": "claim matches"}


def kind_of(path: str) -> str:
    return next(kind for prefix, kind in KINDS.items() if path.startswith(prefix))


def page_paths(found: list, n: int, count: int, seed: int, searches_only: bool = False, told: tuple = ((), ())) -> list[str]:
    """Search pages with the queries bench/store_bench.py times (words and two-word phrases from
    the texts, a quarter with a site, a quarter with a month; here every fifth on page 2 to 5)
    and, between them, the pages of random stored articles; in each ten requests, one of those
    is instead the narratives list (page 1 to 5, every other one over a month), one the page of
    a random narrative of two articles or more, and one a random claim's matches (the API),
    from `told` (narrative ids, claim ids)."""
    from urllib.parse import urlencode

    rng = random.Random(seed)
    searches = queries(found, count)
    rng.shuffle(searches)
    narratives, claims = told
    paths = []
    for i in range(count):
        if i % 2 and not searches_only:
            if i % 10 == 3 and narratives:
                params = {"page": str(rng.randint(1, 5))}
                if rng.random() < 0.5:
                    month = searches[i][1].get("since") or "2025-06-01"
                    params.update(since=month[:7], until=month[:7])
                paths.append("/narratives?" + urlencode(params))
            elif i % 10 == 7 and narratives:
                paths.append(f"/narratives/{rng.choice(narratives)}")
            elif i % 10 == 9 and claims:
                paths.append(f"/api/v1/claims/{rng.choice(claims)}/matches")
            else:
                paths.append(f"/articles/copy-{rng.randrange(n)}")
            continue
        text, filters = searches[i]
        params = {"q": text, **filters}
        if "since" in filters:  # a whole month, as a user types it (the page expands it as `search` does)
            params["since"] = params["until"] = filters["since"][:7]
        if i % 5 == 0:
            params["page"] = str(rng.randint(2, 5))
        paths.append("/search?" + urlencode(params))
    return paths


def run_clients(port: int, paths: list[str], clients: int) -> tuple[dict[str, list[float]], int, float]:
    """Send `paths` from `clients` threads; latencies by page kind, errors, wall seconds."""
    latencies: dict[str, list[float]] = {}
    errors = 0
    lock = threading.Lock()
    queue = iter(paths)

    def work() -> None:
        nonlocal errors
        client = Client(port)
        while True:
            with lock:
                path = next(queue, None)
            if path is None:
                return
            status, seconds, _ = client.request("GET", path)
            with lock:
                latencies.setdefault(kind_of(path), []).append(seconds)
                errors += status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def line(name: str, values: list[float]) -> str:
    shown = ", ".join(f"p{round(q * 100)} {quantile(values, q) * 1000:.0f} ms" for q in (0.5, 0.95, 0.99))
    return f"{name}: {len(values)} requests, {shown}, max {max(values) * 1000:.0f} ms"


def analyze_load(port: int, texts: list[str], clients: int, stop: threading.Event) -> dict[str, int | list[float]]:
    """`clients` threads POSTing /api/v1/analyze back to back; a 429 waits its Retry-After."""
    done: dict[str, int | list[float]] = {"ok": 0, "busy": 0, "errors": 0, "seconds": []}
    lock = threading.Lock()

    def work(n: int) -> None:
        client = Client(port)
        rng = random.Random(n)
        while not stop.is_set():
            body = json.dumps({"text": rng.choice(texts)}).encode()
            status, seconds, headers = client.request("POST", "/api/v1/analyze", body)
            with lock:
                if status == 200:
                    done["ok"] += 1  # type: ignore[operator]
                    done["seconds"].append(seconds)  # type: ignore[union-attr]
                elif status == 429:
                    done["busy"] += 1  # type: ignore[operator]
                else:
                    done["errors"] += 1  # type: ignore[operator]
            if status == 429:
                stop.wait(float(headers.get("retry-after", "1")))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    done["threads"] = threads  # type: ignore[assignment]
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "glasnost-web-bench" / "bench.db"),
                        help="a SQLite file or a postgresql:// URL")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--analyze-clients", type=int, default=4)
    parser.add_argument("--search-requests", type=int, default=1000, help="search pages sent while the analyses run")
    parser.add_argument("--workers", type=int, default=1, help="analysis processes of the server")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    found = ensure_store(args.db, args.n, args.articles)
    told = ensure_narratives(args.db, found, args.n)
    if args.build_only:
        return
    told_ids = sample_ids(args.db)
    print(f"store of {args.n:,} articles, {told:,} narratives of two articles or more; load average {os.getloadavg()[0]:.1f}")
    server, port = serve(args.db, args.workers, 1)
    try:
        run_clients(port, page_paths(found, args.n, 100, seed=1, told=told_ids), args.clients)  # warm the caches
        latencies, errors, wall = run_clients(port, page_paths(found, args.n, args.requests, seed=2, told=told_ids), args.clients)
        total = sum(len(v) for v in latencies.values())
        print(f"pages, {args.clients} clients, store of {args.n:,}: {total} requests in {wall:.1f} s, {total / wall:.0f} requests/s, {errors} errors")
        for kind, values in latencies.items():
            print("  " + line(kind, values))
        texts = [a.article.text for a in found]
        warm = Client(port).request("POST", "/api/v1/analyze", json.dumps({"text": texts[0]}).encode())
        print(f"first analysis (worker warm-up included): status {warm[0]}, {warm[1]:.1f} s")
        stop = threading.Event()
        analysing = analyze_load(port, texts, args.analyze_clients, stop)
        time.sleep(2)
        busy, busy_errors, busy_wall = run_clients(port, page_paths(found, args.n, args.search_requests, seed=3, searches_only=True), args.clients)
        stop.set()
        for thread in analysing.pop("threads"):  # type: ignore[union-attr]
            thread.join()
        seconds = analysing["seconds"]
        print(f"search while {args.analyze_clients} clients POST /analyze: {len(busy['search'])} requests in {busy_wall:.1f} s, {busy_errors} errors")
        print("  " + line("search", busy["search"]))
        print(f"  analyses: {analysing['ok']} done (p50 {quantile(seconds, 0.5):.1f} s), {analysing['busy']} answered 429, {analysing['errors']} errors")  # type: ignore[arg-type]
        print(json.dumps({
            "n": args.n, "requests": total, "rate": round(total / wall, 1), "errors": errors,
            **{f"{kind.replace(' ', '_')}_p99_ms": round(quantile(values, 0.99) * 1000) for kind, values in latencies.items()},
            "search_p99_while_analysing_ms": round(quantile(busy["search"], 0.99) * 1000), "analyses": analysing["ok"], "analysis_429": analysing["busy"],
        }))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
