"""The app's view state: one frozen object, read from and written to the URL's query parameters.

DESIGN makes the URL the state: ``route`` (repeatable), ``actor`` (repeatable), ``from``, ``to``,
``dates=events``, ``q``, ``primary=1``, ``select``, ``passage``, ``as_of`` (the date the map shows),
plus the page: ``view`` (the active view, e.g. ``view=timeline``) and ``map=ZOOM/LAT/LON`` (the
interactive map's view, as OpenStreetMap writes it).
Every ``st.session_state`` key the app uses
is a constant here (prefix ``ca_``), so no string literal keys appear elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from corridors.query import Filters

from sources._dates import date_bounds, iso_or_none

# --- st.session_state keys (all with one prefix) -------------------------------------------------------
PREFIX = "ca_"
KEY_ROUTES = PREFIX + "routes"  # sidebar: one checkbox per route -> KEY_ROUTES + "_" + route id
KEY_ACTORS = PREFIX + "actors"
KEY_DATE_FROM = PREFIX + "date_from"
KEY_DATE_TO = PREFIX + "date_to"
KEY_EVENTS = PREFIX + "events"
KEY_Q = PREFIX + "q"
KEY_PRIMARY = PREFIX + "primary"
KEY_ALL_ACTORS = PREFIX + "all_actors"
KEY_SELECT = PREFIX + "select"
KEY_PASSAGE = PREFIX + "passage"
KEY_BASEMAP = PREFIX + "basemap"
KEY_VIEW = PREFIX + "view"
KEY_MAP = PREFIX + "map"  # st_folium's key
KEY_LAST_CLICK = PREFIX + "last_click"  # the map click already turned into a selection
# the Export view
KEY_EXPORT_NOTES_MAP = PREFIX + "export_notes_map"
KEY_EXPORT_CLICKED = PREFIX + "export_clicked"
KEY_EXPORT_TITLE = PREFIX + "export_title"
KEY_EXPORT_SUBTITLE = PREFIX + "export_subtitle"
KEY_EXPORT_NOTE_TEXT = PREFIX + "export_note_text"
KEY_EXPORT_SIZE = PREFIX + "export_size"
KEY_EXPORT_FORMAT = PREFIX + "export_format"
KEY_EXPORT_LIVE = PREFIX + "export_live"  # the export inputs as of the latest rerun start (download callables)
KEY_SYNCED = PREFIX + "synced"  # the ViewState last written to widgets / URL
KEY_CONTEXT = PREFIX + "context"  # passage id whose article is open "in context"
KEY_PENDING_SELECT = PREFIX + "pending_select"  # a map click, applied to KEY_SELECT before widgets draw
KEY_TIMELINE_POINT = PREFIX + "timeline_point"
KEY_AS_OF = PREFIX + "as_of"  # sidebar: the date the map shows (None = today)
KEY_PENDING_AS_OF = PREFIX + "pending_as_of"  # a timeline point chosen, applied to KEY_AS_OF before widgets draw
KEY_MAP_START = PREFIX + "map_start"  # the map view (zoom, lat, lon) a fresh map iframe opens at
KEY_MAP_BASE = PREFIX + "map_base"  # the basemap the map iframe was built with (a change re-mounts it)

#: The app's views (the ``view`` URL key); the first is the default.
VIEW_NAMES = ("map", "sources", "timeline", "export")
#: ``map=ZOOM/LAT/LON``: zoom range and decimals kept (4 decimals is about 11 m).
MAP_ZOOMS = (1, 18)
MAP_DECIMALS = 4

MapView = tuple[int, float, float]

DateMode = Literal["published", "events"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,119}$")
_PASSAGE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,159}#p\d{1,5}$")
_MAX_TEXT = 200
_MAX_REPEAT = 50
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def map_view_of(zoom: Any, lat: Any, lon: Any) -> MapView | None:
    """A normalised map view (int zoom in `MAP_ZOOMS`, rounded lat/lon in range), or None if it is not one."""
    try:
        z, y, x = float(zoom), float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (MAP_ZOOMS[0] <= z <= MAP_ZOOMS[1] and -90 <= y <= 90 and -180 <= x <= 180) or z != round(z):
        return None
    return int(z), round(y, MAP_DECIMALS), round(x, MAP_DECIMALS)


def _parse_map(text: str | None) -> MapView | None:
    parts = (text or "").strip().split("/")
    return map_view_of(*parts) if len(parts) == 3 else None


def _values(mapping: Mapping[str, Any], key: str) -> list[str]:
    """All values of `key` (st.query_params' ``get_all``, a list, or a single string)."""
    get_all = getattr(mapping, "get_all", None)
    if callable(get_all):
        raw: Any = get_all(key)
    else:
        raw = mapping.get(key, [])
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(v) for v in raw]


def _last(mapping: Mapping[str, Any], key: str) -> str | None:
    values = _values(mapping, key)
    return values[-1] if values else None


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


@dataclass(frozen=True, slots=True)
class ViewState:
    """Everything that defines a view: layers, filters and selection.

    ``routes`` empty means every layer is shown. ``dates`` says whether ``date_from``/``date_to`` apply to the
    publication date or to dated events in the passages. ``problems`` lists query-parameter values that were
    ignored; it is not part of the state (not compared, not written back).
    """

    routes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    dates: DateMode = "published"
    q: str | None = None
    primary: bool = False
    all_actors: bool = False  # several actors: passages naming all of them (the CLI's --all-actors)
    select: str | None = None
    passage: str | None = None
    as_of: str | None = None
    view: str = VIEW_NAMES[0]
    map_view: MapView | None = None
    problems: tuple[str, ...] = field(default=(), compare=False, repr=False)

    # -- URL ---------------------------------------------------------------------------------------------
    @classmethod
    def from_query_params(cls, mapping: Mapping[str, Any]) -> ViewState:
        """Read a view from query parameters, ignoring (and reporting in ``problems``) bad values.

        Parameters
        ----------
        mapping
            ``st.query_params`` or any mapping of str to str / list of str.

        Returns
        -------
        state
            The view; unknown keys are ignored silently, bad values of known keys are dropped and described
            in ``state.problems``.
        """
        problems: list[str] = []

        def ids(key: str) -> tuple[str, ...]:
            good = []
            for value in _values(mapping, key):
                value = value.strip()
                if _ID.match(value):
                    good.append(value)
                else:
                    problems.append(f"{key}={value!r}: not a valid id")
            if len(good) > _MAX_REPEAT:
                problems.append(f"{key}: more than {_MAX_REPEAT} values, extra ones ignored")
            return _dedupe(good[:_MAX_REPEAT])

        def names(key: str) -> tuple[str, ...]:
            good = []
            for value in _values(mapping, key):
                value = " ".join(value.split())
                if 0 < len(value) <= 80:
                    good.append(value)
                else:
                    problems.append(f"{key}={value[:40]!r}: empty or too long")
            return _dedupe(good[:_MAX_REPEAT])

        def date(key: str) -> str | None:
            value = _last(mapping, key)
            if value is None or value.strip() == "":
                return None
            parsed = iso_or_none(value)
            if parsed is None:
                problems.append(f"{key}={value[:40]!r}: not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
            return parsed

        date_from, date_to = date("from"), date("to")
        as_of = date("as_of")
        if date_from and date_to and date_bounds(date_from)[0] > date_bounds(date_to)[1]:
            problems.append(f"from={date_from} is after to={date_to}: swapped")
            date_from, date_to = date_to, date_from

        dates_raw = (_last(mapping, "dates") or "published").strip().lower()
        if dates_raw not in ("published", "events"):
            problems.append(f"dates={dates_raw[:40]!r}: expected 'events' or 'published'")
            dates_raw = "published"

        q = _last(mapping, "q")
        q = " ".join(q.split()) if q else None
        if q and len(q) > _MAX_TEXT:
            problems.append(f"q: longer than {_MAX_TEXT} characters, cut")
            q = q[:_MAX_TEXT]

        primary_raw = (_last(mapping, "primary") or "").strip().lower()
        if primary_raw not in _TRUE | _FALSE:
            problems.append(f"primary={primary_raw[:40]!r}: expected 1 or 0")

        all_raw = (_last(mapping, "all_actors") or "").strip().lower()
        if all_raw not in _TRUE | _FALSE:
            problems.append(f"all_actors={all_raw[:40]!r}: expected 1 or 0")

        select = _last(mapping, "select")
        if select is not None and not _ID.match(select.strip()):
            problems.append(f"select={select[:40]!r}: not a valid id")
            select = None
        passage = _last(mapping, "passage")
        if passage is not None and not _PASSAGE.match(passage.strip()):
            problems.append(f"passage={passage[:40]!r}: not a passage id (<article>#p<n>)")
            passage = None

        view = (_last(mapping, "view") or VIEW_NAMES[0]).strip().lower()
        if view not in VIEW_NAMES:
            problems.append(f"view={view[:40]!r}: expected one of {', '.join(VIEW_NAMES)}")
            view = VIEW_NAMES[0]
        map_raw = _last(mapping, "map")
        map_view = _parse_map(map_raw)
        if map_raw is not None and map_raw.strip() and map_view is None:
            problems.append(f"map={map_raw[:40]!r}: expected ZOOM/LAT/LON, e.g. 7/40.18/44.51")

        return cls(
            routes=ids("route"),
            actors=names("actor"),
            date_from=date_from,
            date_to=date_to,
            dates="events" if dates_raw == "events" else "published",
            q=q or None,
            primary=primary_raw in _TRUE,
            all_actors=all_raw in _TRUE,
            select=select.strip() if select else None,
            passage=passage.strip() if passage else None,
            as_of=as_of,
            view=view,
            map_view=map_view,
            problems=tuple(problems),
        )

    def to_query_params(self) -> dict[str, str | list[str]]:
        """Return the query parameters for this view, leaving out defaults (so the default view has none)."""
        params: dict[str, str | list[str]] = {}
        if self.routes:
            params["route"] = list(self.routes)
        if self.actors:
            params["actor"] = list(self.actors)
        if self.date_from:
            params["from"] = self.date_from
        if self.date_to:
            params["to"] = self.date_to
        if self.dates == "events":
            params["dates"] = "events"
        if self.q:
            params["q"] = self.q
        if self.primary:
            params["primary"] = "1"
        if self.all_actors:
            params["all_actors"] = "1"
        if self.select:
            params["select"] = self.select
        if self.passage:
            params["passage"] = self.passage
        if self.as_of:
            params["as_of"] = self.as_of
        if self.view != VIEW_NAMES[0]:
            params["view"] = self.view
        if self.map_view:
            z, lat, lon = self.map_view
            params["map"] = f"{z}/{lat:.{MAP_DECIMALS}f}/{lon:.{MAP_DECIMALS}f}"
        return params

    # -- derived -----------------------------------------------------------------------------------------
    def to_filters(self) -> Filters:
        """The query :class:`~corridors.query.Filters` of this state (hashable: the app's cache key; the
        selection and the view are not part of it)."""
        from corridors.query import Filters

        return Filters(routes=tuple(self.routes), actors=tuple(self.actors), date_from=self.date_from,
                       date_to=self.date_to, event_dates=self.dates == "events", q=self.q,
                       primary_only=bool(self.primary), all_actors=bool(self.all_actors) and len(self.actors) > 1)

    def date_bounds(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day the date filter covers (None when open)."""
        return (
            date_bounds(self.date_from)[0] if self.date_from else None,
            date_bounds(self.date_to)[1] if self.date_to else None,
        )

    def restricted_to(self, *, routes: Iterable[str] | None = None, actors: Iterable[str] | None = None,
                      actor_of: Callable[[str], str | None] | None = None) -> ViewState:
        """Drop route ids not in `routes` and actor names not in `actors` (case-insensitive), reporting them.

        `actor_of`: the actor name an alias, capital or leader finds (``Tehran`` -> ``Iran``), as the CLI's
        ``--actor`` resolves it; a hand-written link's alias is then that actor, not dropped."""
        state = self
        if routes is not None:
            known = set(routes)
            unknown = [r for r in state.routes if r not in known]
            if unknown:
                state = replace(
                    state,
                    routes=tuple(r for r in state.routes if r in known),
                    problems=(*state.problems, *(f"route={r!r}: no such route" for r in unknown)),
                )
        if actors is not None:
            names = {a.casefold(): a for a in actors}

            def known(a: str) -> str | None:
                found = names.get(a.casefold()) or (actor_of(a) if actor_of else None)
                return names.get(found.casefold()) if found else None

            unknown = [a for a in state.actors if known(a) is None]
            state = replace(
                state,
                actors=tuple(dict.fromkeys(k for a in state.actors if (k := known(a)) is not None)),
                problems=(*state.problems, *(f"actor={a!r}: no such actor" for a in unknown)),
            )
        return state

    def with_changes(self, **changes: Any) -> ViewState:
        """A copy with `changes` applied and no problems (the state the user has now chosen)."""
        return replace(self, problems=(), **changes)
