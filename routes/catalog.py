"""Load the route catalog (names, aliases, stakeholders, colours) from TOML."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from routes.models import Route

DEFAULT_CATALOG = Path(__file__).resolve().parent / "catalog.toml"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_KINDS = ("corridor", "related")

__all__ = ["DEFAULT_CATALOG", "load_catalog"]


def _route(route_id: str, table: dict, path: Path) -> Route:
    for key in ("name", "kind", "colour", "description"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            msg = f"{path}: route {route_id}: missing or empty {key!r}"
            raise ValueError(msg)
    if table["kind"] not in _KINDS:
        msg = f"{path}: route {route_id}: kind {table['kind']!r} not in {_KINDS}"
        raise ValueError(msg)
    if not _COLOUR.match(table["colour"]):
        msg = f"{path}: route {route_id}: colour {table['colour']!r} is not #rrggbb"
        raise ValueError(msg)
    lists = {}
    for key in ("aliases", "stakeholders"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            msg = f"{path}: route {route_id}: {key!r} must be a list of strings"
            raise ValueError(msg)
        lists[key] = tuple(value)
    return Route(id=route_id, name=table["name"], kind=table["kind"], aliases=lists["aliases"],
                 stakeholders=lists["stakeholders"], colour=table["colour"].lower(),
                 description=" ".join(table["description"].split()))


def load_catalog(path: str | Path | None = None) -> dict[str, Route]:
    """Read the route catalog.

    Parameters
    ----------
    path
        A catalog TOML file; defaults to ``routes/catalog.toml``.

    Returns
    -------
    dict[str, Route]
        Routes by id, in the order of the file.

    Raises
    ------
    ValueError
        When the file does not parse or a route misses a field (message names the file).
    """
    path = Path(path) if path is not None else DEFAULT_CATALOG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path}: {exc}"
        raise ValueError(msg) from exc
    return {rid: _route(rid, table, path) for rid, table in data.items()}
