"""Our one HTTP client: timeouts, per-service rate limiting, bounded retries with jitter, a response cache.

Every request paperstudy makes to a search service or for a PDF goes through ``HttpClient``. Time is read
and slept through an injectable ``Clock``, so tests can prove rate limits and backoff without waiting.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

import requests
from requests.adapters import HTTPAdapter
from tenacity import RetryCallState, Retrying, retry_if_exception_type

from paperstudy import __name__ as _pkg
from paperstudy.errors import RateLimited, SourceError
from paperstudy.fsio import atomic_write_bytes

USER_AGENT = f"{_pkg}/0.1 (research-paper study notes; polite: 1 request / 3 s)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class RateLimiter:
    """At most one request start per ``interval`` seconds, across threads sharing this limiter."""

    def __init__(self, interval: float, clock: Clock) -> None:
        self.interval = interval
        self.clock = clock
        self._last: float | None = None
        self._lock = threading.Lock()

    def acquire(self) -> None:
        # The lock is held while sleeping so that waiting callers queue up instead of bursting together.
        with self._lock:
            if self._last is not None:
                wait = self._last + self.interval - self.clock.now()
                if wait > 0:
                    self.clock.sleep(wait)
            self._last = self.clock.now()


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries: at most ``attempts`` tries and ``budget`` seconds of sleeping between them."""

    attempts: int = 4
    base_wait: float = 3.0
    max_wait: float = 30.0
    budget: float = 12.0


class TransientError(Exception):
    """A failure worth another try (429/5xx, timeout, connection error); carries what to tell the user."""

    def __init__(
        self,
        message: str,
        retry_after: float | None = None,
        status: int | None = None,
        unreachable: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.unreachable = unreachable
        self.retry_after = retry_after
        self.status = status


class ResponseCache:
    """Response bodies on disk keyed by URL, each stamped with when it was fetched (wall-clock time)."""

    def __init__(self, directory: Path, max_age_seconds: float, now: Callable[[], float] = time.time) -> None:
        self.directory = directory
        self.max_age = max_age_seconds
        self._now = now

    def _path(self, key: str) -> Path:
        return self.directory / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.bin"

    def get(self, key: str) -> bytes | None:
        if self.max_age <= 0:
            return None
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            return None
        header, sep, body = raw.partition(b"\n")
        try:
            meta = json.loads(header) if sep else None
        except ValueError:
            meta = None
        # A damaged or foreign entry is a miss, never an error: it gets refetched and rewritten.
        if not isinstance(meta, dict) or meta.get("key") != key:
            return None
        if self._now() - float(meta.get("fetched", 0)) > self.max_age:
            return None
        return body

    def put(self, key: str, body: bytes) -> None:
        if self.max_age <= 0:
            return
        header = json.dumps({"key": key, "fetched": self._now()}).encode("utf-8")
        atomic_write_bytes(self._path(key), header + b"\n" + body)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    parsed = email.utils.parsedate_to_datetime(value) if value else None
    return max(0.0, parsed.timestamp() - time.time()) if parsed else None


class HttpClient:
    """One ``requests`` session with one connection per host, a timeout on every request, and retries."""

    def __init__(
        self,
        *,
        timeout: float,
        clock: Clock | None = None,
        cache: ResponseCache | None = None,
        proxies: dict[str, str] | None = None,
        user_agent: str = USER_AGENT,
        rng: random.Random | None = None,
    ) -> None:
        self.timeout = timeout
        self.clock: Clock = clock or SystemClock()
        self.cache = cache
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self.session = requests.Session()
        # No urllib3 retries: they would bypass the rate limiter. One pooled connection per host.
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=1, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent
        if proxies:
            self.session.proxies.update(proxies)
        # Environment proxies still apply unless a proxy was given explicitly.
        self.session.trust_env = not proxies

    def close(self) -> None:
        self.session.close()

    @property
    def timeouts(self) -> tuple[float, float]:
        return (min(self.timeout, 10.0), self.timeout)

    # --- one attempt ---

    @contextmanager
    def open(
        self,
        url: str,
        *,
        service: str,
        limiter: RateLimiter | None = None,
        headers: dict[str, str] | None = None,
        stream: bool = False,
        retry_statuses: frozenset[int] = RETRY_STATUSES,
    ) -> Iterator[requests.Response]:
        """One request; a retryable failure raises ``TransientError``, any other failure ``SourceError``."""
        if limiter is not None:
            limiter.acquire()
        try:
            response = self.session.get(url, headers=headers, timeout=self.timeouts, stream=stream)
        except requests.Timeout as error:
            raise TransientError(f"{service} did not answer within {self.timeout:g} s ({url})") from error
        except requests.ConnectionError as error:
            raise TransientError(
                f"cannot reach {service} ({_host(url)}): no network or the server is down", unreachable=True
            ) from error
        except requests.RequestException as error:
            raise SourceError(f"{service} request failed: {error}", url) from error
        try:
            if response.status_code in retry_statuses:
                raise TransientError(
                    f"{service} answered HTTP {response.status_code}"
                    + (" (too many requests)" if response.status_code == 429 else " (busy or down)"),
                    retry_after=_retry_after(response),
                    status=response.status_code,
                )
            yield response
        finally:
            response.close()

    # --- retrying ---

    def retrying(self, policy: RetryPolicy) -> Retrying:
        """A tenacity loop over ``TransientError`` that sleeps on our clock, with full jitter."""

        def wait(state: RetryCallState) -> float:
            exponential = min(policy.max_wait, policy.base_wait * 2 ** (state.attempt_number - 1))
            jittered = exponential / 2 + self.rng.uniform(0, exponential / 2)
            error = state.outcome.exception() if state.outcome else None
            hinted = 0.0
            if isinstance(error, TransientError) and error.retry_after is not None:
                hinted = float(error.retry_after)
            return float(max(jittered, min(hinted, policy.max_wait)))

        def stop(state: RetryCallState) -> bool:
            error = state.outcome.exception() if state.outcome else None
            # No network is rarely fixed within seconds: one more try, then say so (well under 15 s).
            unreachable = isinstance(error, TransientError) and error.unreachable
            return (
                state.attempt_number >= (min(2, policy.attempts) if unreachable else policy.attempts)
                or state.idle_for + (state.upcoming_sleep or 0.0) > policy.budget
            )

        return Retrying(
            retry=retry_if_exception_type(TransientError),
            wait=wait,
            stop=stop,
            sleep=self.clock.sleep,
            reraise=True,
        )

    def get_bytes(
        self,
        url: str,
        *,
        service: str,
        limiter: RateLimiter | None = None,
        policy: RetryPolicy | None = None,
        inspect: Callable[[requests.Response], None] | None = None,
        use_cache: bool = True,
        cache_key: str | None = None,
        retry_statuses: frozenset[int] = RETRY_STATUSES,
    ) -> bytes:
        """The body of a successful GET, from the cache when fresh; retried on 429/5xx/timeouts.

        ``inspect`` sees every response first and may raise (Scholar's 403/CAPTCHA check); ``cache_key``
        replaces the URL as the key when the URL carries a secret (an API key).
        """
        key = cache_key or url
        if use_cache and self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                return cached
        policy = policy or RetryPolicy()
        tries = 0
        try:
            for attempt in self.retrying(policy):
                with attempt:
                    tries += 1
                    with self.open(
                        url, service=service, limiter=limiter, retry_statuses=retry_statuses
                    ) as response:
                        if inspect is not None:
                            inspect(response)
                        if response.status_code != 200:
                            raise SourceError(
                                f"{service} answered HTTP {response.status_code} for {url}", url
                            )
                        body = response.content
        except TransientError as error:
            raise give_up(error, service, url, tries) from None
        if use_cache and self.cache is not None:
            self.cache.put(key, body)
        return body


def give_up(error: TransientError, service: str, url: str, tries: int) -> SourceError:
    """The one line a user sees when retries ran out."""
    after = f" after {tries} tr{'y' if tries == 1 else 'ies'}"
    if error.status in (429, 503):
        return RateLimited(
            f"{error.message}{after}; it is rate-limiting or overloaded, try again in a few minutes", url
        )
    return SourceError(f"{error.message}{after}", url)


def _host(url: str) -> str:
    return urlparse(url).netloc or url
