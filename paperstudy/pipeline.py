"""The few functions that chain the stages: PDF → parse → note → library."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from paperstudy.bibliography import imported_metadata, make_citekey
from paperstudy.download import Downloader, fetch_pdfs
from paperstudy.errors import ConfigError, PaperstudyError, PdfError
from paperstudy.fsio import sha256_file
from paperstudy.ids import paper_id_for, year_from_arxiv_id
from paperstudy.index.indexing import Indexer
from paperstudy.index.model_choice import library_encoder
from paperstudy.index.vectors import refresh_vector_cache
from paperstudy.models import (
    DOMAIN_PATTERN,
    BibEntry,
    Note,
    PaperOutcome,
    PaperRecord,
    ParsedPaper,
    SearchHit,
)
from paperstudy.notes import read_user_content, render_note, with_user_content
from paperstudy.parsing import PaperParser, PyMuPdfParser
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault
from paperstudy.vault import refresh_links
from paperstudy.worker import default_workers, parse_in_pool, parse_with_limit

if TYPE_CHECKING:
    from paperstudy.sources.finder import Finder

ResultCallback = Callable[[PaperOutcome], None]


def check_domain(domain: str) -> str:
    """A domain id as the library stores it; raise a clear error for anything else."""
    normalised = domain.strip().lower()
    if not DOMAIN_PATTERN.match(normalised):
        raise ConfigError(
            f"domain {domain!r} is not a valid id: use lower-case letters, digits and dashes "
            "(e.g. ctr-prediction)"
        )
    return normalised


def expand_path_lists(arguments: Sequence[Path | str]) -> list[Path]:
    """The PDFs named on the command line: ``@list.txt`` stands for the paths listed in that file, one a
    line (blank lines and ``#`` comments skipped; a relative path is relative to the list file's folder,
    so a list works from any working directory); anything else is a path as given."""
    paths: list[Path] = []
    for argument in arguments:
        text = str(argument)
        if not text.startswith("@"):
            paths.append(Path(argument))
            continue
        listing = Path(text[1:])
        try:
            lines = listing.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise ConfigError(
                f"list file {listing} does not exist (@FILE names a file of PDF paths)"
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"list file {listing} cannot be read: {error}") from None
        for line in lines:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                path = Path(entry).expanduser()
                paths.append(path if path.is_absolute() else listing.parent / path)
    return paths


def check_pdf_file(path: Path, max_mb: float) -> None:
    """Cheap checks before a worker is started: exists, is a file, not empty, not huge."""
    if not path.exists():
        raise PdfError(path, "no such file")
    if not path.is_file():
        raise PdfError(path, "is not a file (pass PDF files, e.g. papers/*.pdf)")
    size = path.stat().st_size
    if size == 0:
        raise PdfError(path, "is empty (0 bytes); download it again")
    if size > max_mb * 1024 * 1024:
        raise PdfError(
            path, f"is {size / 1048576:.0f} MB, over the {max_mb:g} MB limit (PAPERSTUDY_MAX_PDF_MB)"
        )


EMBED_BATCH = 8
"""Parsed papers whose passages are embedded in one encoder call (when that many are ready)."""


def ingest_files(
    paths: Sequence[Path],
    domain: str,
    settings: Settings,
    *,
    on_result: ResultCallback | None = None,
    parser: PaperParser | None = None,
    skip_known: bool = False,
    workers: int | None = None,
) -> list[PaperOutcome]:
    """Ingest each PDF into the vault under ``domain``. One file failing never stops the batch.

    Files are parsed by ``workers`` processes at once (default ``settings.workers``, else one per core),
    each under the per-file time limit; this process embeds the passages of the papers parsed so far in
    one encoder call and writes the notes one by one, in input order: ``on_result`` is called once per
    file, in input order, and the library ends up exactly as a one-by-one ingest leaves it.

    With ``skip_known``, a PDF whose exact bytes are already in the library under ``domain`` is left
    alone (not parsed again), so re-running a batch only does the new work.
    """
    domain = check_domain(domain)
    parser = parser or PyMuPdfParser()
    count = workers or settings.workers or default_workers()
    outcomes: list[PaperOutcome] = []
    with Library(Vault(settings.notes)) as library:
        # One model load per batch, on first use; the library's own model when the default has changed.
        indexer = Indexer(library_encoder(library.db, settings.embedding_model).encoder)
        writer = LibraryWriter(library, domain, settings, indexer, skip_known=skip_known)
        # Whether a file is already known is asked here, in this thread (the library's connection is
        # this thread's), as the pool takes the next file; known files are not parsed.
        todo = ((Path(p), writer.known(Path(p)) is not None) for p in paths)

        def parse(item: tuple[Path, bool]) -> ParsedPaper | None:
            path, known = item
            return None if known else parse_pdf(path, parser, settings)

        for ready in parse_in_pool(parse, todo, count, batch=EMBED_BATCH):
            writer.embed_ahead([(p, parsed) for (p, _), parsed in ready if isinstance(parsed, ParsedPaper)])
            for (path, _), parsed in ready:
                outcome = writer.write(path, parsed)
                outcomes.append(outcome)
                if on_result is not None:
                    on_result(outcome)
            indexer.clear_supplied()
        finish_batch(library, indexer, writer.changed)
    return outcomes


def parse_pdf(path: Path, parser: PaperParser, settings: Settings) -> ParsedPaper:
    """The parse stage: cheap checks of the file, then the parser in a child under the time limit."""
    check_pdf_file(path, settings.max_pdf_mb)
    return parse_with_limit(parser, path, settings.parse_timeout)


def guessed_title(path: Path, parsed: ParsedPaper) -> str:
    """The title a note gets unless the library or an imported entry holds a better one (what the
    passages are embedded with ahead of the write; see ``paperstudy.index.indexing``)."""
    return parsed.title or path.stem


class LibraryWriter:
    """The one writer of a batch: each parsed file (or its failure) becomes a note in the library and an
    outcome, in the order given. Engines (the process pool here, Ray in ``paperstudy.engines``) feed it."""

    def __init__(
        self, library: Library, domain: str, settings: Settings, indexer: Indexer, *, skip_known: bool
    ) -> None:
        self.library = library
        self.domain = domain
        self.settings = settings
        self.indexer = indexer
        self.skip_known = skip_known
        self.changed: list[str] = []

    def known(self, path: Path) -> str | None:
        """With ``skip_known``, the id of the paper these exact bytes already are under the domain."""
        return _known_in_domain(self.library, path, self.domain) if self.skip_known else None

    def embed_ahead(self, parsed: Sequence[tuple[Path, ParsedPaper]]) -> None:
        """Embed several papers' passages in one encoder call before they are written."""
        self.indexer.embed_ahead(self.library, [(guessed_title(p, paper), paper) for p, paper in parsed])

    def write(self, path: Path, parsed: ParsedPaper | PaperstudyError | None) -> PaperOutcome:
        """Store one parse's result (``None``: the file was known and not parsed); never raises for one
        file's problem, it becomes a failed outcome."""
        known = self.known(path)  # again: an earlier file of this batch may have been the same PDF
        if known is not None:
            return PaperOutcome(kind="skipped", path=str(path), paper_id=known)
        if parsed is None:
            message = f"{path.name}: left the library during this ingest; ingest it again"
            return PaperOutcome(kind="failed", path=str(path), message=message)
        if isinstance(parsed, PaperstudyError):
            return PaperOutcome(kind="failed", path=str(path), message=str(parsed))
        try:
            paper_id, created = store_parsed(self.library, path, parsed, self.domain, self.indexer)
        except PaperstudyError as error:
            return PaperOutcome(kind="failed", path=str(path), message=str(error))
        self.changed.append(paper_id)
        return PaperOutcome(kind="added" if created else "updated", path=str(path), paper_id=paper_id)


def finish_batch(library: Library, indexer: Indexer, changed: Sequence[str]) -> None:
    """After a batch of ingests (``ingest``, ``import``): when papers were added or updated, the vector
    cache is rewritten once, then the wikilinks of those papers and of the notes they relate to."""
    if changed:
        refresh_vector_cache(library, indexer.encoder.model_id)
        link_new_papers(library, changed)


def link_new_papers(library: Library, paper_ids: Sequence[str]) -> None:
    """Refresh the wikilinks of new or re-parsed papers and of the notes they relate to."""
    if paper_ids:
        refresh_links(library, paper_ids)


def _known_in_domain(library: Library, path: Path, domain: str) -> str | None:
    if not path.is_file() or path.stat().st_size == 0:
        return None  # let ingest_one report the problem
    record = library.find_existing(sha256_file(path), None, None)
    return record.id if record is not None and domain in record.domains else None


def ingest_one(
    library: Library,
    path: Path,
    domain: str,
    settings: Settings,
    parser: PaperParser,
    indexer: Indexer | None = None,
    entry: BibEntry | None = None,
) -> tuple[str, bool]:
    """Parse one PDF and store it; returns (paper id, whether it is new to the library).

    With ``entry`` (an imported bibliography entry), its metadata wins over what the parser guessed.
    """
    parsed = parse_pdf(path, parser, settings)
    if indexer is None:
        indexer = Indexer(library_encoder(library.db, settings.embedding_model).encoder)
    return store_parsed(library, path, parsed, domain, indexer, entry=entry)


def store_parsed(
    library: Library,
    path: Path,
    parsed: ParsedPaper,
    domain: str,
    indexer: Indexer,
    entry: BibEntry | None = None,
) -> tuple[str, bool]:
    """The note-building and write stages of one parsed PDF: the note (the user's content carried over
    when the paper is known), its passages and vectors, saved; returns (paper id, whether it is new)."""
    sha256 = sha256_file(path)
    existing = library.find_existing(
        sha256, (entry and entry.arxiv_id) or parsed.arxiv_id, (entry and entry.doi) or parsed.doi
    ) or (library.find_by_citekey(entry.key) if entry is not None else None)
    note = build_note(library, parsed, existing, sha256, domain, path, entry=entry)
    if existing is not None:
        # What the user wrote survives: corrections and "My notes" are carried over verbatim.
        note_path = library.vault.note_path(note.paper.domains[0], note.paper.id)
        note = with_user_content(note, library.user_content_before_rewrite(existing.id, note_path))
    save_indexed(library, note, render_note(note), path, indexer)
    return note.paper.id, existing is None


def save_indexed(
    library: Library, note: Note, note_text: str, pdf_source: Path | None, indexer: Indexer
) -> Path:
    """``Library.save`` with the paper's passages and vectors, published in the same transaction."""
    indexer.stage(library, note)
    try:
        return library.save(note, note_text, pdf_source=pdf_source)
    except BaseException:
        indexer.discard(library, note.paper.id)
        raise


def build_note(
    library: Library,
    parsed: ParsedPaper,
    existing: PaperRecord | None,
    sha256: str,
    domain: str,
    path: Path,
    *,
    entry: BibEntry | None = None,
) -> Note:
    year = parsed.year or year_from_arxiv_id(parsed.arxiv_id)
    guessed = {
        "title": parsed.title or path.stem,
        "authors": parsed.authors,
        "year": year,
        "venue": existing.venue if existing else None,
        "entry_type": existing.entry_type if existing else None,
        "arxiv_id": parsed.arxiv_id or (existing.arxiv_id if existing else None),
        "doi": parsed.doi or (existing.doi if existing else None),
        "metadata_from": None,
    }
    # An imported entry's metadata wins over the parser's guesses, now and on every later re-parse.
    stored = imported_metadata(existing) if existing is not None and existing.metadata_from else {}
    given = imported_metadata(entry) if entry is not None else {}
    fields = {**guessed, **stored, **given}
    if existing is None:
        paper_id = paper_id_for(fields["title"], fields["year"], path.stem, library.paper_ids(), parsed.model)
        domains = [domain]
    else:
        paper_id = existing.id
        domains = existing.domains + ([domain] if domain not in existing.domains else [])
    citekey = entry.key if entry is not None else (existing.citekey if existing else None)
    holder = library.find_by_citekey(citekey) if citekey else None
    if citekey is None or (holder is not None and holder.id != paper_id):
        citekey = make_citekey(fields["authors"], fields["year"], fields["title"], library.citekeys())
    record = PaperRecord(
        id=paper_id,
        sha256=sha256,
        domains=domains,
        page_count=parsed.page_count,
        source_path=str(path.resolve()),
        citekey=citekey,
        **fields,
    )
    return Note(paper=record, parsed=parsed)


def load_note(library: Library, paper_id: str) -> Note:
    """A stored paper with the user's content read back from its Markdown note."""
    record = library.record(paper_id)
    parsed = library.parsed(paper_id)
    note = Note(paper=record, parsed=parsed)
    note_path = library.note_file(paper_id)
    if note_path.exists():
        note = with_user_content(note, read_user_content(note_path.read_text(encoding="utf-8"), note_path))
    return note


def download_and_ingest(
    settings: Settings,
    finder: Finder,
    hits: Sequence[SearchHit],
    domain: str,
    *,
    on_download: ResultCallback | None = None,
    on_ingest: ResultCallback | None = None,
) -> list[PaperOutcome]:
    """Download each hit's PDF (skipping papers the library already holds, by id before and by bytes
    after the download) and ingest the new ones into ``domain``. One finished outcome per hit, in order:
    the download's outcome carried through ingest. One paper failing never stops the rest."""
    domain = check_domain(domain)
    vault = Vault(settings.notes)
    downloader = Downloader(
        finder.client,
        vault.cache_dir / "pdfs",
        limiter_for=finder.limiter_for,
        max_bytes=int(settings.max_pdf_mb * 1024 * 1024),
        max_age_seconds=settings.cache_days * 86400,
    )
    with Library(vault) as library:

        def known(hit: SearchHit, path: Path | None) -> str | None:
            record = library.find_existing(sha256_file(path) if path else "", hit.arxiv_id, hit.doi)
            return record.id if record else None

        fetched = fetch_pdfs(list(hits), downloader, known, on_step=on_download)
    paths = [Path(f.path) for f in fetched if f.kind == "downloaded" and f.path is not None]
    ingested = (
        {o.path: o for o in ingest_files(paths, domain, settings, on_result=on_ingest)} if paths else {}
    )
    return [_carried(f, ingested.get(f.path)) if f.kind == "downloaded" else f for f in fetched]


def _carried(downloaded: PaperOutcome, ingested: PaperOutcome | None) -> PaperOutcome:
    """A download's outcome once its file was ingested: the ingest's kind, id and message."""
    if ingested is None:
        return downloaded.model_copy(update={"kind": "failed", "message": "downloaded but not ingested"})
    return downloaded.model_copy(
        update={"kind": ingested.kind, "paper_id": ingested.paper_id, "message": ingested.message}
    )
