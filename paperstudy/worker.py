"""Run a parser in a separate process with a time limit, so one pathological PDF cannot hang a batch.

Each file is parsed in a fresh child forked from a clean fork server (PyMuPDF preloaded), which also keeps
the main process's memory flat across a long batch.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from multiprocessing.context import ForkServerContext
from pathlib import Path

from paperstudy.errors import PaperstudyError, ParseTimeout, PdfError
from paperstudy.models import ParsedPaper
from paperstudy.parsing import PaperParser

_CONTEXT: ForkServerContext | None = None


def _context() -> ForkServerContext:
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(
            ["paperstudy.parsing.pdflib", "paperstudy.parsing", "paperstudy.models"]
        )
    return _CONTEXT


def _child(parser: PaperParser, path: Path, conn: multiprocessing.connection.Connection) -> None:
    try:
        conn.send(("ok", parser.parse(path).model_dump_json()))
    except PaperstudyError as error:
        conn.send(("error", error))
    except Exception as error:  # the parser's own bug: report it as this file's failure
        conn.send(("error", PdfError(path, f"the parser failed ({type(error).__name__}: {error})")))
    finally:
        conn.close()


def parse_with_limit(parser: PaperParser, path: Path, timeout: float) -> ParsedPaper:
    """Parse ``path`` in a child process; raise ``ParseTimeout`` after ``timeout`` seconds."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(parser, path, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ParseTimeout(
                path,
                f"parsing took longer than {timeout:g} s and was stopped; the PDF may be malformed "
                "(raise PAPERSTUDY_PARSE_TIMEOUT for very long documents)",
            )
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise PdfError(path, "the parser crashed on this file (the PDF may be malformed)") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status == "error":
        raise payload
    return ParsedPaper.model_validate_json(payload)
