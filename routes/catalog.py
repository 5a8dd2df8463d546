"""Load the route catalog (names, aliases, stakeholders, colours) from TOML."""

from __future__ import annotations

import re
from pathlib import Path

from routes._errors import RoutesDataError
from routes._toml import loads, read_toml
from routes.models import Route
from sources._datadir import data_file
from sources._errors import Problem
from sources._tomlfile import table_line, unknown_keys

DEFAULT_CATALOG = Path(__file__).resolve().parent / "catalog.toml"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_KINDS = ("corridor", "related")

__all__ = ["DEFAULT_CATALOG", "load_catalog", "validate_catalog"]


_KEYS = ("name", "kind", "colour", "description", "aliases", "stakeholders")


def _route_problems(route_id: str, table: object, path: Path, line: int | None) -> list[Problem]:
    """Every problem of one ``[route_id]`` table: required keys, types, kind, colour, unknown keys."""
    what = f"route {route_id}"
    if not isinstance(table, dict):
        return [Problem(str(path), line, f"{what}: must be a table")]
    problems = unknown_keys(table, _KEYS, path, line, what)
    for key in ("name", "kind", "colour", "description"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            problems.append(Problem(str(path), line, f"{what}: missing or empty {key!r} (a string)"))
    if isinstance(table.get("kind"), str) and table["kind"].strip() and table["kind"] not in _KINDS:
        problems.append(Problem(str(path), line, f"{what}: kind {table['kind']!r} not in {_KINDS}"))
    if isinstance(table.get("colour"), str) and table["colour"].strip() and not _COLOUR.match(table["colour"]):
        problems.append(Problem(str(path), line, f"{what}: colour {table['colour']!r} is not #rrggbb"))
    for key in ("aliases", "stakeholders"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(Problem(str(path), line, f"{what}: {key!r} must be a list of strings"))
    return problems


def validate_catalog(path: str | Path | None = None) -> list[Problem]:
    """Every problem of the route catalog (``path:line`` of the offending ``[route]`` table); [] when usable."""
    path = Path(path) if path is not None else data_file("routes/catalog.toml")
    data, raw, problems = read_toml(path, "route catalog")
    if data is None:
        return problems
    for rid, table in data.items():
        problems += _route_problems(rid, table, path, table_line(raw, rid))
    if not data:
        problems.append(Problem(str(path), None, "route catalog: no routes"))
    return problems


def load_catalog(path: str | Path | None = None) -> dict[str, Route]:
    """Read the route catalog.

    Parameters
    ----------
    path
        A catalog TOML file; defaults to ``routes/catalog.toml`` (or the data folder's copy).

    Returns
    -------
    dict[str, Route]
        Routes by id, in the order of the file.

    Raises
    ------
    RoutesDataError
        Carrying every problem of :func:`validate_catalog`.
    """
    path = Path(path) if path is not None else data_file("routes/catalog.toml")
    if problems := validate_catalog(path):
        raise RoutesDataError(problems)
    data = loads(path.read_text(encoding="utf-8"))
    return {rid: Route(id=rid, name=t["name"], kind=t["kind"], aliases=tuple(t.get("aliases", ())),
                       stakeholders=tuple(t.get("stakeholders", ())), colour=t["colour"].lower(),
                       description=" ".join(t["description"].split())) for rid, t in data.items()}
