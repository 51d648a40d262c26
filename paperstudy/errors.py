"""One root error type; subclasses carry context (path, page, url) and a message a user can act on.

The CLI and the app catch ``PaperstudyError`` and show ``str(error)``: one clear line, never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class PaperstudyError(Exception):
    """Root of every error paperstudy raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross the parser's process boundary; rebuild them from their message and context.
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type[PaperstudyError], message: str, state: dict[str, object]) -> PaperstudyError:
    error = cls.__new__(cls)
    PaperstudyError.__init__(error, message)
    error.__dict__.update(state)
    return error


class ConfigError(PaperstudyError):
    """A setting or argument is invalid (bad domain id, unknown option value, unreadable config)."""


class PdfError(PaperstudyError):
    """A file could not be read as a research paper. The message names the file and says what to do."""

    def __init__(self, path: Path | str, problem: str, page: int | None = None) -> None:
        self.path = Path(path)
        self.page = page
        where = f"{self.path.name}" + (f" (page {page})" if page is not None else "")
        super().__init__(f"{where}: {problem}")


class ParseTimeout(PdfError):
    """The parser took longer than the per-file limit (a pathological PDF)."""


class NotFoundError(PaperstudyError):
    """A paper, domain or card the user named does not exist in the library."""


class StoreError(PaperstudyError):
    """The library on disk cannot be used as is (newer schema, corrupt database, unwritable vault)."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        super().__init__(message)


class NoteFormatError(PaperstudyError):
    """A note's Markdown or front matter cannot be read back (the user may have broken the YAML)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {problem}")


class NotesConflict(PaperstudyError):
    """A note's "My notes" changed on disk since the editor loaded it (another tab or an editor)."""


class SourceError(PaperstudyError):
    """A search service failed; ``url`` is what was requested."""

    def __init__(self, message: str, url: str | None = None) -> None:
        self.url = url
        super().__init__(message)


class ScholarBlocked(SourceError):
    """Google Scholar answered with HTTP 403 or a CAPTCHA page: retrying only makes it worse."""


class RateLimited(SourceError):
    """A service kept answering 429/503 after our backoff and retries gave up."""


class DownloadError(SourceError):
    """A PDF could not be downloaded or what arrived is not a whole PDF."""


class SearchIndexError(PaperstudyError):
    """The search index cannot answer (no embedding model available, index built with another model)."""
