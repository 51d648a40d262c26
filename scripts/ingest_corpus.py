"""Ingest the shared corpus into the vault, one `paperstudy ingest` per domain (used by `make run`).

The domain of each paper comes from the corpus's SOURCES.md table (columns: slug, title, …, domain, …).
PDFs already in the library under their domain are skipped (`--skip-known`), so a second run is quick.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

CLI = Path(sys.executable).parent / "paperstudy"  # the console script of this virtualenv
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
        status |= subprocess.run(
            [str(CLI), "ingest", *pdfs, "--domain", domain, "--skip-known"], check=False
        ).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
