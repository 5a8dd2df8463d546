"""Citations (issue 13 point 9): footnotes by their own number, source paths relative to their corpus folder."""
from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from corridors.query import Filters, search_passages
from sources.citation import corpus_relative, passage_ref
from sources.models import Passage, Provenance

ROOT = Path(__file__).resolve().parents[2]


def passage(text: str, kind: str = "footnote", n: int = 31) -> Passage:
    return Passage(f"a#p{n}", "a", n, kind, None, text, Provenance("a.txt", 1, 0, len(text)))


@pytest.mark.parametrize("text, ref", [
    ("[17] Ibid., p. 4.", "fn. 17"),
    ("  [3] See the statement.", "fn. 3"),
    ("(12) A source.", "fn. 12"),
    ("4. Interview with an official.", "fn. 4"),
    ("7) Another.", "fn. 7"),
    ("2022 was the year of the war.", "¶31 (footnote)"),  # a year, not a footnote number
    ("See the report.", "¶31 (footnote)"),
])
def test_a_footnote_is_cited_by_its_own_number(text, ref):
    assert passage_ref(passage(text)) == ref


def test_a_paragraph_is_cited_by_its_paragraph_number():
    assert passage_ref(passage("[17] is a paragraph here.", kind="body", n=5)) == "¶5"


def test_every_bundled_footnote_cites_the_number_it_carries(bundled_index):
    notes = [h for h in search_passages(bundled_index, Filters()) if h.passage.kind == "footnote"]
    assert notes
    renumbered = 0
    for h in notes:
        m = re.match(r"\s*\[(\d+)\]", h.passage.text)
        assert m, h.passage.text[:40]
        assert f"fn. {int(m.group(1))}." in h.citation or f"fn. {int(m.group(1))}," in h.citation
        renumbered += int(m.group(1)) != h.passage.n
    assert renumbered  # the bundled footnotes are not numbered like the paragraphs


@pytest.mark.parametrize("file, dirs, shown", [
    ("/data/corpus/2025/a.txt", ["/data/corpus"], "2025/a.txt"),
    ("sources/corpus/a.txt", ["/x/checkout/sources/corpus"], "a.txt"),
    ("tests/data/tuneset/files/b.md", ["/w/repo/tests/data/tuneset"], "files/b.md"),
    ("/data/one/a.txt", ["/data/one", "/data/two"], "one/a.txt"),
    ("/elsewhere/a.txt", ["/data/one"], "/elsewhere/a.txt"),  # in no folder: as stored
])
def test_source_paths_are_relative_to_their_corpus_folder(file, dirs, shown):
    assert corpus_relative(file, dirs) == shown


def test_csv_file_column_and_hits_are_relative_to_the_corpus_folder(tmp_path):
    from corridors.build import build_index
    from corridors.formats import passages_to_csv
    from corridors.store import open_store

    corpus = tmp_path / "my corpus"
    (corpus / "sub").mkdir(parents=True)
    for f in sorted((ROOT / "sources" / "corpus").glob("*.txt"))[:2]:
        shutil.copy(f, corpus / "sub" / f.name)
    db = tmp_path / "i.sqlite"
    build_index((corpus.resolve(),), db)
    hits = search_passages(open_store(db), Filters(routes=("tripp",)))
    assert hits
    buf = io.StringIO()
    passages_to_csv(hits, buf)
    files = {r["file"] for r in csv.DictReader(io.StringIO(buf.getvalue()))}
    assert files and all(f.startswith("sub/") and str(tmp_path) not in f for f in files)
    assert {h.source_file for h in hits} == files
