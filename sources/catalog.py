"""The article catalog (``sources/catalog.toml``): metadata the raw text lacks, matched by opening words."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sources._datadir import data_file
from sources._dates import parse_iso_date
from sources._errors import Problem
from sources._tomlfile import array_lines, key_line, read_toml, unknown_keys

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


def load_article_catalog(path: str | Path | None = None) -> tuple[list[CatalogEntry], list[Problem]]:
    """Read the article catalog; return the usable entries and a :class:`Problem` for each entry left out.

    A malformed entry (bad date, unknown precision or key, missing id/match, duplicate id) is reported at the
    line of its ``id`` and left out; the other entries are still returned (articles then lack its metadata).
    A file that does not parse gives no entries and one problem.
    """
    p = Path(path) if path else data_file("sources/catalog.toml")
    if not p.exists():
        return [], []
    data, text, problems = read_toml(p, "article catalog")
    if data is None:
        return [], problems
    problems += unknown_keys(data, ("article",), p, None, "article catalog")
    entries: list[CatalogEntry] = []
    seen: set[str] = set()
    heads = array_lines(text, "article")
    for i, raw in enumerate(data.get("article", [])):
        head = heads[i] if i < len(heads) else None
        line = key_line(text, "id", head) or head
        try:
            entries.append(_entry(raw, line or 0, seen))
        except (ValueError, TypeError) as exc:
            problems.append(Problem(str(p), line, f"catalog entry {raw.get('id', '?')!r}: {exc}"))
    return entries, problems


def validate_article_catalog(path: str | Path | None = None) -> list[Problem]:
    """Every problem of the article catalog, with ``path:line``; [] when every entry is usable."""
    return load_article_catalog(path)[1]


def _entry(raw: dict, line: int, seen: set[str]) -> CatalogEntry:
    unknown = set(raw) - _FIELDS
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}")
    if not raw.get("id") or not raw.get("match"):
        raise ValueError("needs both 'id' and 'match'")
    if not isinstance(raw["id"], str) or not isinstance(raw["match"], str):
        raise TypeError("'id' and 'match' must be strings")
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


