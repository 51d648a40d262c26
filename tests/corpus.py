"""Where the shared corpus is: ``PAPERSTUDY_TEST_CORPUS``, else ``../shared/corpus`` beside the checkout.

Tests that need it skip with a reason when it is absent; its files are never copied into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("PAPERSTUDY_TEST_CORPUS") or REPO.parent / "shared" / "corpus")
