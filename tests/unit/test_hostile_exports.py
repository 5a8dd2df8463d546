"""Hostile input in every exported file: CSV formulas neutralised, SVG inert, GeoJSON/JSONL/BibTeX/RIS intact.

The corpus (tests/data/hostile/corpus) carries HTML, <script>, event handlers, markdown and javascript:/data:
links in titles, authors, publishers, urls and passages, spreadsheet formulas at the start of passages and
authors, and a 6,000-letter word; route names and the user's note and title are hostile too.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from corridors.build import build_index
from corridors.formats import passages_to_string, safe_cell
from corridors.query import Filters, search_passages
from corridors.store import open_store

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    db = tmp_path_factory.mktemp("hostile") / "index.sqlite"
    build_index((HOSTILE / "corpus",), db)
    idx = open_store(db)
    yield idx
    idx.close()


@pytest.fixture(scope="module")
def hits(index):
    found = search_passages(index, Filters())
    assert len(found) == 10
    return found


@pytest.fixture(scope="module")
def plan(index):
    from corridors.export import parse_note, plan_export
    from geo.layers import load_layers
    from routes.catalog import load_catalog

    names = tomllib.loads((HOSTILE / "route_names.toml").read_text(encoding="utf-8"))
    catalog = {rid: dataclasses.replace(r, name=names.get(rid, r.name)) for rid, r in load_catalog().items()}
    notes = [parse_note(f"39.2,46.4,{PAYLOAD} =SUM(A1) note"), parse_note("41.7,44.8,]]><foo/> <![CDATA[x")]
    return plan_export(index, Filters(), layers=load_layers(), catalog=catalog, title=f"Title {PAYLOAD}",
                       subtitle='<a href="javascript:window.__pwned=1">sub</a>', notes=notes, generated="2025-11-01")


def test_hostile_corpus_ingests_with_payloads_kept_as_text(hits):
    texts = " ".join(h.passage.text for h in hits)
    assert "<script>window.__pwned=1</script>" in texts
    assert any(len(w) >= 6000 for h in hits for w in h.passage.text.split())
    assert any((h.article.url or "").startswith("javascript:") for h in hits)


def test_safe_cell_neutralises_formula_starts():
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(value).startswith("'")
    assert safe_cell("Plain text") == "Plain text"
    assert safe_cell(None) == ""


def csv_cells(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data)))


def test_csv_cells_never_start_a_formula(hits, plan):
    from corridors.export import export_bytes

    for data in (passages_to_string(hits, "csv"), export_bytes(plan, "csv").decode()):
        rows = csv_cells(data)
        assert len(rows) > 1
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA), cell[:40]
        body = "\n".join(",".join(r) for r in rows)
        assert "'=HYPERLINK(" in body and "'+cmd|" in body and "'-2+3" in body and "'@SUM(A1:A9)" in body
        assert "<script>window.__pwned=1</script>" in body  # text is carried, not dropped


def test_jsonl_round_trips_every_payload(hits):
    lines = passages_to_string(hits, "jsonl").splitlines()
    assert len(lines) == len(hits)
    for line, h in zip(lines, hits):
        obj = json.loads(line)
        assert obj["text"] == h.passage.text
        assert obj["article"]["title"] == h.article.title


def test_svg_export_has_no_script_handlers_or_links(plan):
    from corridors.export import export_bytes

    svg = export_bytes(plan, "svg").decode("utf-8")
    root = ET.fromstring(svg)  # well-formed: hostile text did not break the markup
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "a"), tag
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (tag, name, value)
            if local == "href":
                assert value.startswith(("#", "data:image/")), value  # in-document refs, embedded images
            assert "javascript:" not in value.lower()
    assert "<script" not in svg.lower()
    assert "&lt;script&gt;" in svg  # the title and note are shown as text


def test_geojson_export_carries_text_exactly(plan):
    from corridors.export import export_bytes

    fc = json.loads(export_bytes(plan, "geojson"))
    notes = [f["properties"]["text"] for f in fc["features"] if f["properties"]["layer"] == "note"]
    assert notes[0].startswith(PAYLOAD)
    assert notes[1] == "]]><foo/> <![CDATA[x"


def bib_entries(text: str) -> list[str]:
    return [e for e in re.split(r"\n(?=@)", text.strip()) if e.strip()]


def test_bibtex_fields_cannot_be_broken_out_of(plan, hits):
    from corridors.export import export_bytes
    from corridors.references import articles_to_string

    for text in (export_bytes(plan, "bibtex").decode(), articles_to_string([h.article for h in hits], "bibtex")):
        entries = bib_entries(text)
        assert len(entries) == 3
        for entry in entries:
            assert len(re.findall(r"^\s*@", entry, flags=re.M)) == 1, entry  # no second entry smuggled in
            depth = 0
            for i, ch in enumerate(entry):
                if ch in "{}" and (i == 0 or entry[i - 1] != "\\"):
                    depth += 1 if ch == "{" else -1
                    assert depth >= 0, entry
            assert depth == 0, entry
            fields = re.findall(r"^\s{2}(\w+) = ", entry, flags=re.M)
            assert len(fields) == len(set(fields)), fields  # "}, note = {x" in a title adds no field
            assert set(fields) <= {"author", "title", "journal", "year", "month", "day", "date", "url", "note"}


def test_ris_records_are_one_tag_per_line(plan, hits):
    from corridors.export import export_bytes
    from corridors.references import articles_to_string

    for text in (export_bytes(plan, "ris").decode(), articles_to_string([h.article for h in hits], "ris")):
        lines = text.splitlines()
        assert sum(1 for x in lines if x.startswith("TY  - ")) == 3
        assert sum(1 for x in lines if x.startswith("ER  - ")) == 3
        for x in lines:
            assert x == "" or re.match(r"^[A-Z][A-Z0-9]  - ", x), x


def test_png_and_pdf_render_with_hostile_text(plan):
    from corridors.export import export_bytes

    assert export_bytes(plan, "png", dpi=40).startswith(b"\x89PNG")
    pdf = export_bytes(plan, "pdf")
    assert pdf.startswith(b"%PDF") and b"/JavaScript" not in pdf and b"/JS " not in pdf
