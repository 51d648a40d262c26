"""The base every data type derives from, and the small types and patterns they share."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

FacetName = Literal["data", "features", "architecture", "results", "other"]
FACETS: tuple[FacetName, ...] = ("data", "features", "architecture", "results")
"""The four facets an interviewer probes, in the order a note shows them (``other`` is not shown)."""

BBox = tuple[float, float, float, float]
"""A rectangle on a page in PDF points: x0, y0, x1, y1 (origin top-left, as PyMuPDF reports it)."""

PAPER_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
DOMAIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")


class Model(BaseModel):
    """Base for every type: unknown fields are refused so a typo never passes silently. Validators are
    built on a type's first use, not at import: a command uses a few of these types, and building all of
    them was a third or more of this module's 0.1 s import (``paperstudy find`` from the shell)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
