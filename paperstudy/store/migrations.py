"""The library database's schema, as an ordered list of migrations, and opening a database at it.

Each migration moves the database from version N-1 to N; ``open_database`` applies the missing ones in one
transaction that holds SQLite's write lock from the first read of the version on, so two processes opening
a new vault at once both succeed (the second finds the schema the first created). A database that already
holds data is backed up before its shape changes. Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_random

from paperstudy.errors import StoreError

MIGRATIONS: list[str] = [
    # 1: papers, their domains, page texts (stored once), section outline and entities.
    """
    CREATE TABLE papers (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        authors     TEXT NOT NULL,              -- JSON list
        year        INTEGER,
        arxiv_id    TEXT,
        doi         TEXT,
        sha256      TEXT NOT NULL UNIQUE,
        page_count  INTEGER NOT NULL,
        source_path TEXT,
        note_path   TEXT NOT NULL,              -- relative to the vault
        note_sha256 TEXT NOT NULL,              -- of the note as last written, to notice user edits
        parsed      TEXT NOT NULL,              -- JSON ParsedPaper without page texts
        added_at    TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE UNIQUE INDEX papers_arxiv_id ON papers(arxiv_id) WHERE arxiv_id IS NOT NULL;
    CREATE INDEX papers_doi ON papers(doi) WHERE doi IS NOT NULL;
    CREATE TABLE paper_domains (
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        domain   TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (paper_id, domain)
    );
    CREATE INDEX paper_domains_domain ON paper_domains(domain);
    CREATE TABLE pages (
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        page     INTEGER NOT NULL,
        text     TEXT NOT NULL,
        PRIMARY KEY (paper_id, page)
    );
    CREATE TABLE sections (
        paper_id   TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position   INTEGER NOT NULL,
        level      INTEGER NOT NULL,
        number     TEXT,
        heading    TEXT NOT NULL,
        page_start INTEGER NOT NULL,
        page_end   INTEGER NOT NULL,
        facet      TEXT NOT NULL,
        PRIMARY KEY (paper_id, position)
    );
    CREATE TABLE entities (
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        kind     TEXT NOT NULL CHECK (kind IN ('dataset', 'metric', 'baseline')),
        name     TEXT NOT NULL,
        detail   TEXT NOT NULL,                 -- JSON: values, pages, size
        PRIMARY KEY (paper_id, kind, name)
    );
    CREATE INDEX entities_kind_name ON entities(kind, name);
    """,
    # 2: quiz cards, their review log and the scheduler's settings. No foreign key to papers on purpose:
    # removing or re-indexing a paper must never delete a card or its review history.
    """
    CREATE TABLE quiz_cards (
        id          TEXT PRIMARY KEY,           -- hash of paper, kind, slot and source text
        paper_id    TEXT,                       -- informational, NOT a foreign key
        domains     TEXT NOT NULL,              -- JSON list of domain ids the card was generated for
        kind        TEXT NOT NULL,
        facet       TEXT,
        item        TEXT NOT NULL,              -- JSON QuizItem as last generated
        edits       TEXT,                       -- JSON {"question", "answer"} the user changed, or NULL
        fsrs        TEXT NOT NULL,              -- JSON fsrs.Card
        state       TEXT NOT NULL DEFAULT 'new',
        due         TEXT NOT NULL,              -- ISO 8601 UTC, copied from fsrs for queries
        reps        INTEGER NOT NULL DEFAULT 0,
        lapses      INTEGER NOT NULL DEFAULT 0,
        suspended   INTEGER NOT NULL DEFAULT 0,
        deleted     INTEGER NOT NULL DEFAULT 0, -- soft delete: regeneration never brings it back
        orphaned_at TEXT,                       -- set when the source no longer produces the card
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX quiz_cards_due ON quiz_cards(due);
    CREATE TABLE quiz_reviews (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        card_id      TEXT NOT NULL,             -- NOT a foreign key: history outlives cards and papers
        rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at  TEXT NOT NULL,
        domains      TEXT NOT NULL,
        kind         TEXT NOT NULL,
        facet        TEXT,
        state_before TEXT NOT NULL,
        response     TEXT,
        score        REAL,
        method       TEXT,
        duration_ms  INTEGER,
        due_after    TEXT
    );
    CREATE INDEX quiz_reviews_card ON quiz_reviews(card_id, reviewed_at);
    CREATE INDEX quiz_reviews_time ON quiz_reviews(reviewed_at);
    CREATE TABLE quiz_settings (
        key   TEXT PRIMARY KEY,                 -- fsrs_parameters, desired_retention, new_per_day
        value TEXT NOT NULL                     -- JSON
    );
    """,
    # 3: the search index (issue: Library). Passages with their vectors live in one row, so a vector never
    # outlives its passage and a passage is removed with its paper (ON DELETE CASCADE). The write side stages
    # a paper's passages first; the triggers on ``papers`` publish them in the same transaction that writes
    # the paper's row, so a committed note always has its passages and vectors, and a crash before the
    # commit leaves only staged rows, which search never reads.
    """
    CREATE TABLE passages (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: (count, max id) stamps the index
        paper_id    TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        section     TEXT NOT NULL,
        facet       TEXT NOT NULL,
        page        INTEGER NOT NULL,
        text        TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,                      -- of the text as embedded
        model       TEXT NOT NULL,                      -- embedding model id
        vector      BLOB NOT NULL,                      -- float16, L2-normalised
        UNIQUE (paper_id, position)
    );
    CREATE INDEX passages_model_hash ON passages(model, text_sha256);
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        text, section, title, tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts (rowid, text, section, title)
        VALUES (NEW.id, NEW.text, NEW.section, (SELECT title FROM papers WHERE id = NEW.paper_id));
    END;
    CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
        DELETE FROM passages_fts WHERE rowid = OLD.id;
    END;
    CREATE TABLE staged_passages (
        paper_id     TEXT NOT NULL,                     -- no foreign key: the paper may not exist yet
        paper_sha256 TEXT NOT NULL,                     -- the PDF these passages were cut from
        position     INTEGER NOT NULL,                  -- -1: a marker row for a paper with no passages
        section      TEXT NOT NULL,
        facet        TEXT NOT NULL,
        page         INTEGER NOT NULL,
        text         TEXT NOT NULL,
        text_sha256  TEXT NOT NULL,
        model        TEXT NOT NULL,
        vector       BLOB NOT NULL,
        PRIMARY KEY (paper_id, position)
    );
    CREATE TRIGGER papers_publish_insert AFTER INSERT ON papers
    WHEN EXISTS (SELECT 1 FROM staged_passages WHERE paper_id = NEW.id AND paper_sha256 = NEW.sha256)
    BEGIN
        DELETE FROM passages WHERE paper_id = NEW.id;
        INSERT INTO passages (paper_id, position, section, facet, page, text, text_sha256, model, vector)
        SELECT paper_id, position, section, facet, page, text, text_sha256, model, vector
        FROM staged_passages WHERE paper_id = NEW.id AND position >= 0 ORDER BY position;
        DELETE FROM staged_passages WHERE paper_id = NEW.id;
    END;
    CREATE TRIGGER papers_publish_update AFTER UPDATE ON papers
    WHEN EXISTS (SELECT 1 FROM staged_passages WHERE paper_id = NEW.id AND paper_sha256 = NEW.sha256)
    BEGIN
        DELETE FROM passages WHERE paper_id = NEW.id;
        INSERT INTO passages (paper_id, position, section, facet, page, text, text_sha256, model, vector)
        SELECT paper_id, position, section, facet, page, text, text_sha256, model, vector
        FROM staged_passages WHERE paper_id = NEW.id AND position >= 0 ORDER BY position;
        DELETE FROM staged_passages WHERE paper_id = NEW.id;
    END;
    """,
    # 4: bibliography metadata (issue: Zotero/BibTeX). A paper's citation key (unique when set), its venue,
    # and where its title/authors/year/venue/DOI/arXiv id come from when an imported entry set them.
    """
    ALTER TABLE papers ADD COLUMN citekey TEXT;
    ALTER TABLE papers ADD COLUMN venue TEXT;
    ALTER TABLE papers ADD COLUMN entry_type TEXT;
    ALTER TABLE papers ADD COLUMN metadata_from TEXT;
    CREATE UNIQUE INDEX papers_citekey ON papers(citekey) WHERE citekey IS NOT NULL;
    """,
    # 5: retired cards (issue #12). A card the deck's rules no longer keep (a bare number to memorise, the
    # domain's universal metric, a source the paper does not print) is marked retired, never deleted: its
    # reviews stay, it leaves decks and sessions, and the user may bring it back (``kept``: never retired
    # again).
    """
    ALTER TABLE quiz_cards ADD COLUMN retired_at TEXT;
    ALTER TABLE quiz_cards ADD COLUMN retired_reason TEXT;
    ALTER TABLE quiz_cards ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;
    """,
]

LATEST_VERSION = len(MIGRATIONS)
_BUSY_TIMEOUT = 30.0
"""Seconds a connection waits for another's lock before it gives up."""


def connect(db_path: Path) -> sqlite3.Connection:
    """A connection with the settings every user of the library needs (one per thread)."""
    connection = sqlite3.connect(db_path, timeout=_BUSY_TIMEOUT, isolation_level=None)
    try:
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
        _use_wal(connection)
        connection.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        connection.close()  # a file SQLite cannot read, or a lock held past the timeout
        raise
    return connection


def _locked(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)


def _use_wal(connection: sqlite3.Connection) -> None:
    """Switch to write-ahead logging. Switching needs the database to itself and SQLite answers "database
    is locked" at once, without its busy timeout, while another connection holds it (several processes
    opening a new library together): wait a moment and try again, as long as the timeout would."""
    for attempt in Retrying(
        retry=retry_if_exception(_locked),
        stop=stop_after_delay(_BUSY_TIMEOUT),
        wait=wait_random(0.005, 0.05),
        reraise=True,
    ):
        with attempt:
            connection.execute("PRAGMA journal_mode = WAL")


def open_database(db_path: Path) -> sqlite3.Connection:
    """A connection to the library database at ``LATEST_VERSION`` (created or migrated as needed)."""
    try:
        connection = connect(db_path)
    except sqlite3.DatabaseError as error:
        raise unreadable_database(db_path, error) from error
    try:
        migrate(connection, db_path)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise unreadable_database(db_path, error) from error
    except BaseException:
        connection.close()
        raise
    return connection


def unreadable_database(db_path: Path, error: BaseException) -> StoreError:
    """The advice for a database SQLite cannot read: keep the file (cards and reviews live only there)."""
    return StoreError(
        f"the library database {db_path} cannot be read ({error}). It is the only copy of your quiz "
        f"cards and review history, so keep it: first copy it aside (cp '{db_path}' '{db_path}.broken'), "
        "then move it away and run `paperstudy reindex`, which rebuilds papers, passages and vectors "
        "from your notes and PDFs (your notes, My notes and corrections are kept; cards and reviews stay "
        "only in the copy)",
        db_path,
    )


def schema_version(connection: sqlite3.Connection) -> int:
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(connection: sqlite3.Connection, db_path: Path) -> None:
    """Bring the schema to ``LATEST_VERSION``; refuse a database written by a newer paperstudy."""
    current = schema_version(connection)
    _refuse_newer(current, db_path)
    if current == LATEST_VERSION:
        return
    if current > 0:
        # The user's data predates this version: keep a copy before changing its shape (SQLite's backup
        # API, so what sits in the write-ahead log is in the copy too).
        backup = sqlite3.connect(db_path.with_name(f"{db_path.name}.v{current}.bak"))
        try:
            connection.backup(backup)
        finally:
            backup.close()
    connection.execute("BEGIN IMMEDIATE")  # the write lock, before reading the version we act on
    try:
        connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = schema_version(connection)  # another process may have migrated while we waited
        _refuse_newer(current, db_path)
        for version in range(current + 1, LATEST_VERSION + 1):
            for statement in _split_sql(MIGRATIONS[version - 1]):
                connection.execute(statement)
            connection.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _refuse_newer(current: int, db_path: Path) -> None:
    if current > LATEST_VERSION:
        raise StoreError(
            f"{db_path} was written by a newer paperstudy (schema {current}, this one knows "
            f"{LATEST_VERSION}); upgrade paperstudy to use it",
            db_path,
        )


def _split_sql(script: str) -> list[str]:
    # executescript() would commit our transaction; run the statements one by one instead.
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [s for s in statements if s]
