"""Curated link overrides (``routes/overrides.toml``): add, remove or re-grade one link, with the reason.

Applied after the rules; a changed link gets origin ``override`` and its evidence spans the kind ``override``.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from routes.catalog import load_catalog
from routes.models import Link
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


def load_overrides(path: str | Path | None = None) -> tuple[list[Override], list[str]]:
    """Read ``overrides.toml``; return the overrides and ``path:line: problem`` lines for malformed ones."""
    p = Path(path or OVERRIDES_PATH)
    if not p.exists():
        return [], []
    text = p.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [f"{p}: overrides do not parse as TOML: {exc}"]
    out, problems = [], []
    for raw in data.get("override", []):
        idx = text.find(f'"{raw.get("passage", "")}"')
        line = text.count("\n", 0, idx) + 1 if idx >= 0 else 0
        action, strength = raw.get("action"), raw.get("strength")
        if action not in ("add", "remove", "grade") or not raw.get("passage") or not raw.get("route"):
            problems.append(f"{p}:{line}: override needs passage, route and action add|remove|grade")
        elif action in ("add", "grade") and strength not in STRENGTHS:
            problems.append(f"{p}:{line}: override {action} needs strength primary|mention")
        elif not raw.get("reason"):
            problems.append(f"{p}:{line}: override needs a reason")
        else:
            out.append(Override(raw["passage"], raw["route"], action, strength, raw["reason"], line))
    return out, problems


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
    """Problems with the overrides: malformed entries, unknown passages or routes."""
    overrides, problems = load_overrides(path)
    p = Path(path or OVERRIDES_PATH)
    ids = {x.id for x in passages}
    routes = set(load_catalog(catalog_path))
    for o in overrides:
        if o.passage not in ids:
            problems.append(f"{p}:{o.line}: override points at passage {o.passage!r}, which does not exist")
        if o.route not in routes:
            problems.append(f"{p}:{o.line}: override points at route {o.route!r}, which is not in the route catalog")
    return problems
