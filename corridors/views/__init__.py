"""The app's views (one module per panel). Submodules are imported on first use: the export view pulls in
geopandas and matplotlib, which the first map must not wait for."""

from __future__ import annotations

import importlib
from typing import Any

_VIEWS = ("citations", "export_panel", "map_panel", "sidebar", "sources", "timeline")


def __getattr__(name: str) -> Any:
    if name in _VIEWS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
