"""The URL fetcher refuses anything but public http(s) pages, hop by hop.

Every server here listens on 127.0.0.1; tests that need a successful fetch allow exactly that
address through the fetcher's `is_allowed_address` hook, so the production rule still judges
every other hop.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims import fetch
from claims.fetch import FetchError, fetch_url, is_public_address

LOOPBACK = ipaddress.ip_address("127.0.0.1")


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    seen: list[str] = []
    hosts: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.hosts.append(self.headers["Host"])
        status, headers, body = self.routes.get(self.path, (404, {}, b"missing"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"routes": {}, "seen": [], "hosts": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", handler
    httpd.shutdown()
    httpd.server_close()


def allow_test_server(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """The production rule, plus this one loopback address where the test server listens."""
    return address == LOOPBACK or is_public_address(address)


PAGE = b"<html><head><title>Hello</title></head><body><p>Some words.</p></body></html>"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::",
    ],
)
def test_non_public_addresses_are_not_allowed(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


def test_loopback_server_is_refused_and_never_contacted(server) -> None:
    base, handler = server
    handler.routes["/"] = (200, {"Content-Type": "text/html"}, PAGE)
    with pytest.raises(FetchError, match="private or reserved"):
        fetch_url(base + "/")
    assert handler.seen == []


def test_localhost_name_is_refused(server) -> None:
    base, handler = server
    with pytest.raises(FetchError, match="private or reserved"):
        fetch_url(base.replace("127.0.0.1", "localhost") + "/")
    assert handler.seen == []


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/a.txt", "gopher://example.org/", "javascript:1"],
)
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="Only http"):
        fetch_url(url)


def test_every_resolved_address_is_checked_not_just_the_first() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["93.184.215.14", "10.0.0.7"]

    with pytest.raises(FetchError, match=r"10\.0\.0\.7"):
        fetch_url("http://mixed.example/", resolver=resolver)


def test_fetch_connects_to_the_vetted_address_keeping_the_host_header(server) -> None:
    base, handler = server
    port = base.rsplit(":", 1)[1]
    handler.routes["/story"] = (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE)
    # The name resolves (in this test) to the loopback server; a second lookup never happens.
    calls: list[str] = []

    def resolver(host: str, p: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    page = fetch_url(
        f"http://news.example:{port}/story", resolver=resolver, is_allowed_address=allow_test_server
    )
    assert page.content == PAGE
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert calls == ["news.example"]
    assert handler.seen == ["/story"]
    assert handler.hosts == [f"news.example:{port}"]


def test_successful_fetch_with_the_hook_swapped_by_monkeypatch(server, monkeypatch) -> None:
    base, handler = server
    handler.routes["/a"] = (200, {"Content-Type": "text/plain"}, b"plain words")
    monkeypatch.setattr(fetch, "is_public_address", allow_test_server)
    page = fetch_url(base + "/a")
    assert page.content == b"plain words"


def test_redirect_to_loopback_is_refused(server) -> None:
    base, handler = server
    port = base.rsplit(":", 1)[1]
    # 127.0.0.2 is loopback too, and the test hook does not allow it: the production rule
    # refuses that hop before any connection is made.
    handler.routes["/start"] = (302, {"Location": f"http://127.0.0.2:{port}/inside"}, b"")
    with pytest.raises(FetchError, match="private or reserved"):
        fetch_url(base + "/start", is_allowed_address=allow_test_server)
    assert handler.seen == ["/start"]


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/"]
)
def test_redirect_to_private_networks_is_refused(server, target: str) -> None:
    base, handler = server
    handler.routes["/go"] = (301, {"Location": target}, b"")
    with pytest.raises(FetchError, match="private or reserved"):
        fetch_url(base + "/go", is_allowed_address=allow_test_server)


def test_redirect_to_another_scheme_is_refused(server) -> None:
    base, handler = server
    handler.routes["/go"] = (302, {"Location": "file:///etc/passwd"}, b"")
    with pytest.raises(FetchError, match="Only http"):
        fetch_url(base + "/go", is_allowed_address=allow_test_server)


def test_allowed_redirect_is_followed(server) -> None:
    base, handler = server
    handler.routes["/old"] = (301, {"Location": "/new"}, b"")
    handler.routes["/new"] = (200, {"Content-Type": "text/html"}, PAGE)
    page = fetch_url(base + "/old", is_allowed_address=allow_test_server)
    assert page.content == PAGE
    assert page.url.endswith("/new")


def test_redirect_loops_stop(server) -> None:
    base, handler = server
    handler.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    with pytest.raises(FetchError, match="redirected more than"):
        fetch_url(base + "/loop", is_allowed_address=allow_test_server)


def test_oversized_page_is_refused(server) -> None:
    base, handler = server
    handler.routes["/big"] = (200, {"Content-Type": "text/html"}, b"x" * 5000)
    with pytest.raises(FetchError, match="larger than"):
        fetch_url(base + "/big", max_bytes=1024, is_allowed_address=allow_test_server)


def test_non_text_content_is_refused(server) -> None:
    base, handler = server
    handler.routes["/pic"] = (200, {"Content-Type": "image/png"}, b"\x89PNG")
    with pytest.raises(FetchError, match="image/png"):
        fetch_url(base + "/pic", is_allowed_address=allow_test_server)


def test_error_status_is_reported(server) -> None:
    base, _handler = server
    with pytest.raises(FetchError, match="404"):
        fetch_url(base + "/nothing", is_allowed_address=allow_test_server)


def test_slow_server_times_out() -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection but never answers
    port = listener.getsockname()[1]
    try:
        with pytest.raises(FetchError, match=r"longer than|Could not reach"):
            fetch_url(f"http://127.0.0.1:{port}/", timeout=1, is_allowed_address=allow_test_server)
    finally:
        listener.close()
