"""Fetching an article page by URL without letting the URL reach inside our network.

A URL typed into the workbench is untrusted: it could name the metadata service, a database
port on localhost or a machine on the office LAN. Every hop (the URL itself and each redirect)
is checked here: http(s) only, and EVERY address the host resolves to must be public. The
connection then goes to the address that was vetted, not to a second DNS answer, so a host
that changes its answer between the check and the connect (DNS rebinding) gains nothing; the
Host header and TLS SNI still carry the name.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import io
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
AddressCheck = Callable[[IPAddress], bool]

ALLOWED_CONTENT_TYPES = frozenset({"text/html", "text/plain", "application/xhtml+xml"})
# Fact-check archives (import_factchecks): JSON, JSON-LD and CSV, with their own size limit.
ARCHIVE_CONTENT_TYPES = frozenset(
    {
        "application/json",
        "application/ld+json",
        "text/csv",
        "application/csv",
        "text/plain",
        "application/octet-stream",
    }
)
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
# How long a fetch waits for a free slot before it is refused.
SLOT_WAIT_SECONDS = 2.0
_USER_AGENT = "FactcheckWorkbench/0.1 (+article import)"


class FetchError(Exception):
    """The page could not be fetched; the message is written for the person who asked."""


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content: bytes
    content_type: str
    charset: str | None


_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries and a gateway would deliver to: mapped
    (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), 6to4 (2002:aabb:ccdd::), NAT64
    (64:ff9b::a.b.c.d). Teredo (2001::/32) is refused as a whole by the global check."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public_address(address: IPAddress) -> bool:
    """True only for globally routable unicast addresses, looking through every form of
    IPv6 that embeds an IPv4 address: 2002:7f00:1:: reaches 127.0.0.1 through a 6to4 relay."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64_LOCAL:
            return False
        inner = embedded_ipv4(address)
        if inner is not None:
            # The rule itself, not the module attribute (which tests may swap).
            return _IS_PUBLIC(inner)
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
        or not address.is_global
    )


_IS_PUBLIC = is_public_address


def resolve_host(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"Could not find the server {host!r}: {exc}.") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _vet(
    url: str, resolver: Resolver, is_allowed_address: AddressCheck
) -> tuple[str, str, int, str, str]:
    """(scheme, host, port, request path, vetted IP) for a URL that passes every rule."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"That URL is not valid: {exc}.") from exc
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError("Only http:// and https:// URLs can be fetched.")
    host = parts.hostname
    if not host:
        raise FetchError("That URL has no host name.")
    if parts.username or parts.password:
        raise FetchError("URLs with a user name or password cannot be fetched.")
    port = port or (443 if scheme == "https" else 80)
    addresses = resolver(host, port)
    if not addresses:
        raise FetchError(f"Could not find the server {host!r}.")
    for raw in addresses:
        # Scoped IPv6 answers ("fe80::1%eth0") are link-local anyway; drop the scope to parse.
        address = ipaddress.ip_address(raw.split("%", 1)[0])
        if not is_allowed_address(address):
            raise FetchError(
                f"{host} points to a private or reserved network address ({address}); "
                "the workbench only fetches public web pages."
            )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, path, addresses[0]


class _Watchdog:
    """Shuts the connection's socket at the deadline, so no sequence of slow reads (a server
    sending one byte every few seconds, in the headers or the body) outlives it: each read
    then fails at once."""

    def __init__(self, conn: http.client.HTTPConnection, deadline: float) -> None:
        self.conn = conn
        self.fired = False
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        sock = self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


@contextlib.contextmanager
def fetch_slot(wait: float) -> Iterator[None]:
    """One of FACTCHECK_FETCH_CONCURRENCY slots shared by every process and thread on this
    machine (lock files, so gunicorn's separate workers count together). Waits up to `wait`
    seconds for a slot, then refuses: slow servers must not occupy every web worker."""
    directory = Path(settings.FACTCHECK_FETCH_SLOT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    give_up = time.monotonic() + wait
    while True:
        for slot in range(settings.FACTCHECK_FETCH_CONCURRENCY):
            fd = os.open(directory / f"slot-{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() >= give_up:
            raise FetchError(
                "The workbench is already fetching as many pages as it allows at once; "
                "try again in a moment."
            )
        time.sleep(0.1)


def _connection(
    scheme: str, host: str, port: int, ip: str, timeout: float
) -> http.client.HTTPConnection:
    cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    conn = cls(host, port, timeout=timeout)

    def connect_to_vetted(address, timeout=timeout, source_address=None):  # type: ignore[no-untyped-def]
        # http.client passes (host, port); swap in the address we checked, keep the port.
        return socket.create_connection((ip, address[1]), timeout, source_address)

    conn._create_connection = connect_to_vetted  # type: ignore[attr-defined]
    return conn


def fetch_url(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    resolver: Resolver | None = None,
    is_allowed_address: AddressCheck | None = None,
) -> FetchedPage:
    """GET an http(s) page, following up to MAX_REDIRECTS redirects, each hop re-vetted.

    `timeout` (FACTCHECK_FETCH_TIMEOUT) is a total deadline for the whole fetch: connecting,
    the headers and the body of every hop together."""
    timeout = float(timeout or settings.FACTCHECK_FETCH_TIMEOUT)
    with (
        fetch_slot(wait=min(SLOT_WAIT_SECONDS, timeout)),
        open_url(
            url,
            timeout=timeout,
            max_bytes=max_bytes or settings.FACTCHECK_MAX_UPLOAD_BYTES,
            allowed_types=ALLOWED_CONTENT_TYPES,
            accept="text/html,text/plain;q=0.9",
            resolver=resolver,
            is_allowed_address=is_allowed_address,
        ) as stream,
    ):
        content = stream.read()
        return FetchedPage(stream.url, content, stream.content_type, stream.charset)


class CappedStream(io.RawIOBase):
    """The body of a vetted response, read in chunks: refuses to go past `max_bytes` or the
    deadline, so a large archive can be parsed as it arrives without trusting its size."""

    def __init__(
        self,
        response: http.client.HTTPResponse,
        *,
        url: str,
        content_type: str,
        charset: str | None,
        max_bytes: int,
        deadline: float,
        timeout: float,
    ) -> None:
        self._response = response
        self.url, self.content_type, self.charset = url, content_type, charset
        self._max_bytes, self._deadline, self._timeout = max_bytes, deadline, timeout
        self._size = 0

    def readable(self) -> bool:
        return True

    def _late(self) -> FetchError:
        return FetchError(f"The server took longer than {self._timeout:g} seconds.")

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        if time.monotonic() > self._deadline:
            raise self._late()
        try:
            chunk = self._response.read(min(len(buffer), _CHUNK))
        except TimeoutError as exc:
            raise self._late() from exc
        except (OSError, http.client.HTTPException) as exc:
            # The watchdog shuts the socket at the deadline; the read then fails this way.
            if time.monotonic() >= self._deadline:
                raise self._late() from exc
            raise FetchError(f"The connection broke off: {exc}.") from exc
        if not chunk and time.monotonic() >= self._deadline:
            # A body cut short by the watchdog can also end early rather than fail.
            raise self._late()
        self._size += len(chunk)
        if self._size > self._max_bytes:
            raise FetchError(_too_large(self._max_bytes))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        if size is None or size < 0:
            chunks = []
            while chunk := super().read(_CHUNK):
                chunks.append(chunk)
            return b"".join(chunks)
        return super().read(size) or b""


@contextlib.contextmanager
def open_url(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allowed_types: frozenset[str],
    accept: str,
    resolver: Resolver | None = None,
    is_allowed_address: AddressCheck | None = None,
) -> Iterator[CappedStream]:
    """GET a URL with every hop vetted, and yield its body as a capped stream once the
    status, the content type and the declared length have passed. `timeout` is one deadline
    for every hop's connect, headers and body together."""
    # Looked up at call time so tests can swap the module-level rules with monkeypatch.
    resolver = resolver or resolve_host
    check = is_allowed_address or is_public_address
    deadline = time.monotonic() + timeout
    current = url.strip()
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, path, ip = _vet(current, resolver, check)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"The server took longer than {timeout:g} seconds.")
        conn = _connection(scheme, host, port, ip, remaining)
        watchdog = _Watchdog(conn, deadline)
        try:
            with watchdog:
                try:
                    conn.request(
                        "GET",
                        path,
                        headers={
                            "User-Agent": _USER_AGENT,
                            "Accept": accept,
                            "Accept-Encoding": "identity",
                        },
                    )
                    response = conn.getresponse()
                except (OSError, http.client.HTTPException) as exc:
                    if watchdog.fired or isinstance(exc, TimeoutError):
                        raise FetchError(
                            f"The server took longer than {timeout:g} seconds."
                        ) from exc
                    raise FetchError(f"Could not reach {host}: {exc}.") from exc
                if 300 <= response.status < 400 and response.getheader("Location"):
                    current = urljoin(current, response.getheader("Location", ""))
                    continue
                if response.status != 200:
                    raise FetchError(f"The server answered {response.status} {response.reason}.")
                content_type, charset = _content_type(response.getheader("Content-Type", ""))
                if content_type not in allowed_types:
                    raise FetchError(
                        f"That URL is a {content_type or 'file of unknown type'}, not "
                        + _describe(allowed_types)
                        + "."
                    )
                declared = response.getheader("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(_too_large(max_bytes))
                yield CappedStream(
                    response,
                    url=current,
                    content_type=content_type,
                    charset=charset,
                    max_bytes=max_bytes,
                    deadline=deadline,
                    timeout=timeout,
                )
                return
        finally:
            conn.close()
    raise FetchError(f"The page redirected more than {MAX_REDIRECTS} times.")


def _describe(allowed: frozenset[str]) -> str:
    if allowed == ALLOWED_CONTENT_TYPES:
        return "a web page or plain text"
    return "one of " + ", ".join(sorted(allowed))


def _content_type(header: str) -> tuple[str, str | None]:
    message = Message()
    message["Content-Type"] = header
    charset = message.get_param("charset")
    return message.get_content_type() if header else "", (
        str(charset) if isinstance(charset, str) else None
    )


def _too_large(max_bytes: int) -> str:
    return f"The page is larger than the {max_bytes // 1024:,} KB limit."
