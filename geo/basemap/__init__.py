"""Offline basemap: Natural Earth 1:10m countries clipped to the region, and sea labels.

The data files beside this module are produced by ``make_basemap.py`` (pinned Natural Earth
5.1.1, German point of view: internationally recognised borders, Crimea in Ukraine).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

HERE = Path(__file__).resolve().parent
FULL = HERE / "countries_10m.geojson"
SIMPLIFIED = HERE / "countries_simplified.geojson"
SEAS = HERE / "seas.geojson"

__all__ = ["load_basemap", "load_seas"]


def load_basemap(*, simplified: bool = False) -> gpd.GeoDataFrame:
    """Load the country polygons of the region.

    Use the full detail for spatial facts and print exports; use ``simplified=True`` for the
    browser map (a coverage-simplified copy, shared borders kept, ~1 MB).

    Parameters
    ----------
    simplified
        Return the lighter, coverage-simplified version.

    Returns
    -------
    GeoDataFrame
        Columns ``iso_a3`` (ISO 3166-1 alpha-3, or Natural Earth's code where ISO has none),
        ``name``, ``name_long``, ``type``, ``label_x``, ``label_y`` and ``geometry``
        (degrees, EPSG:4326).
    """
    gdf = gpd.read_file(SIMPLIFIED if simplified else FULL)
    return gdf.set_crs("EPSG:4326", allow_override=True)


def load_seas() -> gpd.GeoDataFrame:
    """Load label points for the seas of the region (Caspian, Black Sea, ...).

    Returns
    -------
    GeoDataFrame
        Columns ``id``, ``name``, ``rotation`` (degrees, for print labels) and ``geometry``
        (Points, degrees, EPSG:4326).
    """
    gdf = gpd.read_file(SEAS)
    return gdf.set_crs("EPSG:4326", allow_override=True)
