"""Ingest the shared corpus into the vault, one `paperstudy ingest` per domain (used by `make run`).

The domain of each paper comes from the corpus's SOURCES.md table (columns: slug, title, …, domain, …).
PDFs already in the library under their domain are skipped (`--skip-known`), so a second run is quick.
The commands run in this one process, so the embedding model and PyMuPDF load once, not once per domain.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROW = re.compile(r"^\|\s*([a-z0-9][a-z0-9-]*)\s*\|")


def domains_by_slug(sources: Path) -> dict[str, str]:
    mapping: dict[str, str] = {}
    header: list[str] = []
    for line in sources.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "slug":
            header = cells
        elif header and ROW.match(line) and len(cells) == len(header):
            domain = cells[header.index("domain")].split("/")[0].strip()
            mapping[cells[0]] = re.sub(r"[^a-z0-9-]+", "-", domain.lower()).strip("-")
    return mapping


def main() -> int:
    from paperstudy.cli import app

    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
    if not (corpus / "pdfs").is_dir():
        print(f"No corpus at {corpus}: nothing to ingest. Try `paperstudy ingest PAPER.pdf --domain D`.")
        return 0
    mapping = domains_by_slug(corpus / "SOURCES.md")
    groups: dict[str, list[str]] = defaultdict(list)
    for pdf in sorted((corpus / "pdfs").glob("*.pdf")):
        groups[mapping.get(pdf.stem, "papers")].append(str(pdf))
    status = 0
    for domain, pdfs in sorted(groups.items()):
        print(f"\n== {domain}: {len(pdfs)} papers")
        code = app(["ingest", *pdfs, "--domain", domain, "--skip-known"], standalone_mode=False)
        status |= int(code or 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
