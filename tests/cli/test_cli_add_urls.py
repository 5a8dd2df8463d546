"""``corridors add``: files and URLs fetched from a local HTTP server (a server thread: not in the unit ring)."""
from __future__ import annotations

import functools
import http.server
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


def test_add_refuses_a_file_no_reader_can_use_and_leaves_the_index_alone(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "i.sqlite"
    broken = tmp_path / "report.pdf"
    broken.write_bytes((DATA / "ferry.pdf").read_bytes()[:15_000])  # a download cut short
    run = CliRunner().invoke(cli, ["add", str(broken), "--corpus", str(corpus), "--db", str(db)])
    assert run.exit_code == 1
    assert f"error: {broken} (broken PDF, cannot be read" in run.output and "not added" in run.output
    assert list(corpus.iterdir()) == [] and not db.exists()  # not copied, and nothing to index
    ok = CliRunner().invoke(cli, ["add", str(DATA / "ferry.pdf"), str(broken), "--corpus", str(corpus), "--db",
                                  str(db)])
    assert ok.exit_code == 1 and [f.name for f in corpus.iterdir()] == ["ferry.pdf"] and db.exists()
    assert "0 error(s)" in ok.output  # the corpus holds only what can be read: later builds stay clean
