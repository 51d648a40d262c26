"""Download PDFs: streamed, resumable (HTTP Range into a ``.part`` file), verified, then renamed into place.

``arxiv`` 4.x has no ``download_pdf``; we fetch ``pdf_url`` ourselves through the same rate-limited client
as the search, so downloading 20 papers never makes arXiv see more than one request every 3 s.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import requests

from paperstudy.errors import DownloadError, SourceError
from paperstudy.fsio import open_append, promote_file, remove_file
from paperstudy.models import PaperOutcome, SearchHit
from paperstudy.sources.http import HttpClient, RateLimiter, RetryPolicy, TransientError

PDF_MAGIC = b"%PDF-"
CHUNK = 1 << 16
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def download_name(hit: SearchHit) -> str:
    """A stable file name for a hit's PDF: its arXiv id, else DOI, else its title."""
    raw = hit.arxiv_id or hit.doi or hit.title
    return _UNSAFE.sub("_", raw).strip("._")[:100] or "paper"


def looks_complete(path: Path) -> bool:
    """Starts like a PDF and ends with an end-of-file marker (a cut-off download does not)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(PDF_MAGIC))
            handle.seek(max(0, size - 2048))
            tail = handle.read()
    except OSError:
        return False
    return head == PDF_MAGIC and b"%%EOF" in tail


class Downloader:
    """Fetches PDFs into ``directory`` (the vault's cache), reusing fresh complete copies."""

    def __init__(
        self,
        client: HttpClient,
        directory: Path,
        *,
        limiter_for: Callable[[str], RateLimiter | None] = lambda url: None,
        policy: RetryPolicy | None = None,
        max_bytes: int = 200 * 1024 * 1024,
        max_age_seconds: float = 7 * 86400,
    ) -> None:
        self.client = client
        self.directory = directory
        self.limiter_for = limiter_for
        self.policy = policy or RetryPolicy(attempts=4, base_wait=3.0, max_wait=30.0, budget=60.0)
        self.max_bytes = max_bytes
        self.max_age = max_age_seconds

    def download(self, url: str, name: str) -> Path:
        """The path of a complete PDF downloaded from ``url``; raises ``DownloadError`` with the reason."""
        target = self.directory / f"{name}.pdf"
        if self._fresh(target):
            return target
        part = target.with_name(target.name + ".part")
        tries = 0
        try:
            for attempt in self.client.retrying(self.policy):
                with attempt:
                    tries += 1
                    self._attempt(url, part)
        except TransientError as error:
            raise DownloadError(f"download failed after {tries} tries: {error.message}", url) from None
        except DownloadError:
            remove_file(part)
            raise
        except SourceError as error:
            remove_file(part)
            raise DownloadError(str(error), url) from None
        promote_file(part, target)
        return target

    def _fresh(self, target: Path) -> bool:
        try:
            age = time.time() - target.stat().st_mtime
        except OSError:
            return False
        return age <= self.max_age and looks_complete(target)

    def _attempt(self, url: str, part: Path) -> None:
        offset = part.stat().st_size if part.exists() else 0
        # identity: Content-Length must count the bytes we write, so a cut-off is measurable.
        headers = {"Accept-Encoding": "identity", "Accept": "application/pdf"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        with self.client.open(
            url, service="the PDF server", limiter=self.limiter_for(url), headers=headers, stream=True
        ) as response:
            if response.status_code == 416:
                # Our .part does not fit the file the server has now: start over.
                remove_file(part)
                raise TransientError(f"the server refused to resume {url}")
            if response.status_code not in (200, 206):
                raise DownloadError(f"the PDF server answered HTTP {response.status_code} for {url}", url)
            if response.status_code == 200 and offset:
                remove_file(part)  # the server ignored Range and sends the whole file again
                offset = 0
            expected = _expected_size(response, offset)
            if expected is not None and expected > self.max_bytes:
                raise DownloadError(f"{url} is {expected / 1048576:.0f} MB, over the size limit", url)
            written = self._stream(response, part, offset, url)
        if expected is not None and written < expected:
            raise TransientError(f"the download of {url} was cut off at {written} of {expected} bytes")
        if not looks_complete(part):
            remove_file(part)  # no length to resume against: start over next time
            raise TransientError(f"the download of {url} is incomplete (no PDF end marker)")

    def _stream(self, response: requests.Response, part: Path, offset: int, url: str) -> int:
        written = offset
        checked = offset > 0
        try:
            with open_append(part) as handle:
                for chunk in response.iter_content(CHUNK):
                    if not checked:
                        _check_magic(chunk, response, url)
                        checked = True
                    handle.write(chunk)
                    written += len(chunk)
                    if written > self.max_bytes:
                        raise DownloadError(f"{url} is over the {self.max_bytes >> 20} MB size limit", url)
        except requests.RequestException as error:
            raise TransientError(f"the download of {url} was cut off at {written} bytes") from error
        if not checked:
            raise DownloadError(f"{url} sent an empty response instead of a PDF", url)
        return written


def _check_magic(first: bytes, response: requests.Response, url: str) -> None:
    if first.lstrip()[: len(PDF_MAGIC)] == PDF_MAGIC:
        return
    kind = response.headers.get("Content-Type", "unknown type").split(";")[0]
    if b"<html" in first[:2048].lower() or kind == "text/html":
        raise DownloadError(f"{url} served an HTML page, not a PDF (a login, paywall or CAPTCHA page?)", url)
    raise DownloadError(f"{url} did not send a PDF (content type {kind})", url)


def _expected_size(response: requests.Response, offset: int) -> int | None:
    content_range = response.headers.get("Content-Range", "")
    if response.status_code == 206 and "/" in content_range:
        total = content_range.rsplit("/", 1)[1]
        return int(total) if total.isdigit() else None
    length = response.headers.get("Content-Length", "")
    return offset * (response.status_code == 206) + int(length) if length.isdigit() else None


# --- many hits: what `study` and `add` do before ingesting ---------------------------------------------


def fetch_pdfs(
    hits: list[SearchHit],
    downloader: Downloader,
    known: Callable[[SearchHit, Path | None], str | None],
    on_step: Callable[[PaperOutcome], None] | None = None,
) -> list[PaperOutcome]:
    """Download each hit's PDF unless ``known`` names the library paper it already is (asked before the
    download by ids, and after it with the file, to catch the same bytes). Never raises for one paper:
    a failed download is reported and the batch goes on. Each outcome is ``downloaded`` (``path`` set),
    ``skipped`` (``paper_id`` is the paper it already is) or ``failed``."""
    done: list[PaperOutcome] = []
    for hit in hits:
        base = PaperOutcome(kind="failed", title=hit.title, url=hit.pdf_url, hit=hit)
        existing = known(hit, None)
        if existing:
            outcome = _skipped(base, existing)
        elif not hit.pdf_url:
            outcome = base.model_copy(update={"message": "no PDF link found (not on arXiv?)"})
        else:
            try:
                path = downloader.download(hit.pdf_url, download_name(hit))
                existing = known(hit, path)
                outcome = (
                    _skipped(base, existing)
                    if existing
                    else base.model_copy(update={"kind": "downloaded", "path": str(path)})
                )
            except SourceError as error:
                outcome = base.model_copy(update={"message": str(error)})
        done.append(outcome)
        if on_step is not None:
            on_step(outcome)
    return done


def _skipped(base: PaperOutcome, paper_id: str) -> PaperOutcome:
    return base.model_copy(
        update={"kind": "skipped", "paper_id": paper_id, "message": f"already in the library as {paper_id}"}
    )
