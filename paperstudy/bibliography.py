"""Bibliographies in and out: BibTeX (as Zotero, Better BibTeX and JabRef export it) and CSL-JSON. Pure.

Reading turns a file's text into ``BibEntry`` values with their attachments resolved against the file's
folder; an entry that cannot be read becomes a ``BibProblem`` naming its key and line, and the rest of the
file still reads. BibTeX is parsed by ``bibtexparser`` 1.x, one entry at a time, so a broken entry (an
unbalanced brace, a missing comma) cannot swallow the entries after it. Writing turns library records into
BibTeX or CSL-JSON with stable citation keys.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bparser import BibTexParser
from bibtexparser.bwriter import BibTexWriter
from bibtexparser.latexenc import latex_to_unicode

from paperstudy.errors import ConfigError
from paperstudy.ids import ascii_fold, title_word
from paperstudy.models import BibAttachment, BibEntry, BibProblem, PaperRecord

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
_KEY = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s{}()]*)")
_ARXIV_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
_ARXIV_OLD = re.compile(r"\b([a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_DOI = re.compile(r"\b(10\.\d{4,9}/\S+)", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d|21\d\d)\b")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_CITEKEY_LIKE = re.compile(r"^[^\s/:{},#%~\\]{1,100}$")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_SKIP_TYPES = frozenset({"comment", "preamble", "string"})
_LATEX_ESCAPES = {"\\$": "$", "\\{": "{", "\\}": "}", "\\#": "#", "\\&": "&", "\\%": "%", "\\_": "_"}
_TO_LATEX = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%", "$": "\\$",
             "#": "\\#", "_": "\\_"}  # fmt: skip
CSL_TYPES = {
    "article": "article-journal", "inproceedings": "paper-conference", "book": "book",
    "incollection": "chapter", "phdthesis": "thesis", "techreport": "report", "misc": "article",
}  # fmt: skip
_VENUE_FIELD = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}
BIBTEX_TYPES = {v: k for k, v in CSL_TYPES.items() if k != "misc"} | {"manuscript": "misc", "webpage": "misc"}


@dataclass
class Bibliography:
    """What one file holds: the entries read, and the ones that could not be."""

    entries: list[BibEntry] = field(default_factory=list)
    problems: list[BibProblem] = field(default_factory=list)


def read_bibliography(path: Path) -> Bibliography:
    """A ``.bib`` or CSL-JSON (``.json``) file; attachments are resolved against its folder."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path} is not UTF-8 text; export it again as UTF-8") from error
    base = path.resolve().parent
    if path.suffix.lower() == ".json":
        return read_csl_json(text, base, name=path.name)
    return read_bibtex(text, base)


# --- BibTeX -------------------------------------------------------------------------------------------


def read_bibtex(text: str, base_dir: Path) -> Bibliography:
    """Every entry of a BibTeX file; ``@string`` macros apply to all of them."""
    chunks = _chunks(text)
    macros = "\n".join(chunk for kind, _, chunk in chunks if kind == "string")
    result = Bibliography()
    parser = _parser(macros)
    for kind, line, chunk in chunks:
        if kind in _SKIP_TYPES:
            continue
        match = _KEY.match(chunk.lstrip())
        key = match.group(1) if match and match.group(1) else f"(entry at line {line})"
        try:
            records = _parse_chunk(parser, chunk)
        except Exception as error:
            records, reason = [], str(error).split("\n", 1)[0]
        else:
            reason = "unbalanced braces or quotes, or a missing comma between fields?"
        if len(records) != 1 or not match or not match.group(1):
            problem = "has no citation key" if match and not match.group(1) else f"cannot be read ({reason})"
            result.problems.append(BibProblem(key=key, line=line, message=f"{key} (line {line}) {problem}"))
            continue
        result.entries.append(_entry_from_bibtex(records[0], base_dir, line))
    return result


def _chunks(text: str) -> list[tuple[str, int, str]]:
    """(entry type, line, text) for each ``@type{`` that starts a line, up to the next one."""
    starts = list(_ENTRY_START.finditer(text))
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        out.append(
            (start.group(1).lower(), text.count("\n", 0, start.start()) + 1, text[start.start() : end])
        )
    return out


def _parser(macros: str) -> Any:
    """One bibtexparser for the whole file (building its grammar is the slow part), macros read first."""
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True)
    parser.expect_multiple_parse = True
    if macros:
        parser.parse(macros, partial=True)
    return parser


def _parse_chunk(parser: Any, chunk: str) -> list[dict[str, str]]:
    """The entries one chunk adds (exactly one for a well-formed entry)."""
    before = len(parser.bib_database.entries)
    try:
        parser.parse(chunk)
    finally:
        added = parser.bib_database.entries[before:]
        del parser.bib_database.entries[before:]
    return [dict(entry) for entry in added]


def latex_to_text(value: str) -> str:
    """A BibTeX field as plain text: LaTeX accents to Unicode, escapes and protecting braces dropped."""
    # Escaped specials become private-use placeholders first, so neither step below touches them.
    placeholders = {escaped: chr(0xE000 + i) for i, escaped in enumerate(_LATEX_ESCAPES)}
    for escaped, mark in placeholders.items():
        value = value.replace(escaped, mark)
    text = latex_to_unicode(value).replace("{", "").replace("}", "")
    for escaped, mark in placeholders.items():
        text = text.replace(mark, _LATEX_ESCAPES[escaped])
    return " ".join(text.replace("~", " ").split())


def _entry_from_bibtex(record: dict[str, str], base_dir: Path, line: int) -> BibEntry:
    fields = {k.lower(): v for k, v in record.items() if k not in ("ID", "ENTRYTYPE")}
    text = {k: latex_to_text(v) for k, v in fields.items() if k != "file"}
    arxiv_id = arxiv_id_of(
        text.get("eprint")
        if "arxiv" in text.get("archiveprefix", text.get("eprinttype", "")).lower()
        else None,
        text.get("doi"),
        text.get("url"),
        text.get("journal"),
        text.get("note"),
        text.get("howpublished"),
    )
    venue = (
        text.get("journal") or text.get("journaltitle") or text.get("booktitle") or text.get("howpublished")
    )
    return BibEntry(
        key=record["ID"],
        entry_type=record.get("ENTRYTYPE", "misc").lower(),
        title=text.get("title", ""),
        authors=[person_name(n) for n in _AND.split(text["author"])] if text.get("author") else [],
        year=_year(text.get("year") or text.get("date")),
        venue=venue or None,
        doi=_doi(text.get("doi")),
        arxiv_id=arxiv_id,
        url=text.get("url") or None,
        abstract=text.get("abstract", ""),
        files=parse_file_field(fields["file"], base_dir) if fields.get("file") else [],
        line=line,
    )


def person_name(name: str) -> str:
    """``Guo, Huifeng`` → ``Huifeng Guo``; ``Huifeng Guo`` stays; ``Jr``-parts keep their place."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and parts[1]:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[2]:
        return f"{parts[2]} {parts[0]}, {parts[1]}"
    return " ".join(name.split())


def parse_file_field(value: str, base_dir: Path) -> list[BibAttachment]:
    """Zotero/BBT/JabRef ``file`` fields: a bare path, or ``Description:path:mime`` entries joined by ``;``
    (``\\:`` and ``\\;`` escape the separators, ``\\\\`` a backslash). Relative paths are taken from
    ``base_dir`` (the bibliography's folder); ``~`` is the home folder."""
    attachments = []
    for part in _split_unescaped(value, ";"):
        pieces = _split_unescaped(part, ":")
        if len(pieces) == 1:
            description, raw, mime = "", pieces[0], None
        elif len(pieces) == 2 and len(pieces[0]) == 1 and pieces[1][:1] in ("\\", "/"):
            description, raw, mime = "", ":".join(pieces), None  # a bare Windows path: C:\papers\x.pdf
        elif len(pieces) == 2:
            description, raw, mime = pieces[0], pieces[1], None
        else:
            description, raw, mime = pieces[0], ":".join(pieces[1:-1]), pieces[-1] or None
        raw = _unescape(raw).strip()
        if not raw:
            continue
        path = Path(raw).expanduser()
        absolute = path.is_absolute() or _WINDOWS_DRIVE.match(raw)
        resolved = str(path) if absolute else str(base_dir / path)
        attachments.append(BibAttachment(path=resolved, description=_unescape(description), mime=mime))
    return attachments


def _split_unescaped(text: str, separator: str) -> list[str]:
    pieces, current, escaped = [], "", False
    for char in text:
        if escaped:
            current += "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current + ("\\" if escaped else ""))
    return pieces


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def arxiv_id_of(*candidates: str | None) -> str | None:
    """The first arXiv id found among an entry's fields (an eprint, a 10.48550 DOI, an arxiv.org URL, a
    ``arXiv:1703.04247`` note), without its version."""
    for text in candidates:
        if not text:
            continue
        doi = _ARXIV_DOI.match(text.strip())
        if doi:
            text = doi.group(1)
        elif "arxiv" not in text.lower() and not re.fullmatch(r"\s*\d{4}\.\d{4,5}(v\d+)?\s*", text):
            continue
        match = _ARXIV_NEW.search(text) or _ARXIV_OLD.search(text)
        if match:
            return match.group(1)
    return None


def _doi(value: str | None) -> str | None:
    if not value:
        return None
    match = _DOI.search(value)
    return match.group(1).rstrip(".") if match else None


def _year(value: str | int | None) -> int | None:
    if isinstance(value, int):
        return value
    match = _YEAR.search(value or "")
    return int(match.group(1)) if match else None


# --- CSL-JSON -----------------------------------------------------------------------------------------


def read_csl_json(text: str, base_dir: Path, *, name: str = "the file") -> Bibliography:
    """A CSL-JSON export (a list of items, as Zotero and Better BibTeX write it)."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(f"{name} is not valid JSON (line {error.lineno}): {error.msg}") from error
    if isinstance(items, dict) and isinstance(items.get("items"), list):
        items = items["items"]
    if not isinstance(items, list):
        raise ConfigError(f"{name} is not CSL-JSON: expected a list of items")
    result = Bibliography()
    for position, item in enumerate(items, 1):
        key = str(item.get("citation-key") or item.get("id") or "") if isinstance(item, dict) else ""
        if not key:
            label = f"(item {position})"
            result.problems.append(BibProblem(key=label, message=f"{label} has no id or citation-key"))
            continue
        try:
            entry = _entry_from_csl(item, key, base_dir)
            if not _CITEKEY_LIKE.match(entry.key):
                # Zotero's own CSL-JSON ids are item URIs ("http://zotero.org/users/1/items/ABC"): make
                # the key from the item instead, the same way every time, so re-imports recognise it.
                entry = entry.model_copy(
                    update={"key": make_citekey(entry.authors, entry.year, entry.title, ())}
                )
            result.entries.append(entry)
        except (TypeError, ValueError, AttributeError) as error:
            result.problems.append(BibProblem(key=key, message=f"{key} cannot be read ({error})"))
    return result


def _entry_from_csl(item: dict[str, Any], key: str, base_dir: Path) -> BibEntry:
    authors = []
    for person in item.get("author") or []:
        literal = person.get("literal")
        full = literal or " ".join(p for p in (person.get("given"), person.get("family")) if p)
        if full:
            authors.append(" ".join(str(full).split()))
    issued = item.get("issued") or {}
    parts = issued.get("date-parts") or [[]]
    year = (
        _year(str(parts[0][0])) if parts and parts[0] else _year(issued.get("raw") or issued.get("literal"))
    )
    doi = _doi(item.get("DOI"))
    files = parse_file_field(str(item["file"]), base_dir) if item.get("file") else []
    return BibEntry(
        key=key,
        entry_type=BIBTEX_TYPES.get(str(item.get("type", "")), "misc"),
        title=" ".join(str(item.get("title", "")).split()),
        authors=authors,
        year=year,
        venue=item.get("container-title") or None,
        doi=doi,
        arxiv_id=arxiv_id_of(
            item.get("arxiv_id"),
            doi,
            item.get("URL"),
            item.get("number"),
            item.get("note"),
            item.get("archive_location"),
        ),
        url=item.get("URL") or None,
        abstract=" ".join(str(item.get("abstract", "")).split()),
        files=files,
        source="csl-json",
    )


def imported_metadata(source: BibEntry | PaperRecord) -> dict[str, Any]:
    """The fields an imported entry (or a record that came from one) fixes for a paper: title, authors,
    year, venue, DOI and arXiv id where it has them, and which kind of file they came from."""
    fields: dict[str, Any] = {
        "title": source.title,
        "authors": source.authors,
        "year": source.year,
        "venue": source.venue,
        "entry_type": source.entry_type,
        "doi": source.doi,
        "arxiv_id": source.arxiv_id,
    }
    kept = {name: value for name, value in fields.items() if value}
    kept["metadata_from"] = source.source if isinstance(source, BibEntry) else source.metadata_from
    return kept


# --- citation keys ------------------------------------------------------------------------------------


def make_citekey(authors: list[str], year: int | None, title: str, taken: Collection[str]) -> str:
    """Better BibTeX's default shape: first author's last name, year, first significant title word
    (``guo2017deepfm``); ``a``, ``b``, … appended when the key is taken."""
    last = ascii_fold(authors[0].split(",")[0].split()[-1]) if authors and authors[0].split() else ""
    if authors and "," in authors[0]:
        last = ascii_fold(authors[0].split(",")[0])
    base = re.sub(r"[^a-z]", "", last.lower()) + (str(year) if year else "")
    base += re.sub(r"[^a-z0-9]", "", title_word(title))
    base = base or "paper"
    if base not in taken:
        return base
    for suffix in _suffixes():
        if base + suffix not in taken:
            return base + suffix
    raise AssertionError("unreachable: the suffixes never run out")


def _suffixes() -> Iterable[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for first in letters:
        for second in letters:
            yield first + second
    n = 1
    while True:
        yield f"-{n}"
        n += 1


def entry_for_record(record: PaperRecord, pdf_path: Path | None, citekey: str) -> BibEntry:
    """The bibliography entry of a library paper (its PDF attached when the vault has it)."""
    files = [BibAttachment(path=str(pdf_path), description="Full Text PDF", mime="application/pdf")]
    return BibEntry(
        key=citekey,
        entry_type=record.entry_type or ("article" if record.venue else "misc"),
        title=record.title,
        authors=record.authors,
        year=record.year,
        venue=record.venue,
        doi=record.doi,
        arxiv_id=record.arxiv_id,
        url=f"https://arxiv.org/abs/{record.arxiv_id}" if record.arxiv_id else None,
        files=files if pdf_path is not None else [],
    )


def assign_citekeys(records: list[PaperRecord], taken: Collection[str]) -> dict[str, str]:
    """Each record's key: its stored one, else a new one that collides with no other (in id order)."""
    keys = {r.id: r.citekey for r in records if r.citekey}
    used = set(taken) | set(keys.values())
    for record in sorted(records, key=lambda r: r.id):
        if record.id not in keys:
            keys[record.id] = make_citekey(record.authors, record.year, record.title, used)
            used.add(keys[record.id])
    return {r.id: keys[r.id] for r in records}


# --- writing ------------------------------------------------------------------------------------------


def to_latex(text: str) -> str:
    """Plain text as a BibTeX field value that reads back to the same text."""
    return "".join(_TO_LATEX.get(char, char) for char in text)


def _escape_file_path(path: str) -> str:
    return path.replace("\\", "\\\\").replace(":", "\\:").replace(";", "\\;")


def write_bibtex(entries: list[BibEntry]) -> str:
    """BibTeX for the entries (Unicode, one field a line, ``file`` fields in Zotero's form)."""
    database = BibDatabase()
    for entry in entries:
        record: dict[str, str] = {"ID": entry.key, "ENTRYTYPE": entry.entry_type}
        record["title"] = to_latex(entry.title)
        if entry.authors:
            record["author"] = " and ".join(to_latex(_last_first(a)) for a in entry.authors)
        if entry.year:
            record["year"] = str(entry.year)
        if entry.venue:
            record[_VENUE_FIELD.get(entry.entry_type, "howpublished")] = to_latex(entry.venue)
        if entry.doi:
            record["doi"] = to_latex(entry.doi)
        if entry.arxiv_id:
            record.update(eprint=entry.arxiv_id, archiveprefix="arXiv")
        if entry.url:
            record["url"] = entry.url
        if entry.files:
            record["file"] = ";".join(
                f"{_escape_file_path(f.description)}:{_escape_file_path(f.path)}:{f.mime or ''}"
                for f in entry.files
            )
        database.entries.append(record)
    writer = BibTexWriter()
    writer.indent = "  "
    writer.order_entries_by = None
    writer.display_order = ["title", "author", "year", "journal", "howpublished", "doi", "eprint"]
    return str(writer.write(database))


def _last_first(name: str) -> str:
    """``Huifeng Guo`` → ``Guo, Huifeng`` (BibTeX's unambiguous form); one-word names stay."""
    if "," in name:
        return name
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def write_csl_json(entries: list[BibEntry]) -> str:
    """CSL-JSON for the entries, as Zotero exports it (names split into given and family)."""
    items = []
    for entry in entries:
        item: dict[str, Any] = {
            "id": entry.key,
            "citation-key": entry.key,
            "type": CSL_TYPES.get(entry.entry_type, "article"),
            "title": entry.title,
        }
        if entry.authors:
            item["author"] = [_csl_name(a) for a in entry.authors]
        if entry.year:
            item["issued"] = {"date-parts": [[entry.year]]}
        if entry.venue:
            item["container-title"] = entry.venue
        if entry.doi:
            item["DOI"] = entry.doi
        if entry.arxiv_id:
            item["number"] = f"arXiv:{entry.arxiv_id}"
        if entry.url:
            item["URL"] = entry.url
        if entry.files:
            item["file"] = ";".join(f"{_escape_file_path(f.path)}" for f in entry.files)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _csl_name(name: str) -> dict[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}
