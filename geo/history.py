"""Status history and published figures of the segments (``geo/history.toml``): load, check, "as of a date".

A project covers one or more segments and carries dated lifecycle events (vocabulary in
``geo/style.toml [lifecycle.*]``), each citing a corpus passage (``passage:<id>``) or an external
reference (``ref:<key>``). A figure is a published length (and design capacity) of a route or component.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo._errors import GeoDataError
from geo.style import lifecycle
from sources._datadir import cleared_on_change, data_file
from sources._dates import date_bounds
from sources._errors import Problem, UsageError
from sources._tomlfile import array_lines, key_line, read_toml, table_line, unknown_keys

HISTORY_FILE = Path(__file__).resolve().parent / "history.toml"
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
MAX_SHORTFALL = 0.05  # a drawn main line may run at most this much shorter than its published length

__all__ = ["Event", "Figure", "History", "Reference", "SegmentStatus", "check_history", "load_history",
           "parse_as_of", "segment_status", "source_label", "validate_history"]


@dataclass(frozen=True)
class Reference:
    """An external page a date or figure was read on."""

    key: str
    title: str
    publisher: str
    date: str
    url: str


@dataclass(frozen=True)
class Event:
    """One dated lifecycle change of a project: ``date`` (ISO, any precision), ``status``, ``source``, ``says``."""

    project: str
    date: str
    status: str
    source: str
    says: str

    @property
    def start(self) -> dt.date:
        """The first day the event's date covers (an event counts from the start of its period)."""
        return date_start(self.date)


@dataclass(frozen=True)
class Figure:
    """A published length (km) and design capacity of a route or component, with their sources."""

    id: str
    route: str
    component: str
    segments: tuple[str, ...]
    main: bool
    length_km: float
    length_source: str
    capacity: float | None = None
    capacity_unit: str = ""
    capacity_year: int | None = None
    capacity_source: str = ""
    note: str = ""


@dataclass(frozen=True)
class History:
    """Projects (by id: name, segments, events oldest first, the line of its header), figures and references."""

    projects: Mapping[str, dict[str, Any]]
    figures: Mapping[str, Figure]
    references: Mapping[str, Reference]

    def events_of(self, segment_id: str) -> tuple[Event, ...]:
        """Every event of the projects covering ``segment_id``, oldest first."""
        evs = [e for p in self.projects.values() if segment_id in p["segments"] for e in p["events"]]
        return tuple(sorted(evs, key=lambda e: e.start))

    def figures_of(self, segment_id: str) -> list[Figure]:
        """Figures whose segments include ``segment_id``, narrowest (fewest segments) first."""
        return sorted((f for f in self.figures.values() if segment_id in f.segments), key=lambda f: len(f.segments))


@dataclass(frozen=True)
class SegmentStatus:
    """A segment's status at a date: the lifecycle word and draw style, or undated / not yet proposed."""

    segment: str
    lifecycle: str | None  # None: no event yet (hidden) or no history at all (undated)
    draw: str | None  # the [status.*] style to draw with; None = hide
    event: Event | None
    dated: bool  # False when the segment has no history (drawn with its layer status)


def date_start(iso: str) -> dt.date:
    """First day of an ISO date of any precision (``2016`` -> 2016-01-01)."""
    return date_bounds(iso)[0]


def parse_as_of(text: str | None) -> dt.date | None:
    """Parse an ``--as-of`` / ``as_of`` value (``2016``, ``2016-05``, ``2016-05-17``) to its first day.

    Raises
    ------
    UsageError
        When the text is not an ISO date that exists (a user's input: the CLI shows it as one line).
    """
    if text is None or not str(text).strip():
        return None
    try:
        return date_start(str(text).strip())
    except ValueError:
        raise UsageError(f"--as-of {text!r}: expected an ISO date YYYY, YYYY-MM or YYYY-MM-DD") from None


def segment_status(history: History, segment_id: str, layer_status: str, as_of: dt.date | None) -> SegmentStatus:
    """The status a segment had at ``as_of`` (today's layer status when ``as_of`` is None).

    With no history the segment keeps its layer status at every date (``dated=False``). With history,
    the latest event on or before ``as_of`` decides; before the first event it is hidden.
    """
    events = history.events_of(segment_id)
    if not events:
        return SegmentStatus(segment_id, None, layer_status, None, False)
    if as_of is None:  # today: the layer's own status, with the latest event for reference
        return SegmentStatus(segment_id, events[-1].status, layer_status, events[-1], True)
    past = [e for e in events if e.start <= as_of]
    if not past:
        return SegmentStatus(segment_id, None, None, None, True)
    last = past[-1]
    return SegmentStatus(segment_id, last.status, lifecycle()[last.status]["draw"], last, True)


def source_label(history: History, source: str) -> dict[str, str]:
    """A source as display fields: ``kind`` (passage/reference), ``id``, and for references title/publisher/date/url."""
    kind, _, key = source.partition(":")
    if kind == "ref" and key in history.references:
        r = history.references[key]
        return {"kind": "reference", "id": key, "title": r.title, "publisher": r.publisher, "date": r.date,
                "url": r.url}
    return {"kind": "passage" if kind == "passage" else kind, "id": key}


def layers_as_of(layers, as_of: dt.date | None, history: History | None = None):
    """The layers as they stood at ``as_of``: segments not yet proposed dropped, the others drawn with the
    status they had then; nodes kept only where one of their routes still shows a segment.

    Adds segment columns ``lifecycle`` (the lifecycle word, "" when undated), ``status_since`` (the event's
    date), ``status_source`` and ``status_says``. With ``as_of`` None the layer statuses are kept.
    """
    from geo.layers import Layers

    history = history if history is not None else default_history()
    segs = layers.segments.copy()
    rows = [segment_status(history, r.id, r.status, as_of) for r in segs.itertuples(index=False)]
    segs["status"] = [r.draw or "" for r in rows]
    segs["lifecycle"] = [r.lifecycle or "" for r in rows]
    segs["status_since"] = [r.event.date if r.event else "" for r in rows]
    segs["status_source"] = [r.event.source if r.event else "" for r in rows]
    segs["status_says"] = [r.event.says if r.event else "" for r in rows]
    segs = segs[[r.draw is not None for r in rows]].reset_index(drop=True)
    shown = set(segs["route"])
    nodes = layers.nodes[layers.nodes["routes"].map(lambda v: any(r in shown for r in v))]
    return Layers(segments=segs, nodes=nodes.reset_index(drop=True), problems=layers.problems)


# --- loading ---------------------------------------------------------------------------------------------

PROJECT_KEYS = ("id", "name", "segments", "events")
EVENT_KEYS = ("date", "status", "source", "says")
FIGURE_KEYS = ("route", "component", "segments", "main", "length_km", "length_source", "capacity", "capacity_unit",
               "capacity_year", "capacity_source", "note")
REFERENCE_KEYS = ("title", "publisher", "date", "url")


@dataclass(frozen=True)
class _Source:
    """The history file being read: its path and raw text, for the line of each problem."""

    path: Path
    raw: str

    def problem(self, line: int | None, message: str) -> Problem:
        return Problem(str(self.path), line, message)

    def table(self, dotted: str) -> int | None:
        return table_line(self.raw, dotted)

    def event_lines(self, project_line: int | None) -> list[int]:
        """The line of each inline ``{ … }`` event after a project's header (events are one per line)."""
        lines = self.raw.splitlines()
        out = []
        for i in range(project_line or len(lines), len(lines)):
            if lines[i].lstrip().startswith("["):  # the next table
                break
            if lines[i].lstrip().startswith("{"):
                out.append(i + 1)
        return out


def _events(raw: Any, pid: str, line: int | None, src: _Source, problems: list[Problem]) -> list[Event]:
    words = lifecycle()
    out: list[Event] = []
    ev_lines = src.event_lines(line)
    for i, ev in enumerate(raw if isinstance(raw, list) else []):
        at = ev_lines[i] if i < len(ev_lines) else line
        what = f"project {pid!r} event {i + 1}"
        if not isinstance(ev, dict):
            problems.append(src.problem(at, f"{what}: not a table"))
            continue
        problems += unknown_keys(ev, EVENT_KEYS, src.path, at, what)
        date, status = str(ev.get("date", "")), str(ev.get("status", ""))
        if not _ISO.match(date):
            problems.append(src.problem(at, f"{what}: date {date!r} is not ISO (YYYY, YYYY-MM or YYYY-MM-DD)"))
            continue
        try:
            date_start(date)
        except ValueError:
            problems.append(src.problem(at, f"{what}: date {date!r} does not exist"))
            continue
        if status not in words:
            problems.append(src.problem(at, f"{what}: unknown status {status!r} (known: {', '.join(words)})"))
            continue
        out.append(Event(pid, date, status, str(ev.get("source", "")), str(ev.get("says", ""))))
    for a, b in zip(out, out[1:]):
        if b.start < a.start:
            at = next((n for n, e in zip(ev_lines, raw) if isinstance(e, dict) and e.get("date") == b.date), line)
            problems.append(src.problem(at, f"project {pid!r}: event {b.date} ({b.status}) is listed after "
                                            f"{a.date} ({a.status}) but is earlier: events must be oldest first"))
    return out


def _projects(raw: Any, src: _Source, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    projects: dict[str, dict[str, Any]] = {}
    heads = array_lines(src.raw, "project")
    for i, proj in enumerate(raw if isinstance(raw, list) else []):
        line = heads[i] if i < len(heads) else None
        pid = str(proj.get("id", "")) if isinstance(proj, dict) else ""
        if not pid or pid in projects:
            problems.append(src.problem(line, f"project id {pid!r} missing or repeated"))
            continue
        problems += unknown_keys(proj, PROJECT_KEYS, src.path, line, f"project {pid!r}")
        projects[pid] = {"name": str(proj.get("name", pid)), "segments": tuple(proj.get("segments", ())),
                         "events": tuple(_events(proj.get("events"), pid, line, src, problems)), "line": line}
    return projects


def _figure(fid: str, raw: Any, src: _Source, problems: list[Problem]) -> Figure | None:
    line = src.table(f"figure.{fid}")
    try:
        length = float(raw["length_km"])
        fig = Figure(id=fid, route=str(raw["route"]), component=str(raw.get("component", fid)),
                     segments=tuple(raw.get("segments", ())), main=bool(raw.get("main", False)),
                     length_km=length, length_source=str(raw["length_source"]),
                     capacity=float(raw["capacity"]) if "capacity" in raw else None,
                     capacity_unit=str(raw.get("capacity_unit", "")),
                     capacity_year=int(raw["capacity_year"]) if "capacity_year" in raw else None,
                     capacity_source=str(raw.get("capacity_source", "")), note=str(raw.get("note", "")))
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(src.problem(line, f"figure {fid!r}: missing or bad field ({exc})"))
        return None
    problems += unknown_keys(raw, FIGURE_KEYS, src.path, line, f"figure {fid!r}")
    if length <= 0 or not fig.segments:
        problems.append(src.problem(line, f"figure {fid!r}: needs a positive length_km and segments"))
    if fig.capacity is not None and (not fig.capacity_unit or not fig.capacity_source):
        problems.append(src.problem(line, f"figure {fid!r}: a capacity needs capacity_unit and capacity_source"))
    return fig


def _references(raw: Any, src: _Source, problems: list[Problem]) -> dict[str, Reference]:
    refs: dict[str, Reference] = {}
    for key, r in (raw if isinstance(raw, dict) else {}).items():
        line = src.table(f"reference.{key}")
        if not isinstance(r, dict):
            problems.append(src.problem(line, f"reference {key!r}: not a table"))
            continue
        problems += unknown_keys(r, REFERENCE_KEYS, src.path, line, f"reference {key!r}")
        missing = [k for k in ("title", "publisher", "url") if not str(r.get(k, "")).strip()]
        if missing:
            problems.append(src.problem(line, f"reference {key!r}: missing {', '.join(missing)}"))
            continue
        url, date = str(r["url"]), str(r.get("date", ""))
        if not _URL.match(url):
            problems.append(src.problem(line, f"reference {key!r}: url {url!r} is not an http(s) address"))
            continue
        if date and not _ISO.match(date):
            problems.append(src.problem(line, f"reference {key!r}: date {date!r} is not ISO"))
            continue
        refs[key] = Reference(key, str(r["title"]), str(r["publisher"]), date, url)
    return refs


def _read(path: str | Path | None) -> tuple[History, list[Problem], _Source]:
    """The usable entries of the history file, every problem of it, and the file (for cross-checks)."""
    path = Path(path) if path is not None else data_file("geo/history.toml")
    data, raw, problems = read_toml(path, "history")
    src = _Source(path, raw)
    if data is None:
        return History({}, {}, {}), problems, src
    problems += unknown_keys(data, ("project", "figure", "reference"), path, None, "history")
    projects = _projects(data.get("project"), src, problems)
    figures = {fid: f for fid, raw_fig in (data.get("figure") or {}).items()
               if (f := _figure(fid, raw_fig, src, problems)) is not None}
    refs = _references(data.get("reference"), src, problems)
    return History(projects, figures, refs), problems, src


def validate_history(path: str | Path | None = None) -> list[Problem]:
    """Every problem of the history file on its own (syntax, keys, dates, order, statuses, references).

    Cross-checks against the layers, routes and corpus are :func:`check_history`.
    """
    return _read(path)[1]


def load_history(path: str | Path | None = None) -> History:
    """Load ``geo/history.toml`` (default) or ``path``.

    Raises
    ------
    GeoDataError
        Once, carrying every problem :func:`validate_history` finds.
    """
    history, problems, _ = _read(path)
    if problems:
        raise GeoDataError(problems)
    return history


@cleared_on_change
@functools.lru_cache(maxsize=2)
def _cached(path: str, mtime: float) -> History:
    return load_history(path)


def default_history() -> History:
    """The repository's history (or the data folder's), cached on the file's modification time."""
    path = data_file("geo/history.toml")
    return _cached(str(path), path.stat().st_mtime)


def check_history(*, segment_status_by_id: Mapping[str, str], routes: Iterable[str],
                  passage_ids: set[str] | None, path: str | Path | None = None
                  ) -> tuple[list[Problem], list[Problem]]:
    """Problems and warnings of the history file: its own (:func:`validate_history`), then against the
    layers, routes and corpus passages.

    Parameters
    ----------
    segment_status_by_id
        Every layer segment id -> its layer status.
    routes
        Known route ids.
    passage_ids
        Passage ids of the index; None when the bundled corpus is not being checked (passage
        sources are then only warned about, not looked up).
    path
        The history file (default ``geo/history.toml``).
    """
    history, problems, src = _read(path)
    warnings: list[Problem] = []
    known_routes = set(routes)

    def source_ok(source: str, what: str, line: int | None) -> None:
        kind, _, key = source.partition(":")
        if kind == "ref":
            if key not in history.references:
                problems.append(src.problem(line, f"{what}: reference {key!r} is not defined (or was skipped)"))
        elif kind == "passage":
            if passage_ids is not None and key not in passage_ids:
                problems.append(src.problem(line, f"{what}: passage {key!r} is not in the index"))
        else:
            problems.append(src.problem(line, f"{what}: source {source!r} must be 'passage:<id>' or 'ref:<key>'"))

    for pid, proj in history.projects.items():
        head = proj["line"]
        for sid in proj["segments"]:
            if sid not in segment_status_by_id:
                problems.append(src.problem(key_line(src.raw, "segments", head) or head,
                                            f"project {pid!r}: unknown segment {sid!r}"))
        ev_lines = dict(zip(range(len(proj["events"])), src.event_lines(head)))
        for i, ev in enumerate(proj["events"]):
            source_ok(ev.source, f"project {pid!r} event {ev.date}", _line_with(src.raw, ev.source, head)
                      or ev_lines.get(i, head))
    for fid, fig in history.figures.items():
        line = src.table(f"figure.{fid}")
        if fig.route not in known_routes:
            problems.append(src.problem(line, f"figure {fid!r}: unknown route {fig.route!r}"))
        for sid in fig.segments:
            if sid not in segment_status_by_id:
                problems.append(src.problem(line, f"figure {fid!r}: unknown segment {sid!r}"))
        source_ok(fig.length_source, f"figure {fid!r} length", line)
        if fig.capacity is not None:
            source_ok(fig.capacity_source, f"figure {fid!r} capacity", line)
    for sid, layer_status in segment_status_by_id.items():
        events = history.events_of(sid)
        if events and lifecycle()[events[-1].status]["draw"] != layer_status:
            last = events[-1]
            warnings.append(src.problem(None, f"segment {sid!r}: its latest event ({last.status}, {last.date}) "
                                              f"draws as {lifecycle()[last.status]['draw']!r} but the layer says "
                                              f"{layer_status!r}"))
    return problems, warnings


def _line_with(raw: str, needle: str, after: int | None) -> int | None:
    """The first line at or after ``after`` (1-based) that contains ``needle``."""
    for i, line in enumerate(raw.splitlines()[(after or 1) - 1:], after or 1):
        if needle in line:
            return i
    return None
