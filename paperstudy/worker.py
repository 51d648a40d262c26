"""Run a parser in a separate process with a time limit, so one pathological PDF cannot hang a batch.

Each file is parsed in a fresh child forked from a clean fork server (PyMuPDF preloaded), which also keeps
the main process's memory flat across a long batch. ``parse_in_pool`` keeps up to ``workers`` such
children busy at once (one waiting thread each, which only blocks on the child's pipe) and hands their
results back in input order, at most a few files ahead of the consumer, so memory stays flat however long
the batch.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import TypeVar

from paperstudy.errors import PaperstudyError, ParseTimeout, PdfError
from paperstudy.models import ParsedPaper
from paperstudy.parsing import PaperParser

_CONTEXT: ForkServerContext | None = None
_RUNNING: set[multiprocessing.process.BaseProcess] = set()
"""Parse children alive now (several under ``parse_in_pool``): killed when a batch is abandoned."""
_RUNNING_LOCK = threading.Lock()
T = TypeVar("T")
R = TypeVar("R")


def _context() -> ForkServerContext:
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(
            ["paperstudy.parsing.pdflib", "paperstudy.parsing", "paperstudy.models"]
        )
    return _CONTEXT


# How long a child may take to start before it begins to parse (a loaded machine forks slowly); the
# file's own time limit counts from then, so a busy machine does not fail a quick file.
_START_LIMIT = 60.0


def _child(parser: PaperParser, path: Path, conn: multiprocessing.connection.Connection) -> None:
    try:
        conn.send(("started", None))
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
    with _RUNNING_LOCK:
        _RUNNING.add(process)
    try:
        try:
            if receiver.poll(_START_LIMIT):
                receiver.recv()  # "started": the file's time limit counts from here
            if not receiver.poll(timeout):
                raise ParseTimeout(
                    path,
                    f"parsing took longer than {timeout:g} s and was stopped; the PDF may be malformed "
                    "(raise PAPERSTUDY_PARSE_TIMEOUT for very long documents)",
                )
            status, payload = receiver.recv()
        except EOFError:
            raise PdfError(path, "the parser crashed on this file (the PDF may be malformed)") from None
    finally:
        receiver.close()
        with _RUNNING_LOCK:
            _RUNNING.discard(process)
        if process.is_alive():
            process.kill()
        process.join(5)
    if status == "error":
        raise payload
    return ParsedPaper.model_validate_json(payload)


def default_workers() -> int:
    """One parse worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def parse_in_pool(
    parse: Callable[[T], R], items: Iterable[T], workers: int, batch: int = 1
) -> Iterator[list[tuple[T, R | PaperstudyError]]]:
    """``parse`` of each item, ``workers`` at a time, in input order, as (item, result or the
    ``PaperstudyError`` it raised). Yields lists: the next result (waiting for it), then up to
    ``batch - 1`` more that are already finished, so the consumer can work on several at once without
    ever waiting for a batch to fill. ``parse`` is expected to do its work in a child process (as
    ``parse_with_limit`` does): the threads here only wait on it. At most ``2 × workers + batch`` results
    are held ahead of the consumer, so memory stays flat over any number of items."""
    workers = max(1, workers)
    _context()  # set the context up once, before the threads use it
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="paperstudy-parse")
    finished = False
    try:
        pending: deque[tuple[T, Future[R]]] = deque()
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * workers + batch:
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((item, pool.submit(parse, item)))
            if not pending:
                finished = True
                return
            out: list[tuple[T, R | PaperstudyError]] = []
            while pending and (not out or (len(out) < batch and pending[0][1].done())):
                item, future = pending.popleft()
                try:
                    out.append((item, future.result()))
                except PaperstudyError as error:
                    out.append((item, error))
            yield out
    finally:
        if not finished:  # abandoned (Ctrl-C, the consumer failed): stop the files still being parsed
            pool.shutdown(wait=False, cancel_futures=True)
            stop_running_parses()
        pool.shutdown(wait=True)


def stop_running_parses() -> None:
    """Kill every parse child still running (their waiting threads then return at once)."""
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for process in running:
        if process.is_alive():
            process.kill()
