"""The linking rules (``routes/linking.toml``) compiled with the route lexicon: validated once, then trusted.

:func:`validate_rules` returns every problem (unknown route, a regex that does not compile, missing, unknown or
mistyped keys), each with its line; :func:`load_rules` raises them as one :class:`RoutesDataError`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from routes._errors import RoutesDataError
from routes._toml import loads, read_toml
from routes.catalog import load_catalog
from routes.lexicon import Lexicon, default_lexicon, load_lexicon
from sources._datadir import cleared_on_change, data_file
from sources._errors import Problem
from sources._tomlfile import array_lines, compile_problem, key_line, table_line, unknown_keys

RULES_PATH = Path(__file__).with_name("linking.toml")

__all__ = ["RULES_PATH", "Rules", "check_rules", "default_rules", "load_rules", "validate_rules"]


@dataclass(frozen=True, slots=True)
class Rules:
    """The lexicon plus the compiled rules of ``linking.toml``."""

    lexicon: Lexicon
    # route, regex, capped, topic only, needs
    patterns: tuple[tuple[str, re.Pattern[str], bool, bool, tuple[str, ...]], ...]
    blocks: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]  # regex, needs
    context: re.Pattern[str]
    min_article_mentions: int
    dominance: float
    lead_weight: int
    fuzzy_threshold: float
    nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    opening_max_sentences: int = 3  # [grading]: a topic named in the opening sentence of so short a paragraph


def _context_regex(ctx: dict, lexicon: Lexicon) -> re.Pattern[str]:
    nouns = sorted({n for r in lexicon.routes.values() for n in r.nouns}, key=len, reverse=True)
    det = "|".join(ctx.get("determiners", ["the", "this", "that"]))
    mods = "|".join(ctx.get("modifiers", []))
    noun = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in nouns)
    return re.compile(rf"\b(?:{det})\s+(?:(?:{mods})\s+){{0,2}}(?P<noun>{noun})\b(?!\s+(?:of|between)\b)(?![-–—]\w)",
                      re.IGNORECASE)


def load_rules(rules_path: str | Path | None = None, catalog_path: str | Path | None = None,
               lexicon: Lexicon | None = None) -> Rules:
    """Compile ``linking.toml`` with the lexicon into :class:`Rules`.

    Raises
    ------
    RoutesDataError
        Carrying every problem of :func:`validate_rules` (the rules are then not used at all).
    """
    path = Path(rules_path) if rules_path else data_file("routes/linking.toml")
    if problems := validate_rules(path, catalog_path):
        raise RoutesDataError(problems)
    data = loads(path.read_text(encoding="utf-8"))
    lexicon = lexicon or (load_lexicon(catalog_path=catalog_path) if catalog_path else default_lexicon())
    flags = re.IGNORECASE
    ctx = data["context"]
    return Rules(
        lexicon=lexicon,
        patterns=tuple((p["route"], re.compile(p["regex"], flags), p.get("strength") == "mention",
                        bool(p.get("topic_only", False)), tuple(p.get("needs", ()))) for p in data.get("pattern", [])),
        blocks=tuple((re.compile(b["regex"], flags), tuple(b.get("needs", ()))) for b in data.get("block", [])),
        context=_context_regex(ctx, lexicon),
        min_article_mentions=int(ctx.get("min_article_mentions", 3)),
        dominance=float(ctx.get("dominance", 2.0)),
        lead_weight=int(ctx.get("lead_weight", 1)),
        fuzzy_threshold=float(data.get("waypoints", {}).get("fuzzy_threshold", 101)),
        nouns={rid: frozenset(n.lower() for n in r.nouns) for rid, r in lexicon.routes.items()},
        opening_max_sentences=int(data.get("grading", {}).get("opening_max_sentences", 3)),
    )


_RULE_KEYS = {"block": ("regex", "needs", "reason"),
              "pattern": ("route", "regex", "needs", "reason", "strength", "topic_only")}
_TABLE_KEYS = {"context": ("determiners", "modifiers", "min_article_mentions", "dominance", "lead_weight"),
               "waypoints": ("fuzzy_threshold",), "grading": ("opening_max_sentences",)}
_NUMBERS: dict[str, type | tuple[type, ...]] = {
    "min_article_mentions": int, "dominance": (int, float), "lead_weight": int, "fuzzy_threshold": (int, float),
    "opening_max_sentences": int}


def _entry_problems(kind: str, i: int, entry: object, p: Path, raw: str, line: int | None,
                    routes: set[str]) -> list[Problem]:
    """Problems of the i-th ``[[block]]`` or ``[[pattern]]``: keys, types, the regex, the route it names."""
    what = f"{kind} #{i}"
    if not isinstance(entry, dict):
        return [Problem(str(p), line, f"{what}: must be a table")]
    problems = unknown_keys(entry, _RULE_KEYS[kind], p, line, what)
    if bad := compile_problem(entry.get("regex"), re.IGNORECASE, p, key_line(raw, "regex", line) or line, what):
        problems.append(bad)
    if kind == "pattern":
        route = entry.get("route")
        if not isinstance(route, str):
            problems.append(Problem(str(p), line, f"{what}: needs `route`, a route id (string)"))
        elif route not in routes:
            problems.append(Problem(str(p), line, f"{what}: route {route!r} is not in the route catalog"))
        if entry.get("strength", "mention") != "mention":
            problems.append(Problem(str(p), line, f"{what}: `strength` can only be \"mention\""))
        if not isinstance(entry.get("topic_only", False), bool):
            problems.append(Problem(str(p), line, f"{what}: `topic_only` must be true or false"))
    needs = entry.get("needs", [])
    if not isinstance(needs, list) or any(not isinstance(w, str) or w != w.lower() for w in needs):
        problems.append(Problem(str(p), line, f"{what}: `needs` must be a list of lower-case words"))
    if "reason" in entry and not isinstance(entry["reason"], str):
        problems.append(Problem(str(p), line, f"{what}: `reason` must be a string"))
    return problems


def _table_problems(data: dict, p: Path, raw: str) -> list[Problem]:
    """Problems of ``[context]``, ``[waypoints]`` and ``[grading]``: required, known keys, types, context regexes."""
    problems = []
    if not isinstance(data.get("context"), dict):
        problems.append(Problem(str(p), None, "linking rules: missing the [context] table"))
    for name, keys in _TABLE_KEYS.items():
        table = data.get(name, {})
        line = table_line(raw, name)
        if not isinstance(table, dict):
            continue
        problems += unknown_keys(table, keys, p, line, f"[{name}]")
        for key, typ in _NUMBERS.items():
            if key in table and (isinstance(table[key], bool) or not isinstance(table[key], typ)):
                problems.append(Problem(str(p), key_line(raw, key, line) or line, f"[{name}] {key} must be a number"))
        for key in ("determiners", "modifiers"):
            if key not in table:
                continue
            kl = key_line(raw, key, line) or line
            if not isinstance(table[key], list) or not all(isinstance(v, str) for v in table[key]):
                problems.append(Problem(str(p), kl, f"[{name}] {key} must be a list of regex strings"))
                continue
            problems += [bad for v in table[key]
                         if (bad := compile_problem(v, re.IGNORECASE, p, kl, f"[{name}] {key}"))]
    return problems


def validate_rules(rules_path: str | Path | None = None, catalog_path: str | Path | None = None) -> list[Problem]:
    """Every problem of ``linking.toml`` with its ``path:line``: unknown route, regex that does not compile,
    missing or unknown key, wrong type; [] when the rules can be used."""
    p = Path(rules_path) if rules_path else data_file("routes/linking.toml")
    data, raw, problems = read_toml(p, "linking rules")
    if data is None:
        return problems
    try:
        routes = set(load_catalog(catalog_path))
    except RoutesDataError as exc:
        return [*exc.problems]
    problems += unknown_keys(data, ("context", "waypoints", "grading", "block", "pattern"), p, None, "linking rules")
    for kind in ("block", "pattern"):
        entries = data.get(kind, [])
        lines = array_lines(raw, kind)
        if not isinstance(entries, list):
            problems.append(Problem(str(p), key_line(raw, kind), f"`{kind}` must be an array of [[{kind}]] tables"))
            continue
        for i, entry in enumerate(entries, start=1):
            problems += _entry_problems(kind, i, entry, p, raw, lines[i - 1] if i <= len(lines) else None, routes)
    return problems + _table_problems(data, p, raw)


def check_rules(rules_path: str | Path | None = None) -> list[str]:
    """:func:`validate_rules` as ``path:line: what is wrong`` lines."""
    return [str(x) for x in validate_rules(rules_path)]


@cleared_on_change
@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The bundled rules (cached; read-only)."""
    return load_rules()
