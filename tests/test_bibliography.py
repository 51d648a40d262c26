# ruff: noqa: E501
"""Reading and writing bibliographies (pure): Zotero, Better BibTeX and JabRef BibTeX, CSL-JSON, keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperstudy.bibliography import (
    arxiv_id_of,
    assign_citekeys,
    latex_to_text,
    make_citekey,
    parse_file_field,
    read_bibliography,
    read_bibtex,
    read_csl_json,
    write_bibtex,
    write_csl_json,
)
from paperstudy.errors import ConfigError
from paperstudy.models import BibEntry, PaperRecord

ZOTERO_BIB = r"""
@comment{jabref-meta: databaseType:bibtex;}
@string{kdd = "Proceedings of KDD"}

@inproceedings{guo2017deepfm,
  title = {{DeepFM}: A Factorization-Machine based Neural Network for {CTR} Prediction},
  author = {Guo, Huifeng and Tang, Ruiming and M{\"u}ller, Jan},
  year = {2017},
  booktitle = kdd,
  doi = {10.24963/ijcai.2017/239},
  file = {Full Text PDF:storage/AB12/Guo2017.pdf:application/pdf;Snapshot:storage/AB12/snap.html:text/html},
}

@article{broken2018,
  title = {An {entry with an unbalanced brace,
  year = 2018
}

@article{wang2017cross,
  title = {Deep \& Cross Network for Ad Click Predictions},
  author = {Ruoxi Wang and Bin Fu},
  journal = {ADKDD},
  year = {2017},
  eprint = {1708.05123v1},
  archivePrefix = {arXiv},
  file = {/abs/papers/dcn.pdf},
}
"""


def test_zotero_bibtex_reads_entries_and_reports_the_malformed_one_by_key_and_line(tmp_path: Path) -> None:
    result = read_bibtex(ZOTERO_BIB, tmp_path)
    assert [e.key for e in result.entries] == ["guo2017deepfm", "wang2017cross"]
    [problem] = result.problems
    assert problem.key == "broken2018" and problem.line == 14
    assert problem.message.startswith("broken2018 (line 14) cannot be read")
    deepfm, dcn = result.entries
    assert deepfm.title == "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction"
    assert deepfm.authors == ["Huifeng Guo", "Ruiming Tang", "Jan Müller"]
    assert (deepfm.year, deepfm.venue, deepfm.doi, deepfm.line) == (
        2017,
        "Proceedings of KDD",
        "10.24963/ijcai.2017/239",
        5,
    )
    assert [(f.path, f.mime, f.is_pdf) for f in deepfm.files] == [
        (str(tmp_path / "storage/AB12/Guo2017.pdf"), "application/pdf", True),
        (str(tmp_path / "storage/AB12/snap.html"), "text/html", False),
    ]
    assert dcn.title == "Deep & Cross Network for Ad Click Predictions"
    assert dcn.arxiv_id == "1708.05123" and dcn.venue == "ADKDD"
    assert [(f.path, f.is_pdf) for f in dcn.files] == [("/abs/papers/dcn.pdf", True)]


def test_file_field_forms(tmp_path: Path) -> None:
    # Better BibTeX: absolute, several attachments; JabRef: type "PDF"; Zotero escapes ':' and ';'.
    several = parse_file_field(
        "Full Text:/z/a.pdf:application/pdf;Preprint:/z/b v2.pdf:application/pdf", tmp_path
    )
    assert [f.path for f in several] == ["/z/a.pdf", "/z/b v2.pdf"]
    jabref = parse_file_field(":papers/x.pdf:PDF", tmp_path)
    assert jabref[0].path == str(tmp_path / "papers/x.pdf") and jabref[0].is_pdf
    escaped = parse_file_field(r"PDF:/odd\:name\;v2.pdf:application/pdf", tmp_path)
    assert escaped[0].path == "/odd:name;v2.pdf"
    windows = parse_file_field(r"C\:\\Users\\ada\\x.pdf", tmp_path)
    assert windows[0].path.endswith("x.pdf") and windows[0].path.startswith("C:")
    assert parse_file_field("", tmp_path) == []


def test_arxiv_ids_from_the_fields_people_put_them_in() -> None:
    assert arxiv_id_of("arXiv:1703.04247v2") == "1703.04247"
    assert arxiv_id_of(None, "10.48550/arXiv.1810.11921") == "1810.11921"
    assert arxiv_id_of("https://arxiv.org/abs/hep-th/9901001v3") == "hep-th/9901001"
    assert arxiv_id_of("10.1145/3219819.3220023", "Proceedings of KDD 2018") is None


def test_latex_to_text() -> None:
    assert latex_to_text(r"{\'E}cole \& {Co}: 50\% of \$x\_1~y") == "École & Co: 50% of $x_1 y"


def test_csl_json_export(tmp_path: Path) -> None:
    items = [
        {
            "id": "http://zotero.org/users/1/items/ABC",
            "citation-key": "zhou2018din",
            "type": "paper-conference",
            "title": "Deep Interest Network for Click-Through Rate Prediction",
            "author": [{"family": "Zhou", "given": "Guorui"}, {"literal": "Alibaba Group"}],
            "issued": {"date-parts": [["2018", 7, 19]]},
            "container-title": "KDD",
            "DOI": "10.1145/3219819.3219823",
            "URL": "https://arxiv.org/abs/1706.06978",
        },
        {"type": "article", "title": "No id"},
        {
            "id": "http://zotero.org/users/1/items/XYZ",
            "type": "article-journal",
            "title": "Wide & Deep Learning",
            "author": [{"family": "Cheng", "given": "Heng-Tze"}],
            "issued": {"date-parts": [[2016]]},
        },
    ]
    path = tmp_path / "library.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    result = read_bibliography(path)
    entry, zotero_item = result.entries
    assert (
        zotero_item.key == "cheng2016wide"
    )  # an item URI is no citation key: one is made, the same each time
    assert read_bibliography(path).entries[1].key == "cheng2016wide"
    assert entry.key == "zhou2018din" and entry.entry_type == "inproceedings" and entry.source == "csl-json"
    assert entry.authors == ["Guorui Zhou", "Alibaba Group"] and entry.year == 2018
    assert entry.arxiv_id == "1706.06978" and entry.venue == "KDD"
    assert [p.key for p in result.problems] == ["(item 2)"]
    with pytest.raises(ConfigError, match="not valid JSON"):
        read_csl_json("[{", tmp_path)


def test_citekeys_like_better_bibtex_and_stable() -> None:
    title = "xDeepFM: Combining Explicit and Implicit Feature Interactions"
    assert make_citekey(["Jianxun Lian"], 2018, title, set()) == "lian2018xdeepfm"
    assert make_citekey(["Lian, Jianxun"], 2018, title, {"lian2018xdeepfm"}) == "lian2018xdeepfma"
    assert make_citekey([], None, "", set()) == "paper"
    records = [
        PaperRecord(id=pid, title="DeepFM: x", authors=["Huifeng Guo"], year=2017, sha256=pid * 4,
                    domains=["d"], page_count=1, citekey=key)
        for pid, key in (("deepfm-2017", "guo2017deepfm"), ("deepfm-2017-2", None), ("deepfm-2017-3", None))
    ]  # fmt: skip
    keys = assign_citekeys(records, {"guo2017deepfm"})
    assert keys == {
        "deepfm-2017": "guo2017deepfm",
        "deepfm-2017-2": "guo2017deepfma",
        "deepfm-2017-3": "guo2017deepfmb",
    }
    assert assign_citekeys(list(reversed(records)), {"guo2017deepfm"}) == keys


def test_written_bibtex_and_csl_json_read_back_to_the_same_entries(tmp_path: Path) -> None:
    entry = BibEntry(
        key="wang2017cross",
        entry_type="article",
        title="Deep & Cross: 50% of {braces} $x_1$ \\ back",
        authors=["Ruoxi Wang", "Bin Fu", "Plato"],
        year=2017,
        venue="ADKDD",
        doi="10.1145/3124749.3124754",
        arxiv_id="1708.05123",
        url="https://arxiv.org/abs/1708.05123",
        files=[],
    )
    with_file = entry.model_copy(
        update={"files": [entry_file := parse_file_field("/vault/x;y.pdf", tmp_path)[0]]}
    )
    text = write_bibtex([with_file])
    [back] = read_bibtex(text, tmp_path).entries
    assert back.model_dump(exclude={"line"}) == with_file.model_dump(exclude={"line"}) | {
        "files": [entry_file.model_copy(update={"description": "", "mime": None}).model_dump()]
    }
    [csl] = read_csl_json(write_csl_json([entry]), tmp_path).entries
    assert csl.model_dump(exclude={"source"}) == entry.model_dump(exclude={"source"})


BETTER_BIBTEX_BIB = r"""
@inproceedings{guoDeepFMFactorizationMachineBasedNeural2017,
  title = {{{DeepFM}}: {{A Factorization-Machine}} Based {{Neural Network}} for {{CTR Prediction}}},
  shorttitle = {{{DeepFM}}},
  author = {Guo, Huifeng and Tang, Ruiming and Ye, Yunming and Li, Zhenguo and He, Xiuqiang},
  date = {2017-03-13},
  eprint = {1703.04247},
  eprinttype = {arxiv},
  eprintclass = {cs},
  journaltitle = {arXiv:1703.04247 [cs]},
  urldate = {2024-01-02},
  langid = {english},
  keywords = {Computer Science - Information Retrieval},
  file = {/home/ada/Zotero/storage/7QK3/Guo et al. - 2017 - DeepFM.pdf;/home/ada/Zotero/storage/7QK3/1703.html}
}

@article{lianXDeepFMCombiningExplicit2018,
  title = {{{xDeepFM}}: {{Combining Explicit}} and {{Implicit Feature Interactions}}},
  author = {Lian, Jianxun and Zhou, Xiaohuan},
  year = {2018},
  doi = {10.1145/3219819.3220023},
  file = {Lian et al_2018_xDeepFM.pdf}
}
"""


def test_better_bibtex_biblatex_export(tmp_path: Path) -> None:
    result = read_bibtex(BETTER_BIBTEX_BIB, tmp_path)
    assert not result.problems
    deepfm, xdeepfm = result.entries
    assert deepfm.key == "guoDeepFMFactorizationMachineBasedNeural2017"
    assert deepfm.title == "DeepFM: A Factorization-Machine Based Neural Network for CTR Prediction"
    assert (deepfm.year, deepfm.arxiv_id, len(deepfm.authors)) == (2017, "1703.04247", 5)
    # Several attachments without descriptions: the PDF and a snapshot, absolute paths with spaces.
    assert [(f.path, f.is_pdf) for f in deepfm.files] == [
        ("/home/ada/Zotero/storage/7QK3/Guo et al. - 2017 - DeepFM.pdf", True),
        ("/home/ada/Zotero/storage/7QK3/1703.html", False),
    ]
    assert xdeepfm.files[0].path == str(tmp_path / "Lian et al_2018_xDeepFM.pdf")
    assert xdeepfm.doi == "10.1145/3219819.3220023" and xdeepfm.arxiv_id is None
