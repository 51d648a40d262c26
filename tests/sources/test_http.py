"""The HTTP client over a real loopback transport: refused connections, silent servers, the cache."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperstudy.errors import SourceError
from paperstudy.sources.http import HttpClient, RateLimiter, ResponseCache, RetryPolicy
from tests.sources.loopback import FakeClock, free_port, send, serve


def test_rate_limiter_spaces_every_request_start(clock: FakeClock) -> None:
    limiter = RateLimiter(3.0, clock)
    starts = []
    for _ in range(6):
        limiter.acquire()
        starts.append(clock.now())
    assert all(b - a >= 3.0 for a, b in itertools.pairwise(starts))


@pytest.mark.timeout(10)
def test_connection_refused_fails_fast_and_clearly(clock: FakeClock) -> None:
    client = HttpClient(timeout=2, clock=clock)
    with pytest.raises(SourceError, match=r"cannot reach arXiv \(127\.0\.0\.1:\d+\).* after 2 tries"):
        client.get_bytes(f"http://127.0.0.1:{free_port()}/api/query", service="arXiv",
                         policy=RetryPolicy(budget=1000))  # fmt: skip
    assert len(clock.sleeps) == 1


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never answers: arxiv.Client without a timeout would hang here forever."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(sock.getsockname()[1])
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    sock.close()


@pytest.mark.timeout(10)
def test_a_silent_server_times_out(silent_server: int, clock: FakeClock) -> None:
    client = HttpClient(timeout=0.3, clock=clock)
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"did not answer within 0\.3 s"):
        client.get_bytes(
            f"http://127.0.0.1:{silent_server}/", service="arXiv", policy=RetryPolicy(attempts=2)
        )
    assert time.monotonic() - started < 5


def test_cache_serves_repeats_until_expiry(tmp_path: Path, clock: FakeClock) -> None:
    now = [1_000_000.0]
    cache = ResponseCache(tmp_path / "http", max_age_seconds=60, now=lambda: now[0])
    with serve({"/q": lambda h: send(h, 200, b"<feed/>", "application/atom+xml")}) as server:
        client = HttpClient(timeout=2, clock=clock, cache=cache)
        url = f"{server.url}/q?x=1"
        assert client.get_bytes(url, service="arXiv") == b"<feed/>"
        assert client.get_bytes(url, service="arXiv") == b"<feed/>"
        assert len(server.requests) == 1
        now[0] += 61
        client.get_bytes(url, service="arXiv")
        assert len(server.requests) == 2
    # A damaged entry is a miss, not an error.
    for entry in (tmp_path / "http").iterdir():
        entry.write_bytes(b"garbage")
    assert cache.get(url) is None
