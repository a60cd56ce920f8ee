from dataclasses import replace

import pytest

from glasnost import InputError, LoadOptions, load, load_all
from glasnost.ingest import LoadFailure


def test_rss_entries_with_only_summaries_have_their_pages_fetched(server, local):
    before = len(server.hits)
    harbour, bridge, missing = load_all(server.url("/rss.xml"), local)
    assert server.hits[before:] == ["/rss.xml", "/harbour", "/bridge", "/missing"]
    assert harbour.title == "Harbour plan divides the town"
    assert harbour.authors == ["Jane Miller"]
    assert harbour.published == "2024-03-05T10:00:00+00:00"
    assert harbour.site == "Coastal Times"
    assert harbour.url == harbour.source == server.url("/harbour")
    assert "breakwater" in harbour.text  # the page's text, not the one-line summary
    assert bridge.title == "River bridge closed for repairs" and "footbridge" in bridge.text
    assert bridge.authors == ["Tom Berg"]  # from the page, the entry named nobody
    assert isinstance(missing, LoadFailure)
    assert missing.source == server.url("/missing") and "HTTP 404" in missing.reason


def test_atom_entries_are_articles_too(server, local):
    items = list(load_all(server.url("/atom.xml"), local))
    assert [a.title for a in items] == ["Harbour plan divides the town", "River bridge closed for repairs"]
    assert [a.authors for a in items] == [["Jane Miller"], ["Tom Berg"]]
    assert items[1].published == "2024-03-06T08:30:00+00:00"
    assert all("Coastal Times" in a.site for a in items)
    with pytest.raises(InputError, match="holds 2 articles"):
        load(server.url("/atom.xml"), local)


def test_without_page_fetching_the_summary_is_the_text(server, local, tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(_rss(server))
    options = replace(local, fetch_feed_pages=False, require_english=False)
    before = len(server.hits)
    items = list(load_all(path, options))
    assert len(server.hits) == before  # nothing fetched
    assert [a.text for a in items] == [
        "The council voted to expand the harbour.",
        "Cracks were found in the supports.",
        "This page no longer exists.",
    ]
    assert items[0].source == server.url("/harbour")


def test_entries_with_full_content_are_not_fetched(texts):
    body = "".join(f"<p>{p}</p>" for p in texts.harbour)
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Local</title>
<item><title>Harbour plan</title><link>http://10.9.9.9/never-fetched</link>
<description>Short.</description><content:encoded><![CDATA[<h2>The vote</h2>{body}]]></content:encoded></item>
</channel></rss>"""
    article = load(feed.encode("utf-8"))  # default options: a fetch of 10.x would be refused
    assert article.title == "Harbour plan"
    assert article.text.split("\n\n") == ["The vote", *texts.harbour]
    assert article.blocks[0].kind == "heading"


def test_a_feed_without_entries_is_refused():
    with pytest.raises(InputError, match="feed has no entries"):
        load(b"<?xml version='1.0'?><rss version='2.0'><channel><title>Empty</title></channel></rss>")


def _rss(server) -> str:
    from urllib.request import urlopen

    with urlopen(server.url("/rss.xml")) as response:  # the local test server
        return response.read().decode()


def test_options_default_refuses_the_local_feed(server):
    with pytest.raises(InputError, match="loopback"):
        load_all(server.url("/rss.xml"), LoadOptions())
