"""The article catalog (``sources/catalog.toml``): metadata the raw text lacks, matched by opening words."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sources._dates import parse_iso_date


CATALOG_PATH = Path(__file__).with_name("catalog.toml")
PRECISIONS = ("day", "month", "year", "estimated")
_FIELDS = {"id", "match", "title", "authors", "publisher", "date", "date_precision", "date_note", "url", "note"}


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One curated article record; ``match`` is the opening words of its first paragraph."""

    id: str
    match: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_note: str | None = None
    url: str | None = None
    line: int = 0


def normalise(text: str) -> str:
    """Collapse whitespace (including no-break spaces) and unify quotes, for matching copies of a text."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def _line_of(text: str, needle: str) -> int:
    idx = text.find(needle)
    return text.count("\n", 0, idx) + 1 if idx >= 0 else 0


def load_catalog(path: str | Path | None = None) -> tuple[list[CatalogEntry], list[str]]:
    """Read the catalog; return the usable entries and one ``path:line: problem`` string per bad entry.

    A malformed entry (bad date, unknown precision, missing id/match, duplicate id) is reported and
    left out; the other entries are still returned.
    """
    p = Path(path) if path else CATALOG_PATH
    if not p.exists():
        return [], []
    text = p.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [f"{p}: catalog does not parse as TOML: {exc}"]
    entries: list[CatalogEntry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for raw in data.get("article", []):
        line = _line_of(text, f'id = "{raw.get("id", "")}"') if raw.get("id") else 0
        where = f"{p}:{line}" if line else str(p)
        try:
            entries.append(_entry(raw, line, seen))
        except (ValueError, TypeError) as exc:
            problems.append(f"{where}: catalog entry {raw.get('id', '?')!r}: {exc}")
    return entries, problems


def _entry(raw: dict, line: int, seen: set[str]) -> CatalogEntry:
    unknown = set(raw) - _FIELDS
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}")
    if not raw.get("id") or not raw.get("match"):
        raise ValueError("needs both 'id' and 'match'")
    if raw["id"] in seen:
        raise ValueError("duplicate id")
    seen.add(raw["id"])
    precision = raw.get("date_precision")
    if raw.get("date"):
        _, natural = parse_iso_date(str(raw["date"]))
        precision = precision or natural
    if precision and precision not in PRECISIONS:
        raise ValueError(f"date_precision {precision!r} is not one of {PRECISIONS}")
    if precision == "estimated" and not raw.get("date_note"):
        raise ValueError("an estimated date needs a 'date_note' giving the reason")
    authors = raw.get("authors", ())
    if isinstance(authors, str):
        authors = (authors,)
    return CatalogEntry(id=raw["id"], match=normalise(raw["match"]), title=raw.get("title"),
                        authors=tuple(authors), publisher=raw.get("publisher"),
                        date=str(raw["date"]) if raw.get("date") else None, date_precision=precision,
                        date_note=raw.get("date_note"), url=raw.get("url"), line=line)


def entry_for(lead_text: str, entries: list[CatalogEntry]) -> CatalogEntry | None:
    """The catalog entry whose ``match`` opens ``lead_text`` (whitespace- and quote-insensitive)."""
    norm = normalise(lead_text)
    for e in entries:
        if norm.startswith(e.match):
            return e
    return None


