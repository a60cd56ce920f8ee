"""Outlet ratings a user brings (Media Bias/Fact Check exports, a newsroom's own list), joined to
the outlet profiles by web domain.

A store's `site` is whatever the page called itself ("Reuters", "wire.example"), so an outlet is
looked up by its site when that is a domain, then by the hosts of its articles' URLs, each from
the full host down to its registered part ("edition.cnn.com" -> "cnn.com"): a ratings table
lists one row per outlet, not per subdomain.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from glasnost.errors import Errors, InputError
from glasnost.store.backend import Backend

# Columns that name the outlet, in the order they are tried; the first one present is the key.
SITE_COLUMNS = ("site", "domain", "source_url_normalized", "source_url", "url")


def domain_of(value: str | None) -> str | None:
    """The lower-case host of a URL or bare domain, without `www.`; None for a name like "Reuters"."""
    if not value:
        return None
    text = value.strip().lower()
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    host = host.removeprefix("www.")
    return host if "." in host and " " not in host else None


def _suffixes(domain: str) -> Iterable[str]:
    """The domain and each parent with at least two labels: a.b.c.com, b.c.com, c.com."""
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        yield ".".join(labels[start:])


@dataclass(frozen=True)
class Ratings:
    """Rating columns (every column but the outlet's) by domain."""

    columns: tuple[str, ...]
    by_domain: dict[str, dict[str, str]]

    def lookup(self, names: Iterable[str | None]) -> dict[str, str] | None:
        """The row of the first name (a site or URL host) whose domain, or a parent of it, is rated."""
        for name in names:
            domain = domain_of(name)
            for candidate in _suffixes(domain) if domain else ():
                if candidate in self.by_domain:
                    return self.by_domain[candidate]
        return None


def read_ratings(path: Path) -> Ratings:
    """A TSV (`.tsv`, `.tab`) or CSV table with a header naming one of `SITE_COLUMNS`."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
            reader = csv.DictReader(handle, delimiter=delimiter)
            header = reader.fieldnames or []
            key = next((column for column in SITE_COLUMNS if column in header), None)
            if key is None:
                raise InputError(Errors.E172.format(path=path, reason=f"no column names the outlet (one of {', '.join(SITE_COLUMNS)})"))
            skipped = {column for column in SITE_COLUMNS if column in header}
            columns = tuple(column for column in header if column not in skipped)
            by_domain: dict[str, dict[str, str]] = {}
            for row in reader:
                domain = domain_of(row.get(key))
                if domain is not None:
                    by_domain.setdefault(domain, {column: (row.get(column) or "").strip() for column in columns})
    except OSError as exc:
        raise InputError(Errors.E172.format(path=path, reason=exc.strerror or exc)) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(Errors.E172.format(path=path, reason=exc)) from None
    return Ratings(columns, by_domain)


def site_hosts(db: Backend) -> dict[str | None, list[str]]:
    """Each site's article URL hosts, the most common first: where a site's name is no domain."""
    counts: dict[str | None, Counter[str]] = defaultdict(Counter)
    for site, url in db.stream("SELECT site, url FROM articles WHERE url IS NOT NULL", ()):
        host = domain_of(url)
        if host:
            counts[site][host] += 1
    return {site: [host for host, _ in hosts.most_common()] for site, hosts in counts.items()}
