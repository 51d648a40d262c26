"""`paperstudy ingest` end to end with the real parser, on PDFs the tests generate."""

import json
from pathlib import Path

import pymupdf
from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.store import Library, Vault

runner = CliRunner()

BODY = (
    "We evaluate on the Criteo dataset, which contains 45 million click records over 7 days. "
    "Our model improves AUC by 0.5% over the strongest baseline. "
)


def write_paper(path: Path, title: str = "DeepThing: Learning Feature Interactions") -> Path:
    """A small single-column paper: title, authors, abstract, three numbered sections over two pages."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), title, fontsize=16, fontname="hebo")
    page.insert_text((72, 100), "Ada Lovelace, Alan Turing", fontsize=11)
    y = 130.0
    sections = [
        ("Abstract", 1),
        ("1 Introduction", 2),
        ("2 Model", 2),
        ("3 Experiments", 3),
    ]
    for heading, paragraphs in sections:
        if y > 640:
            page, y = doc.new_page(), 72.0
        page.insert_text((72, y), heading, fontsize=12, fontname="hebo")
        y += 20
        for _ in range(paragraphs):
            page.insert_textbox(pymupdf.Rect(72, y, 540, y + 40), BODY, fontsize=10)
            y += 44
        y += 10
    doc.save(path)
    doc.close()
    return path


def bad_files(tmp_path: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    files["empty"] = tmp_path / "empty.pdf"
    files["empty"].write_bytes(b"")
    files["html"] = tmp_path / "download.pdf"
    files["html"].write_text("<!doctype html><html><body>Access denied</body></html>")
    good = write_paper(tmp_path / "source.pdf")
    data = good.read_bytes()
    files["truncated"] = tmp_path / "truncated.pdf"
    files["truncated"].write_bytes(data[: len(data) // 3])
    files["corrupt"] = tmp_path / "corrupt.pdf"
    files["corrupt"].write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    encrypted = pymupdf.open(good)
    files["encrypted"] = tmp_path / "encrypted.pdf"
    encrypted.save(files["encrypted"], encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="o")
    encrypted.close()
    scan = pymupdf.open()
    page = scan.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 60), False)
    pixmap.clear_with(200)
    page.insert_image(page.rect, pixmap=pixmap)
    files["image-only"] = tmp_path / "scan.pdf"
    scan.save(files["image-only"])
    scan.close()
    return files


def test_every_bad_file_fails_with_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    bad = bad_files(tmp_path)
    good = write_paper(tmp_path / "deepthing.pdf")
    args = ["ingest", *map(str, bad.values()), str(good), "--domain", "ctr-prediction", "--notes", str(vault)]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 1, result.output
    outcomes = json.loads(result.stdout)
    assert [o["status"] for o in outcomes] == ["failed"] * len(bad) + ["ok"]
    assert [o["outcome"] for o in outcomes] == ["failed"] * len(bad) + ["added"]
    for outcome, path in zip(outcomes, bad.values(), strict=False):
        assert set(outcome) == {"path", "paper_id", "status", "error", "outcome"}
        assert outcome["error"].startswith(path.name), outcome
        assert "\n" not in outcome["error"]
        assert "Traceback" not in outcome["error"]
    assert "password" in outcomes[list(bad).index("encrypted")]["error"].lower()
    assert "text" in outcomes[list(bad).index("image-only")]["error"].lower()
    with Library(Vault(vault)) as library:
        assert library.paper_ids() == {outcomes[-1]["paper_id"]}
    assert len(list((vault / ".paperstudy" / "pdfs").iterdir())) == 1
    assert len(list((vault / "ctr-prediction").iterdir())) == 1


def test_ingest_table_summary_and_show(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    good = write_paper(tmp_path / "deepthing.pdf")
    result = runner.invoke(
        app,
        ["ingest", str(good), "--domain", "ctr-prediction", "--notes", str(vault)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "1 ok, 0 failed" in result.stdout and "added" in result.stdout
    [paper_id] = Library(Vault(vault)).paper_ids()
    assert paper_id == "deepthing"  # no year printed in this PDF and no arXiv id
    shown = json.loads(runner.invoke(app, ["show", paper_id, "--notes", str(vault), "--json"]).stdout)
    assert shown["title"] == "DeepThing: Learning Feature Interactions"
    assert [s["heading"] for s in shown["sections"]] == ["Introduction", "Model", "Experiments"]
    assert shown["abstract"].startswith("We evaluate on the Criteo dataset")
    again = runner.invoke(
        app, ["ingest", str(good), "--domain", "nlp", "--notes", str(vault)], env={"COLUMNS": "200"}
    )
    assert again.exit_code == 0 and "updated" in again.stdout


def test_missing_file_is_reported_in_the_table(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.pdf")
    result = runner.invoke(
        app, ["ingest", missing, "--domain", "nlp", "--notes", str(tmp_path / "v")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1 and "missing.pdf: no such file" in result.stdout
