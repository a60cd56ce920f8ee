"""Outlet ratings join by domain: a site named like a domain, or its articles' URL hosts."""

from __future__ import annotations

import pytest

from glasnost.errors import InputError
from glasnost.store.ratings import domain_of, read_ratings


def test_domain_of_reads_urls_and_bare_domains_but_not_names():
    assert domain_of("https://www.Example.com/path?q=1") == "example.com"
    assert domain_of("edition.cnn.com") == "edition.cnn.com"
    assert domain_of("Reuters") is None and domain_of("Daily News") is None and domain_of(None) is None


def test_a_site_without_a_domain_is_found_by_its_hosts_down_to_the_parent(tmp_path):
    table = tmp_path / "ratings.csv"
    table.write_text("domain,fact,bias\ncnn.com,mixed,left\nrt.com,low,right\n", encoding="utf-8")
    ratings = read_ratings(table)
    assert ratings.columns == ("fact", "bias")
    assert ratings.lookup(["CNN", "edition.cnn.com"]) == {"fact": "mixed", "bias": "left"}
    assert ratings.lookup(["https://www.rt.com/news/1"]) == {"fact": "low", "bias": "right"}
    assert ratings.lookup(["Example", "example.org"]) is None


def test_an_unreadable_table_is_bad_input(tmp_path):
    with pytest.raises(InputError, match=r"\[E172\]"):
        read_ratings(tmp_path / "missing.tsv")
