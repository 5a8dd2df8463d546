"""Compose a briefing export: filters → passages → visible routes → map image, data and references.

One path for the command line and the app: :func:`plan_export` decides what is shown and cited,
:func:`export_bytes` / :func:`export_to_path` turn the plan into PNG, SVG, PDF, GeoJSON, CSV, BibTeX or RIS.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry

from corridors.formats import passages_to_string
from corridors.query import Filters, Hit, search_passages, today
from corridors.references import articles_to_string
from geo import print_map
from geo.browser_geometry import round_coords
from geo.print_map import MapCitation, MapNote, MapSpec
from sources._dates import format_day
from sources._errors import UsageError
from sources.citation import format_citation

__all__ = ["EXTENSIONS", "ExportError", "ExportPlan", "check_out_path", "export_bytes", "export_to_path",
           "layers_to_geojson", "notes_from_features", "parse_note", "plan_export"]

#: File extension → export format.
EXTENSIONS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".geojson": "geojson", ".csv": "csv",
              ".bib": "bibtex", ".ris": "ris"}
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "geojson": "application/geo+json",
        "csv": "text/csv", "bibtex": "application/x-bibtex", "ris": "application/x-research-info-systems"}
MAX_NOTE_CHARS = 200


class ExportError(UsageError):
    """An export cannot be made as asked (nothing selected, a bad note, an unusable output path)."""


@dataclass(frozen=True)
class ExportPlan:
    """What an export shows: the matching passages, the cited ones (numbered), the routes and the map spec."""

    filters: Filters
    hits: tuple[Hit, ...]
    cited: tuple[Hit, ...]
    routes: tuple[str, ...]
    spec: MapSpec


# --- notes --------------------------------------------------------------------------------------------


def parse_note(text: str, number: int = 1) -> MapNote:
    """Parse ``"LAT,LON,TEXT"`` (degrees; the text may contain commas) into a point note.

    Raises
    ------
    ExportError
        When the coordinates are missing, not numbers or out of range, or the text is empty.
    """
    parts = text.split(",", 2)
    where = f"--note {number} {text!r}"
    if len(parts) < 3:
        raise ExportError(f"{where}: expected \"LAT,LON,TEXT\" (e.g. \"39.2,46.4,Proposed crossing\")")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise ExportError(f"{where}: latitude and longitude must be numbers in degrees, "
                          f"got {parts[0].strip()!r}, {parts[1].strip()!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise ExportError(f"{where}: latitude must be in -90…90 and longitude in -180…180 (got {lat}, {lon})")
    body = " ".join(parts[2].split())
    if not body:
        raise ExportError(f"{where}: the note has no text")
    return MapNote(number, body[:MAX_NOTE_CHARS], Point(lon, lat))


def notes_from_features(features: Iterable[Mapping[str, Any]], *, first: int = 1) -> list[MapNote]:
    """Notes from GeoJSON Features (the app's clicks and Draw shapes); the text is ``properties.text``."""
    notes = []
    for i, feature in enumerate(features):
        try:
            geom = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ExportError(f"note {first + i}: unreadable geometry ({exc})") from None
        if geom.is_empty or not geom.is_valid:
            raise ExportError(f"note {first + i}: empty or invalid geometry")
        text = " ".join(str((feature.get("properties") or {}).get("text") or "").split())[:MAX_NOTE_CHARS]
        notes.append(MapNote(first + i, text, geom))
    return notes


def _check_notes(spec: MapSpec, notes: Sequence[MapNote]) -> None:
    inside = print_map.view_test(spec)
    for note in notes:
        pts = shapely.get_coordinates(note.geometry)
        for lon, lat in pts:
            if inside(lon, lat):
                continue
            west, south, east, north = print_map.map_view_bounds(spec)
            hint = ""
            if inside(lat, lon):
                hint = f"; did you swap them? ({lon:g},{lat:g}) would be inside"
            raise ExportError(
                f"note {note.number} at {lat:g},{lon:g} (LAT,LON) is outside the map, which shows "
                f"lat {south:.1f}…{north:.1f}, lon {west:.1f}…{east:.1f}{hint}")


# --- the plan -----------------------------------------------------------------------------------------


def _links(hit: Hit, primary_only: bool) -> list[str]:
    return [r.route_id for r in hit.routes if not primary_only or r.strength == "primary"]


def _locator(hit: Hit) -> str:
    from sources.citation import passage_ref

    return passage_ref(hit.passage)


def _actor_names(names: Sequence[str]) -> list[str]:
    """Display names for user-typed actors (``iran`` → ``Iran``)."""
    from sources.actors import default_actors

    cat = default_actors()
    out = []
    for n in names:
        try:
            out.append(cat.actors[cat.resolve(n)].name)
        except KeyError:
            out.append(n)
    return out


def _default_title(names: Sequence[str], filters: Filters) -> str:
    shown = ", ".join(names) if len(names) <= 3 else "Eurasian connectivity corridors"
    if filters.actors:
        joiner = " and " if filters.all_actors else " or "
        return f"{shown}: what the sources say about {joiner.join(_actor_names(filters.actors))}"
    return shown


def plan_export(index, filters: Filters, *, layers, catalog: Mapping[str, Any], title: str | None = None,
                subtitle: str | None = None, notes: Sequence[MapNote] = (), size: str = "slide",
                routes: Sequence[str] | None = None, generated: str | None = None,
                as_of: str | None = None) -> ExportPlan:
    """Decide what an export shows and cites.

    The visible routes are ``routes`` if given, else the filter's routes, else every route a matching
    passage links to. The cited passages are the matching passages linked to a visible route, numbered
    route by route (legend order) so each route's callout is a short range.

    Parameters
    ----------
    index
        An open index.
    filters
        The passage filters (same as ``corridors passages``).
    layers
        ``geo.layers.Layers`` (segments and nodes, EPSG:4326).
    catalog
        Routes by id (``routes.catalog.load_catalog()``).
    title, subtitle
        Title block; a title is made from the routes and actors when missing.
    notes
        The user's notes (degrees, EPSG:4326); each must fall inside the map.
    size
        ``slide``, ``a4-landscape`` or ``a4-portrait``.
    routes
        Override the visible routes (the app's selection).
    generated
        Date generated, ISO; defaults to today.
    as_of
        ISO date: draw each segment with the status it had then and leave out those not yet proposed;
        the subtitle and the legend say which date is shown.

    Returns
    -------
    ExportPlan

    Raises
    ------
    ExportError
        Nothing matches, a route is unknown or has no geometry, a note is outside the map, a bad size.
    """
    if size not in print_map.SIZES:
        raise ExportError(f"unknown size {size!r} (use {', '.join(print_map.SIZES)})")
    from geo.history import layers_as_of, parse_as_of

    try:
        day = parse_as_of(as_of)
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    layers = layers_as_of(layers, day)
    wanted = tuple(routes) if routes else filters.routes
    for rid in wanted:
        if rid not in catalog:
            raise ExportError(f"unknown route {rid!r} (known: {', '.join(catalog)})")
    hits = search_passages(index, filters)
    if not hits:
        raise ExportError(f"no passages match ({filters.describe()}): nothing to export")
    drawable = set(layers.segments["route"])
    if wanted:
        visible = [r for r in catalog if r in wanted and r in drawable]
        missing = [r for r in wanted if r not in drawable]
        if missing:
            raise ExportError(f"route(s) with no geometry to draw: {', '.join(missing)}")
    else:
        linked = {r for h in hits for r in _links(h, filters.primary_only)}
        visible = [r for r in catalog if r in linked and r in drawable]
    if not visible:
        raise ExportError(f"the {len(hits)} matching passages ({filters.describe()}) are not linked to any route: "
                          "no map to draw")
    order = {r: i for i, r in enumerate(visible)}
    keyed = []
    for pos, h in enumerate(hits):
        on = [r for r in _links(h, filters.primary_only) if r in order]
        if on:
            keyed.append((order[on[0]], pos, on[0], h))
    keyed.sort(key=lambda t: (t[0], t[1]))
    cited = tuple(h for *_, h in keyed)
    citations = tuple(MapCitation(i + 1, h.citation, rid, format_citation(h.article).rstrip("."), _locator(h))
                      for i, (_, _, rid, h) in enumerate(keyed))
    segs = layers.segments[layers.segments["route"].isin(visible)]
    nodes = layers.nodes[layers.nodes["routes"].map(lambda v: any(r in visible for r in v))]
    map_routes = tuple(catalog[r] for r in visible)
    n_articles = len({h.article.id for h in cited})
    line = f"Filters: {filters.describe()} · {len(cited)} cited passage{'s' * (len(cited) != 1)} from " \
           f"{n_articles} article{'s' * (n_articles != 1)}"
    if len(cited) < len(hits):
        line += f" ({len(hits) - len(cited)} more match but are not linked to a route shown)"
    line += figures_line(segs)
    sub = (subtitle or "").strip()
    if day:
        shown = f"Status as of {format_day(day)}; segments not yet proposed then are not drawn"
        sub = f"{sub} · {shown}" if sub else shown
    spec = MapSpec(title=(title or "").strip() or _default_title([print_map.short_name(r.name) for r in map_routes],
                                                                  filters),
                   routes=map_routes, segments=segs, nodes=nodes, subtitle=sub, filters=line,
                   extra={"as_of": day.isoformat()} if day else {},
                   citations=citations, notes=(), generated=generated or today(), size=size)
    if notes:
        _check_notes(spec, notes)
        spec = MapSpec(**{**spec.__dict__, "notes": tuple(notes)})
    return ExportPlan(filters, tuple(hits), cited, tuple(visible), spec)


def figures_line(segments) -> str:
    """`` · Lengths, drawn / published: BTC 1,777 / 1,768 km (bp Azerbaijan); ...`` for the figures whose
    segments are all shown ("" when none)."""
    from geo.facts import length_km
    from geo.history import default_history, source_label

    history = default_history()
    drawn = {row.id: length_km(row.geometry) for row in segments.itertuples(index=False)}
    parts = []
    for f in history.figures.values():
        if f.segments and all(s in drawn for s in f.segments):
            src = source_label(history, f.length_source)
            parts.append(f"{f.component} {sum(drawn[s] for s in f.segments):,.0f} / {f.length_km:,.0f} km "
                         f"({src.get('publisher') or src['id']})")
    return " · Lengths, drawn / published: " + "; ".join(parts) if parts else ""


# --- outputs ------------------------------------------------------------------------------------------


#: Decimal places of exported GeoJSON coordinates (about 0.1 m).
GEOJSON_PRECISION = 6


def _feature(geom: BaseGeometry, props: dict[str, Any]) -> dict[str, Any]:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom)  # RFC 7946 §3.1.6: exterior rings counterclockwise
    g = mapping(geom)
    coordinates = round_coords(g["coordinates"], GEOJSON_PRECISION)
    return {"type": "Feature", "properties": props, "geometry": {"type": g["type"], "coordinates": coordinates}}


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def layers_to_geojson(plan: ExportPlan) -> dict[str, Any]:
    """The visible segments and nodes plus the notes as one RFC 7946 FeatureCollection (lon/lat, WGS 84).

    Every feature has a ``layer`` property (``segment``, ``node`` or ``note``); segments carry the
    numbers of the citations keyed to their route (``citations``), the length of our drawn line
    (``length_km_drawn``) and the published figure of their route or component (``length_km_official``,
    ``official_component``, ``length_official_source``, ``capacity``...; see ``geo.facts.official_props``).
    With ``--as-of`` the plan's ``status`` is the status then and ``as_of`` is on the collection.
    """
    from geo.facts import length_km, official_props
    from geo.history import default_history

    history = default_history()
    spec = plan.spec
    numbers: dict[str, list[int]] = {}
    for c in spec.citations:
        numbers.setdefault(c.route, []).append(c.number)
    features = []
    for _, row in spec.segments.iterrows():
        props = {k: _clean(row[k]) for k in spec.segments.columns if k != "geometry"}
        props.update(length_km_drawn=round(length_km(row.geometry), 1), **official_props(history, row["id"]))
        features.append(_feature(row.geometry, {"layer": "segment", **props,
                                                "citations": numbers.get(row["route"], [])}))
    for _, row in spec.nodes.iterrows():
        props = {k: _clean(row[k]) for k in spec.nodes.columns if k != "geometry"}
        features.append(_feature(row.geometry, {"layer": "node", **props}))
    for n in spec.notes:
        features.append(_feature(n.geometry, {"layer": "note", "id": f"note-{n.number}", "number": n.number,
                                              "text": n.text}))
    bounds = gpd.GeoSeries([shape(f["geometry"]) for f in features]).total_bounds
    fc = {"type": "FeatureCollection", "bbox": round_coords(list(bounds), GEOJSON_PRECISION), "features": features}
    if spec.extra.get("as_of"):
        fc["as_of"] = spec.extra["as_of"]
    return fc


def export_bytes(plan: ExportPlan, fmt: str, *, dpi: float = 150) -> bytes:
    """The export in ``fmt`` (``png svg pdf geojson csv bibtex ris``) as bytes (for download buttons too)."""
    if fmt in print_map.FORMATS:
        if not (20 <= dpi <= 600):
            raise ExportError(f"--dpi {dpi:g} is out of range (20…600)")
        return print_map.render_bytes(plan.spec, fmt, dpi=dpi)
    if fmt == "geojson":
        return (json.dumps(layers_to_geojson(plan), ensure_ascii=False) + "\n").encode()
    if fmt == "csv":
        return passages_to_string(plan.cited, "csv").encode()
    if fmt in ("bibtex", "ris"):
        return articles_to_string([h.article for h in plan.cited], fmt).encode()
    raise ExportError(f"unknown export format {fmt!r} (use {', '.join(sorted(set(EXTENSIONS.values())))})")


def check_out_path(path: str | Path) -> tuple[Path, str]:
    """Check an output path before any work: known extension, existing writable folder, not a folder itself.

    ``os.access`` decides "writable", so as root (which may write anywhere) a read-only folder only
    fails when the write itself fails; that failure is reported the same way.

    Returns
    -------
    tuple[Path, str]
        The path and its format.
    """
    path = Path(path)
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        exts = ", ".join(EXTENSIONS)
        raise ExportError(f"{path}: unknown extension {path.suffix or '(none)'!r} (use {exts})")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise ExportError(f"{path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise ExportError(f"{path}: {folder} is not a folder")
    if path.is_dir():
        raise ExportError(f"{path}: is a folder, not a file name")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"{path}: folder {folder} is read-only")
    return path, fmt


def export_to_path(plan: ExportPlan, path: str | Path, *, dpi: float = 150) -> Path:
    """Write the export to ``path`` (format from the extension), atomically.

    Raises
    ------
    ExportError
        For an unknown extension, a missing or read-only folder, or a failed write.
    """
    path, fmt = check_out_path(path)
    data = export_bytes(plan, fmt, dpi=dpi)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", dir=path.parent)
        with os.fdopen(fd, "wb") as fp:
            fp.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return path
