"""A real HTTP server on 127.0.0.1 for tests: each route is a function writing a raw response."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


class Server:
    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                path = self.path.split("?", 1)[0]
                route = server.routes.get(path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    server = Server(routes)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str, **headers: str
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def free_port() -> int:
    """A port nothing listens on (bound then released), for connection-refused tests."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def atom_feed(entries: list[dict[str, str]], total: int | None = None) -> bytes:
    """An arXiv API response in the recorded 2016 layout (namespaces declared per element)."""
    os_ns = 'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"'
    ax_ns = 'xmlns:arxiv="http://arxiv.org/schemas/atom"'
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
        '<title type="html">ArXiv Query</title><id>http://arxiv.org/api/x</id>',
        f"<opensearch:totalResults {os_ns}>{len(entries) if total is None else total}"
        "</opensearch:totalResults>",
        f"<opensearch:startIndex {os_ns}>0</opensearch:startIndex>",
        f"<opensearch:itemsPerPage {os_ns}>{len(entries)}</opensearch:itemsPerPage>",
    ]
    for e in entries:
        parts.append(
            f"""<entry><id>http://arxiv.org/abs/{e["id"]}v1</id>
<updated>{e.get("year", "2017")}-03-13T10:00:00Z</updated>
<published>{e.get("year", "2017")}-03-13T10:00:00Z</published>
<title>{e["title"]}</title><summary>{e.get("summary", "An abstract.")}</summary>
<author><name>{e.get("author", "Ada Lovelace")}</name></author>
<link href="http://arxiv.org/abs/{e["id"]}v1" rel="alternate" type="text/html"/>
<link title="pdf" href="{e["pdf"]}" rel="related" type="application/pdf"/>
<arxiv:primary_category {ax_ns} term="cs.IR" scheme="http://arxiv.org/schemas/atom"/>
<category term="cs.IR" scheme="http://arxiv.org/schemas/atom"/></entry>"""
        )
    parts.append("</feed>")
    return "\n".join(parts).encode("utf-8")


class FakeClock:
    """Time that only moves when someone sleeps: rate limits and backoff are checked without waiting."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += max(0.0, seconds)
