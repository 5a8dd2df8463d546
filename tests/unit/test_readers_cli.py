"""``corridors add`` (files and URLs from a local HTTP server) and ``build --verbose/--report``."""
from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from corridors.cli import cli

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"


@pytest.fixture()
def server():
    """A local HTTP server on 127.0.0.1 serving the saved pages of tests/data/formats."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(DATA))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_add_copies_files_never_overwrites_and_fetches_urls(tmp_path, server):
    corpus, db = tmp_path / "corpus", tmp_path / "i.sqlite"
    corpus.mkdir()
    mine = corpus / "ferry.md"
    mine.write_text("---\ntitle: Mine\n---\n\nMy own note on the Caspian ferries and their capacity this spring.\n")
    before = mine.read_bytes()
    run = CliRunner().invoke(cli, ["add", str(DATA / "ferry.md"), str(DATA / "ferry.pdf"), f"{server}/ferry.html",
                                   str(DATA / "README.md.docx"), "--corpus", str(corpus), "--db", str(db)])
    assert run.exit_code == 1  # the missing/unsupported item is an error, the rest is added
    assert mine.read_bytes() == before  # never written over
    assert (corpus / "ferry-2.md").read_bytes() == (DATA / "ferry.md").read_bytes()
    assert (corpus / "ferry.pdf").exists()
    page = next(corpus.glob("127-0-0-1*.html"))
    first = page.read_text().splitlines()[0]
    assert first.startswith(f"<!-- corridors-add url={server}/ferry.html fetched=20")
    assert "articles: 2" in run.output  # the user's note and the ferry article (three copies)
    again = CliRunner().invoke(cli, ["add", str(DATA / "ferry.md"), f"{server}/ferry.html", "--corpus", str(corpus),
                                     "--db", str(db)])
    assert again.exit_code == 0 and again.output.count("already there") == 2
    assert len(list(corpus.iterdir())) == 4
    bad = CliRunner().invoke(cli, ["add", "http://127.0.0.1:9/nothing", "--corpus", str(corpus), "--db", str(db)])
    assert bad.exit_code == 1 and "cannot fetch" in bad.output


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
    verbose = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(tmp_path / "i.sqlite"), "--verbose"])
    lines = [ln for ln in verbose.output.splitlines() if ln.startswith("dropped: ")]
    assert len(lines) == len(rep["losses"]) > 10
    assert any(ln.endswith("boilerplate: PDF running header/footer or page number") for ln in lines)


def test_source_line_says_page_for_pdf_and_line_otherwise():
    from corridors.views.citations import source_line

    pdf = source_line({"file": "a.pdf", "line": 7, "page": 2, "layer": True, "sha256": "ab" * 32})
    assert pdf.startswith("Source: a.pdf, p. 2 (text layer; file sha256 abababababab")
    assert source_line({"file": "<b>.txt", "line": 7}) == "Source: &lt;b&gt;.txt, line 7"


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
