"""The rules of ``geo/style.toml`` (used by :func:`geo.style.validate_style`): sections, keys, types."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sources._errors import Problem
from sources._tomlfile import key_line, read_toml, table_line

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NUMBER = (int, float)
_DASH = "dash"
# section -> key -> (required, kind); kinds: str, number, bool, dash (list of numbers), colour, status
SCHEMA: dict[str, dict[str, tuple[bool, str]]] = {
    "mode": {"label": (True, "str"), "weight": (True, "number"), "casing": (False, "bool"), _DASH: (False, "dash")},
    "status": {"label": (True, "str"), _DASH: (True, "dash"), "opacity": (True, "number")},
    "lifecycle": {"label": (True, "str"), "draw": (True, "status"), "means": (False, "str")},
    "node": {"label": (True, "str"), "marker": (True, "str"), "radius": (True, "number"),
             "fill": (True, "colour"), "edge": (True, "colour")},
}


def _type_ok(value: Any, kind: str, statuses: set[str]) -> bool:
    if kind == "number":
        return isinstance(value, _NUMBER) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "dash":
        return isinstance(value, list) and all(isinstance(v, _NUMBER) and not isinstance(v, bool) for v in value)
    if kind == "colour":
        return isinstance(value, str) and bool(_COLOUR.match(value))
    if kind == "status":
        return isinstance(value, str) and value in statuses
    return isinstance(value, str) and bool(value.strip())


def _entry_problems(section: str, name: str, entry: Any, p: Path, raw: str, statuses: set[str]) -> list[Problem]:
    line = table_line(raw, f"{section}.{name}")
    what = f"[{section}.{name}]"
    if not isinstance(entry, dict):
        return [Problem(str(p), line, f"{what}: must be a table")]
    schema = SCHEMA[section]
    out = [Problem(str(p), line, f"{what}: missing key {k!r}")
           for k, (req, _) in schema.items() if req and k not in entry]
    for key, value in entry.items():
        kl = key_line(raw, key, line) or line
        if key not in schema:
            out.append(Problem(str(p), kl, f"{what}: unknown key {key!r} (known: {', '.join(schema)})"))
        elif not _type_ok(value, schema[key][1], statuses):
            out.append(Problem(str(p), kl, f"{what}: {key} = {value!r} is not a valid {schema[key][1]}"))
    return out


def style_problems(p: Path) -> list[Problem]:
    """Every problem of a style file; [] when it can be used."""
    data, raw, problems = read_toml(p, "style")
    if data is None:
        return problems
    statuses = set(data.get("status", {})) if isinstance(data.get("status"), dict) else set()
    for section in SCHEMA:
        entries = data.get(section)
        if not isinstance(entries, dict) or not entries:
            problems.append(Problem(str(p), None, f"style: missing the [{section}.*] tables"))
            continue
        for name, entry in entries.items():
            problems += _entry_problems(section, name, entry, p, raw, statuses)
    if isinstance(data.get("node"), dict) and "junction" not in data["node"]:
        problems.append(Problem(str(p), None, "style: [node.junction] is required (the style of an unknown node kind)"))
    return problems
