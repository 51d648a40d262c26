"""``paperstudy import``: a Zotero/BibTeX/CSL-JSON library or a folder of PDFs into the vault.

Entries with a PDF attachment are ingested through the usual pipeline with the entry's metadata; entries
without one are matched to arXiv (by id, then DOI, then title) and downloaded. An attachment that is
missing or not a PDF is reported for its entry and never copied. A paper already in the library under the
domain with the same metadata is skipped, so importing the same file again adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from paperstudy.bibliography import imported_metadata, read_bibliography
from paperstudy.download import PDF_MAGIC, Downloader, download_name
from paperstudy.errors import ConfigError, PaperstudyError, SourceError
from paperstudy.fsio import STATE_DIR, sha256_file
from paperstudy.index.embed import get_encoder
from paperstudy.index.indexing import Indexer
from paperstudy.models import BibEntry, ImportOutcome, PaperRecord, SearchHit
from paperstudy.parsing import PaperParser, PyMuPdfParser
from paperstudy.pipeline import check_domain, finish_batch, ingest_one
from paperstudy.settings import Settings
from paperstudy.sources.base import Search
from paperstudy.store import Library, Vault

if TYPE_CHECKING:
    from paperstudy.sources.finder import Finder

ImportCallback = Callable[[ImportOutcome], None]
TITLE_MATCH = 92.0
"""How alike (rapidfuzz ratio, 0–100, on case-folded words) an arXiv title must be to an entry's title."""


def import_path(
    source: Path,
    domain: str,
    settings: Settings,
    *,
    parser: PaperParser | None = None,
    finder: Finder | None = None,
    on_result: ImportCallback | None = None,
) -> list[ImportOutcome]:
    """Import a ``.bib``/``.json`` file or a folder of PDFs into ``domain``; one row per entry or PDF."""
    domain = check_domain(domain)
    if not source.exists():
        raise ConfigError(f"{source} does not exist: pass a .bib or CSL-JSON file, or a folder of PDFs")
    indexer = Indexer(get_encoder(settings.embedding_model))  # one model load per import, on first use
    with ExitStack() as stack:
        library = stack.enter_context(Library(Vault(settings.notes)))
        job = _Job(library, domain, settings, parser or PyMuPdfParser(), indexer, finder, stack)
        if source.is_dir():
            rows = job.import_folder(source, on_result)
        else:
            rows = job.import_entries(source, on_result)
        finish_batch(
            library, indexer, [r.paper_id for r in rows if r.paper_id and r.outcome in ("added", "updated")]
        )
    return rows


def pdfs_under(folder: Path) -> list[Path]:
    """Every PDF below ``folder`` (any depth, any case of ``.pdf``), skipping a vault's own state."""
    found = [
        p
        for p in folder.rglob("*")
        if p.suffix.lower() == ".pdf" and p.is_file() and STATE_DIR not in p.relative_to(folder).parts
    ]
    return sorted(found)


def is_pdf_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(1024).lstrip()[: len(PDF_MAGIC)] == PDF_MAGIC
    except OSError:
        return False


def unchanged(record: PaperRecord, entry: BibEntry) -> bool:
    """Whether the library already holds what the entry says (so re-importing it changes nothing)."""
    wanted = imported_metadata(entry)
    wanted.pop("metadata_from")
    return record.citekey == entry.key and all(getattr(record, k) == v for k, v in wanted.items())


class _Job:
    """One import run: the library, parser, indexer and (when needed) the arXiv finder it shares."""

    def __init__(
        self,
        library: Library,
        domain: str,
        settings: Settings,
        parser: PaperParser,
        indexer: Indexer,
        finder: Finder | None,
        stack: ExitStack,
    ) -> None:
        self.library = library
        self.domain = domain
        self.settings = settings
        self.parser = parser
        self.indexer = indexer
        self.finder = finder
        self.stack = stack  # closes the finder this job opens itself, only when an entry needs arXiv

    # --- a folder of PDFs ---

    def import_folder(self, folder: Path, on_result: ImportCallback | None) -> list[ImportOutcome]:
        rows = []
        for path in pdfs_under(folder):
            key = path.relative_to(folder).as_posix()
            known = self.library.find_existing(sha256_file(path), None, None) if is_pdf_file(path) else None
            if known is not None and self.domain in known.domains:
                row = ImportOutcome(
                    key=key, path=str(path), paper_id=known.id, status="ok", outcome="skipped"
                )
            else:
                row = self._ingest(key, path, None, [])
            rows.append(_report(row, on_result))
        return rows

    # --- a bibliography ---

    def import_entries(self, source: Path, on_result: ImportCallback | None) -> list[ImportOutcome]:
        bibliography = read_bibliography(source)
        rows = [
            _report(ImportOutcome(key=p.key, status="failed", outcome="failed", error=p.message), on_result)
            for p in bibliography.problems
        ]
        for entry in bibliography.entries:
            try:
                row = self._import_entry(entry)
            except PaperstudyError as error:
                row = ImportOutcome(key=entry.key, status="failed", outcome="failed", error=str(error))
            rows.append(_report(row, on_result))
        return rows

    def _import_entry(self, entry: BibEntry) -> ImportOutcome:
        notes: list[str] = []
        pdf: Path | None = None
        for attachment in entry.files:
            path = Path(attachment.path)
            if not path.is_file():
                notes.append(f"file not found: {path}")
            elif not attachment.is_pdf or not is_pdf_file(path):
                notes.append(f"not a PDF, not copied: {path}")
            elif pdf is None:
                pdf = path
        sha256 = sha256_file(pdf) if pdf else None
        existing = self._existing(entry, sha256)
        same_pdf = sha256 is None or (existing is not None and existing.sha256 == sha256)
        if (
            existing is not None
            and self.domain in existing.domains
            and same_pdf
            and unchanged(existing, entry)
        ):
            return ImportOutcome(
                key=entry.key,
                path=str(pdf) if pdf else None,
                paper_id=existing.id,
                status="ok",
                outcome="skipped",
                notes=notes,
            )
        if pdf is None and existing is not None and self.library.vault.pdf_path(existing.id).is_file():
            pdf = self.library.vault.pdf_path(existing.id)  # new metadata or domain for a paper we hold
        if pdf is None:
            return self._from_arxiv(entry, notes)
        return self._ingest(entry.key, pdf, entry, notes)

    def _existing(self, entry: BibEntry, sha256: str | None) -> PaperRecord | None:
        found = self.library.find_existing(sha256 or "", entry.arxiv_id, entry.doi)
        return found or self.library.find_by_citekey(entry.key)

    def _from_arxiv(self, entry: BibEntry, notes: list[str]) -> ImportOutcome:
        finder = self._finder()
        try:
            hit = match_on_arxiv(finder, entry)
        except SourceError as error:
            return _failed(entry.key, notes, f"arXiv lookup failed: {error}")
        if hit is None or not hit.pdf_url:
            return _failed(entry.key, notes, "no PDF attached and not found on arXiv")
        known = self.library.find_existing("", hit.arxiv_id, hit.doi)
        if known is not None and self.domain in known.domains and unchanged(known, entry):
            return ImportOutcome(
                key=entry.key, paper_id=known.id, status="ok", outcome="skipped", notes=notes
            )
        downloader = Downloader(
            finder.client,
            self.library.vault.cache_dir / "pdfs",
            limiter_for=finder.limiter_for,
            max_bytes=int(self.settings.max_pdf_mb * 1024 * 1024),
            max_age_seconds=self.settings.cache_days * 86400,
        )
        try:
            path = downloader.download(hit.pdf_url, download_name(hit))
        except SourceError as error:
            return _failed(entry.key, notes, str(error))
        matched = entry.model_copy(update={"arxiv_id": entry.arxiv_id or hit.arxiv_id})
        return self._ingest(entry.key, path, matched, notes)

    def _finder(self) -> Finder:
        if self.finder is None:
            from paperstudy.sources.finder import Finder  # start-up time (arxiv, scholarly): only if needed

            self.finder = self.stack.enter_context(Finder(self.settings))
        return self.finder

    def _ingest(self, key: str, path: Path, entry: BibEntry | None, notes: list[str]) -> ImportOutcome:
        try:
            paper_id, created = ingest_one(
                self.library, path, self.domain, self.settings, self.parser, self.indexer, entry=entry
            )
        except PaperstudyError as error:
            return _failed(key, notes, str(error), path)
        return ImportOutcome(
            key=key,
            path=str(path),
            paper_id=paper_id,
            status="ok",
            outcome="added" if created else "updated",
            notes=notes,
        )


def match_on_arxiv(finder: Finder, entry: BibEntry) -> SearchHit | None:
    """The arXiv paper an entry is: by its arXiv id, else a title search whose hit has the entry's DOI,
    else whose title is (nearly) the entry's."""
    if entry.arxiv_id:
        hits = finder.arxiv.search(Search(id_list=(entry.arxiv_id,), max_results=1))
        return hits[0] if hits else None
    if len(entry.title.strip()) < 8:
        return None
    hits = finder.arxiv.search(Search(title_any=(entry.title,), max_results=5))
    if entry.doi:
        for hit in hits:
            if hit.doi and hit.doi.lower() == entry.doi.lower():
                return hit
    wanted = " ".join(entry.title.casefold().split())
    scored = [(fuzz.ratio(wanted, " ".join(h.title.casefold().split())), h) for h in hits]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best is not None and best[0] >= TITLE_MATCH else None


def _failed(key: str, notes: list[str], error: str, path: Path | None = None) -> ImportOutcome:
    message = "; ".join([*notes, error])
    return ImportOutcome(
        key=key,
        path=str(path) if path else None,
        status="failed",
        outcome="failed",
        error=message,
        notes=notes,
    )


def _report(row: ImportOutcome, on_result: ImportCallback | None) -> ImportOutcome:
    if on_result is not None:
        on_result(row)
    return row
