"""Pure text clean-up: ligatures, hyphenated line breaks, whitespace."""

from __future__ import annotations

import re
import string
import unicodedata

LIGATURES: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u00ad": "",  # soft hyphen
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200b": "",
}
_LIGATURE_TABLE = str.maketrans(LIGATURES)
# Runs of two or more, or a lone tab/CR/FF/VT: a single space is left alone, so clean text is not rebuilt.
_SPACES = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")
# Found exactly where ``_SPACES`` is (a run of two holds two spaces or an odd one), but cheaper to look for.
_SPACES_PROBE = re.compile(r"  |[\t\r\f\v]")
_LIGATURE_CHARS = re.compile("[" + "".join(LIGATURES) + "\u21b5]")
# Old LaTeX Type 1 fonts put "ff" where Unicode has "↵" (U+21B5): "di↵erent", "e↵ect", "bu↵er".
_BROKEN_FF = re.compile(r"(?<=[A-Za-z])\u21b5|\u21b5(?=[a-z])")
_ASCII_LETTERS = frozenset(string.ascii_letters)
_NON_WORD = re.compile(r"[^\w]+")


def normalize_ligatures(text: str) -> str:
    """Expand typographic ligatures (ﬁ → fi) and drop soft hyphens / odd spaces."""
    if _LIGATURE_CHARS.search(text) is None:
        return text
    text = text.translate(_LIGATURE_TABLE)
    return _BROKEN_FF.sub("ff", text) if "\u21b5" in text else text


# LaTeX's accents reach many text layers as a spacing accent before the letter: "Veliˇckovi´c", "Li`o",
# "Cire¸san", "T¨ackstr¨om", "Lo¨ıc" (on a dotless i). Each spacing form and the combining mark it stands for.
SPACING_ACCENTS: dict[str, str] = {
    "\u00b4": "\u0301",  # ´ acute
    "`": "\u0300",  # grave
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02dc": "\u0303",  # ˜ tilde
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d8": "\u0306",  # ˘ breve
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02da": "\u030a",  # ˚ ring
    "\u02dd": "\u030b",  # ˝ double acute
}
_OTHER_ACCENTS = "[" + "".join(a for a in SPACING_ACCENTS if a not in "`\u00b4") + "]"
_SPACING_ACCENT = re.compile(
    r"(?<!/)"  # "~" after a slash is a web address's ("ntu.edu.tw/˜cjlin"), never an accent
    r"(?:(?<=[^\W\d_])`"  # a grave inside a word: elsewhere a backtick is LaTeX's opening quote
    r"|\u00b4(?!s\b)"  # an acute, but not "model´s": an apostrophe set as an accent
    rf"|{_OTHER_ACCENTS})([a-zA-Zı])"
)


def compose_accents(text: str) -> str:
    """Join each spacing accent to the letter after it where Unicode has that accented letter ("´e" → "é",
    "ˇc" → "č", "¨ı" → "ï"); anything else ("˜x" in formulas, "don´t") stays as printed."""

    def join(match: re.Match[str]) -> str:
        accent, letter = match.group(0)[0], match.group(1)
        accented = unicodedata.normalize("NFC", ("i" if letter == "ı" else letter) + SPACING_ACCENTS[accent])
        return accented if len(accented) == 1 else match.group(0)

    return _SPACING_ACCENT.sub(join, text)


def clean_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs into one space and strip the ends (newlines are kept)."""
    if _SPACES_PROBE.search(text) is None:  # most lines: nothing to collapse
        return text.strip()
    return _SPACES.sub(" ", text).strip()


# A line that opens with a short function word hyphenated on ("of-the-art", "to-end", "and-write",
# "the-regularized-leader") goes on with a compound broken at its own hyphen, not a word broken to fit.
_COMPOUND_GOES_ON = re.compile(r"(?:of|to|the|and|or|by|in|on|for|with)-[a-z]")
# ... and so does a line that ends in one, hyphen after hyphen ("state-of-the-", "up-to-").
_COMPOUND_BROKEN = re.compile(r"\w-(?:of|to|the|and|or|by|in|on|for|with)-$")


def join_lines(lines: list[str]) -> str:
    """Join the printed lines of one paragraph, mending words hyphenated across line breaks.

    ``["learn-", "ing"]`` → ``"learning"``; a hyphen before a capital or a digit is kept
    (``"Wide-", "Deep"`` → ``"Wide-Deep"``), and so is one inside a compound: ``"state-", "of-the-art"``
    and ``"state-of-the-", "art"`` → ``"state-of-the-art"``.
    """
    out = ""
    for raw in lines:
        line = clean_spaces(raw)
        if not line:
            continue
        if not out:
            out = line
        elif _hyphen_end(out):
            joins = line[0].islower() and not (_COMPOUND_GOES_ON.match(line) or _COMPOUND_BROKEN.search(out))
            out = out[:-1] + line if joins else out + line
        else:
            out += " " + line
    return out


def _hyphen_end(text: str) -> bool:
    """``text`` ends in a hyphen (``-`` or U+2010) right after an ASCII letter."""
    return len(text) >= 2 and text[-1] in "-\u2010" and text[-2] in _ASCII_LETTERS


def fold(text: str) -> str:
    """Case- and accent-insensitive key: ligatures expanded, casefolded, punctuation and spaces collapsed."""
    if not text.isascii():  # ASCII has no ligatures, accents or compatibility forms to undo
        text = unicodedata.normalize("NFKD", normalize_ligatures(text))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


# Linux Libertine (the ACM template's font) sets capital "Th" as one ligature glyph whose text-layer
# mapping is a bare "T": "Te proof of Teorem 3.1", "Te NFM Model". Restored only where the word with the
# "h" is a common English word and the word without it is not one ("Ten", "Tree", "Tin" stay as printed).
_TH_WORDS = frozenset(
    "the this that these those there their theirs they them themselves than thus thereby therefore "
    "theorem theorems theory theoretical theoretically though thought thoughts through throughout "
    "third thousand thousands threshold thresholds thanks thank thorough thoroughly thereafter "
    "therein thing things think thinking".split()
)
# not before a hyphen and a capital: "Tat-Seng" is a name ("There-" at a line's end is restored)
_TH_CANDIDATE = re.compile(r"\bT([a-z]{1,12})\b(?!-[A-Z])")


def restore_th_ligature(text: str) -> str:
    """Put back the "h" of Libertine's "Th" ligature (see ``_TH_WORDS``); other text is unchanged."""
    if "T" not in text:
        return text

    def fix(match: re.Match[str]) -> str:
        rest = match.group(1)
        return f"Th{rest}" if f"th{rest}" in _TH_WORDS else match.group(0)

    return _TH_CANDIDATE.sub(fix, text)


# Linux Libertine's italic (the ACM template's math and emphasis font) maps its "g" glyph to the Cyrillic
# "д" in the text layer: "дender", "orдanization", "loд", the function "дmono". A "д" with no Cyrillic
# letter beside it is that "g"; Cyrillic words ("где") keep theirs.
_LIBERTINE_G = re.compile(r"(?<![\u0400-\u04FF])\u0434(?![\u0400-\u04FF])")


def restore_libertine_g(text: str) -> str:
    """Put back the "g" that Libertine italic's text layer prints as "д"; other text is unchanged."""
    return _LIBERTINE_G.sub("g", text) if "\u0434" in text else text
