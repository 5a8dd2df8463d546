"""Link passages to routes: which routes a paragraph discusses, how strongly, and on what evidence.

Evidence comes from, in order: the route catalog's aliases (``routes/catalog.toml``), descriptive patterns
and blocks (``routes/linking.toml``), and contextual references ("the corridor", "the route") in an
article whose topic is one route. Curated overrides (``routes/overrides.toml``) are applied last.
A link is ``primary`` when the paragraph is substantially about the route (see :func:`grade`).
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from routes.catalog import load_catalog
from sources.index import Link
from sources.models import Article, Passage

RULES_PATH = Path(__file__).with_name("linking.toml")
OVERRIDES_PATH = Path(__file__).with_name("overrides.toml")
STRENGTHS = ("primary", "mention")
_DASHES = "-–—‑"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Words in a passage that refer to a route, where, and how they were recognised."""

    start: int
    end: int
    text: str
    how: str  # "alias", "pattern", "context"
    capped: bool = False


@dataclass(frozen=True, slots=True)
class Rules:
    """Compiled linking rules."""

    aliases: dict[str, re.Pattern[str]]
    patterns: tuple[tuple[str, re.Pattern[str], bool, str], ...]
    blocks: tuple[re.Pattern[str], ...]
    context: re.Pattern[str]
    min_article_mentions: int
    dominance: float
    lead_weight: int


def _alias_regex(alias: str) -> str:
    """Whole-word regex for an alias; dashes match any dash or a space; quotes either way."""
    out = []
    for ch in alias:
        if ch in _DASHES:
            out.append(f"[{_DASHES}\\s]\\s?")
        elif ch in "'’":
            out.append("['’]")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _compile_aliases(aliases: Iterable[str]) -> re.Pattern[str]:
    """Acronyms (TRIPP, BTK, TAP) match case-sensitively; names case-insensitively."""
    parts = []
    for a in sorted(set(aliases), key=len, reverse=True):
        letters = [c for c in a if c.isalpha()]
        acronym = letters and all(c.isupper() for c in letters) and len(a.split()) == 1
        body = _alias_regex(a)
        parts.append(body if acronym else f"(?i:{body})")
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


def load_rules(rules_path: str | Path | None = None, catalog_path: str | Path | None = None) -> Rules:
    """Compile the catalog's aliases and ``linking.toml`` into :class:`Rules`."""
    catalog = load_catalog(catalog_path)
    data = tomllib.loads(Path(rules_path or RULES_PATH).read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    return Rules(
        aliases={rid: _compile_aliases(r.aliases) for rid, r in catalog.items() if r.aliases},
        patterns=tuple((p["route"], re.compile(p["regex"], flags), p.get("strength") == "mention", p.get("reason", ""))
                       for p in data.get("pattern", [])),
        blocks=tuple(re.compile(b["regex"], flags) for b in data.get("block", [])),
        context=re.compile(data["context"]["regex"], flags),
        min_article_mentions=int(data["context"].get("min_article_mentions", 3)),
        dominance=float(data["context"].get("dominance", 2.0)),
        lead_weight=int(data["context"].get("lead_weight", 1)),
    )


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The bundled rules (cached; read-only)."""
    return load_rules()


def explicit_evidence(text: str, rules: Rules) -> dict[str, list[Evidence]]:
    """Alias and pattern evidence per route in one passage; blocked spans and overlaps are skipped."""
    taken = [False] * len(text)
    for b in rules.blocks:
        for m in b.finditer(text):
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    found: dict[str, list[Evidence]] = {}
    candidates: list[tuple[int, int, str, str, bool]] = []
    for rid, pat, capped, _ in rules.patterns:
        candidates += [(m.start(), m.end(), rid, "pattern", capped) for m in pat.finditer(text)]
    for rid, pat in rules.aliases.items():
        candidates += [(m.start(), m.end(), rid, "alias", False) for m in pat.finditer(text)]
    # Longest span first, so "Baku–Tbilisi–Ceyhan" beats "Baku–Tbilisi" and "Lachin corridor" beats "corridor".
    for s, e, rid, how, capped in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if any(taken[s:e]):
            continue
        taken[s:e] = [True] * (e - s)
        found.setdefault(rid, []).append(Evidence(s, e, text[s:e], how, capped))
    return found


def context_evidence(text: str, rules: Rules, explicit: dict[str, list[Evidence]]) -> list[Evidence]:
    """Generic references ("the corridor", "the route") not already part of explicit evidence."""
    spans = [(ev.start, ev.end) for evs in explicit.values() for ev in evs]
    out = []
    for m in rules.context.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        out.append(Evidence(m.start(), m.end(), m.group(0), "context"))
    return out


def article_topic(evidence_by_passage: list[dict[str, list[Evidence]]], rules: Rules) -> str | None:
    """The route an article is about: named most often, often enough, and clearly more than any other.

    Names in the first paragraph (the lead, which states what the article is about) weigh ``lead_weight`` times.
    """
    counts: Counter[str] = Counter()
    for i, ev in enumerate(evidence_by_passage):
        for rid, evs in ev.items():
            counts[rid] += sum(1 for e in evs if not e.capped) * (rules.lead_weight if i == 0 else 1)
    if not counts:
        return None
    (top, n), *rest = counts.most_common()
    second = rest[0][1] if rest else 0
    if n >= rules.min_article_mentions and n >= rules.dominance * second:
        return top
    return None


def references(evidence: list[Evidence], text: str) -> int:
    """How many times a route is referred to: a name and its acronym in brackets ("… (INSTC)") count once."""
    n, last_end = 0, -10
    for e in sorted(evidence, key=lambda e: e.start):
        if not (0 <= e.start - last_end <= 3 and text[last_end:e.start].strip() in ("(", "", "“", "\"")):
            n += 1
        last_end = e.end
    return n


def grade(evidence: list[Evidence], text: str, *, others: int = 0, tied_with_topic: bool = False,
          is_topic: bool = False) -> str:
    """``primary`` if the paragraph is substantially about the route, else ``mention``.

    Substantially: referred to at least twice and at least as often as any other route in the paragraph
    (a tie with the article's own topic route goes to the topic); or, in an article about this route, a
    paragraph that opens by referring back to it ("The proposal also permits …"). Evidence from capped patterns only (e.g. a port named as
    a hub) stays a mention.
    """
    if all(e.capped for e in evidence):
        return "mention"
    refs = references(evidence, text)
    if refs >= 2 and refs >= others and not tied_with_topic:
        return "primary"
    first_sentence_end = re.search(r"[.!?](?:\s|$)", text)
    opening = min(evidence, key=lambda e: e.start)
    if is_topic and opening.how == "context" and first_sentence_end and opening.start < first_sentence_end.start():
        return "primary"
    return "mention"


def _attribute_context(ctx: list[Evidence], explicit: dict[str, list[Evidence]], topic: str | None
                       ) -> dict[str, list[Evidence]]:
    """Decide what each generic reference ("this corridor", "the proposal") points at.

    With no route named before it in the paragraph, it is the article's topic route (if the article has
    one). After a named route, it refers back to that route when the nouns agree ("the Southern Gas
    Corridor … this corridor"); otherwise it is ambiguous and dropped.
    """
    out: dict[str, list[Evidence]] = {}
    for c in ctx:
        before = [(e.end, rid, e.text) for rid, evs in explicit.items() for e in evs if e.end <= c.start]
        if not before:
            if topic:
                out.setdefault(topic, []).append(c)
            continue
        _, rid, named = max(before)
        noun = c.text.split()[-1].lower()
        if rid == topic or noun in named.lower():
            out.setdefault(rid, []).append(c)
    return out


def links_for_article(passages: list[Passage], rules: Rules | None = None) -> list[Link]:
    """Rule-based links for the passages of one article (context needs the whole article)."""
    rules = rules or default_rules()
    explicit = [explicit_evidence(p.text, rules) for p in passages]
    topic = article_topic(explicit, rules)
    links: list[Link] = []
    for p, ev in zip(passages, explicit):
        ev = {rid: list(evs) for rid, evs in ev.items()}
        if p.kind != "footnote":
            for rid, ctx in _attribute_context(context_evidence(p.text, rules, ev), ev, topic).items():
                ev.setdefault(rid, []).extend(ctx)
        refs = {rid: references(evs, p.text) for rid, evs in ev.items()}
        for rid, evs in sorted(ev.items()):
            evs.sort(key=lambda e: e.start)
            others = max((n for r, n in refs.items() if r != rid), default=0)
            tied = topic is not None and rid != topic and refs.get(topic, 0) == refs[rid]
            strength = grade(evs, p.text, others=others, tied_with_topic=tied, is_topic=rid == topic)
            links.append(Link(p.id, rid, strength, "rule",
                              tuple((e.start, e.end, e.text) for e in evs),
                              "; ".join(sorted({e.how for e in evs}))))
    return links


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


def links_for_corpus(passages: Iterable[Passage], articles: Iterable[Article] = (), *,
                     rules: Rules | None = None, overrides_path: str | Path | None = None) -> list[Link]:
    """All links for a corpus: rules per article, then the curated overrides."""
    by_article: dict[str, list[Passage]] = {}
    for p in passages:
        by_article.setdefault(p.article_id, []).append(p)
    links: list[Link] = []
    for ps in by_article.values():
        links.extend(links_for_article(ps, rules))
    overrides, _ = load_overrides(overrides_path)
    known = {p.id for ps in by_article.values() for p in ps}
    return apply_overrides(links, [o for o in overrides if o.passage in known])


def links_by_passage(links: Iterable[Link]) -> Mapping[str, dict[str, str]]:
    """``{passage_id: {route_id: strength}}`` (for evaluation)."""
    out: dict[str, dict[str, str]] = {}
    for lk in links:
        out.setdefault(lk.passage_id, {})[lk.route_id] = lk.strength
    return out
