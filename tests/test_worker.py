"""The parse pool: several files at once, results in input order, each file under its own time limit."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperstudy.errors import PaperstudyError, PdfError
from paperstudy.models import PaperOutcome, ParsedPaper
from paperstudy.pipeline import ingest_files
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault
from paperstudy.worker import default_workers, parse_in_pool
from tests.fakes import FakeParser, SlowOnSomeParser


def test_results_come_in_input_order_in_batches_of_finished_ones() -> None:
    def parse(item: int) -> int:
        time.sleep(0.02 * (6 - item % 6))  # later items finish first
        if item == 4:
            raise PdfError(Path("four.pdf"), "is not a PDF")
        return item * 10

    batches = list(parse_in_pool(parse, range(12), workers=3, batch=4))
    flat = [pair for batch in batches for pair in batch]
    assert [item for item, _ in flat] == list(range(12))
    assert all(1 <= len(batch) <= 4 for batch in batches)
    results = dict(flat)
    assert isinstance(results[4], PaperstudyError) and str(results[4]) == "four.pdf: is not a PDF"
    assert [results[i] for i in range(12) if i != 4] == [i * 10 for i in range(12) if i != 4]


def test_the_pool_reads_only_a_few_items_ahead_of_its_consumer() -> None:
    pulled: list[int] = []

    def items() -> Iterator[int]:
        for i in range(1000):
            pulled.append(i)
            yield i

    stream = parse_in_pool(lambda i: i, items(), workers=2, batch=3)
    first = next(stream)
    assert first[0] == (0, 0)
    assert len(pulled) <= 2 * 2 + 3 + 1  # a bounded window, not the whole batch of 1000
    stream.close()


def test_default_workers_is_at_least_one() -> None:
    assert default_workers() >= 1


def pdf(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n" + name.encode())
    return path


def test_a_file_over_the_time_limit_fails_alone_while_the_others_are_parsed(tmp_path: Path) -> None:
    settings = Settings(notes=tmp_path / "vault", parse_timeout=1.5, embedding_model="hash")
    paths = [
        pdf(tmp_path, n) for n in ("alpha.pdf", "slowthing.pdf", "beta_noarxiv.pdf", "gamma_noarxiv.pdf")
    ]
    paths.append(tmp_path / "missing.pdf")
    seen: list[PaperOutcome] = []
    outcomes = ingest_files(
        paths, "ctr", settings, parser=SlowOnSomeParser(), workers=2, on_result=seen.append
    )
    assert seen == outcomes and [o.path for o in outcomes] == [str(p) for p in paths]  # input order
    assert [o.status for o in outcomes] == ["ok", "failed", "ok", "ok", "failed"]
    assert "slowthing.pdf: parsing took longer than 1.5 s" in (outcomes[1].error or "")
    assert "missing.pdf: no such file" in (outcomes[4].error or "")
    with Library(Vault(settings.notes)) as library:
        assert library.paper_ids() == {o.paper_id for o in outcomes if o.paper_id}


@pytest.mark.parametrize("workers", [1, 2])
def test_the_same_pdf_twice_in_one_batch_is_added_then_updated_or_skipped(
    tmp_path: Path, workers: int
) -> None:
    settings = Settings(notes=tmp_path / "vault", embedding_model="hash")
    path = pdf(tmp_path, "deepthing.pdf")
    outcomes = ingest_files([path, path], "ctr", settings, parser=FakeParser(), workers=workers)
    assert [o.kind for o in outcomes] == ["added", "updated"]
    again = ingest_files(
        [path, pdf(tmp_path, "other_noarxiv.pdf"), path],
        "ctr",
        settings,
        parser=FakeParser(),
        workers=workers,
        skip_known=True,
    )
    assert [o.kind for o in again] == ["skipped", "added", "skipped"]


def test_an_abandoned_batch_stops_the_files_still_being_parsed(tmp_path: Path) -> None:
    from paperstudy import worker

    slow = [pdf(tmp_path, f"slow{i}.pdf") for i in range(2)]
    fast = pdf(tmp_path, "fast.pdf")
    stream = parse_in_pool(
        lambda p: worker.parse_with_limit(SlowOnSomeParser(), p, timeout=60), [fast, *slow], workers=3
    )
    [(first, parsed)] = next(stream)
    assert first == fast and not isinstance(parsed, PaperstudyError)
    for _ in range(400):  # the slow children may still be starting on a loaded machine
        with worker._RUNNING_LOCK:
            running = list(worker._RUNNING)
        if len(running) == 2:
            break
        time.sleep(0.05)
    assert len(running) == 2  # the two slow files are still being parsed
    stream.close()  # what Ctrl-C in the consumer does: they are killed, not waited for
    assert [p.exitcode for p in running] == [-signal.SIGKILL] * 2


class SlowToStartParser(FakeParser):
    """A parser that takes 2 s to arrive in its child process (as on a loaded machine), then parses at
    once."""

    def __getstate__(self) -> dict[str, object]:
        return {"start_delay": 2.0}  # a non-empty state, or pickle skips ``__setstate__``

    def __setstate__(self, state: dict[str, object]) -> None:
        delay = state["start_delay"]
        time.sleep(delay if isinstance(delay, float) else 0.0)


def test_the_time_limit_counts_from_the_start_of_the_parse_not_of_the_child(tmp_path: Path) -> None:
    from paperstudy.worker import parse_with_limit

    paper = parse_with_limit(SlowToStartParser(), pdf(tmp_path, "alpha.pdf"), timeout=1.0)
    assert paper.title


class DyingParser(FakeParser):
    """A parser whose process dies outright (as a segfault in a PDF library would kill it)."""

    def parse(self, path: Path) -> ParsedPaper:
        os._exit(1)


def test_a_child_that_dies_is_reported_as_a_crash_of_that_file(tmp_path: Path) -> None:
    from paperstudy.worker import parse_with_limit

    with pytest.raises(PdfError, match="crashed on this file"):
        parse_with_limit(DyingParser(), pdf(tmp_path, "alpha.pdf"), timeout=10.0)
