"""Results from results tables: for each metric and dataset, the paper's own model against the best
baseline (pure, over ``TextTable`` grids).

A table is read along two axes. Metrics are the column headers (or row labels, or a label column of
metric groups, or failing those the caption's "in terms of X") that read as metrics; models are the row
labels (or, in a transposed table, the column headers) and the paper's own model is the one whose label
carries its name; datasets are the column groups, row groups, the other header cells that name something,
or the caption's "on X". Gain, improvement and lift columns are never results, nor cells with units of
time or size. Where several columns give the same metric on the same dataset (settings such as "10%" …
"90%" or "Factors=128/256"), the last one is kept: tables grow towards the full setting.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from paperstudy.models import Dataset, ResultRow, TextTable
from paperstudy.parsing.cells import claimed_numbers, is_number_cell
from paperstudy.parsing.lexicon import METRIC_ALIASES, METRIC_LEXICON
from paperstudy.parsing.text import fold

# Efficiency columns (time, memory, parameter counts) describe cost, not the result a paper claims.
_COST = re.compile(r"(?i)\btime\b|latency|memory|param")
_GAIN = re.compile(r"(?i)\b(?:impr\w*|gains?|lift|improvements?|relative|rel\.|diff\w*|delta)\b|Δ|△|↑|↓")
_LOWER_BETTER = re.compile(
    r"(?i)error|\berr\b|loss|rmse|\bmae\b|\bmse\b|mape|perplexity|\bppl\b|latency|\btime\b|cost|flops|\beer\b"
    r"|\bfid\b|crps|\bmad\b|\brank\b|distance|\bwer\b|\bcer\b"
)
_HIGHER_WORDS = re.compile(r"(?i)accuracy|auc|precision|recall|f1|ndcg|hit|bleu|map|mrr|ctr|gain")
_UNIT = re.compile(r"\d\s*(?:[KMBkmb]|h|s|ms|x|×)\s*[)\]]?\s*[∗*†‡§¶⋆]*$")
_VALUE = re.compile(r"[+\-−–]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?")
_SETTING = re.compile(r"^[\w#.\-]*\s*[=:]\s*[\w.]+$|^\d+(?:\.\d+)?\s*%?$")
_PERCENT_CAPTION = re.compile(r"(?i)\bin per ?cent\b|\(%\)|\bin %")
# A name starts with a capital, or is camel-case after a lower-case start ("iPinYou", "arXiv").
_NAME_START = r"(?:[A-Z]|[a-z]+[A-Z])"
_CAPTION_ON = re.compile(
    r"\b(?:on|over|for|in)\s+(?:the\s+)?(?!(?:Table|Figure|Fig|Section|Eq|Appendix)\b)"
    rf"((?:{_NAME_START}[\w\-!()]*(?:\s+(?:[A-Z0-9][\w\-!()]*|and|&))*)(?:\s*,\s*"
    r"[A-Z][\w\-!()]*)*)"
)
_IN_TERMS = re.compile(r"(?i)\bin terms of\s+(?:the\s+)?([\w\-@ ]{2,40}?)(?=\s*(?:[(,.;]|and|$))")
# Citations and marks printed with a model's name: "LibFM [28]", "DIN(Zhou et al. 2018c)", "PNN∗".
_LABEL_NOISE = re.compile(
    r"\s*\[\d+(?:,\s*\d+)*\]|\s*\([^()]*(?:et al\.?|\d{4}[a-z]?)[^()]*\)|\s*[∗*†‡§¶⋆]+$"
)


# Rates that are metrics when they head a column of numbers, though in running text they name the task.
_HEADER_METRIC = re.compile(r"CTR|CVR|CTCVR|ILS|(?:Precision|Recall|Hit|HR|P|R)@\w+")


# A coined metric name heading a column, marked as a percentage or with an arrow: "D1%", "AdverSuc↑" (an
# acronym or a word with an inner capital or digit; plain words such as "Overall (%)" are sub-scores).
_COINED = re.compile(r"((?:[A-Z][a-z]*[A-Z0-9]|[A-Z]{2,}\d*|[A-Z]\d+)[\w\-@]{0,12})\s*(?:%|\(%\)|↑|↓)")


def metric_of(text: str) -> str | None:
    """The metric a header cell names ("AUC (%)" → "AUC", "AUC(mean ± std) on CVR task" → "AUC",
    "Top-1 err." → "top-1 err."), or None."""
    cleaned = re.sub(r"\s*\([^()]{0,20}\)", "", text.strip())
    cleaned = re.split(r"\s+(?:on|for)\s+", cleaned, maxsplit=1)[0]
    cleaned = re.sub(r"\s*%$", "", cleaned).strip(" :")
    if not cleaned or _GAIN.search(cleaned):
        return None
    alias = METRIC_ALIASES.get(cleaned.casefold())
    if alias:
        return alias
    found = METRIC_LEXICON.search(cleaned) or _HEADER_METRIC.fullmatch(cleaned)
    if found is None:
        # A short coined name with a percent sign or an arrow is a metric column: "D1%", "AdverSuc↑".
        coined = _COINED.fullmatch(text.strip())
        return coined.group(1) if coined and not _GAIN.search(coined.group(1)) else None
    # The header must be mostly the metric: "AUC", "Test AUC", "HR@10" — not a sentence mentioning one.
    if len(cleaned.split()) > len(found.group(0).split()) + 2:
        return None
    return METRIC_ALIASES.get(found.group(0).casefold(), found.group(0))


def parse_value(cell: str, percent: bool) -> float | None:
    """The number a cell prints ("0.8007", "71.48%", "70.3(7s)", "67.9±0.5", ".362"), as a fraction when
    it is a percentage; None for empty cells, deltas ("+0.5%") and numbers with units ("2.96h")."""
    text = cell.strip().replace("−", "-").replace("–", "-")
    head = re.split(r"\s*(?:±|\+/-|\(|\[)", text, maxsplit=1)[0].strip() if text[:1] not in "([" else text
    head = head.strip("()[] ").rstrip("∗*†‡§¶⋆ ")
    if not head or head.startswith("+") or _UNIT.search(head):
        return None
    is_percent = head.endswith("%") or percent
    head = head.rstrip("% ")
    match = _VALUE.fullmatch(head)
    if match is None or not any(ch.isdigit() for ch in head):
        return None
    value = float(head.replace(",", "").replace(" ", ""))
    return _percent(value) if is_percent else value


def _clean_label(label: str) -> str:
    return _LABEL_NOISE.sub("", label).strip()


# A heading or caption of a study of the own model (its parts, settings or variants), not a comparison
# with others: "Ablation over the pre-training tasks", "Effect of AUGRU and auxiliary loss".
STUDY = re.compile(
    r"(?i)ablation|variants?\b|w/o|sensitivity|hyper-?parameter|different (?:settings|values)"
    r"|\b(?:effects?|impact) of\b"
)
# An ablation of the own model, printed as what it removes or adds: "-CVAE", "w/o attention", "+ U".
ABLATION = re.compile(r"(?i)^\s*(?:[-−–+]|w/o\b|without\b|only\b)")
_OURS = re.compile(r"(?i)\bours?\b|\bthis (?:paper|work)\b|\bproposed\b")


def names_model(label: str, model: str) -> bool:
    """The row label names the paper's own model or one of its variants ("NFM-1", "LINE(1st)",
    "GCN (this paper)", "BERTBASE", "Our(T-CVAE)", "DeepFM")."""
    label = _clean_label(label)
    a, b = fold(label), fold(model)
    if not a or not b:
        return False
    if a == b or (_OURS.search(label) and b in a):
        return True
    if not a.startswith(b):
        return False
    rest = label[len(model) :] if label.startswith(model) else a[len(b) :]
    # A variant adds a mark, a number or a suffix set apart ("-1", "(2nd)", " + U") or in capitals.
    return not rest[:1].isalpha() or (rest.isupper() and len(rest) <= 6)


@dataclass(slots=True)
class _Column:
    index: int
    header: list[str]
    """Header cells over the column, top to bottom, without repeats."""


def _header_paths(table: TextTable) -> list[list[str]]:
    width = max((len(r) for r in table.rows), default=0)
    paths: list[list[str]] = []
    for j in range(width):
        path: list[str] = []
        for row in table.header:
            cell = row[j].strip() if j < len(row) else ""
            if cell and (not path or path[-1] != cell):
                path.append(cell)
        paths.append(path)
    return paths


def _numeric_share(table: TextTable, j: int) -> float:
    cells = [r[j] for r in table.body if j < len(r) and r[j].strip()]
    numbers = sum(1 for c in cells if is_number_cell(c) or parse_value(c, False) is not None)
    return numbers / max(1, len(cells))


def _fill_nearest(values: list[str]) -> list[str]:
    """A sparse label column (a group label printed once, often mid-group): each row takes the nearest."""
    marks = [i for i, v in enumerate(values) if v]
    if not marks:
        return values
    spacing = {b - a for a, b in itertools.pairwise(marks)}
    if len(spacing) == 1 and marks[0] < (size := spacing.pop()):
        # Labels printed at the same height in groups of one size ("Micro-F1" on the 4th of 8 rows, then
        # "Macro-F1" on the 12th): the groups are blocks of that size from the top, whether the label sits
        # just above or just below its group's middle.
        return [values[marks[min(i // size, len(marks) - 1)]] for i in range(len(values))]
    # Else the nearest; on a tie the later label wins: a label centred on an even group sits just below
    # its middle.
    return [values[min(marks, key=lambda m: (abs(m - i), -m))] for i in range(len(values))]


@dataclass(slots=True)
class _Reading:
    """One table read as results: per body row its model label; per value column its metric/dataset."""

    models: list[str]
    row_label: list[str]
    """Everything printed left of the numbers in the row (its label and group labels)."""
    metric: list[str | None]
    dataset: list[str | None]
    row_metric: list[str | None]
    row_dataset: list[str | None]
    value_cols: list[int]
    """The columns of numbers (``metric[k]``/``dataset[k]`` describe ``value_cols[k]``)."""
    paths: list[list[str]]
    """Header cells over each column, top to bottom."""


def _caption_datasets(caption: str) -> str | None:
    text = re.sub(r"^\s*(?:table|tab\.)\s*\w+\s*[:.|]\s*", "", caption, flags=re.IGNORECASE)
    match = _CAPTION_ON.search(text)
    if not match:
        return None
    name = match.group(1).strip()
    words = [w for w in name.split() if w not in ("and", "&")]
    if not words or len(words) > 5 or metric_of(name):
        return None
    return _dataset_name(name) or None


# Captions speak of a metric in the plural: "classification accuracies", "Dev and Test accuracies".
_PLURAL_METRIC = re.compile(r"(?i)\b(accurac)ies\b|\b(error rate|F1 score)s\b")


def _caption_metric(caption: str) -> str | None:
    """The one metric a caption says the table reports: the one "in terms of", else the only one it
    names ("F1 scores are reported for QQP and MRPC, accuracy for the other tasks" names no single one)."""
    caption = _PLURAL_METRIC.sub(lambda m: f"{m.group(1)}y" if m.group(1) else m.group(2), caption)
    match = _IN_TERMS.search(caption)
    if match:
        found = metric_of(match.group(1))
        if found:
            return found
        lex = METRIC_LEXICON.search(match.group(1))
        if lex:
            return METRIC_ALIASES.get(lex.group(0).casefold(), lex.group(0))
    named = {METRIC_ALIASES.get(m.group(0).casefold(), m.group(0)) for m in METRIC_LEXICON.finditer(caption)}
    # A cost the caption mentions ("the training time is only for reference") heads no column of results.
    named = {m for m in named if not _COST.search(m)}
    return next(iter(named)) if len(named) == 1 else None


# A split of a dataset, printed over its column: "Dev", "Test", "Validation set".
_SPLIT = re.compile(
    r"(?i)^(?:dev|development|test|testing|val|valid|validation|train|training)(?:\s+sets?)?$"
)
# Human performance is a reference point, not a compared model: "Human", "Human (expert)".
HUMAN = re.compile(r"^\s*Humans?\b")

# Header words that name a column's role, not its content.
_ROLE_HEADER = re.compile(
    r"(?i)^(?:data ?sets?|data|methods?|models?|algorithms?|approach(?:es)?|baselines?|metrics?|settings?"
    r"|tasks?|systems?|name|type|op|#)$"
)


def _dataset_name(text: str) -> str:
    """A header as a dataset name: without its explanation in brackets or a trailing "dataset"."""
    text = re.sub(r"\s*\([^()]*\)", "", text).strip()
    return re.sub(r"(?i)\s+(?:data ?sets?|data|corpus|network|benchmark)$", "", text).strip()


def _name_like(text: str) -> bool:
    """A header that can name a dataset: a short capitalised name, not a setting ("Factors=128", "10%",
    "5×104"), a role word ("Dataset", "Method") nor a split of the data ("Dev", "Test")."""
    words = text.split()
    return (
        0 < len(words) <= 5
        and re.match(_NAME_START, text) is not None
        and not _SETTING.match(text)
        and not _ROLE_HEADER.match(text)
        and not _SPLIT.match(text)
        and re.search(r"[A-Za-z]{2}", text) is not None
    )


def _row_numbers(table: TextTable, j: int) -> bool:
    """A column that numbers the rows 1, 2, 3, ... (a "#" column the text refers to as "Row 10"): neither
    values nor the rows' names."""
    cells = [(r[j] if j < len(r) else "").strip() for r in table.body]
    numbers = [c for c in cells if c]
    if len(numbers) < 3 or not all(c.isdigit() for c in numbers):
        return False
    values = [int(c) for c in numbers]
    return values[0] in (0, 1) and all(b == a + 1 for a, b in itertools.pairwise(values))


def _read(table: TextTable) -> _Reading | None:
    body = table.body
    if not body:
        return None
    width = max(len(r) for r in table.rows)
    numbering = [j for j in range(width) if _row_numbers(table, j)]
    value_cols = [j for j in range(width) if j not in numbering and _numeric_share(table, j) >= 0.6]
    label_cols = [
        j
        for j in range(width)
        if j not in value_cols and j not in numbering and j < (value_cols[0] if value_cols else 0)
    ]
    if not value_cols or not label_cols:
        return None
    paths = _header_paths(table)
    label_values = [[(r[j] if j < len(r) else "").strip() for r in body] for j in label_cols]
    # The leftmost well-filled label column names the row; a sparse one groups rows ("Micro-F1" printed
    # once beside its rows); others describe the row (settings).
    dense = [v for v in label_values if sum(1 for x in v if x) >= 0.6 * len(v)] or [label_values[-1]]
    main = dense[0]
    groups = [_fill_nearest(v) for v in label_values if sum(1 for x in v if x) < 0.6 * len(v)]
    # Rows with a label but no numbers inside the body are row groups for the rows below them.
    row_group: list[str | None] = []
    current: str | None = None
    for r in body:
        filled = [c.strip() for c in r if c.strip()]
        if len(filled) == 1 and not any((r[j] if j < len(r) else "").strip() for j in value_cols[1:]):
            current = filled[0]
        row_group.append(current)
    metric = []
    dataset: list[str | None] = []
    for j in value_cols:
        path = paths[j] if j < len(paths) else []
        found = next((m for m in (metric_of(p) for p in reversed(path)) if m), None)
        metric.append(found)
        others = [
            _dataset_name(p) for p in path if metric_of(p) is None and _name_like(p) and not _GAIN.search(p)
        ]
        dataset.append(others[-1] if others else None)
    row_metric: list[str | None] = []
    row_dataset: list[str | None] = []
    for i, label in enumerate(main):
        names = [g[i] for g in groups] + [row_group[i] or ""]
        got = next((m for m in (metric_of(n) for n in names if n) if m), None)
        row_metric.append(got or metric_of(label))
        named = [_dataset_name(n) for n in names if n and metric_of(n) is None and _name_like(n)]
        row_dataset.append(named[0] if named else None)
    row_label = [" ".join([g[i] for g in groups] + [main[i]]) for i in range(len(main))]
    models = [_clean_label(x) for x in main]
    return _Reading(models, row_label, metric, dataset, row_metric, row_dataset, value_cols, paths)


def table_results(
    table: TextTable, model: str | None, variants: frozenset[str] = frozenset()
) -> list[ResultRow]:
    """The own model's value against the best baseline, for each metric and dataset of one table; rows of
    the paper's own ``variants`` (folded names) are neither."""
    if not model:
        return []
    transposed = _transposed(table, model)
    if transposed is not None:
        return transposed
    reading = _read(table)
    if reading is None:
        return []
    own_rows = [i for i, m in enumerate(reading.models) if names_model(m, model)]
    percent_caption = bool(_PERCENT_CAPTION.search(table.caption))
    caption_metric = _caption_metric(table.caption)
    caption_dataset = _caption_datasets(table.caption)
    paths = reading.paths
    found: dict[tuple[str, str | None], ResultRow] = {}
    columns: list[dict[tuple[str, str | None], list[tuple[int, float, str]]]] = []
    for k, j in enumerate(reading.value_cols):
        path = " ".join(paths[j]) if j < len(paths) else ""
        if _GAIN.search(path) or _COST.search(path):
            continue
        percent = percent_caption or any("%" in h and not _SETTING.match(h) for h in paths[j])
        by_row: dict[tuple[str, str | None], list[tuple[int, float, str]]] = {}
        for i, row in enumerate(table.body):
            label = reading.models[i]
            if not label or _GAIN.search(label) or is_number_cell(label):
                continue
            if fold(_clean_label(label)) in variants and i not in own_rows:
                continue
            metric = reading.metric[k] or reading.row_metric[i] or caption_metric
            if metric is None:
                continue
            cell = row[j] if j < len(row) else ""
            value = _as_fraction(metric, parse_value(cell, percent or "%" in reading.row_label[i]))
            if value is None:
                continue
            dataset = reading.dataset[k] or reading.row_dataset[i] or caption_dataset
            by_row.setdefault((metric, dataset), []).append((i, value, cell.strip()))
        columns.append(by_row)
    if not own_rows:
        own_rows = _full_model_last(columns, reading.models)
    for by_row in columns:
        for key, entries in by_row.items():
            result = _compare(entries, own_rows, reading.models, key, model, table)
            if result is not None:
                found[key] = result
    return list(found.values())


def _full_model_last(
    columns: Sequence[dict[tuple[str, str | None], list[tuple[int, float, str]]]], models: Sequence[str]
) -> list[int]:
    """When no row names the own model: the last row, when it is strictly best on every metric of two or
    more, is the full model after its baselines ("L-WH DNN" after TF-IDF ... DNN), with the rows its label
    extends as its own partial variants ("DDQN", "DDQN + U" before "DDQN + U + DBGD"), never baselines."""
    groups = [(key, entries) for by_row in columns for key, entries in by_row.items()]
    rows = {i for _, entries in groups for i, _, _ in entries}
    if len(groups) < 2 or len(rows) < 3:
        return []
    last = max(rows)
    if len(models[last].split()) < 2 or not any(c.isupper() for c in models[last]):
        # the full model is printed as its parts; one name ("DeepFM") is a cited model, "joint" a setting
        return []
    for (metric, _), entries in groups:
        lower = _lower_is_better(metric)
        own = [v for i, v, _ in entries if i == last]
        if not own or any((v <= own[0]) if lower else (v >= own[0]) for i, v, _ in entries if i != last):
            return []
    full = models[last]
    return [last, *(i for i in rows if i != last and full.startswith(models[i] + " "))]


def _lower_is_better(metric: str) -> bool:
    return bool(_LOWER_BETTER.search(metric)) and not _HIGHER_WORDS.search(metric)


# Metrics defined on [0, 1]: printed above 1 they are percentages ("AUC 65.32" is 0.6532).
_BOUNDED = re.compile(
    r"(?i)\b(?:g?auc|accuracy|acc|error|err\.?|f1|micro-f1|macro-f1|precision|recall|n?dcg|hr|hit|map|mrr"
    r"|ctr|cvr|top-[15])\b"
)


def _as_fraction(metric: str, value: float | None) -> float | None:
    if value is not None and 1 < value <= 100 and _BOUNDED.search(metric):
        return _percent(value)
    return value


def _percent(value: float) -> float:
    # Rounded so 81.7 % is stored as 0.817, not the float division's 0.8170000000000001.
    return round(value / 100, 12)


def _compare(
    entries: Sequence[tuple[int, float, str]],
    own_rows: Sequence[int],
    models: Sequence[str],
    key: tuple[str, str | None],
    model: str,
    table: TextTable,
) -> ResultRow | None:
    metric, dataset = key
    lower = _lower_is_better(metric)

    def better(a: float, b: float) -> bool:
        return a < b if lower else a > b

    own = [e for e in entries if e[0] in own_rows]
    others = [
        e
        for e in entries
        if e[0] not in own_rows
        and not names_model(models[e[0]], model)
        and not ABLATION.match(models[e[0]])
        and not HUMAN.match(models[e[0]])
        and not _OURS.search(models[e[0]])  # "our single model" beside "our ensemble" is no baseline
    ]
    if not own:
        return None
    best_own = own[0]
    for e in own[1:]:
        if better(e[1], best_own[1]):
            best_own = e
    best_other = None
    for e in others:
        if best_other is None or better(e[1], best_other[1]):
            best_other = e
    return ResultRow(
        metric=metric,
        dataset=dataset,
        model=display_name(models[best_own[0]]),
        value=best_own[1],
        best_baseline=models[best_other[0]] if best_other else None,
        baseline_value=best_other[1] if best_other else None,
        page=table.page,
        table=table.label,
        printed=_printed(best_own[2]),
        baseline_printed=_printed(best_other[2]) if best_other else None,
        higher_is_better=not lower,
    )


def _printed(cell: str) -> str:
    """The value as printed, without a trailing note in brackets ("70.3(7s)") or marks ("0.3095∗∗")."""
    text = (
        re.sub(r"\s*\((?![^)]*±)[^)]*\)\s*$", "", cell.strip()) if not cell.strip().startswith("(") else cell
    )
    return text.rstrip("∗*†‡§¶⋆ ").strip()


def _transposed(table: TextTable, model: str) -> list[ResultRow] | None:
    """Models as column headers and metrics as row labels ("Model | DCN | DC | DNN" over "Logloss | …")."""
    if not table.rows:
        return None
    header = table.rows[0]
    own_cols = [j for j, cell in enumerate(header) if j and names_model(cell, model)]
    if not own_cols:
        return None
    body = table.body if table.header_rows else table.rows[1:]
    results: dict[tuple[str, str | None], ResultRow] = {}
    percent_caption = bool(_PERCENT_CAPTION.search(table.caption))
    caption_metric = _caption_metric(table.caption)
    for row in body:
        metric = (metric_of(row[0]) if row else None) or caption_metric
        if metric is None or not row:
            continue
        entries = []
        for j in range(1, len(row)):
            value = _as_fraction(metric, parse_value(row[j], percent_caption or "%" in row[0]))
            if value is not None and j < len(header) and header[j].strip():
                entries.append((j, value, row[j].strip()))
        models = [_clean_label(c) for c in header]
        dataset = _caption_datasets(table.caption)
        if metric_of(row[0]) is None and _name_like(row[0]):
            dataset = _dataset_name(row[0])
        got = _compare(entries, own_cols, models, (metric, dataset), model, table)
        if got is not None:
            results[(metric, dataset)] = got
    return list(results.values())


def find_results(
    tables: Sequence[TextTable], model: str | None, variants: frozenset[str] = frozenset()
) -> list[ResultRow]:
    """Results of every table, first table first."""
    out: list[ResultRow] = []
    seen: set[tuple[str, str, str | None]] = set()
    for table in tables:
        for row in table_results(table, model, variants):
            key = (row.table, row.metric, row.dataset)
            if key not in seen:
                seen.add(key)
                out.append(row)
    return out


def on_sole_dataset(results: Sequence[ResultRow], datasets: Sequence[Dataset]) -> list[ResultRow]:
    """Results whose table names no dataset are on the paper's dataset when it uses one only (a table of
    AUC by advertiser, on the one log the paper evaluates on); with several, which one stays unknown."""
    if len(datasets) != 1:
        return list(results)
    sole = datasets[0].name
    named = {(r.table, r.metric) for r in results if r.dataset == sole}
    return [
        r if r.dataset else r.model_copy(update={"dataset": sole})
        for r in results
        if r.dataset or (r.table, r.metric) not in named  # the table gave that row its dataset already
    ]


def compared_models(
    tables: Sequence[TextTable], model: str | None, variants: frozenset[str] = frozenset()
) -> list[str]:
    """The other models of every table that also lists the paper's own model (its own ``variants`` and
    ablations aside: "-CVAE", "+ BiLSTM" are the own model changed): its baselines."""
    if not model:
        return []
    out: list[str] = []
    for table in tables:
        labels = [_clean_label(row[0]) for row in table.body if row]
        header = [_clean_label(c) for c in table.rows[0][1:]] if table.rows else []
        for names in (labels, header):
            if not any(names_model(n, model) for n in names):
                continue
            for name in names:
                if (
                    (
                        name
                        and not names_model(name, model)
                        and fold(name) not in variants
                        and not is_number_cell(name)
                        and not _GAIN.search(name)
                        and not HUMAN.match(name)
                        and not ABLATION.match(name)
                    )
                    and metric_of(name) is None
                    and name not in out
                ):
                    out.append(name)
    return out


_OURS_MARK = re.compile(r"\s*\(?\s*(?:ours|this (?:paper|work)|proposed)\s*\)?\s*$", re.IGNORECASE)


def marked_own_model(tables: Sequence[TextTable]) -> str | None:
    """The model a table marks as the paper's own ("GCN (this paper)", "GAT (ours)"), for papers whose
    title and abstract name none; None when no table marks one."""
    for table in tables:
        for row in table.body:
            label = _clean_label(row[0]) if row else ""
            if label and _OURS_MARK.search(label):
                name = _OURS_MARK.sub("", label).strip(" (")
                if name and not name.casefold().startswith(("our", "proposed")):
                    return name
    return None


# A row label that reads as a model's name: a capital or a coined word first, at most three words.
_ROW_NAME = re.compile(r"[A-Z][\w\-&+]*|[a-z]+[A-Z0-9][\w\-]*")


def claimed_own_model(tables: Sequence[TextTable], abstract: str) -> str | None:
    """The model whose table row prints a number the abstract claims, for papers whose title and
    abstract name none: "An ensemble of these residual nets achieves 3.57% error" is Table 5's
    "ResNet (ILSVRC’15)" row (the qualifier in brackets dropped). The row with the most claimed numbers;
    None when no row prints one or rows of different names print as many."""
    claims = claimed_numbers(abstract)  # "achieves 3.57% error", "28.4 BLEU"
    if not claims:
        return None
    hits: dict[str, int] = {}
    for table in tables:
        for row in table.body:
            name = re.sub(r"\s*\([^()]*\)\s*$", "", display_name(_clean_label(row[0]))).strip() if row else ""
            words = name.split()
            if not words or len(words) > 3 or not _ROW_NAME.fullmatch(words[0]) or metric_of(name):
                continue
            cells = {cell.strip().rstrip("∗*†‡%").strip().lstrip("0") for cell in row[1:]}
            if claims & cells:
                hits[name] = hits.get(name, 0) + len(claims & cells)
    ranked = sorted(hits.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def display_name(label: str) -> str:
    """A model's label without the marks of authorship: "GCN (this paper)" → "GCN", "Our(T-CVAE)" →
    "T-CVAE"."""
    inner = re.fullmatch(r"\s*ours?\s*\(([^()]+)\)\s*", label, flags=re.IGNORECASE)
    if inner:
        return inner.group(1).strip()
    return _OURS_MARK.sub("", label).strip() or label
