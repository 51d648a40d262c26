"""A domain at a glance (``brief``) and papers side by side (``compare``). Pure: notes in, data out.

Every line cites the papers and pages it comes from. Datasets and metrics come from the notes' extracted
(and user-corrected) entities; feature kinds and architecture families are recognised with a small
vocabulary in the passages of the papers' data/features/architecture sections, so a family mentioned only
in related work does not count.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable

from paperstudy.index.passages import passages_of
from paperstudy.mdescape import escape_inline
from paperstudy.models import FACETS, BriefLine, Citation, Comparison, DomainBrief, FacetName, Note, PaperLine
from paperstudy.notes import wikilink


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


ARCHITECTURE_FAMILIES: dict[str, re.Pattern[str]] = {
    "Embedding layer for sparse inputs": _rx(r"\bembedding (layer|vectors?|tables?)\b|\bembeddings? of\b"),
    "Factorization machines": _rx(r"\bfactori[sz]ation machines?\b|\bFM component\b"),
    "Deep MLP (feed-forward DNN)": _rx(
        r"\bmulti-?layer perceptron|\bMLP\b|\bfeed-?forward|\bfully[- ]connected"
    ),
    "Explicit interaction layers (cross / product)": _rx(
        r"\bcross network|\bcross layers?|\bproduct layer|\b(inner|outer) product|\bcompressed interaction"
    ),
    "Wide & Deep (memorisation + generalisation)": _rx(r"\bwide\s*(&|and)\s*deep\b|\bwide (part|component)"),
    "Attention / Transformer": _rx(r"\battention\b|\btransformer\b"),
    "Recurrent (RNN / GRU / LSTM)": _rx(r"\bRNN\b|\bGRU\b|\bLSTM\b|\brecurrent"),
    "Convolutional (CNN)": _rx(r"\bCNNs?\b|\bconvolution"),
    "Tree ensembles (GBDT)": _rx(r"\bGBDT\b|\bgradient[- ]boost|\bboosted (decision )?trees?"),
    "Logistic regression": _rx(r"\blogistic regression\b"),
    "Graph neural networks": _rx(r"\bgraph (neural|convolution|attention)|\bGCN\b|\bGNN\b"),
    "Multi-task learning": _rx(r"\bmulti-?task"),
    "Autoencoders / variational": _rx(r"\bvariational|\bVAE\b|\bauto-?encoder"),
    "Two-tower retrieval / candidate generation": _rx(
        r"\btwo-tower|\bcandidate generation|\bnearest neighbou?r"
    ),
}
FEATURE_KINDS: dict[str, re.Pattern[str]] = {
    "Sparse categorical fields (one-hot / multi-field)": _rx(
        r"\bone-hot|\bcategorical|\bsparse features?|\bmulti-field"
    ),
    "Dense / continuous features": _rx(r"\bcontinuous features?|\bnumerical features?|\bdense features?"),
    "Feature interactions / crosses": _rx(
        r"\bfeature interactions?|\bcross(-product)? (features?|transformations?)|\bfeature crosses"
    ),
    "User behaviour history": _rx(
        r"\buser behaviou?rs?\b|\bbehaviou?r sequences?|\b(click|watch|search) history"
    ),
    "Images / visual features": _rx(r"\bimages?\b|\bvisual features?"),
    "Text / query features": _rx(r"\bqueries\b|\bquery\b|\bword embeddings?|\btext features?"),
    "Hashed IDs": _rx(r"\bfeature hashing|\bhashing trick|\bhashed\b"),
    "Context (position, time, device)": _rx(
        r"\bcontext(ual)? features?|\bposition bias|\btime of day|\bdevice\b"
    ),
    "Negative sampling": _rx(r"\bnegative sampl"),
}
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def _metric_key(name: str) -> str:
    """A metric's name as one spelling: without a trailing "score" (GraphSAGE's "F1-score" is GAT's
    "F1") and with "err." written out (ResNet's "top-5 err." is AlexNet's "top-5 error")."""
    key = re.sub(r"(?<=\w) scores?$", "", _fold(name))
    return re.sub(r"\berr\b", "error", key)


class _Tally:
    """Lines keyed by a folded name: first spelling wins; citations merge per paper."""

    def __init__(self, key: Callable[[str], str] = _fold) -> None:
        self.key = key
        self.names: dict[str, str] = {}
        self.pages: dict[str, dict[str, set[int]]] = {}
        self.values: dict[str, list[str]] = {}
        self.also: dict[str, list[str]] = {}

    def add(self, name: str, paper_id: str, pages: Iterable[int], values: Iterable[str] = ()) -> None:
        key = self.key(name)
        if not key:
            return
        self.names.setdefault(key, name)
        self.pages.setdefault(key, {}).setdefault(paper_id, set()).update(pages)
        bucket = self.values.setdefault(key, [])
        bucket.extend(v for v in values if v and v not in bucket)

    def fold_qualified(self) -> None:
        """Count a name printed with a qualifier under the plain name when the tally holds that too:
        "Criteo Display Ads" under "Criteo", "WMT 2014 English-German" under "WMT 2014". Whole words only
        ("AvazuTe" is not "Avazu"); the qualified spellings stay visible as ``also``."""
        by_length = sorted(self.names, key=len)
        for key in reversed(by_length):
            root = next((k for k in by_length if len(k) < len(key) and key.startswith(k + " ")), None)
            if root is None:
                continue
            for paper_id, pages in self.pages.pop(key).items():
                self.pages[root].setdefault(paper_id, set()).update(pages)
            bucket = self.values[root]
            bucket.extend(v for v in self.values.pop(key) if v not in bucket)
            self.also.setdefault(root, []).insert(0, self.names.pop(key))

    def lines(self) -> list[BriefLine]:
        out = [
            BriefLine(
                name=self.names[key],
                count=len(papers),
                values=self.values.get(key, []),
                citations=[Citation(paper_id=p, pages=sorted(pages)) for p, pages in sorted(papers.items())],
                also=sorted(self.also.get(key, []), key=str.casefold),
            )
            for key, papers in self.pages.items()
        ]
        return sorted(out, key=lambda line: (-line.count, line.name.casefold()))


def build_brief(domain: str, notes: list[Note]) -> DomainBrief:
    """Aggregate a domain's notes into one sheet."""
    brief = DomainBrief(domain=domain)
    datasets, metrics, features, families = _Tally(), _Tally(_metric_key), _Tally(), _Tally()
    for note in sorted(notes, key=lambda n: (n.year or 0, n.paper.id)):
        pid = note.paper.id
        brief.papers.append(
            PaperLine(paper_id=pid, title=note.title, year=note.year, citekey=note.paper.citekey)
        )
        for dataset in note.datasets():
            datasets.add(dataset.name, pid, dataset.pages, [dataset.size] if dataset.size else [])
        for metric in note.metrics():
            metrics.add(metric.name, pid, metric.pages, _reported(note, metric.name) or metric.values[:3])
        for passage in passages_of(note.parsed, pid):
            if passage.facet == "architecture":
                _match(families, ARCHITECTURE_FAMILIES, passage.text, pid, passage.page)
            if passage.facet in ("data", "features", "architecture"):
                _match(features, FEATURE_KINDS, passage.text, pid, passage.page)
    # Metrics stay apart: "NDCG@10" is not "NDCG"; a dataset's qualified name is the same data.
    datasets.fold_qualified()
    brief.datasets, brief.metrics = datasets.lines(), metrics.lines()
    brief.features, brief.architectures = features.lines(), families.lines()
    return brief


def _match(tally: _Tally, vocabulary: dict[str, re.Pattern[str]], text: str, pid: str, page: int) -> None:
    for name, pattern in vocabulary.items():
        if pattern.search(text):
            tally.add(name, pid, [page])


def _reported(note: Note, metric: str) -> list[str]:
    """The own model's values of ``metric`` in the paper's results tables, as numbers in one unit (a
    percentage as a fraction: ESMM's "65.32" AUC is 0.6532), the first three."""
    key = _metric_key(metric)
    values = [f"{row.value:g}" for row in note.parsed.results if _metric_key(row.metric) == key]
    return list(dict.fromkeys(values))[:3]


def typical_value(values: list[str]) -> str | None:
    """ "median 0.80 (range 0.74–0.81, n=7)" over the plain numbers among reported values."""
    numbers: list[float] = []
    for value in values:
        match = _NUMBER.search(value.replace(",", ""))
        if match and "%" not in value:
            numbers.append(float(match.group()))
    if not numbers:
        return None
    median = statistics.median(numbers)
    if len(numbers) == 1:
        return f"{median:g}"
    return f"median {median:.4g} (range {min(numbers):.4g}–{max(numbers):.4g}, n={len(numbers)})"


def cite(citations: list[Citation], limit: int = 6) -> str:
    parts = []
    for c in citations[:limit]:
        pages = ", ".join(str(p) for p in c.pages[:4])
        parts.append(f"{c.paper_id} p. {pages}" if pages else c.paper_id)
    more = f"; +{len(citations) - limit} more" if len(citations) > limit else ""
    return "[" + "; ".join(parts) + more + "]"


def cite_keys(citations: list[Citation], keys: dict[str, str], limit: int = 6) -> str:
    """Pandoc-style citations by citation key: ``[@guo2017deepfm, p. 2; @wang2017cross, pp. 3, 5]``."""
    parts = []
    for c in citations[:limit]:
        pages = ", ".join(str(p) for p in c.pages[:4])
        where = f", {'p.' if len(c.pages) == 1 else 'pp.'} {pages}" if pages else ""
        parts.append(f"@{keys.get(c.paper_id, c.paper_id)}{where}")
    more = f"; +{len(citations) - limit} more" if len(citations) > limit else ""
    return "[" + "; ".join(parts) + more + "]"


def render_markdown(brief: DomainBrief, limit: int = 12) -> str:
    """The one-page sheet as Markdown: each line cites its papers by citation key, and the paper list
    links every cited paper's note (``[[id|title]]``)."""
    keys = {p.paper_id: p.citekey or p.paper_id for p in brief.papers}
    out = [f"# {brief.domain}: the domain at a glance", ""]
    out.append(f"{len(brief.papers)} papers: " + ", ".join(wikilink(p.paper_id) for p in brief.papers) + ".")
    sections: list[tuple[str, list[BriefLine], bool]] = [
        ("Datasets", brief.datasets, True),
        ("Features", brief.features, False),
        ("Architecture families", brief.architectures, False),
        ("Metrics and typical reported values", brief.metrics, True),
    ]
    for title, lines, show_values in sections:
        out += ["", f"## {title}", ""]
        if not lines:
            out.append("_Nothing found in these papers' notes._")
        for line in lines[:limit]:
            detail = ""
            if show_values and line.values:
                typical = typical_value(line.values) if title.startswith("Metrics") else None
                shown = typical or ", ".join(line.values[:3])
                detail = f" — {escape_inline(shown)}"
            papers = "paper" if line.count == 1 else "papers"
            name = escape_inline(line.name)
            also = f"; also {escape_inline(', '.join(line.also))}" if line.also else ""
            out.append(
                f"- **{name}** ({line.count} {papers}{also}){detail} {cite_keys(line.citations, keys)}"
            )
        if len(lines) > limit:
            out.append(f"- … and {len(lines) - limit} more")
    out += ["", "## Papers", ""]
    for p in brief.papers:
        link = wikilink(p.paper_id, p.title)
        out.append(f"- {link} @{keys[p.paper_id]}: {escape_inline(p.title)} ({p.year or 'n.d.'})")
    return "\n".join(out) + "\n"


# --- compare -------------------------------------------------------------------------------------------


def compare_notes(notes: list[Note], sentences: int = 2) -> Comparison:
    rows: list[tuple[str, list[str]]] = []
    rows.append(("year", [str(n.year or "—") for n in notes]))
    for facet in FACETS:
        rows.append((facet, [_facet_cell(n, facet, sentences) for n in notes]))
    rows.append(("datasets", [", ".join(d.name for d in n.datasets()) or "—" for n in notes]))
    rows.append(("headline numbers", [_headline(n) for n in notes]))
    rows.append(("baselines", [", ".join(n.baselines()[:8]) or "—" for n in notes]))
    return Comparison(paper_ids=[n.paper.id for n in notes], titles=[n.title for n in notes], rows=rows)


def _facet_cell(note: Note, facet: FacetName, sentences: int) -> str:
    summary = note.parsed.facets.get(facet)
    if summary is None or not summary.sentences:
        return "—"
    picked = summary.sentences[:sentences]
    return " ".join(f"{s.text} (p. {s.page})" for s in picked)


def _headline(note: Note) -> str:
    parts = [f"{m.name} {m.values[0]}" for m in note.metrics() if m.values]
    return "; ".join(parts[:4]) or "—"
