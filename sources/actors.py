"""The actor catalog (``sources/actors.toml``) and finding actors in passage text.

Aliases match whole words, case-sensitively, longest first, so "US" never matches in "thus" and "Iran"
never inside another word. Each match keeps its offsets; a passage's actors include every ancestor
(``parent``) of the actors named, so filtering by a state finds its leaders and agencies.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sources.models import ActorMention, Passage

ACTORS_PATH = Path(__file__).with_name("actors.toml")
KINDS = ("state", "organisation", "company", "person", "agency")


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, organisation, company, agency or person, with the words that name it."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class ActorCatalog:
    """All actors by id, plus the compiled matcher."""

    actors: dict[str, Actor]
    pattern: re.Pattern[str]
    alias_to_id: dict[str, str]
    not_actors: re.Pattern[str] | None = None

    def ancestors(self, actor_id: str) -> tuple[str, ...]:
        """The actor and all its parents, nearest first."""
        out: list[str] = []
        cur: str | None = actor_id
        while cur and cur not in out:
            out.append(cur)
            cur = self.actors[cur].parent if cur in self.actors else None
        return tuple(out)

    def resolve(self, name: str) -> str:
        """The id of the actor a user typed (id, name or alias; case-insensitive).

        Raises
        ------
        KeyError
            With close suggestions, if nothing matches.
        """
        key = name.strip().casefold()
        for a in self.actors.values():
            if key in (a.id.casefold(), a.name.casefold()):
                return a.id
        for alias, aid in self.alias_to_id.items():
            if alias.casefold() == key:
                return aid
        close = sorted({a.name for a in self.actors.values()
                        if key[:3] and (key[:3] in a.name.casefold() or key[:3] in a.id)})[:5]
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        raise KeyError(f"unknown actor {name!r}{hint}")


def _compile(actors: Iterable[Actor]) -> tuple[re.Pattern[str], dict[str, str]]:
    alias_to_id: dict[str, str] = {}
    for a in actors:
        for alias in (a.name, *a.aliases):
            alias_to_id.setdefault(alias, a.id)
    alternatives = sorted(alias_to_id, key=len, reverse=True)
    body = "|".join(re.escape(a) for a in alternatives)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])"), alias_to_id


def load_actors(path: str | Path | None = None) -> tuple[ActorCatalog, list[str]]:
    """Read the actor catalog; return it with ``path: problem`` lines for bad entries (skipped)."""
    p = Path(path) if path else ACTORS_PATH
    data = tomllib.loads(p.read_text(encoding="utf-8"))
    actors: dict[str, Actor] = {}
    problems: list[str] = []
    for raw in data.get("actor", []):
        aid = raw.get("id")
        if not aid or aid in actors:
            problems.append(f"{p}: actor {aid!r}: missing or duplicate id")
            continue
        if raw.get("kind") not in KINDS:
            problems.append(f"{p}: actor {aid!r}: kind {raw.get('kind')!r} is not one of {KINDS}")
            continue
        actors[aid] = Actor(aid, raw.get("name", aid), raw["kind"], tuple(raw.get("aliases", ())), raw.get("parent"))
    for a in actors.values():
        if a.parent and a.parent not in actors:
            problems.append(f"{p}: actor {a.id!r}: parent {a.parent!r} is not in the catalog")
    pattern, alias_to_id = _compile(actors.values())
    phrases = data.get("not_actors", {}).get("phrases", [])
    not_actors = re.compile("|".join(re.escape(x) for x in phrases)) if phrases else None
    return ActorCatalog(actors, pattern, alias_to_id, not_actors), problems


@lru_cache(maxsize=2)
def default_actors() -> ActorCatalog:
    """The bundled actor catalog (cached; read-only)."""
    return load_actors()[0]


def actors_in_text(text: str, catalog: ActorCatalog | None = None) -> list[ActorMention]:
    """Every actor named in ``text``, with the matched words and their offsets."""
    cat = catalog or default_actors()
    blocked = [m.span() for m in cat.not_actors.finditer(text)] if cat.not_actors else []
    return [ActorMention(cat.alias_to_id[m.group(0)], m.group(0), m.start(), m.end())
            for m in cat.pattern.finditer(text)
            if not any(s <= m.start() < e for s, e in blocked)]


def annotate_actors(passages: Iterable[Passage], catalog: ActorCatalog | None = None
                    ) -> tuple[dict[str, tuple[ActorMention, ...]], dict[str, tuple[str, ...]]]:
    """Actor mentions per passage id, and per passage the actors plus all their ancestors."""
    cat = catalog or default_actors()
    mentions: dict[str, tuple[ActorMention, ...]] = {}
    closure: dict[str, tuple[str, ...]] = {}
    for p in passages:
        found = actors_in_text(p.text, cat)
        if found:
            mentions[p.id] = tuple(found)
            closure[p.id] = tuple(dict.fromkeys(x for m in found for x in cat.ancestors(m.actor_id)))
    return mentions, closure
