"""Everything the app loads or computes once: the ONLY module with st.cache_* decorators.

* ``st.cache_resource``: the read-only index, the route catalog, the browser-ready map layers. Never mutate
  what these return.
* ``st.cache_data``: query results keyed by ``ViewState.to_filters()`` (a frozen ``Filters``), never by widgets.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import streamlit as st

from corridors.config import Config
from geo import browser_geometry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MapLayers:
    """Browser-ready GeoJSON (simplified, rounded) and the feature -> routes mapping."""

    basemap: dict
    segments: dict
    nodes: dict
    feature_routes: Mapping[str, tuple[str, ...]]
    feature_names: Mapping[str, str]


@st.cache_resource(show_spinner="Opening the index (built on first use)…")
def _open_index(cfg: Config) -> tuple[Any, tuple[str, ...]]:
    """Open the index for `cfg`, building it first if it is missing or stale (once per process).

    Returns the index and the notes about it worth showing (e.g. its corpus is gone, the corpus is empty).
    """
    from corridors.build import ensure_index
    from corridors.config import check_config
    from corridors.store import open_store

    check_config(cfg)
    if cfg.db_url:  # a team's PostgreSQL index (built with `corridors build --db URL`, or now if empty)
        from corridors.store.postgres import open_postgres

        return open_postgres(cfg.db_url, cfg.corpus_dirs), tuple(cfg.notes)
    result = ensure_index(cfg.db_path, cfg.corpus_dirs, corpus_explicit=cfg.corpus_explicit,
                          owned=cfg.db_from == "default")
    notes = [*cfg.notes, *result.notes]
    if not result.report.get("passages"):
        notes.append(f"The index {result.db_path} has no passages: the corpus is empty.")
    return open_store(result.db_path), tuple(notes)


def _lost(idx: Any) -> str:
    """What happened to an index file that is no longer the one `idx` reads."""
    from corridors.store.sqlite import stored_hash

    if not Path(idx.path).exists():
        return "was deleted"
    return "is damaged" if stored_hash(idx.path) is None else "was replaced"


def _same_file(idx: Any) -> bool:
    try:
        return Path(idx.path).stat().st_ino == idx.stamp[0]
    except (OSError, TypeError):
        return False


def index(cfg: Config) -> Any:
    """The open index for `cfg`; if its file was deleted, replaced or corrupted meanwhile, reopen or rebuild it.

    A deleted or damaged index is rebuilt from the corpus it recorded (a file that was our index, damaged
    in place, counts as ours). Anything that cannot be used (a foreign file at the index path, a folder
    where it cannot be written, a missing corpus) stops the page with one error line naming it.
    """
    from corridors.build import ensure_index
    from corridors.config import ConfigError
    from sources._errors import CorpusError, IndexError_

    try:
        idx, notes = _open_index(cfg)
        if idx.is_current():
            for note in notes:
                st.warning(note)
            return idx
        if cfg.db_url:  # a build was committed meanwhile: read the new state
            idx.close()
            _open_index.clear()
            return _open_index(cfg)[0]
        problem = _lost(idx)
        if problem != "was replaced":
            known = dict(idx.meta) if problem == "was deleted" or _same_file(idx) else None
            ensure_index(cfg.db_path, cfg.corpus_dirs, corpus_explicit=cfg.corpus_explicit, known=known,
                         owned=cfg.db_from == "default")
        _open_index.clear()
        idx, notes = _open_index(cfg)
    except (IndexError_, CorpusError, ConfigError) as exc:
        st.error(f"Cannot open or build the index: {exc}")
        st.stop()
    if problem != "was replaced":
        st.warning(f"The index {idx.path} {problem} while the app was running; it has been rebuilt.")
    return idx


@st.cache_resource
def catalog() -> Mapping[str, Any]:
    """Route id -> Route (id, name, kind, aliases, stakeholders, colour, description), catalog order."""
    from routes.catalog import load_catalog

    return load_catalog()


@st.cache_resource
def looks() -> Mapping[str, Any]:
    """Route id -> Route (its name and colour are its look on the map and in legends), catalog order."""
    return catalog()


def _as_geojson(value: Any) -> dict:
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "to_json"):  # a GeoDataFrame
        return json.loads(value.to_json(drop_id=True))
    return json.loads(json.dumps(value.__geo_interface__))


def _basemap() -> dict:
    """The country polygons (geo's simplified coverage), EPSG:4326."""
    from geo.basemap import load_basemap

    return _as_geojson(load_basemap(simplified=True))


@st.cache_resource(show_spinner="Loading the route layers…")
def full_layers() -> Any:
    """``geo.layers.Layers`` at full detail (GeoDataFrames, EPSG:4326): for the export view, not the browser."""
    from geo import layers as geo_layers

    return geo_layers.load_layers()


#: Files the browser layers are made from (data and the code that shapes them): any change rebuilds them.
_LAYER_INPUTS = ("geo/layers/*.geojson", "geo/nodes.geojson", "geo/basemap/countries_simplified.geojson",
                 "routes/catalog.toml", "geo/layers.py", "geo/_validate.py", "geo/basemap/__init__.py")
_LAYERS_FORMAT = 1


def _layers_key() -> str:
    """A key of every input of the browser layers: path, size and mtime (and the simplifying code's file)."""
    root = Path(__file__).resolve().parents[1]
    files = sorted({p for pattern in _LAYER_INPUTS for p in root.glob(pattern)} | {Path(browser_geometry.__file__)})
    h = hashlib.sha256(f"{_LAYERS_FORMAT}".encode())
    for p in files:
        stat = p.stat()
        h.update(f"{p}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return h.hexdigest()[:16]


def _prepare_layers() -> dict[str, dict]:
    """Load segments, nodes and basemap (geopandas, shapely) and simplify them for the browser: the slow path."""
    loaded = full_layers()
    return {"segments": browser_geometry.browser_geojson(_as_geojson(loaded.segments)),
            "nodes": browser_geometry.browser_geojson(_as_geojson(loaded.nodes)),
            "basemap": browser_geometry.browser_basemap(_basemap())}


def _stored_layers(folder: Path) -> dict[str, dict]:
    """The browser layers from ``browser-layers-<key>.json`` in `folder`, prepared and written on a miss.

    The file is written atomically (temp file, then rename); one that cannot be read or written is
    logged and the layers are prepared in memory, so a read-only cache folder only costs time.
    """
    path = folder / f"browser-layers-{_layers_key()}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and {"segments", "nodes", "basemap"} <= set(data):
            return data
    except (OSError, ValueError):
        pass
    data = _prepare_layers()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot store the browser layers in %s (%s); they are prepared on every start", folder, exc)
    return data


@st.cache_resource(show_spinner="Loading the map layers…")
def map_layers() -> MapLayers:
    """Segments, nodes and basemap simplified for the browser: read from the cache folder (prepared once).

    The first start after a change of the layer files (or of the code that simplifies them) prepares them
    with geopandas and shapely; every later start reads one JSON file and imports neither.
    """
    from corridors.config import cache_dir

    data = _stored_layers(cache_dir())
    segments, nodes, basemap = data["segments"], data["nodes"], data["basemap"]
    routes_of: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    for f in [*segments["features"], *nodes["features"]]:
        props = f["properties"]
        routes_of[str(props.get("id"))] = browser_geometry.feature_routes(props)
        names[str(props.get("id"))] = str(props.get("name") or props.get("id"))
    return MapLayers(basemap, segments, nodes, routes_of, names)


@st.cache_resource(show_spinner=False)
def _published_basemap() -> tuple[str, Path] | None:
    from corridors import map_assets

    return map_assets.publish(map_layers().basemap, "countries")


def basemap_source() -> dict | str:
    """The browser basemap as a served cache file's URL (written once per content), or the data when that fails.

    The map page fetches the URL once (and the browser caches it) instead of the ~600 KiB riding in every
    rerun's map element. A file deleted while the app runs is written again.
    """
    from corridors import map_assets

    published = _published_basemap()
    if published and not published[1].is_file():
        _published_basemap.clear()
        published = _published_basemap()
    if not published:
        return map_layers().basemap
    map_assets.register()  # every run: Streamlit's component registry is filled per script run
    return published[0]


def _filters(filters: Any, routes: tuple[str, ...] | None = None) -> Any:
    """``filters`` (a ``corridors.query.Filters``) for these routes instead of its own, if given."""
    return filters if routes is None else replace(filters, routes=tuple(routes))


@st.cache_resource(max_entries=64, show_spinner=False)
def passages(_index: Any, db_key: str, filters: Any, routes: tuple[str, ...] | None = None,
             order: str = "date") -> Any:
    """Passages matching the filters (optionally for these routes instead of the layer selection).

    ``order="relevance"``: primary links to `routes` first, then mentions, by score, then date.

    A read-only sequence (``corridors.query.LazyHits``) shared by every session: ``len()`` and the page
    the citation panel shows cost only what they read, however many passages match.
    """
    from corridors.query import lazy_hits

    return lazy_hits(_index, _filters(filters, routes), order=order)


@st.cache_resource(max_entries=32, show_spinner=False)
def other_passages(_index: Any, db_key: str, filters: Any, shown: tuple[str, ...]) -> Any:
    """Passages matching the filters that link to none of the `shown` routes (``LazyHits``, newest first)."""
    from corridors.query import LazyHits, other_ids

    return LazyHits(_index, other_ids(_index, _filters(filters, ()), shown))


@st.cache_data(max_entries=64, show_spinner=False)
def relevance(_index: Any, db_key: str, ids: tuple[str, ...], routes: tuple[str, ...]) -> dict:
    """Passage id -> ``corridors.query.Relevance`` for `routes` (the badges of one page of passages)."""
    from corridors.query import relevance as rel

    return rel(_index, ids, routes)


@st.cache_data(max_entries=64, show_spinner=False)
def route_counts(_index: Any, db_key: str, filters: Any) -> dict[str, int]:
    """Route id -> number of matching passages, for every route (layers off included)."""
    from corridors.query import route_counts as count

    return dict(count(_index, _filters(filters, routes=())))


@st.cache_data(max_entries=32, show_spinner=False)
def article_passages(_index: Any, db_key: str, article_id: str) -> list:
    """Every passage of one article, in order (for "read in context")."""
    return list(_index.passages(article_id=article_id))


@st.cache_data(max_entries=4, show_spinner=False)
def articles(_index: Any, db_key: str) -> list:
    """Every article with its metadata."""
    return list(_index.articles())


@st.cache_resource
def actors() -> Mapping[str, tuple[str, ...]]:
    """Actor name -> every word that finds it in the picker (catalog order): see :func:`actor_search_terms`."""
    from sources.actors import default_actors

    return actor_search_terms(default_actors())


def actor_search_terms(catalog: Any) -> dict[str, tuple[str, ...]]:
    """Actor name -> its aliases (capitals, demonyms, metonyms …) and then the names of its people.

    A person's name also finds every actor above them (Pezeshkian → Iran), so the picker keeps the CLI's
    promise that a leader counts for their state; the person stays an actor of their own too.
    """
    people: dict[str, list[str]] = {}
    for a in catalog.actors.values():
        if a.kind == "person":
            for up in catalog.ancestors(a.id)[1:]:
                people.setdefault(up, []).append(a.name)
    out: dict[str, tuple[str, ...]] = {}
    for a in catalog.actors.values():
        seen = {a.name.casefold()}
        terms = []
        for t in [*a.aliases, *people.get(a.id, ())]:
            if t.casefold() not in seen:
                seen.add(t.casefold())
                terms.append(t)
        out[a.name] = tuple(terms)
    return out


@st.cache_data(max_entries=4, show_spinner=False)
def actor_counts(_index: Any, db_key: str) -> dict[str, int]:
    """Actor name -> passages in the corpus that a filter by it finds, most first (actors found only)."""
    from corridors.query import actor_counts as counts
    from sources.actors import default_actors

    names = {a.id: a.name for a in default_actors().actors.values()}
    return {names[a]: n for a, n in counts(_index).items() if a in names}


@st.cache_resource
def actor_names_by_id() -> Mapping[str, str]:
    """Actor id -> display name."""
    from sources.actors import default_actors

    return {a.id: a.name for a in default_actors().actors.values()}


def actor_name_of(typed: str) -> str | None:
    """The display name of the actor a typed name or alias finds (``Tehran`` -> ``Iran``), or None."""
    from sources.actors import default_actors

    try:
        return actor_names_by_id().get(default_actors().resolve(typed))
    except KeyError:
        return None


def db_key(idx: Any) -> str:
    """A cache key for an index: its path and content hash."""
    return f"{Path(idx.path)}:{getattr(idx, 'meta', {}).get('content_hash', '')}:{getattr(idx, 'stamp', '')}"
