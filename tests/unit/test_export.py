"""Briefing export: the static map (sizes, text in SVG/PDF, layout limits), notes, paths, GeoJSON and CSV."""
from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import pytest
from PIL import Image
from pypdf import PdfReader
from shapely.geometry import LineString, Polygon, shape

from corridors import export as ex
from corridors.query import Filters
from corridors.store import open_store
from geo import print_map as pm
from geo.layers import load_layers
from routes.catalog import load_catalog

FIVE = ("tripp", "middle_corridor", "instc", "btk", "sgc")


@pytest.fixture(scope="session")
def index(bundled_db):
    return open_store(bundled_db)


@pytest.fixture(scope="session")
def layers():
    return load_layers()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def tripp(index, layers, catalog):
    notes = [ex.parse_note("39.0,46.2,Meghri", 1), ex.parse_note("39.2,45.4,Nakhchivan", 2)]
    return ex.plan_export(index, Filters(routes=("tripp",)), layers=layers, catalog=catalog,
                          title="TRIPP & friends", notes=notes, generated="2025-12-01")


@pytest.fixture(scope="session")
def five(index, layers, catalog):
    return ex.plan_export(index, Filters(routes=FIVE), layers=layers, catalog=catalog, generated="2025-12-01")


def _spec_with(plan, **kw):
    return pm.MapSpec(**{**plan.spec.__dict__, **kw})


@pytest.mark.parametrize("size", list(pm.SIZES))
def test_png_pixel_size_follows_preset_and_dpi(tripp, size):
    dpi = 40
    png = pm.render_bytes(_spec_with(tripp, size=size), "png", dpi=dpi)
    w, h = pm.SIZES[size]
    got = Image.open(io.BytesIO(png)).size
    assert abs(got[0] - w * dpi) < 1 and abs(got[1] - h * dpi) < 1


def test_png_dpi_option(tripp):
    png = ex.export_bytes(tripp, "png", dpi=100)
    assert Image.open(io.BytesIO(png)).size == (1333, 750)


def test_svg_keeps_title_legend_and_citation_numbers_as_text(five):
    svg = ex.export_bytes(five, "svg").decode()
    assert "<text" in svg and "Eurasian connectivity corridors" in svg
    for r in five.spec.routes:
        assert pm.short_name(r.name).replace("&", "&amp;") in svg
    for label, _ in pm.citation_groups(five.spec.citations)[:5]:
        assert f"{label}." in svg
    assert "Basemap: Natural Earth" in svg and "Generated 2025-12-01" in svg


def test_every_visible_route_gets_a_legend_entry(five):
    fig = pm.map_figures(five.spec, dpi=50)[0]
    legend = fig.axes[0].get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    assert [pm.short_name(r.name) for r in five.spec.routes] == texts[1:1 + len(five.spec.routes)]
    assert "Mode" in texts and "Status" in texts


def test_pdf_text_is_extractable(tripp):
    reader = PdfReader(io.BytesIO(ex.export_bytes(tripp, "pdf")))
    text = reader.pages[0].extract_text()
    assert "TRIPP & friends" in text
    first = tripp.cited[0]
    assert first.article.authors[0].split()[-1] in text
    assert "Basemap: Natural Earth" in text


def _forty(plan):
    cites = tuple(pm.MapCitation(i + 1, f"Author Number{i}, “A rather long title for a test article about corridors "
                                        f"and ports, part {i}”, Some Publisher, 5 June 2025, ¶{i}.", "tripp")
                  for i in range(40))
    return _spec_with(plan, citations=cites)


def test_forty_citations_fit_or_say_how_many_more(tripp):
    spec = _forty(tripp)
    fig = pm.map_figures(spec, dpi=60)[0]
    texts = [t.get_text() for t in fig.texts]
    shown = [t for t in texts if t.endswith(".") and t[:-1].isdigit()]
    more = [t for t in texts if "more" in t]
    assert len(more) == 1
    n_more = int(more[0].split("and ")[1].split()[0])
    assert len(shown) + n_more == 40
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    for t in fig.texts:  # nothing runs off the page
        bb = t.get_window_extent(renderer)
        assert page.x0 <= bb.x0 and bb.x1 <= page.x1 + 1 and page.y0 <= bb.y0 and bb.y1 <= page.y1 + 1


def test_pdf_carries_the_full_list_on_a_second_page(tripp):
    reader = PdfReader(io.BytesIO(pm.render_bytes(_forty(tripp), "pdf")))
    assert len(reader.pages) >= 2
    rest = " ".join(p.extract_text() for p in reader.pages[1:])
    assert "Number0," in rest and "Number39," in rest
    assert "full list on page 2" in reader.pages[0].extract_text()


def test_a_300_character_title_wraps_inside_the_page(tripp):
    title = ("Connectivity, coercion and the contested geography of the South Caucasus: " * 5)[:300]
    fig = pm.map_figures(_spec_with(tripp, title=title), dpi=60)[0]
    t = fig.texts[0]
    assert t.get_text().count("\n") >= 1
    assert t.get_text().replace("\n", " ").replace(" …", "").split()[:5] == title.split()[:5]
    bb = t.get_window_extent(fig.canvas.get_renderer())
    assert bb.x1 <= fig.bbox.x1 and bb.y1 <= fig.bbox.y1


def test_citations_are_numbered_route_by_route(five):
    numbers = [c.number for c in five.spec.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    order = [r.id for r in five.spec.routes]
    idx = [order.index(c.route) for c in five.spec.citations]
    assert idx == sorted(idx)
    assert [h.id for h in five.cited] and all(c.text == h.citation for c, h in zip(five.spec.citations, five.cited))


def test_styles_come_from_the_shared_vocabulary():
    from geo.style import segment_style

    st = segment_style("#d62728", "rail", "proposed")
    assert pm.line_style("#d62728", "rail", "proposed") == {"color": st.colour, "linewidth": st.linewidth_pt,
                                                             "linestyle": st.mpl_linestyle, "alpha": st.opacity}


# --- bad input -----------------------------------------------------------------------------------------


def test_a_filter_that_selects_nothing_is_an_error(index, layers, catalog):
    with pytest.raises(ex.ExportError, match="no passages match"):
        ex.plan_export(index, Filters(q="xylophonequux"), layers=layers, catalog=catalog)


def test_unknown_route_is_an_error(index, layers, catalog):
    with pytest.raises(ex.ExportError, match="unknown route"):
        ex.plan_export(index, Filters(routes=("atlantis",)), layers=layers, catalog=catalog)


@pytest.mark.parametrize(("text", "why"), [
    ("39.0;46.2;x", "LAT,LON,TEXT"),
    ("abc,46.2,x", "must be numbers"),
    ("95,46.2,x", "-90…90"),
    ("39,200,x", "-180…180"),
    ("nan,46,x", "-90…90"),
    ("39,46,   ", "no text"),
])
def test_bad_note_coordinates(text, why):
    with pytest.raises(ex.ExportError, match=why):
        ex.parse_note(text)


def test_note_text_may_contain_commas():
    n = ex.parse_note("39.0, 46.2, Meghri, Syunik, Armenia", 4)
    assert (n.number, n.text, n.geometry.x, n.geometry.y) == (4, "Meghri, Syunik, Armenia", 46.2, 39.0)


def test_note_outside_the_map_is_an_error(index, layers, catalog):
    with pytest.raises(ex.ExportError, match="outside the map"):
        ex.plan_export(index, Filters(routes=("tripp",)), layers=layers, catalog=catalog,
                       notes=[ex.parse_note("51.5,-0.1,London")])
    with pytest.raises(ex.ExportError, match="swap"):  # lon,lat typed the wrong way round
        ex.plan_export(index, Filters(routes=("tripp",)), layers=layers, catalog=catalog,
                       notes=[ex.parse_note("46.2,39.0,Meghri swapped")])


def test_output_path_checks(tmp_path, monkeypatch):
    with pytest.raises(ex.ExportError, match="does not exist"):
        ex.check_out_path(tmp_path / "missing" / "map.png")
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    with pytest.raises(ex.ExportError, match="is not a folder"):  # root ignores chmod, so use a file as folder
        ex.check_out_path(a_file / "map.png")
    with pytest.raises(ex.ExportError, match="unknown extension '.jpg'"):
        ex.check_out_path(tmp_path / "map.jpg")
    with pytest.raises(ex.ExportError, match="unknown extension"):
        ex.check_out_path(tmp_path / "map")
    # Read-only: os.access decides (a root test cannot make a folder unwritable with chmod).
    monkeypatch.setattr(ex.os, "access", lambda path, mode: False)
    with pytest.raises(ex.ExportError, match="read-only"):
        ex.check_out_path(tmp_path / "map.png")


def test_export_to_path_writes_each_format(tripp, tmp_path):
    for ext in (".png", ".svg", ".pdf", ".geojson", ".csv", ".bib", ".ris"):
        out = ex.export_to_path(tripp, tmp_path / f"m{ext}", dpi=40)
        assert out.stat().st_size > 0
    assert not list(tmp_path.glob(".export-*"))


# --- data ----------------------------------------------------------------------------------------------


def test_geojson_is_rfc7946_and_round_trips(tripp, index, layers, catalog, tmp_path):
    poly = Polygon([(46.0, 39.0), (46.0, 39.3), (46.4, 39.3), (46.4, 39.0)])  # clockwise on purpose
    notes = [*tripp.spec.notes, pm.MapNote(3, "area", poly),
             pm.MapNote(4, "line", LineString([(45, 39.5), (45.5, 39.6)]))]
    plan = ex.plan_export(index, Filters(routes=("tripp",)), layers=layers, catalog=catalog, notes=notes)
    data = json.loads(ex.export_bytes(plan, "geojson"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    kinds = [f["properties"]["layer"] for f in data["features"]]
    assert kinds.count("segment") == len(plan.spec.segments) and kinds.count("note") == 4
    for f in data["features"]:
        geom = shape(f["geometry"])
        assert geom.is_valid
        x0, y0, x1, y1 = geom.bounds
        assert 30 < x0 <= x1 < 60 and 30 < y0 <= y1 < 50  # lon, lat order
    ring = next(f for f in data["features"] if f["properties"].get("text") == "area")["geometry"]["coordinates"][0]
    from shapely.geometry import LinearRing
    assert LinearRing(ring).is_ccw  # RFC 7946 right-hand rule
    path = tmp_path / "layers.geojson"
    path.write_bytes(ex.export_bytes(plan, "geojson"))
    back = gpd.read_file(path)
    assert len(back) == len(data["features"]) and back.crs.to_epsg() == 4326
    seg = data["features"][0]["properties"]
    assert seg["route"] == "tripp" and seg["citations"] == list(range(1, len(plan.cited) + 1))


def test_csv_lists_the_cited_passages_in_number_order(five):
    rows = list(csv.DictReader(io.StringIO(ex.export_bytes(five, "csv").decode())))
    assert [r["id"] for r in rows] == [h.id for h in five.cited]


def test_notes_from_drawn_features():
    feats = [{"type": "Feature", "properties": {"text": "a  point"},
              "geometry": {"type": "Point", "coordinates": [46, 39]}},
             {"type": "Feature", "properties": {},
              "geometry": {"type": "LineString", "coordinates": [[45, 39], [46, 40]]}}]
    notes = ex.notes_from_features(feats, first=3)
    assert [(n.number, n.text, n.geometry.geom_type) for n in notes] == [(3, "a point", "Point"), (4, "", "LineString")]
    with pytest.raises(ex.ExportError, match="note 1"):
        ex.notes_from_features([{"geometry": {"type": "Point"}}])
