"""The fetcher survives hostile servers: one total deadline, a cap on fetches at once, and an
SSRF guard that looks through every IPv6 form embedding an IPv4 address."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from claims import fetch
from claims.fetch import FetchError, fetch_url, is_public_address
from tests.test_articles_fetch import allow_test_server

BODY = b"<html><body><p>" + b"word " * 40 + b"</p></body></html>"


class SlowServer:
    """A raw socket server on 127.0.0.1 that drips its answer: `head_delay` seconds between
    bytes of the header block, `body_delay` between bytes of the body."""

    def __init__(self, *, head_delay: float = 0.0, body_delay: float = 0.0) -> None:
        self.head_delay = head_delay
        self.body_delay = body_delay
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._answer, args=(client,), daemon=True).start()

    def _drip(self, client: socket.socket, data: bytes, delay: float) -> None:
        if not delay:
            client.sendall(data)
            return
        for byte in data:
            if self.stop.is_set():
                return
            client.sendall(bytes([byte]))
            time.sleep(delay)

    def _answer(self, client: socket.socket) -> None:
        try:
            client.recv(65536)
            head = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n"
            )
            self._drip(client, head, self.head_delay)
            self._drip(client, BODY, self.body_delay)
        except OSError:
            pass
        finally:
            client.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/story"

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.fixture(autouse=True)
def _loopback_allowed(monkeypatch, settings, tmp_path) -> None:
    monkeypatch.setattr(fetch, "is_public_address", allow_test_server)
    settings.FACTCHECK_FETCH_SLOT_DIR = str(tmp_path / "slots")


@pytest.fixture
def slow() -> Iterator[type[SlowServer]]:
    servers: list[SlowServer] = []

    def make(**delays: float) -> SlowServer:
        server = SlowServer(**delays)
        servers.append(server)
        return server

    yield make  # type: ignore[misc]
    for server in servers:
        server.close()


@pytest.mark.parametrize("where", ["head_delay", "body_delay"])
def test_a_dripping_server_is_cut_off_at_the_total_deadline(slow, where):
    server = slow(**{where: 0.25})
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1 seconds"):
        fetch_url(server.url, timeout=1)
    # Each byte arrived well within any per-read timeout; only a total deadline stops it.
    assert time.monotonic() - started < 2.5


def test_a_prompt_server_is_read_whole(slow):
    page = fetch_url(slow().url, timeout=5)
    assert page.content == BODY


def test_fetches_beyond_the_concurrency_limit_are_refused_not_queued_forever(slow, settings):
    settings.FACTCHECK_FETCH_CONCURRENCY = 1
    dripping = slow(body_delay=0.05)  # about 12 s for the body: holds the only slot
    errors: list[Exception] = []

    def hold_the_slot() -> None:
        try:
            fetch_url(dripping.url, timeout=4)
        except FetchError as exc:
            errors.append(exc)

    holder = threading.Thread(target=hold_the_slot)
    holder.start()
    time.sleep(0.5)
    started = time.monotonic()
    with pytest.raises(FetchError, match="as many pages as it allows at once"):
        fetch_url(slow().url, timeout=5)
    assert time.monotonic() - started < fetch.SLOT_WAIT_SECONDS + 1
    holder.join(timeout=10)
    assert errors and "took longer" in str(errors[0])
    # The slot is free again once the slow fetch gave up.
    assert fetch_url(slow().url, timeout=5).content == BODY


@pytest.mark.parametrize(
    "address",
    [
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254 (cloud metadata)
        "2002:0a00:0001::",  # 6to4 of 10.0.0.1
        "2002:c0a8:0101::1",  # 6to4 of 192.168.1.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b::10.1.2.3",  # NAT64 of 10.1.2.3
        "64:ff9b:1::a00:1",  # local-use NAT64 prefix
        "::127.0.0.1",  # IPv4-compatible
        "::169.254.169.254",
        "::ffff:10.0.0.1",  # IPv4-mapped
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    ],
)
def test_embedded_ipv4_forms_of_non_public_addresses_are_refused(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["2002:5db8:d70e::", "64:ff9b::5db8:d70e", "::ffff:93.184.215.14"]
)
def test_embedded_forms_of_a_public_ipv4_address_are_allowed(address):
    assert is_public_address(ipaddress.ip_address(address))


def test_a_host_resolving_to_a_6to4_loopback_is_never_contacted():
    def resolver(host: str, port: int) -> list[str]:
        return ["2002:7f00:1::"]

    with pytest.raises(FetchError, match="private or reserved"):
        fetch.fetch_url(
            "http://sneaky.example/", resolver=resolver, is_allowed_address=is_public_address
        )
