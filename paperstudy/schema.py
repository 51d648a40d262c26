"""The library database's schema, as an ordered list of migrations.

Each migration moves the database from version N-1 to N; ``store`` applies the missing ones in one
transaction and backs the file up first. Never edit a released migration: append a new one.
"""

from __future__ import annotations

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
]

LATEST_VERSION = len(MIGRATIONS)
