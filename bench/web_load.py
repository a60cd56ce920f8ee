"""The workbench under load: search and article pages on a large store, and reads while analyses run.

    python bench/web_load.py [--db PATH] [--n 100000] [--clients 16] [--requests 3000] [--analyze-clients 4]

1. A store of N articles (built once into `--db` by storing copies of real analyses, as
   bench/store_bench.py builds its store, and reused when it already holds N).
2. `glasnost serve` on 127.0.0.1 over it, in its own process.
3. `--clients` concurrent clients send `--requests` requests in all, alternating the search page
   (words drawn from the texts, a third with a site filter, a third on page 2 or later) and an
   article page. Printed: p50, p99, requests per second and errors (anything but 200).
4. The same search load while `--analyze-clients` clients POST /api/v1/analyze without pause
   (a 429 is honoured by waiting its Retry-After): search p50/p99, and how the analyses fared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from speed import pick_articles
from store_bench import build

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


def ensure_store(path: Path, n: int, articles: int) -> list:
    """The store at `path` with `n` articles (built when missing), and the analyses it copies."""
    from glasnost.store import open_store

    cache = path.with_suffix(".originals.jsonl")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "glasnost-web-bench" / "bench.db")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    args.db.parent.mkdir(parents=True, exist_ok=True)
    ensure_store(args.db, args.n, args.articles)
    if args.build_only:
        return


if __name__ == "__main__":
    main()
