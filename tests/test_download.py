"""PDF downloads over a real loopback server: verified, resumable, and nothing half-written on failure."""

from __future__ import annotations

import itertools
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from paperstudy.download import Downloader, download_name, fetch_pdfs, looks_complete
from paperstudy.errors import DownloadError
from paperstudy.models import SearchHit
from paperstudy.sources.http import HttpClient, RateLimiter, RetryPolicy
from tests.corpus import CORPUS
from tests.sources.loopback import FakeClock, send, serve


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


PDF = b"%PDF-1.4\n" + b"x" * 200_000 + b"\n%%EOF\n"


def downloader(tmp_path: Path, clock: FakeClock, **kw: object) -> Downloader:
    client = HttpClient(timeout=2, clock=clock)
    return Downloader(client, tmp_path / "cache", policy=RetryPolicy(attempts=3, budget=100), **kw)  # type: ignore[arg-type]


def ranged(handler: BaseHTTPRequestHandler, data: bytes = PDF) -> None:
    """Serves ``data`` honouring ``Range: bytes=N-``."""
    header = handler.headers.get("Range")
    if header:
        start = int(header.split("=")[1].rstrip("-"))
        send(
            handler,
            206,
            data[start:],
            "application/pdf",
            Content_Range=f"bytes {start}-{len(data) - 1}/{len(data)}",
        )
    else:
        send(handler, 200, data, "application/pdf")


def cut_off(handler: BaseHTTPRequestHandler) -> None:
    """Announces the whole file, sends 60 %, then drops the connection."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/pdf")
    handler.send_header("Content-Length", str(len(PDF)))
    handler.end_headers()
    handler.wfile.write(PDF[: len(PDF) * 6 // 10])
    handler.wfile.flush()
    handler.close_connection = True


def test_downloads_a_real_pdf_and_reuses_it(tmp_path: Path, clock: FakeClock) -> None:
    source = CORPUS / "pdfs" / "dcn-2017.pdf"
    if not source.is_file():
        pytest.skip(f"corpus PDF not found at {source}")
    data = source.read_bytes()
    with serve({"/pdf/1708.05123": lambda h: ranged(h, data)}) as server:
        d = downloader(tmp_path, clock)
        path = d.download(f"{server.url}/pdf/1708.05123", "1708.05123")
        assert path.read_bytes() == data and looks_complete(path)
        assert d.download(f"{server.url}/pdf/1708.05123", "1708.05123") == path
        assert len(server.requests) == 1  # the second call came from the cache
    assert [p.name for p in path.parent.iterdir()] == ["1708.05123.pdf"]


def test_truncated_download_resumes_with_range(tmp_path: Path, clock: FakeClock) -> None:
    calls = {"n": 0}

    def flaky(handler: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        cut_off(handler) if calls["n"] == 1 else ranged(handler)

    with serve({"/p.pdf": flaky}) as server:
        path = downloader(tmp_path, clock).download(f"{server.url}/p.pdf", "p")
        assert path.read_bytes() == PDF
        second_headers = server.requests[1][1]
        # It resumes from what reached the disk (whole chunks), not from zero.
        resumed_at = int(second_headers["Range"].removeprefix("bytes=").rstrip("-"))
        assert 0 < resumed_at <= len(PDF) * 6 // 10


def test_truncated_forever_fails_and_leaves_no_pdf(tmp_path: Path, clock: FakeClock) -> None:
    with serve({"/p.pdf": cut_off}) as server, pytest.raises(DownloadError, match="cut off"):
        downloader(tmp_path, clock).download(f"{server.url}/p.pdf", "p")
    assert not (tmp_path / "cache" / "p.pdf").exists()


def test_html_instead_of_pdf_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    page = b"<!DOCTYPE html><html><body>Please log in</body></html>"
    with serve({"/p.pdf": lambda h: send(h, 200, page, "text/html")}) as server:
        with pytest.raises(DownloadError, match="served an HTML page, not a PDF"):
            downloader(tmp_path, clock).download(f"{server.url}/p.pdf", "p")
        assert len(server.requests) == 1  # not retried: it will not become a PDF
    assert list((tmp_path / "cache").glob("*")) == []


def test_429_then_success_and_503_forever(tmp_path: Path, clock: FakeClock) -> None:
    calls = {"n": 0}

    def limited(handler: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        send(handler, 429, b"slow down", "text/plain") if calls["n"] == 1 else ranged(handler)

    routes = {"/ok.pdf": limited, "/busy.pdf": lambda h: send(h, 503, b"busy", "text/plain")}
    with serve(routes) as server:
        d = downloader(tmp_path, clock)
        assert d.download(f"{server.url}/ok.pdf", "ok").read_bytes() == PDF
        with pytest.raises(DownloadError, match="HTTP 503"):
            d.download(f"{server.url}/busy.pdf", "busy")
    assert not (tmp_path / "cache" / "busy.pdf").exists()


def test_downloads_share_the_arxiv_rate_limit(tmp_path: Path, clock: FakeClock) -> None:
    limiter = RateLimiter(3.0, clock)
    starts: list[float] = []

    def timed(handler: BaseHTTPRequestHandler) -> None:
        starts.append(clock.now())
        ranged(handler)

    with serve({"/a.pdf": timed, "/b.pdf": timed, "/c.pdf": timed}) as server:
        d = downloader(tmp_path, clock, limiter_for=lambda url: limiter)
        hits = [SearchHit(title=n, arxiv_id=n, pdf_url=f"{server.url}/{n}.pdf") for n in "abc"]
        hits.append(SearchHit(title="no pdf"))
        hits.append(SearchHit(title="known", arxiv_id="1703.04247", pdf_url=f"{server.url}/a.pdf"))
        done = fetch_pdfs(hits, d, known=lambda h, p: "deepfm-2017" if h.arxiv_id == "1703.04247" else None)
    assert [f.kind for f in done] == ["downloaded", "downloaded", "downloaded", "failed", "skipped"]
    assert all(b - a >= 3.0 for a, b in itertools.pairwise(starts)) and len(starts) == 3


def test_download_name_is_safe() -> None:
    assert download_name(SearchHit(title="x", arxiv_id="cond-mat/0603029")) == "cond-mat_0603029"
    assert download_name(SearchHit(title="A / B: c?")) == "A_B_c"
