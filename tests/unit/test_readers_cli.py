"""``build --verbose/--report``, source lines of PDFs, the stored text layer (``corridors add`` of URLs:
``tests/cli/test_cli_add_urls.py``)."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from corridors.cli import cli

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"


def test_build_verbose_and_json_report_show_every_loss(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("ferry-chrome.txt", "ferry-with-headers.pdf"):
        (corpus / name).write_bytes((DATA / name).read_bytes())
    (corpus / "scan.png").write_bytes(b"\x89PNG\r\n")
    out = tmp_path / "report.json"
    run = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(tmp_path / "i.sqlite"),
                                   "--report", str(out)])
    assert run.exit_code == 0, run.output
    assert "skipped: " in run.output and "scan.png: unsupported file type '.png'" in run.output
    assert "ferry-chrome.txt: 1 line(s) in 1 range(s), boilerplate: site chrome: font-size widget (at 9)" in run.output
    assert "ferry-chrome.txt: 1 line(s) in 1 range(s), boilerplate: site chrome: share bar (at 27)" in run.output
    rep = json.loads(out.read_text())
    assert any(r["file"].endswith("ferry-chrome.txt") and r["first"] == 9 and "font-size" in r["reason"]
               for r in rep["losses"])
    verbose = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(tmp_path / "i.sqlite"),
                                       "--verbose"])
    lines = [ln for ln in verbose.output.splitlines() if ln.startswith("dropped: ")]
    assert len(lines) == len(rep["losses"]) > 10
    assert any(ln.endswith("boilerplate: PDF running header/footer or page number") for ln in lines)


def test_source_line_says_page_for_pdf_and_line_otherwise():
    from corridors.views.citations import source_line
    from sources.models import Provenance

    pdf = source_line(Provenance("a.pdf", 7, 0, 10, page=2, sha256="ab" * 32, layer=True))
    assert pdf.startswith("Source: a.pdf, p. 2 (text layer; file sha256 abababababab")
    assert source_line(Provenance("<b>.txt", 7, 0, 10)) == "Source: &lt;b&gt;.txt, line 7"


def test_index_stores_the_text_layer_and_pages(tmp_path):
    from corridors.build import build_index
    from corridors.store import open_store

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.pdf").write_bytes((DATA / "ferry-with-headers.pdf").read_bytes())
    build_index((corpus,), tmp_path / "i.sqlite")
    idx = open_store(tmp_path / "i.sqlite")
    ps = idx.passages()
    layer = idx.text_layer(ps[0].source.file)
    assert layer is not None and layer.format == "pdf" and len(layer.pages) == 2
    for p in ps:
        assert p.source.page == 1 and p.source.layer and p.source.sha256 == layer.sha256
        assert layer.text[p.source.start:p.source.end] == p.text
    assert idx.text_layer("nope") is None
    idx.close()
