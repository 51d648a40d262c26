"""The front door: every use case written once, called by the CLI (``paperstudy/cli/``) and the app
(``app/``), taking and returning types from ``paperstudy.models``.

Each module serves the CLI module of the same name and the app pages listed:

- ``papers``: ingest, show, list, remove, reindex; one paper's view, pages, tables and My notes
  (``cli/papers.py``; Paper page, Search page's upload).
- ``adding``: search sources, study a domain, add one paper, add hits, uploads (``cli/adding.py``; Search).
- ``ask``: find passages, similar papers (``cli/ask.py``; Ask the library).
- ``domains``: the domain overview, a domain's papers, brief, compare (``cli/domains.py``; Domains).
- ``quiz``: quiz session, drill, deck, export, progress, card edits (``cli/quiz.py``; Quiz, Progress).
- ``library``: opening the library, per command or per app thread (every page).
- ``bibliography``: import a Zotero/BibTeX/CSL-JSON library or a folder of PDFs; export BibTeX and
  CSL-JSON (``cli/import_cmds.py``).
- ``completion``: shell completion of paper and domain ids, read-only (``cli/completion.py``).

Nothing below this package imports it; the CLI and the app import from paperstudy only this package,
``models``, ``errors`` and ``settings``.
"""
