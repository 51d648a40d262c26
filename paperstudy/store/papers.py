"""Papers, their notes and page texts: the ``Library`` over one vault's SQLite database and files.

Every row of ``papers``, ``paper_domains``, ``pages``, ``sections`` and ``entities`` is written here, and
every note file; the writes themselves go through ``paperstudy.fsio`` (atomic, fsynced).
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from paperstudy.errors import NoteFormatError, NotesConflict, NotFoundError, StoreError
from paperstudy.fsio import (
    Vault,
    atomic_copy,
    atomic_write_bytes,
    atomic_write_text,
    sha256_text,
)
from paperstudy.models import PAPER_ID_PATTERN, Note, PageSpan, PaperRecord, ParsedPaper
from paperstudy.store.migrations import open_database

if TYPE_CHECKING:
    from paperstudy.notes import UserContent

# paperstudy.notes (and yaml with it) is imported by the methods that read or write note files: a search
# from the shell opens the library but never a note (start-up time).


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- the SQLite library --------------------------------------------------------------------------------


class Library:
    """The papers of one vault: SQLite rows plus the Markdown notes and PDF copies they point to."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        vault.ensure()
        self.db = open_database(vault.db_path)

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
        from paperstudy.notes import edited_by_hand

        return edited_by_hand(current, self.note_written_sha(paper_id))

    def user_content_before_rewrite(self, paper_id: str, note_path: Path) -> UserContent | None:
        """Before a note is regenerated: the user's corrections and "My notes" from the file on disk (None
        when there is no file), and a backup copy of it when it was edited outside those two places."""
        from paperstudy.notes import read_user_content

        if not note_path.exists():
            return None
        current = note_path.read_text(encoding="utf-8")
        user = read_user_content(current, note_path)
        if self.note_edited_by_hand(paper_id, current):
            self.vault.backup_file(note_path, "edited")
        return user

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

    def require_domain(self, domain: str) -> str:
        """``domain`` when the library holds papers in it; else a clear error naming the domains it has."""
        counts = self.domain_counts()
        if domain not in counts:
            known = ", ".join(counts) or "none yet: add papers with `paperstudy ingest PDF --domain DOMAIN`"
            raise NotFoundError(f"no papers in domain {domain!r} (domains in the library: {known})")
        return domain

    def domains_with_my_notes(self) -> dict[str, int]:
        """Domain → how many of its papers have something written under "My notes"."""
        from paperstudy.notes import has_my_notes

        counts: dict[str, int] = {}
        for row in self.db.execute(
            "SELECT p.note_path, d.domain FROM papers p JOIN paper_domains d ON d.paper_id = p.id"
        ):
            try:
                text = (self.vault.root / str(row["note_path"])).read_text(encoding="utf-8")
            except OSError:
                continue
            if has_my_notes(text):
                counts[row["domain"]] = counts.get(row["domain"], 0) + 1
        return counts

    def section_facets(self, domain: str) -> dict[str, set[str]]:
        """Paper id → the facets its sections cover, for a domain's papers (one query)."""
        facets_of: dict[str, set[str]] = {}
        for row in self.db.execute(
            "SELECT s.paper_id, s.facet FROM sections s JOIN paper_domains d ON d.paper_id = s.paper_id "
            "WHERE d.domain = ?",
            (domain,),
        ):
            facets_of.setdefault(row["paper_id"], set()).add(row["facet"])
        return facets_of

    def stamp(self) -> str:
        """Changes whenever a paper is added, refreshed or removed: a cache key for derived views."""
        row = self.db.execute("SELECT count(*), max(updated_at), group_concat(id) FROM papers").fetchone()
        return f"{row[0]}:{row[1] or ''}:{sha256_text(str(row[2] or ''))[:12]}"

    def read_my_notes(self, paper_id: str) -> str:
        """The text under the note's "## My notes" heading."""
        from paperstudy.notes import my_notes_of, split_front_matter

        path = self.note_file(paper_id)
        _, body = split_front_matter(_read_note(path), path)
        return my_notes_of(body)

    def save_my_notes(self, paper_id: str, text: str, *, expected: str | None = None) -> Path:
        """Replace the body of the note's "## My notes" section with ``text``, atomically; nothing else in
        the file changes. With ``expected`` (what the editor started from), refuse to overwrite a newer
        version."""
        from paperstudy.notes import my_notes_of, replace_my_notes, split_front_matter

        path = self.note_file(paper_id)
        current = _read_note(path)
        _, body = split_front_matter(current, path)  # refuses a note whose front matter is broken
        if expected is not None and my_notes_of(body).strip() != expected.strip():
            raise NotesConflict(
                f"the notes of {paper_id} were changed elsewhere since you opened them; "
                "copy your text, reload the page and merge"
            )
        atomic_write_text(path, replace_my_notes(current, text))
        return path

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
        from paperstudy.notes import generated_part

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

    def rename(self, old_id: str, new_id: str) -> Path:
        """Give a paper a new id: its note, PDF, passages, cards and reviews move together, all or nothing.
        Returns the note's new path. Card ids stay, so review history follows the cards."""
        from paperstudy.notes import generated_part, with_paper_id

        if not PAPER_ID_PATTERN.match(new_id):
            raise StoreError(f"{new_id!r} is no paper id: use lower-case letters, digits and dashes")
        record = self.record(old_id)
        if new_id in self.paper_ids():
            raise StoreError(f"a paper {new_id!r} is already in the library; choose another id")
        old_note = self.note_file(old_id)
        new_note = self.vault.note_path(record.domains[0], new_id)
        old_pdf, new_pdf = self.vault.pdf_path(old_id), self.vault.pdf_path(new_id)
        text = with_paper_id(_read_note(old_note), old_note, new_id) if old_note.exists() else None
        moved_pdf = False
        try:
            with self.transaction() as db:
                db.execute("PRAGMA defer_foreign_keys = ON")  # parent and children change in one commit
                relative = new_note.relative_to(self.vault.root).as_posix()
                written = sha256_text(generated_part(text)) if text is not None else None
                db.execute(
                    "UPDATE papers SET id = ?, note_path = ?, note_sha256 = COALESCE(?, note_sha256),"
                    " updated_at = ? WHERE id = ?",
                    (new_id, relative, written, _now(), old_id),
                )
                for table in (
                    "paper_domains",
                    "pages",
                    "sections",
                    "entities",
                    "passages",
                    "staged_passages",
                ):
                    db.execute(f"UPDATE {table} SET paper_id = ? WHERE paper_id = ?", (new_id, old_id))
                db.execute(
                    "UPDATE quiz_cards SET paper_id = ?, item = json_set(item, '$.source.paper_id', ?)"
                    " WHERE paper_id = ?",
                    (new_id, new_id, old_id),
                )
                if old_pdf.exists():
                    new_pdf.parent.mkdir(parents=True, exist_ok=True)
                    old_pdf.replace(new_pdf)
                    moved_pdf = True
                if text is not None:
                    atomic_write_text(new_note, text)
        except BaseException:
            if moved_pdf and new_pdf.exists():
                new_pdf.replace(old_pdf)
            if text is not None and new_note != old_note:
                new_note.unlink(missing_ok=True)
            raise
        if text is not None and new_note != old_note:
            old_note.unlink(missing_ok=True)
        return new_note

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


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def save_upload(vault: Vault, name: str, data: bytes) -> Path:
    """An uploaded PDF written into the vault's cache under its own (made safe) name, to be ingested."""
    stem = _UNSAFE_NAME.sub("_", Path(name).stem).strip("._")[:100] or "upload"
    path = vault.cache_dir / "uploads" / f"{stem}.pdf"
    atomic_write_bytes(path, data)
    return path


_COMPLETION_SQL = {
    "paper": "SELECT id FROM papers WHERE id LIKE ? ESCAPE '\\' ORDER BY id",
    "domain": "SELECT DISTINCT domain FROM paper_domains WHERE domain LIKE ? ESCAPE '\\' ORDER BY domain",
}


def ids_starting_with(vault: Vault, kind: Literal["paper", "domain"], prefix: str) -> list[str]:
    """Paper ids or domain ids beginning with ``prefix``, for shell completion (runs on every <Tab>).

    Reads the database read-only and never creates a vault, migrates a schema or fails: a missing or
    unreadable database completes to nothing.
    """
    if not vault.db_path.is_file():
        return []
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{vault.db_path}?mode=ro", uri=True, timeout=1)) as db:
            rows = db.execute(_COMPLETION_SQL[kind], (pattern,)).fetchall()
    except sqlite3.Error:
        return []
    return [str(row[0]) for row in rows]


def _read_note(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise NoteFormatError(path, f"cannot be read ({error.strerror})") from error


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
