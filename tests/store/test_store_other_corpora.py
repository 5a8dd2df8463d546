"""Beyond the bundled corpus: the format fixtures (HTML and PDF text layers, Markdown front matter) and
articles published on the same day read identically from SQLite and PostgreSQL."""
from __future__ import annotations

from pathlib import Path

import pytest

from corridors.build import build_index
from corridors.query import Filters, matching_ids, search_passages
from corridors.store import open_store as open_index
from corridors.store.postgres import build_corpus, open_postgres

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"


def _same_day(folder: Path) -> Path:
    folder.mkdir()
    for k, title in enumerate(["Ferries at Aktau", "Rail at Kars", "Gas at Sangachal"]):
        body = "\n\n".join(f"Paragraph {n} of {title}: the Middle Corridor and Iran, railway {k}." for n in range(3))
        (folder / f"{k}-{title.split()[0].lower()}.md").write_text(
            f"---\ntitle: {title}\nauthor: Ann Analyst\ndate: 2025-10-02\npublisher: Example Review\n---\n\n{body}\n",
            encoding="utf-8")
    return folder


@pytest.mark.parametrize("which", ["formats", "same-day"])
def test_other_corpora_read_identically(pg_server, tmp_path, which):
    corpus = FORMATS if which == "formats" else _same_day(tmp_path / "same")
    build_index((corpus,), tmp_path / "x.sqlite")
    lite = open_index(tmp_path / "x.sqlite")
    url = pg_server.new_database("other")
    build_corpus(url, (corpus,))
    pg = open_postgres(url)
    try:
        assert lite.articles() == pg.articles() and len(lite.articles()) >= 3
        for f in (Filters(), Filters(q="railway"), Filters(actors=("iran",)), Filters(routes=("middle_corridor",))):
            a, b = search_passages(lite, f), search_passages(pg, f)
            assert [h.to_json() for h in a] == [h.to_json() for h in b]
        ids = matching_ids(pg, Filters())
        order = [i.split("#")[0] for i in ids]
        assert order == sorted(order, key=order.index)  # one article's passages together, in corpus order
        for file in {p.source.file for p in lite.passages() if p.source.layer}:
            assert lite.text_layer(file) == pg.text_layer(file) is not None
    finally:
        pg.close()
