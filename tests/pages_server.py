"""A throwaway web server on 127.0.0.1 for the article-fetching tests (never another host)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Pages = dict[str, tuple[int, str, bytes]]


class _PageHandler(BaseHTTPRequestHandler):
    pages: Pages = {}

    def do_GET(self) -> None:
        status, ctype, body = self.pages.get(self.path, (404, "text/plain", b"missing"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_pages() -> Iterator[tuple[str, Pages]]:
    """(base URL, pages): add `pages[path] = (status, content type, body)` to serve them."""
    pages: Pages = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_PageHandler,), {"pages": pages}))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", pages
    finally:
        httpd.shutdown()
        httpd.server_close()
