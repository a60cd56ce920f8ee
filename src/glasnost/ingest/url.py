"""Fetching a URL without becoming a proxy into the local network.

Only http and https. Every hop of a redirect chain is followed by hand and checked afresh: the
host is resolved, every address it resolves to must be public (private, loopback, link-local,
multicast, reserved and unspecified addresses are refused unless `allow_private`), and the
connection goes to one of exactly those checked addresses (no second lookup a DNS rebinding could
answer differently). Link-local and cloud-metadata addresses stay refused even with
`allow_private` (a server's metadata service hands out its credentials) unless the URL's host or
the address itself is named in `allow_hosts`. The body is read up to `max_bytes` (E003 beyond),
and the whole fetch (connecting, TLS, headers, body, every redirect) ends at one deadline
`timeout` seconds after it starts (E011 beyond): a watchdog shuts the connection down when it
passes, so a server dripping a byte at a time cannot hold it. The host name lookup itself is left
to the system resolver. Environment proxies are not used. Standard library only.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from glasnost.about import __version__
from glasnost.errors import Errors, InputError

if TYPE_CHECKING:
    from glasnost.ingest.base import LoadOptions

USER_AGENT = f"glasnost/{__version__} (article analysis)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65536
# Where a cloud server's instance metadata (and its credentials) answers: link-local addresses,
# AWS's IPv6 endpoint, Alibaba's and Oracle's. Refused even with allow_private.
METADATA_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32", "192.0.0.192/32")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL, after redirects
    content_type: str  # media type, lower case, without parameters ("" when not given)
    charset: str | None
    body: bytes


def fetch(url: str, options: LoadOptions) -> Fetched:
    """GET `url`, following at most `options.max_redirects` redirects, each hop re-checked, all
    of it within one deadline."""
    deadline = time.monotonic() + options.timeout
    watchdog = Watchdog(deadline)
    try:
        return _follow(url, options, deadline, watchdog)
    except InputError:
        if watchdog.fired:
            raise _timed_out(url, options) from None
        raise
    finally:
        watchdog.cancel()


def _follow(url: str, options: LoadOptions, deadline: float, watchdog: Watchdog) -> Fetched:
    current = url
    for _ in range(options.max_redirects + 1):
        response = _get(current, options, deadline, watchdog)
        try:
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    reason = f"HTTP {response.status} without a Location"
                    raise InputError(Errors.E011.format(url=current, reason=reason))
                current = urljoin(current, location.strip())
                continue
            if not 200 <= response.status < 300:
                reason = f"HTTP {response.status} {response.reason}".strip()
                raise InputError(Errors.E011.format(url=current, reason=reason))
            body = _read(response, current, options, deadline)
            if watchdog.fired:  # a connection shut down by the watchdog reads as a short body
                raise _timed_out(url, options)
            media, charset = _content_type(response.getheader("Content-Type", ""))
            return Fetched(url=current, content_type=media, charset=charset, body=body)
        finally:
            response.close()
    raise InputError(Errors.E011.format(url=url, reason=f"more than {options.max_redirects} redirects"))


class Watchdog:
    """Shuts down every connection of one fetch when its deadline passes. Socket timeouts bound
    each wait for a byte, not the whole read, so without it a server sending a byte every few
    seconds holds a fetch for as long as it likes."""

    def __init__(self, deadline: float) -> None:
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.fired:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    """Wake whatever is blocked reading `sock` (the plain socket's shutdown, which leaves a TLS
    layer's state alone for the reading thread to fail on)."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def check_address(address: str) -> str | None:
    """What kind of address `address` is when it is not a public one ("loopback"), else None.
    An IPv4 address inside IPv6 (mapped, NAT64, 6to4) is judged as the IPv4 address."""
    ip = _embedded(ipaddress.ip_address(address.split("%", 1)[0]))
    if is_metadata(ip):
        return "link-local" if ip.is_link_local else "cloud-metadata"
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("non-public", not ip.is_global),
    ):
        if flag:
            return kind
    return None


def is_metadata(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Link-local or a cloud metadata endpoint: refused even when private addresses are allowed."""
    ip = _embedded(ip)
    return any(ip.version == network.version and ip in network for network in METADATA_NETWORKS)


def _embedded(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour is not None:
            return ip.sixtofour
    return ip


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (an IP literal resolves to itself)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise InputError(Errors.E011.format(url=host, reason=f"cannot resolve host ({error})")) from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_target(url: str, options: LoadOptions) -> tuple[str, str, int, list[str]]:
    """(scheme, host, port, addresses to connect to) for `url`; InputError E010 when refused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InputError(Errors.E010.format(reason=f"malformed URL {url!r} ({error})")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(Errors.E010.format(reason=f"only http and https URLs are fetched, not {url!r}"))
    host = parts.hostname
    if not host:
        raise InputError(Errors.E010.format(reason=f"no host in {url!r}"))
    port = port or (443 if scheme == "https" else 80)
    addresses = resolve(host, port)
    named = {_canonical(name) for name in options.allow_hosts}
    for address in addresses:
        if _canonical(host) in named or _canonical(address) in named:
            continue
        kind = check_address(address)
        if kind is None:
            continue
        where = f"{address} is" if address == host else f"{host} resolves to {address},"
        article = "an" if kind[0] in "aeiou" else "a"
        if kind in ("link-local", "cloud-metadata"):
            raise InputError(Errors.E104.format(where=where, article=article, kind=kind, host=host))
        if not options.allow_private:
            reason = f"{where} {article} {kind} address (--allow-private permits it)"
            raise InputError(Errors.E010.format(reason=reason))
    return scheme, host, port, addresses


def _canonical(host: str) -> str:
    """A host as `allow_hosts` compares it: lower case, an IP literal in its one standard form."""
    host = host.strip().strip("[]").split("%", 1)[0].lower()
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Talks to `host` (Host header) at an address checked beforehand, under the fetch's watchdog."""

    def __init__(self, host: str, port: int, address: str, timeout: float, watchdog: Watchdog) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address
        self._watchdog = watchdog

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self._watchdog.watch(self.sock)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float, watchdog: Watchdog) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address
        self._watchdog = watchdog

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self._watchdog.watch(sock)
        # The handshake runs after the TLS socket is watched, so a dripped handshake is bounded too.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
        self._watchdog.watch(self.sock)
        self.sock.do_handshake()


def _get(url: str, options: LoadOptions, deadline: float, watchdog: Watchdog) -> http.client.HTTPResponse:
    scheme, host, port, addresses = checked_target(url, options)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    last_error: Exception | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        connection = connection_class(host, port, address, timeout=remaining, watchdog=watchdog)
        try:
            connection.request(
                "GET",
                target,
                headers={
                    "User-Agent": options.user_agent or USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                    "Accept-Encoding": "gzip, deflate",
                    "Connection": "close",
                },
            )
            return connection.getresponse()
        except TimeoutError:
            connection.close()
            raise _timed_out(url, options) from None
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            last_error = error
    if last_error is None:
        raise _timed_out(url, options)
    raise InputError(Errors.E011.format(url=url, reason=str(last_error) or type(last_error).__name__))


def _read(response: http.client.HTTPResponse, url: str, options: LoadOptions, deadline: float) -> bytes:
    limit = options.max_bytes
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise InputError(Errors.E003.format(size=int(declared), limit=limit))
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate", ""):
        raise InputError(Errors.E011.format(url=url, reason=f"unsupported Content-Encoding {encoding}"))
    decompressor = None
    if encoding in ("gzip", "x-gzip"):
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decompressor = zlib.decompressobj()
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise _timed_out(url, options)
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            if decompressor is not None:
                # Never inflate more than the cap allows (a small gzip bomb stays small).
                chunk = decompressor.decompress(chunk, limit + 1 - size)
            size += len(chunk)
            if size > limit:
                raise InputError(Errors.E003.format(size=size, limit=limit))
            chunks.append(chunk)
    except TimeoutError:
        raise _timed_out(url, options) from None
    except zlib.error as error:
        raise InputError(Errors.E011.format(url=url, reason=f"bad {encoding} body ({error})")) from None
    except (OSError, http.client.HTTPException) as error:
        raise InputError(Errors.E011.format(url=url, reason=str(error) or type(error).__name__)) from None
    return b"".join(chunks)


def _timed_out(url: str, options: LoadOptions) -> InputError:
    return InputError(Errors.E011.format(url=url, reason=f"timed out after {options.timeout:g} s"))


def _content_type(header: str) -> tuple[str, str | None]:
    media, _, parameters = header.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset
