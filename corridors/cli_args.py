"""Validate and normalise the command line's filter arguments up front, before any index is built.

Every mistake becomes a :class:`click.BadParameter` naming the option, the value and the reason, with
suggestions for unknown routes and actors.
"""
from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import click

from corridors.query import Filters, QueryError, resolve_actors
from sources._dates import date_range, parse_iso_date
from sources.index import fts_query


def printable(text: str) -> str:
    """``text`` safe for a terminal: undecodable file-name bytes as ``\\xNN``, control characters escaped."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c in "\n\t" or unicodedata.category(c) != "Cc" else repr(c)[1:-1] for c in text)


def resolve_route(name: str, catalog: Mapping[str, Any]) -> str:
    """The route id for an id, name or alias (case-insensitive); :class:`click.BadParameter` with suggestions."""
    key = " ".join(name.split()).casefold()
    for rid, r in catalog.items():
        names = {rid, rid.replace("_", "-"), rid.replace("_", " "), r.name, *r.aliases}
        if key in {n.casefold() for n in names}:
            return rid
    choices = {rid.casefold(): rid for rid in catalog} | {a.casefold(): rid for rid, r in catalog.items()
                                                          for a in (r.name, *r.aliases)}
    close = [choices[c] for c in difflib.get_close_matches(key, list(choices), n=6, cutoff=0.6)]
    close += [rid for c, rid in choices.items() if key and (key in c or c in key)]
    close = list(dict.fromkeys(close))[:3]
    hint = f"did you mean: {', '.join(close)}? " if close else ""
    raise click.BadParameter(f"unknown route {name!r} ({hint}known: {', '.join(catalog)})", param_hint="'--route'")


def _date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return parse_iso_date(value)[0]
    except ValueError as exc:
        msg = str(exc) if value in str(exc) else f"{value!r}: {exc}"
        raise click.BadParameter(printable(msg), param_hint=f"'{option}'") from None


def checked_filters(routes: Sequence[str], actors: Sequence[str], all_actors: bool, date_from: str | None,
                    date_to: str | None, event_dates: bool, q: str | None, primary_only: bool) -> Filters:
    """:class:`Filters` from the shared options, every value checked (routes resolved to ids, dates trimmed).

    Raises
    ------
    click.BadParameter
        For an unknown route or actor, a malformed date, ``--from`` after ``--to``, or a ``--q`` with no
        searchable word.
    """
    from routes.catalog import load_catalog

    catalog = load_catalog()
    route_ids = tuple(dict.fromkeys(resolve_route(r, catalog) for r in routes))
    for name in actors:
        try:
            resolve_actors((name,))
        except QueryError as exc:
            raise click.BadParameter(str(exc), param_hint="'--actor'") from None
    lo, hi = _date(date_from, "--from"), _date(date_to, "--to")
    first, last = date_range(lo)[0], date_range(hi)[1]
    if first and last and first > last:
        raise click.BadParameter(f"--from {lo} is after --to {hi}", param_hint="'--from' / '--to'")
    if q is not None and not fts_query(q):
        raise click.BadParameter(f"{printable(q)!r} has no searchable word (letters or digits)", param_hint="'--q'")
    return Filters(route_ids, tuple(actors), lo, hi, event_dates, q, primary_only, all_actors)


def ineffective(filters: Filters) -> list[str]:
    """Options given that change nothing as combined (said as warnings, so nothing is ignored unseen)."""
    out = []
    if filters.event_dates and not (filters.date_from or filters.date_to):
        out.append("--event-dates has no effect without --from or --to")
    if filters.all_actors and len(filters.actors) < 2:
        out.append("--all-actors has no effect with fewer than two --actor")
    return out
