"""Serve the web map's generated files (the browser basemap) from a cache folder, never the repository.

Streamlit serves ``static/`` (next to app.py) at ``/app/static`` only, and resolves symlinks inside it, so a
generated file cannot live elsewhere and still be served from there. A custom component's folder is served
too (``/component/<name>/<file>``, same origin as the map's iframe): `served_folder` registers the cache folder
``<cache dir>/map-static`` (``CORRIDORS_CACHE_DIR`` or the user cache directory, as the index) as such a folder,
with no frontend of its own. The folder holds only what `publish` writes, so nothing else is served.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from streamlit.components import v1 as components

from corridors.config import cache_dir
from geo.browser_geometry import publish_json

#: The component name the folder is registered under (Streamlit prefixes it with this module's name).
NAME = "map_static"


def served_folder() -> Path:
    """The cache folder whose files the app serves to the map (created on first publish)."""
    return cache_dir() / "map-static"


def register() -> str:
    """Register `served_folder` with this Streamlit run (each run: the registry wants a script context).

    Returns
    -------
    prefix
        The URL path its files are served under, ``/component/<name>``.
    """
    component = components.declare_component(NAME, path=str(served_folder()))
    return f"/component/{component.name}"


def publish(collection: Mapping[str, Any], name: str) -> tuple[str, Path] | None:
    """Write `collection` into the served cache folder; return its URL and file, or None if it cannot be written.

    The caller inlines the data when this returns None, so the offline basemap always shows.
    """
    target = publish_json(collection, served_folder(), name)
    if target is None:
        return None
    return f"{register()}/{target.name}", target
