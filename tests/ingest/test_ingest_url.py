import ipaddress
import json
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from glasnost import InputError, LoadOptions, load, load_all
from glasnost.ingest import LoadFailure, url


def test_an_html_page_is_fetched_and_extracted(server, local):
    article = load(server.url("/harbour"), local)
    assert article.title == "Harbour plan divides the town"
    assert article.authors == ["Jane Miller"]
    assert article.site == "Coastal Times"
    assert article.source == server.url("/harbour")
    assert article.url == server.url("/harbour")
    assert "breakwater" in article.text
    assert ("heading", "What happens next") in [(b.kind, article.text[b.start : b.end]) for b in article.blocks]


def test_redirects_are_followed_hop_by_hop_up_to_the_limit(server, local):
    article = load(server.url("/r1"), local)
    assert article.url == server.url("/harbour") and article.source == server.url("/r1")
    with pytest.raises(InputError, match="more than 2 redirects"):
        load(server.url("/r1"), replace(local, max_redirects=2))
    with pytest.raises(InputError, match="redirects"):
        load(server.url("/loop"), local)


def test_each_redirect_hop_is_checked_again(server, monkeypatch):
    # Pretend 127.0.0.1 is public so the first hop is allowed; the redirect to 10.x must not be.
    real = url.check_address
    monkeypatch.setattr(url, "check_address", lambda a: None if a == "127.0.0.1" else real(a))
    with pytest.raises(InputError, match=r"URL refused: 10\.1\.2\.3 is a private address"):
        load(server.url("/to-private"), LoadOptions(timeout=2))
    assert load(server.url("/r1"), LoadOptions(timeout=2)).title == "Harbour plan divides the town"


def test_size_cap_applies_to_declared_and_streamed_bodies(server, local):
    small = replace(local, max_bytes=5000)
    with pytest.raises(InputError, match="too large: 20,007 bytes"):
        load(server.url("/big"), small)
    with pytest.raises(InputError, match="too large"):
        load(server.url("/big-streamed"), small)


def test_timeout_bounds_the_whole_fetch(server, local):
    # The page answers after 6 s; a 0.3 s timeout must give up long before that (the margin
    # is wide so a busy machine cannot fail it).
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        load(server.url("/slow"), replace(local, timeout=0.3))
    assert time.monotonic() - started < 4


def test_http_errors_binary_bodies_gzip_and_legacy_charsets(server, local):
    with pytest.raises(InputError, match="HTTP 404"):
        load(server.url("/missing"), local)
    with pytest.raises(InputError, match="binary"):
        load(server.url("/pdf"), local)
    assert "breakwater" in load(server.url("/gzipped"), local).text
    plain = load(server.url("/plain"), local)
    assert plain.raw.startswith("Engineers closed") and plain.url == server.url("/plain")
    legacy = load(server.url("/cp1252"), local)
    assert "cafés" in legacy.text and "“jobs”" in legacy.text


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://127.8.9.10:8080/x", "loopback"),
        ("http://10.0.0.7/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://localhost/", "loopback"),
    ],
)
def test_private_addresses_are_refused_by_default(address, kind):
    with pytest.raises(InputError, match=f"URL refused: .*an? {kind} address"):
        load(address)


def test_only_http_and_https(tmp_path):
    with pytest.raises(InputError, match="only http and https"):
        url.fetch("file:///etc/passwd", LoadOptions())
    with pytest.raises(InputError, match="only http and https"):
        url.fetch("ftp://example.org/x", LoadOptions())


def test_jsonl_lines_may_give_urls(server, local, tmp_path):
    path = tmp_path / "urls.jsonl"
    path.write_text(
        json.dumps({"id": "h", "url": server.url("/harbour"), "title": "Given title"}) + "\n"
        + json.dumps({"url": server.url("/missing")}) + "\n"
    )
    article, failure = load_all(path, local)
    assert article.given_id == "h" and article.title == "Given title" and "breakwater" in article.text
    assert article.source == server.url("/harbour")
    assert isinstance(failure, LoadFailure) and "line 2" in failure.reason and "404" in failure.reason


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_a_server_dripping_bytes_cannot_hold_a_fetch_past_its_deadline(server, local, path):
    # 27 bytes a second: every wait for a byte is far below the timeout, so only one deadline
    # for the whole fetch ends it.
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out after 1 s"):
        load(server.url(path), replace(local, timeout=1.0))
    assert time.monotonic() - started < 4


@pytest.mark.parametrize(
    "address",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.1.1/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://100.100.100.200/latest/meta-data/",
    ],
)
def test_link_local_and_metadata_addresses_stay_refused_with_allow_private(address):
    with pytest.raises(InputError, match="refused even with allow_private; name it with --allow-host"):
        url.checked_target(address, LoadOptions(allow_private=True))
    host = address.split("/")[2].strip("[]")
    _, _, _, addresses = url.checked_target(address, LoadOptions(allow_hosts=(host,)))
    assert addresses == [str(ipaddress.ip_address(host))]


def test_a_named_host_is_fetched_without_allow_private(server):
    article = load(server.url("/harbour"), LoadOptions(allow_hosts=("127.0.0.1",), timeout=5))
    assert "breakwater" in article.text
    with pytest.raises(InputError, match="loopback address"):
        load(server.url("/harbour"), LoadOptions(allow_hosts=("127.0.0.2",), timeout=5))
    _, _, _, addresses = url.checked_target("http://[fd00:ec2::254]/", LoadOptions(allow_hosts=("[FD00:EC2:0::254]",)))
    assert addresses == ["fd00:ec2::254"]  # a named address matches in any of its spellings


def glasnost(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glasnost", *args], capture_output=True, timeout=120)


def test_the_cli_gives_up_on_a_dripping_server_at_its_10_s_deadline(server):
    started = time.monotonic()
    result = glasnost("analyze", server.url("/drip"), "--allow-private", "--only", "sentences")
    assert result.returncode == 2 and b"timed out after 10 s" in result.stderr
    assert time.monotonic() - started < 40  # the page alone would take a minute


def test_the_cli_refuses_metadata_addresses_unless_the_host_is_named(server):
    result = glasnost("analyze", "http://169.254.169.254/latest/meta-data/", "--allow-private")
    stderr = result.stderr.decode().strip()
    assert result.returncode == 2 and len(stderr.splitlines()) == 1
    assert "link-local address, refused even with allow_private; name it with --allow-host 169.254.169.254" in stderr
    result = glasnost("analyze", server.url("/harbour"), "--allow-host", "127.0.0.1", "--only", "sentences", "-f", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    assert "breakwater" in json.loads(result.stdout)["article"]["text"]
