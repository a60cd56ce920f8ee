"""Fixtures for the ingest tests: article texts written for these tests, and a local HTTP server
(127.0.0.1 only) with HTML pages, a redirect chain, oversized, slow and dripped bodies, and RSS
and Atom feeds whose entries carry only summaries so their pages must be fetched."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from glasnost.ingest import LoadOptions

HARBOUR = [
    "The town council voted on Tuesday to expand the old harbour, a decision that split the town "
    "along lines everyone here knows well. Supporters said the project would bring jobs and ferries.",
    "Opponents, led by a group of fishermen, argued that the new breakwater would ruin the beach and "
    "drive away the summer visitors who keep the cafes and the small hotels open.",
    "The plan now goes to a regional board, which is expected to decide within three months. Both "
    "sides have promised to keep campaigning until then, and the mayor has said she will not resign.",
]

BRIDGE = [
    "Engineers closed the river bridge on Monday after inspectors found cracks in two of its steel "
    "supports. Traffic was sent through the old town, where queues reached the station by noon.",
    "The county says repairs will take at least six weeks. Shop owners on the far bank fear they "
    "will lose their customers for the whole season, and some have asked for help with their rent.",
    "A temporary footbridge will open next week, the county added, but it will not carry bicycles.",
]

GERMAN = (
    "Die Stadtverwaltung hat am Dienstag beschlossen, den alten Hafen zu erweitern. Viele Fischer "
    "befürchten, dass die neuen Pläne den Strand zerstören und die Touristen vertreiben werden."
)
RUSSIAN = (
    "Городской совет во вторник решил расширить старый порт. Многие рыбаки опасаются, что новые "
    "планы разрушат пляж и отпугнут туристов, которые приезжают сюда каждое лето."
)


def page(title: str, paragraphs: list[str], *, author: str = "Jane Miller", heading: str | None = None) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs[:2])
    if heading:
        body += f"<h2>{heading}</h2>\n"
    body += "".join(f"<p>{p}</p>\n" for p in paragraphs[2:])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Coastal Times</title>
<meta property="og:site_name" content="Coastal Times"><meta name="author" content="{author}">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{body}</article>
<footer>Copyright 2024 Coastal Times. All rights reserved.</footer></body></html>"""


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Coastal Times</title><link>{base}/</link>
<description>News from the coast</description>
<item><title>Harbour plan divides the town</title><link>{base}/harbour</link>
<author>desk@coastal.example (Jane Miller)</author><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>The council voted to expand the harbour.</description></item>
<item><title>River bridge closed for repairs</title><link>{base}/bridge</link>
<pubDate>Wed, 06 Mar 2024 08:30:00 GMT</pubDate>
<description>Cracks were found in the supports.</description></item>
<item><title>A page that is gone</title><link>{base}/missing</link>
<description>This page no longer exists.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coastal Times (Atom)</title>
<id>urn:coastal</id><updated>2024-03-06T08:30:00Z</updated>
<entry><title>Harbour plan divides the town</title><id>urn:coastal:1</id>
<link href="{base}/harbour"/><updated>2024-03-05T10:00:00Z</updated>
<author><name>Jane Miller</name></author>
<summary>The council voted to expand the harbour.</summary></entry>
<entry><title>River bridge closed for repairs</title><id>urn:coastal:2</id>
<link href="{base}/bridge"/><updated>2024-03-06T08:30:00Z</updated>
<author><name>Tom Berg</name></author>
<summary>Cracks were found in the supports.</summary></entry>
</feed>"""


@dataclass(frozen=True)
class Response:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    delay: float = 0.0
    length: bool = True  # send Content-Length
    drip: float = 0.0  # seconds between bytes: the body (or everything) is sent a byte at a time
    drip_headers: bool = False  # drip the status line and headers too


def _routes(base: str) -> dict[str, Response]:
    html = ("Content-Type", "text/html; charset=utf-8")
    harbour = page("Harbour plan divides the town", HARBOUR, heading="What happens next").encode()
    bridge = page("River bridge closed for repairs", BRIDGE, author="Tom Berg").encode()
    routes: dict[str, Response] = {
        "/harbour": Response(body=harbour),
        "/bridge": Response(body=bridge),
        "/gzipped": Response(body=gzip.compress(harbour), headers=(html, ("Content-Encoding", "gzip"))),
        "/plain": Response(body="\n\n".join(BRIDGE).encode(), headers=(("Content-Type", "text/plain"),)),
        "/cp1252": Response(
            body="\n\n".join(HARBOUR).replace("cafes", "cafés").replace("jobs", "“jobs”").encode("cp1252"),
            headers=(("Content-Type", "text/plain; charset=windows-1252"),),
        ),
        "/rss.xml": Response(body=RSS.format(base=base).encode(), headers=(("Content-Type", "application/rss+xml"),)),
        "/atom.xml": Response(body=ATOM.format(base=base).encode(), headers=(("Content-Type", "application/atom+xml"),)),
        "/big": Response(body=b"<p>" + b"word " * 4000 + b"</p>"),
        "/big-streamed": Response(body=b"<p>" + b"word " * 4000 + b"</p>", length=False),
        "/slow": Response(body=harbour, delay=6.0),
        # 27 bytes a second, each wait far below any socket timeout: only a deadline stops it.
        "/drip": Response(body=harbour, drip=1 / 27),
        "/drip-headers": Response(body=harbour, drip=1 / 27, drip_headers=True),
        "/missing": Response(status=404, body=b"not found"),
        "/pdf": Response(body=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", headers=(("Content-Type", "application/pdf"),)),
        "/to-private": Response(status=302, headers=(("Location", "http://10.1.2.3/harbour"),)),
        "/loop": Response(status=302, headers=(("Location", "/loop"),)),
    }
    for hop in range(1, 4):  # /r1 -> /r2 -> /r3 -> /harbour
        target = f"/r{hop + 1}" if hop < 3 else f"{base}/harbour"
        routes[f"/r{hop}"] = Response(status=301 if hop == 1 else 302, headers=(("Location", target),))
    return routes


class Server:
    def __init__(self) -> None:
        self.hits: list[str] = []
        routes: dict[str, Response] = {}
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                hits.append(self.path)
                response = routes.get(self.path, Response(status=404, body=b"no such page"))
                if response.delay:
                    time.sleep(response.delay)
                if response.drip:
                    self.close_connection = True
                    self._drip(response)
                    return
                self.send_response(response.status)
                for name, value in response.headers:
                    self.send_header(name, value)
                if response.length:
                    self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                try:
                    self.wfile.write(response.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _drip(self, response: Response) -> None:
                head = f"HTTP/1.0 {response.status} OK\r\n".encode()
                head += b"".join(f"{name}: {value}\r\n".encode() for name, value in response.headers)
                head += f"Content-Length: {len(response.body)}\r\n\r\n".encode()
                try:
                    if not response.drip_headers:
                        self.wfile.write(head)
                        head = b""
                    for byte in head + response.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(response.drip)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        routes.update(_routes(self.base))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


@pytest.fixture(scope="session")
def local() -> LoadOptions:
    """Options that may reach the test server on 127.0.0.1."""
    return LoadOptions(allow_private=True, timeout=5.0)


@pytest.fixture(scope="session")
def harbour_text() -> str:
    return "\n\n".join(HARBOUR) + "\n"


class Texts:
    """The constants above, for tests (a conftest module cannot be imported by name safely)."""

    harbour = HARBOUR
    bridge = BRIDGE
    german = GERMAN
    russian = RUSSIAN
    page = staticmethod(page)


@pytest.fixture(scope="session")
def texts() -> type[Texts]:
    return Texts
