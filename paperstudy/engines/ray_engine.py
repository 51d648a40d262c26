"""``ingest --engine ray``: the pipeline's own stage functions as Ray Data stages, one writer in the driver.

    paths ─ from_items ─▶ parse ``map`` (``pipeline.parse_pdf``: checks, the parser in a child under the
    time limit) ─▶ embed ``map_batches`` (``indexing.embed_papers``: several papers' passages in one
    encoder call, on a GPU when the cluster has one) ─▶ ``iter_rows`` in input order ─▶ the driver's
    ``LibraryWriter`` (note building and the write, exactly as a local ingest does them).

The order is preserved (``DataContext.execution_options.preserve_order``), the embed stage uses the model
the library's vectors are made with, and the writer re-embeds any passage whose final text differs from
the one embedded ahead, so the notes and the database are the same as a local ingest's. The files are
read by path: on a multi-machine cluster they must be on storage every node and the driver see under the
same path (a shared filesystem); the driver copies each PDF into the vault as a local ingest does.

Without an address (``--address`` or ``RAY_ADDRESS``) a local Ray is started on this machine's cores.
"""

from __future__ import annotations

import os
import re
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperstudy.errors import ConfigError, PaperstudyError
from paperstudy.index.embed import Encoder, get_encoder
from paperstudy.index.indexing import Indexer, embed_papers, paper_texts
from paperstudy.index.model_choice import encoder_for_model_id, library_encoder
from paperstudy.index.passages import text_hash
from paperstudy.models import PaperOutcome, ParsedPaper
from paperstudy.parsing import PaperParser, PyMuPdfParser
from paperstudy.pipeline import (
    EMBED_BATCH,
    LibraryWriter,
    check_domain,
    finish_batch,
    guessed_title,
    parse_pdf,
)
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault

EXTRA_HINT = (
    "the Ray engine needs the `cluster` extra: pip install 'paperstudy[cluster]' "
    "(a checkout's `make install` installs it), or use the default --engine local"
)
LOCAL_CPUS = 2
"""CPUs of the local Ray started when no cluster address is given."""
LOCAL_RAY: dict[str, Any] = {
    "num_cpus": LOCAL_CPUS,
    "include_dashboard": False,
    "log_to_driver": False,
    "configure_logging": False,
}
"""``ray.init`` arguments of the local Ray (the tests start theirs with the same)."""
EMBED_CPUS = 0.25
"""The CPU share the encoder actor reserves without a GPU: the static model embeds a paper in
milliseconds, so the parse tasks keep the cores."""


@dataclass
class StageStats:
    """One stage's throughput: papers through it and the seconds its workers were busy on them."""

    name: str
    papers: int = 0
    busy_seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.papers / self.busy_seconds if self.busy_seconds > 0 else 0.0


@dataclass
class RayIngest:
    """What a Ray ingest did: one outcome per path (input order) and each stage's throughput."""

    outcomes: list[PaperOutcome]
    stages: list[StageStats] = field(default_factory=list)
    wall_seconds: float = 0.0
    address: str = ""


def ray_module() -> Any:
    """``ray`` with Ray Data, or a clear error naming the extra."""
    try:
        import ray
        import ray.data
    except ImportError as error:
        raise ConfigError(EXTRA_HINT) from error
    return ray


def start_ray(address: str | None) -> str:
    """Connect to the cluster at ``address`` (else ``RAY_ADDRESS``), else start a local Ray; returns
    where it runs. A Ray this process already started is reused."""
    ray = ray_module()
    if not ray.is_initialized():
        target = address or os.environ.get("RAY_ADDRESS") or None
        try:
            if target is None:
                ray.init(**LOCAL_RAY)
            else:
                check_reachable(target)
                ray.init(address=target, log_to_driver=False, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError) as error:
            raise ConfigError(
                f"could not reach the Ray cluster at {target}: {error} (start one with `ray start "
                "--head`, or leave out --address and RAY_ADDRESS to run Ray on this machine)"
            ) from error
    context = ray.get_runtime_context()
    return str(getattr(context, "gcs_address", "") or "local")


def check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail fast, with a clear message, when a ``host:port`` cluster address does not answer (Ray itself
    keeps retrying for minutes). ``auto`` and other address forms are left to Ray."""
    match = re.fullmatch(r"(?:ray://)?\[?([^\]/]+?)\]?:(\d+)", address.strip())
    if match is None:
        return
    try:
        socket.create_connection((match.group(1), int(match.group(2))), timeout=timeout).close()
    except OSError as error:
        raise ConfigError(
            f"could not reach the Ray cluster at {address} ({error}); check the address `ray start "
            "--head` printed, or leave out --address and RAY_ADDRESS to run Ray on this machine"
        ) from None


def ray_ingest(
    paths: Sequence[Path],
    domain: str,
    settings: Settings,
    *,
    address: str | None = None,
    parser: PaperParser | None = None,
    skip_known: bool = False,
    on_result: Callable[[PaperOutcome], None] | None = None,
) -> RayIngest:
    """Ingest ``paths`` into ``domain`` through Ray; one outcome per path in input order (``on_result``
    too). One file failing never stops the batch."""
    domain = check_domain(domain)
    ray = ray_module()
    parser = parser or PyMuPdfParser()
    started = time.perf_counter()
    where = start_ray(address)
    outcomes: list[PaperOutcome] = []
    parse_stats, embed_stats, write_stats = StageStats("parse"), StageStats("embed"), StageStats("write")
    with Library(Vault(settings.notes)) as library:
        indexer = Indexer(library_encoder(library.db, settings.embedding_model).encoder)
        writer = LibraryWriter(library, domain, settings, indexer, skip_known=skip_known)
        todo = [(Path(p), writer.known(Path(p)) is not None) for p in paths]
        rows = _rows(ray, [p for p, known in todo if not known], parser, settings, indexer.encoder)
        for path, known in todo:
            row = None if known else next(rows)
            parsed: ParsedPaper | PaperstudyError | None = None
            if row is not None:
                parse_stats.papers += 1
                parse_stats.busy_seconds += float(row["parse_seconds"])
                embed_stats.busy_seconds += float(row["embed_seconds"])
                if row["error"]:
                    parsed = PaperstudyError(str(row["error"]))
                else:
                    parsed = ParsedPaper.model_validate_json(row["parsed"])
                    embed_stats.papers += 1
                    indexer.supply(_vectors(row))
            start = time.perf_counter()
            outcome = writer.write(path, parsed)
            indexer.clear_supplied()
            write_stats.papers += 1
            write_stats.busy_seconds += time.perf_counter() - start
            outcomes.append(outcome)
            if on_result is not None:
                on_result(outcome)
        finish_batch(library, indexer, writer.changed)
    return RayIngest(
        outcomes=outcomes,
        stages=[parse_stats, embed_stats, write_stats],
        wall_seconds=time.perf_counter() - started,
        address=where,
    )


def _rows(ray: Any, paths: list[Path], parser: PaperParser, settings: Settings, encoder: Encoder) -> Any:
    """The Ray Data pipeline over ``paths``, as an iterator of result rows in input order."""
    if not paths:
        return iter(())
    data = ray.data
    context = data.DataContext.get_current()
    context.execution_options.preserve_order = True  # the writer takes papers in input order
    context.enable_progress_bars = False  # stderr carries the stage table, not Ray's bars
    gpus = 1 if float(ray.cluster_resources().get("GPU", 0)) >= 1 else None
    dataset = data.from_items([{"path": str(p)} for p in paths])
    # A parse task per CPU; the encoder actor asks for less (or a GPU), which also keeps Ray from fusing
    # the two stages into the one actor (parsing would then run one file at a time).
    dataset = dataset.map(parse_row, fn_kwargs={"parser": parser, "settings": settings}, num_cpus=1)
    dataset = dataset.map_batches(
        EmbedStage,
        fn_constructor_kwargs={"model_id": encoder.model_id, "configured": settings.embedding_model},
        batch_size=EMBED_BATCH,
        batch_format="numpy",
        compute=data.ActorPoolStrategy(size=1),
        num_cpus=EMBED_CPUS if gpus is None else 1,
        num_gpus=gpus,
    )
    return iter(dataset.iter_rows())


def parse_row(row: dict[str, Any], *, parser: PaperParser, settings: Settings) -> dict[str, Any]:
    """The parse stage on one row: ``pipeline.parse_pdf``; a file's failure travels as its message."""
    start = time.perf_counter()
    try:
        parsed, error = parse_pdf(Path(row["path"]), parser, settings).model_dump_json(), ""
    except PaperstudyError as failure:
        parsed, error = "", str(failure)
    return {
        "path": row["path"],
        "parsed": parsed,
        "error": error,
        "parse_seconds": time.perf_counter() - start,
    }


class EmbedStage:
    """The embed stage: one encoder per Ray actor (the library's model), several papers per call."""

    def __init__(self, model_id: str, configured: str | None) -> None:
        encoder = encoder_for_model_id(model_id) or get_encoder(configured)
        if encoder.model_id != model_id:
            raise ConfigError(
                f"this Ray worker cannot load the library's embedding model {model_id} (it has "
                f"{encoder.model_id}); install the same paperstudy version on every node"
            )
        self.encoder = encoder

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        start = time.perf_counter()
        count = len(batch["path"])
        titled: list[tuple[str, ParsedPaper] | None] = []
        for path, parsed in zip(batch["path"], batch["parsed"], strict=True):
            paper = ParsedPaper.model_validate_json(str(parsed)) if parsed else None
            titled.append(None if paper is None else (guessed_title(Path(str(path)), paper), paper))
        vectors = embed_papers(self.encoder, [t for t in titled if t is not None])
        digests: list[str] = []
        blobs: list[bytes] = []
        for item in titled:  # each row carries the vectors of its own passages
            own = [] if item is None else list(dict.fromkeys(map(text_hash, paper_texts(*item))))
            digests.append(" ".join(own))
            blobs.append(b"".join(vectors[d] for d in own))
        batch["digests"] = _column(digests)
        batch["vectors"] = _column(blobs)
        batch["embed_seconds"] = _column([(time.perf_counter() - start) / max(1, count)] * count)
        return batch


def _column(values: list[Any]) -> Any:
    import numpy as np

    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


def _vectors(row: dict[str, Any]) -> dict[str, bytes]:
    digests = str(row["digests"]).split()
    blob = bytes(row["vectors"])
    if not digests:
        return {}
    size = len(blob) // len(digests)
    return {d: blob[i * size : (i + 1) * size] for i, d in enumerate(digests)}
