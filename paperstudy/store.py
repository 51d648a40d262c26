"""The vault on disk: its layout, the SQLite library, and the atomic writes every writer uses.

This is the only module that writes to disk. Files are written to a temporary sibling, flushed, fsynced and
renamed over the target, so a crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from paperstudy.errors import NotFoundError, StoreError
from paperstudy.models import Note, PageSpan, PaperRecord, ParsedPaper
from paperstudy.notes import generated_part
from paperstudy.schema import LATEST_VERSION, MIGRATIONS

STATE_DIR = ".paperstudy"


# --- atomic writes -------------------------------------------------------------------------------------


@contextlib.contextmanager
def open_atomic(path: Path) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces ``path`` only if the block completes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with open_atomic(path) as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_copy(source: Path, target: Path) -> None:
    with source.open("rb") as src, open_atomic(target) as dst:
        shutil.copyfileobj(src, dst, length=1 << 20)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def open_append(path: Path) -> Iterator[IO[bytes]]:
    """A binary handle appending to ``path`` (a resumable download's ``.part``), fsynced on close."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def promote_file(source: Path, target: Path) -> None:
    """Rename a finished temporary file over ``target`` (same folder, so the rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source.replace(target)


def remove_file(path: Path) -> None:
    path.unlink(missing_ok=True)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- vault layout --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vault:
    """Where everything lives under the notes folder."""

    root: Path

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def db_path(self) -> Path:
        return self.state_dir / "library.db"

    @property
    def pdf_dir(self) -> Path:
        return self.state_dir / "pdfs"

    @property
    def cache_dir(self) -> Path:
        return self.state_dir / "cache"

    @property
    def trash_dir(self) -> Path:
        return self.state_dir / "trash"

    @property
    def backup_dir(self) -> Path:
        return self.state_dir / "backups"

    def pdf_path(self, paper_id: str) -> Path:
        return self.pdf_dir / f"{paper_id}.pdf"

    def note_path(self, domain: str, paper_id: str) -> Path:
        return self.root / domain / f"{paper_id}.md"

    def ensure(self) -> None:
        try:
            for folder in (self.root, self.state_dir, self.pdf_dir, self.cache_dir):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the notes vault at {self.root}: {error.strerror}") from error

    def backup_file(self, path: Path, reason: str) -> Path:
        """Copy a user-visible file aside before it is replaced or removed; returns the copy's path."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = self.backup_dir / f"{path.stem}.{reason}.{stamp}{path.suffix}"
        atomic_copy(path, target)
        return target


# --- the SQLite library --------------------------------------------------------------------------------


def connect(db_path: Path) -> sqlite3.Connection:
    """A connection with the settings every user of the library needs (one per thread)."""
    connection = sqlite3.connect(db_path, timeout=30, isolation_level=None)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def migrate(connection: sqlite3.Connection, db_path: Path) -> None:
    """Bring the schema to ``LATEST_VERSION``; refuse a database written by a newer paperstudy."""
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    current = int(row[0] or 0)
    if current > LATEST_VERSION:
        raise StoreError(
            f"{db_path} was written by a newer paperstudy (schema {current}, this one knows "
            f"{LATEST_VERSION}); upgrade paperstudy to use it",
            db_path,
        )
    if current == LATEST_VERSION:
        return
    if current > 0:
        # The user's data predates this version: keep a copy before changing its shape.
        shutil.copy2(db_path, db_path.with_name(f"{db_path.name}.v{current}.bak"))
    connection.execute("BEGIN IMMEDIATE")
    try:
        for version in range(current + 1, LATEST_VERSION + 1):
            for statement in _split_sql(MIGRATIONS[version - 1]):
                connection.execute(statement)
            connection.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _split_sql(script: str) -> list[str]:
    # executescript() would commit our transaction; run the statements one by one instead.
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [s for s in statements if s]


class Library:
    """The papers of one vault: SQLite rows plus the Markdown notes and PDF copies they point to."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        vault.ensure()
        try:
            self.db = connect(vault.db_path)
            migrate(self.db, vault.db_path)
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"the library database {vault.db_path} cannot be read ({error}); "
                "move it aside and run `paperstudy reindex` to rebuild it from the notes and PDFs",
                vault.db_path,
            ) from error

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- reading ---

    def find_existing(self, sha256: str, arxiv_id: str | None, doi: str | None) -> PaperRecord | None:
        """The paper this PDF already is: same bytes, same arXiv id (any version) or same DOI."""
        row = self.db.execute("SELECT id FROM papers WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None and arxiv_id:
            row = self.db.execute("SELECT id FROM papers WHERE arxiv_id = ?", (arxiv_id,)).fetchone()
        if row is None and doi:
            row = self.db.execute("SELECT id FROM papers WHERE lower(doi) = lower(?)", (doi,)).fetchone()
        return self.record(row["id"]) if row else None

    def find_by_citekey(self, citekey: str) -> PaperRecord | None:
        row = self.db.execute("SELECT id FROM papers WHERE citekey = ?", (citekey,)).fetchone()
        return self.record(row["id"]) if row else None

    def baseline_names(self) -> dict[str, list[str]]:
        """Each paper's baselines (as stored with corrections applied), for linking notes."""
        out: dict[str, list[str]] = {}
        for row in self.db.execute("SELECT paper_id, name FROM entities WHERE kind = 'baseline'"):
            out.setdefault(row["paper_id"], []).append(row["name"])
        return out

    def model_names(self) -> dict[str, str | None]:
        """Each paper's own model name as the parser found it ("DeepFM"), or None."""
        rows = self.db.execute("SELECT id, json_extract(parsed, '$.model') AS model FROM papers")
        return {row["id"]: row["model"] for row in rows}

    def citekeys(self) -> set[str]:
        return {
            row["citekey"] for row in self.db.execute("SELECT citekey FROM papers WHERE citekey IS NOT NULL")
        }

    def paper_ids(self) -> set[str]:
        return {row["id"] for row in self.db.execute("SELECT id FROM papers")}

    def record(self, paper_id: str) -> PaperRecord:
        row = self.db.execute("SELECT * FROM papers WHERE id = ?", (paper_id,)).fetchone()
        if row is None:
            raise unknown_paper(paper_id)
        domains = [
            r["domain"]
            for r in self.db.execute(
                "SELECT domain FROM paper_domains WHERE paper_id = ? ORDER BY position", (paper_id,)
            )
        ]
        return PaperRecord(
            id=row["id"],
            title=row["title"],
            authors=json.loads(row["authors"]),
            year=row["year"],
            arxiv_id=row["arxiv_id"],
            doi=row["doi"],
            sha256=row["sha256"],
            domains=domains,
            page_count=row["page_count"],
            source_path=row["source_path"],
            citekey=row["citekey"],
            venue=row["venue"],
            entry_type=row["entry_type"],
            metadata_from=row["metadata_from"],
        )

    def parsed(self, paper_id: str) -> ParsedPaper:
        row = self.db.execute("SELECT parsed FROM papers WHERE id = ?", (paper_id,)).fetchone()
        if row is None:
            raise unknown_paper(paper_id)
        pages = [
            r["text"]
            for r in self.db.execute("SELECT text FROM pages WHERE paper_id = ? ORDER BY page", (paper_id,))
        ]
        return unpack_parsed(row["parsed"], pages)

    def note_file(self, paper_id: str) -> Path:
        row = self.db.execute("SELECT note_path FROM papers WHERE id = ?", (paper_id,)).fetchone()
        if row is None:
            raise unknown_paper(paper_id)
        return self.vault.root / str(row["note_path"])

    def note_edited_by_hand(self, paper_id: str, current: str) -> bool:
        """Whether the note file's generated part differs from what paperstudy last wrote."""
        return sha256_text(generated_part(current)) != self.note_written_sha(paper_id)

    def note_written_sha(self, paper_id: str) -> str | None:
        row = self.db.execute("SELECT note_sha256 FROM papers WHERE id = ?", (paper_id,)).fetchone()
        return row["note_sha256"] if row else None

    def records(self, domain: str | None = None) -> list[PaperRecord]:
        if domain is None:
            rows = self.db.execute("SELECT id FROM papers ORDER BY year DESC, id").fetchall()
        else:
            rows = self.db.execute(
                "SELECT p.id FROM papers p JOIN paper_domains d ON d.paper_id = p.id "
                "WHERE d.domain = ? ORDER BY p.year DESC, p.id",
                (domain,),
            ).fetchall()
        return [self.record(row["id"]) for row in rows]

    def domain_counts(self) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT domain, count(*) AS n FROM paper_domains GROUP BY domain ORDER BY domain"
        ).fetchall()
        return {row["domain"]: row["n"] for row in rows}

    # --- writing ---

    def save(self, note: Note, note_text: str, pdf_source: Path | None) -> Path:
        """Store one paper: PDF copy, note file and rows, all or nothing. Returns the note's path.

        The PDF and the note are written atomically before the database commits; if anything fails, new
        files are removed again and the rows roll back, so the library never points at half a paper.
        """
        record = note.paper
        note_path = self.vault.note_path(record.domains[0], record.id)
        pdf_path = self.vault.pdf_path(record.id)
        created: list[Path] = []
        previous_note = note_path.read_bytes() if note_path.exists() else None
        try:
            with self.transaction() as db:
                if pdf_source is not None and not _same_file(pdf_source, pdf_path):
                    if not pdf_path.exists():
                        created.append(pdf_path)
                    atomic_copy(pdf_source, pdf_path)
                self._write_rows(db, note, note_path, note_text)
                if previous_note is None:
                    created.append(note_path)
                atomic_write_text(note_path, note_text)
        except BaseException:
            for path in created:
                path.unlink(missing_ok=True)
            if previous_note is not None and note_path.exists() and note_path.read_bytes() != previous_note:
                atomic_write_bytes(note_path, previous_note)
            raise
        return note_path

    def _write_rows(self, db: sqlite3.Connection, note: Note, note_path: Path, note_text: str) -> None:
        record, parsed = note.paper, note.parsed
        now = _now()
        db.execute("DELETE FROM paper_domains WHERE paper_id = ?", (record.id,))
        db.execute("DELETE FROM pages WHERE paper_id = ?", (record.id,))
        db.execute("DELETE FROM sections WHERE paper_id = ?", (record.id,))
        db.execute("DELETE FROM entities WHERE paper_id = ?", (record.id,))
        db.execute(
            "INSERT INTO papers (id, title, authors, year, arxiv_id, doi, sha256, page_count, source_path,"
            " note_path, note_sha256, parsed, added_at, updated_at, citekey, venue, entry_type,"
            " metadata_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET title = excluded.title, authors = excluded.authors,"
            " year = excluded.year, arxiv_id = excluded.arxiv_id, doi = excluded.doi,"
            " sha256 = excluded.sha256, page_count = excluded.page_count,"
            " source_path = excluded.source_path, note_path = excluded.note_path,"
            " note_sha256 = excluded.note_sha256, parsed = excluded.parsed, updated_at = excluded.updated_at,"
            " citekey = excluded.citekey, venue = excluded.venue,"
            " entry_type = excluded.entry_type, metadata_from = excluded.metadata_from",
            (
                record.id,
                note.title,
                json.dumps(note.authors),
                note.year,
                record.arxiv_id,
                record.doi,
                record.sha256,
                record.page_count,
                record.source_path,
                note_path.relative_to(self.vault.root).as_posix(),
                sha256_text(generated_part(note_text)),
                pack_parsed(parsed),
                now,
                now,
                record.citekey,
                record.venue,
                record.entry_type,
                record.metadata_from,
            ),
        )
        db.executemany(
            "INSERT INTO paper_domains (paper_id, domain, position) VALUES (?, ?, ?)",
            [(record.id, domain, i) for i, domain in enumerate(record.domains)],
        )
        db.executemany(
            "INSERT INTO pages (paper_id, page, text) VALUES (?, ?, ?)",
            [(record.id, i + 1, text) for i, text in enumerate(parsed.pages)],
        )
        db.executemany(
            "INSERT INTO sections (paper_id, position, level, number, heading, page_start, page_end, facet)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (record.id, i, s.level, s.number, s.heading, s.page_start, s.page_end, s.facet)
                for i, s in enumerate(parsed.sections)
            ],
        )
        db.executemany(
            "INSERT OR IGNORE INTO entities (paper_id, kind, name, detail) VALUES (?, ?, ?, ?)",
            [(record.id, "dataset", d.name, d.model_dump_json()) for d in note.datasets()]
            + [(record.id, "metric", m.name, m.model_dump_json()) for m in note.metrics()]
            + [(record.id, "baseline", b, "{}") for b in note.baselines()],
        )

    def remove(self, paper_id: str) -> Path | None:
        """Take a paper out of the library. Its note (the user's writing) is moved to the trash, not
        deleted; returns where it went."""
        note_path = self.note_file(paper_id)
        trashed: Path | None = None
        with self.transaction() as db:
            db.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
            if note_path.exists():
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
                trashed = self.vault.trash_dir / f"{paper_id}.{stamp}.md"
                trashed.parent.mkdir(parents=True, exist_ok=True)
                note_path.replace(trashed)
        self.vault.pdf_path(paper_id).unlink(missing_ok=True)
        return trashed


def unknown_paper(paper_id: str) -> NotFoundError:
    return NotFoundError(f"no paper {paper_id!r} in the library; `paperstudy list` shows what it holds")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


# --- ParsedPaper <-> JSON, with page texts stored once ----------------------------------------------------


def pack_parsed(parsed: ParsedPaper) -> str:
    """JSON for the ``papers.parsed`` column: page texts live in ``pages``, and a section's text is
    dropped when its spans can rebuild it."""
    data = parsed.model_dump(mode="json", exclude={"pages"})
    for section, dumped in zip(parsed.sections, data["sections"], strict=True):
        if section.spans and _span_text(parsed.pages, section.spans) == section.text:
            dumped["text"] = None
    return json.dumps(data, ensure_ascii=False)


def unpack_parsed(packed: str, pages: list[str]) -> ParsedPaper:
    data = json.loads(packed)
    data["pages"] = pages
    for dumped in data["sections"]:
        if dumped.get("text") is None:
            spans = [PageSpan.model_validate(s) for s in dumped["spans"]]
            dumped["text"] = _span_text(pages, spans)
    return ParsedPaper.model_validate(data)


def _span_text(pages: list[str], spans: list[PageSpan]) -> str:
    parts = [pages[s.page - 1][s.start : s.end] for s in spans if 0 < s.page <= len(pages)]
    return "\n".join(p for p in parts if p)
