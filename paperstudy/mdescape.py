"""Text from a PDF, made safe to put in Markdown. Pure.

A paper's title, abstract or caption is data: ``<script>`` must show as those characters, ``[click](…)``
must not become a link, ``$x$`` must not become math, ``%%`` must not hide the rest of a line (Obsidian),
and ``#word`` must not become a tag. Backslash escapes do all of that in CommonMark, GitHub and Obsidian,
and a plain-text reader still reads the words. Intra-word underscores (``feature_x``) stay as they are:
no renderer emphasises them.
"""

from __future__ import annotations

import re

# Characters that start Markdown, HTML, math, tags, highlights or Obsidian comments/links/embeds anywhere.
_ALWAYS = set("\\`*[]<>#$|~^")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(?=\s|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_inline(text: str) -> str:
    """One line of paper text, shown verbatim by every Markdown renderer (newlines become spaces)."""
    return _escape_line(" ".join(_CONTROL.sub(" ", text).split()))


def escape_block(text: str) -> str:
    """Paper text that may span lines (an abstract): each line escaped, line starts that would begin a
    list, heading or quote made literal, blank lines kept as paragraph breaks."""
    lines = [_escape_line(" ".join(line.split())) for line in _CONTROL.sub(" ", text).split("\n")]
    return "\n".join(_BLOCK_START.sub(r"\1\\\2", line) for line in lines)


def _escape_line(text: str) -> str:
    out: list[str] = []
    for i, char in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if (
            char in _ALWAYS
            or (char == "_" and not (before.isalnum() and after.isalnum()))
            or (char in "=%" and (after == char or before == char))
        ):
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = "".join(out)
    return _ENTITY.sub(r"\\&", escaped)


def plain_value(text: str) -> str:
    """A front-matter value from paper text: one line, no control characters (YAML quoting is the
    dumper's job; Obsidian shows properties as plain text)."""
    return " ".join(_CONTROL.sub(" ", text).split())


def link_label(text: str) -> str:
    """The label of a ``[[id|label]]`` wikilink: words and plain punctuation only, so nothing can end or
    split the link, and a renderer that does not know wikilinks shows no HTML or Markdown in it."""
    return " ".join(re.sub(r"[^\w\s.,:;'()+/!?-]", " ", plain_value(text)).split())
