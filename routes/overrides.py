"""Curated link overrides (``routes/overrides.toml``): add, remove or re-grade one link, with the reason.

Applied after the rules; a changed link gets origin ``override`` and its evidence spans the kind ``override``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from routes.catalog import load_catalog
from routes.models import Link
from sources._datadir import data_file
from sources._errors import Problem
from sources._tomlfile import array_lines, key_line, read_toml, unknown_keys
from sources.models import Passage

OVERRIDES_PATH = Path(__file__).with_name("overrides.toml")
STRENGTHS = ("primary", "mention")


@dataclass(frozen=True, slots=True)
class Override:
    """A curated change to one link: ``add``, ``remove`` or ``grade`` (re-grade), with the reason."""

    passage: str
    route: str
    action: str
    strength: str | None
    reason: str
    line: int


_KEYS = ("passage", "route", "action", "strength", "reason")


def _problem_of(raw: object, routes: set[str] | None) -> str | None:
    """Why one ``[[override]]`` table cannot be used, or ``None``."""
    if not isinstance(raw, dict):
        return "override must be a table"
    if unknown := sorted(set(raw) - set(_KEYS)):
        return f"override has unknown key(s) {unknown} (known: {', '.join(_KEYS)})"
    action, strength = raw.get("action"), raw.get("strength")
    if action not in ("add", "remove", "grade") or not isinstance(raw.get("passage"), str) \
            or not isinstance(raw.get("route"), str) or not raw["passage"] or not raw["route"]:
        return "override needs passage, route and action add|remove|grade"
    if action in ("add", "grade") and strength not in STRENGTHS:
        return f"override {action} needs strength primary|mention"
    if not isinstance(raw.get("reason"), str) or not raw["reason"].strip():
        return "override needs a reason"
    if routes is not None and raw["route"] not in routes:
        return f"override points at route {raw['route']!r}, which is not in the route catalog"
    return None


def _read_overrides(p: Path, routes: set[str] | None) -> tuple[list[Override], list[Problem]]:
    if not p.exists():
        return [], []
    data, raw, problems = read_toml(p, "overrides")
    if data is None:
        return [], problems
    problems += unknown_keys(data, ("override",), p, None, "overrides")
    entries = data.get("override", [])
    if not isinstance(entries, list):
        return [], [*problems, Problem(str(p), None, "`override` must be an array of [[override]] tables")]
    lines, out = array_lines(raw, "override"), []
    seen: dict[tuple[str, str], int | None] = {}
    for i, entry in enumerate(entries):
        head = lines[i] if i < len(lines) else None
        line = key_line(raw, "passage", head) or head
        if why := _problem_of(entry, routes):
            problems.append(Problem(str(p), line, why))
        elif (entry["passage"], entry["route"]) in seen:
            problems.append(Problem(str(p), line, f"override of {entry['passage']} / {entry['route']} repeats the "
                                                  f"one at line {seen[(entry['passage'], entry['route'])]}"))
        else:
            seen[(entry["passage"], entry["route"])] = line
            out.append(Override(entry["passage"], entry["route"], entry["action"], entry.get("strength"),
                                entry["reason"], line or 0))
    return out, problems


def validate_overrides(path: str | Path | None = None, catalog_path: str | Path | None = None) -> list[Problem]:
    """Every problem of an overrides file (malformed, unknown key or route, repeated), with ``path:line``."""
    p = Path(path) if path else data_file("routes/overrides.toml")
    return _read_overrides(p, set(load_catalog(catalog_path)))[1]


def load_overrides(path: str | Path | None = None, catalog_path: str | Path | None = None
                   ) -> tuple[list[Override], list[Problem]]:
    """The usable overrides of a file and a :class:`Problem` for each one left out (never silently).

    An override is curated per link: a bad one is skipped and reported (the build counts it), the others apply.
    """
    p = Path(path) if path else data_file("routes/overrides.toml")
    return _read_overrides(p, set(load_catalog(catalog_path)))


def apply_overrides(links: list[Link], overrides: list[Override]) -> list[Link]:
    """Apply curated overrides after the rules; changed links get origin ``override`` and the reason."""
    by_key = {(lk.passage_id, lk.route_id): lk for lk in links}
    for o in overrides:
        key = (o.passage, o.route)
        if o.action == "remove":
            by_key.pop(key, None)
        elif o.action == "add":
            old = by_key.get(key)
            by_key[key] = Link(o.passage, o.route, o.strength or "mention", "override",
                               old.evidence if old else (), o.reason)
        elif o.action == "grade" and key in by_key:
            old = by_key[key]
            by_key[key] = Link(o.passage, o.route, o.strength or old.strength, "override", old.evidence, o.reason)
    return list(by_key.values())


def check_overrides(passages: Iterable[Passage], path: str | Path | None = None,
                    catalog_path: str | Path | None = None) -> list[str]:
    """Problems with the overrides: malformed entries, unknown routes, and passages that do not exist."""
    p = Path(path) if path else data_file("routes/overrides.toml")
    _, problems = load_overrides(p, catalog_path)
    ids = {x.id for x in passages}
    well_formed, _ = _read_overrides(p, None)  # an override with an unknown route may name a bad passage too
    problems += [Problem(str(p), o.line or None, f"override points at passage {o.passage!r}, which does not exist")
                 for o in well_formed if o.passage not in ids]
    return [str(x) for x in problems]
