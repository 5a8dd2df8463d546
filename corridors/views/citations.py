"""Citation panel: the passages behind a selection, matched words highlighted, each traceable to its source."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from corridors import state as S
from corridors.views._html import CSS, highlight, safe_colour, term_spans

if TYPE_CHECKING:  # annotations only: the panel imports no query or store code before it is drawn
    from corridors.query import Hit, Relevance
    from routes.models import Route
    from routes.overrides import Override
    from routes.places import PlaceMatch
    from sources.models import Passage, Provenance

PAGE = 10
ORDERS = {"relevance": "Relevance first", "date": "Newest first"}
KEY_ORDER = f"{S.PREFIX}order"
KEY_PLACE = f"{S.PREFIX}place"  # (place id, the node or segment selected for it) after "Find a place"


def order_control(key_prefix: str = "cit") -> str:
    """The "sort by" switch above a route's passages: relevance first (default) or by date."""
    st.session_state.setdefault(KEY_ORDER, "relevance")
    st.radio("Sort passages", options=list(ORDERS), format_func=ORDERS.get, key=KEY_ORDER, horizontal=True,
             help="Relevance: primary links first, then mentions; within each a score from the evidence (its "
                  "kinds and count) and whether the route is the article's topic; then newest first.")
    return st.session_state[KEY_ORDER]


def _pick(passage_id: str) -> None:
    st.session_state[S.KEY_PASSAGE] = passage_id


def _fix_key(key_prefix: str) -> str:
    return f"{S.PREFIX}{key_prefix}_fixopen"


def _toggle_fix(key_prefix: str, passage_id: str) -> None:
    key = _fix_key(key_prefix)
    st.session_state[key] = None if st.session_state.get(key) == passage_id else passage_id


def _toggle_context(passage_id: str) -> None:
    current = st.session_state.get(S.KEY_CONTEXT)
    st.session_state[S.KEY_CONTEXT] = None if current == passage_id else passage_id


def hit_routes(hit: Hit) -> list[str]:
    """Route ids a passage links to."""
    return [link.route_id for link in hit.routes]


def passage_highlight(hit: Hit, *, selected_routes: Sequence[str] = ()) -> tuple[str, ...]:
    """The routes to draw thicker on the map when the user picks this passage ("Show on map").

    * With a route, segment or node selected: only the selected route(s) this passage links to. The passage
      was listed because of that selection; other routes it merely mentions stay as they are (a TRIPP passage
      that also names the INSTC highlights TRIPP only).
    * With nothing selected: the routes the passage is substantially about (``primary`` links); only when it
      has none, every route it mentions.

    Parameters
    ----------
    hit
        The picked passage (its ``routes`` links carry ``route_id`` and ``strength``).
    selected_routes
        Route ids the current selection stands for (empty when nothing is selected).

    Returns
    -------
    routes
        Route ids, in the passage's link order.
    """
    links = [(link.route_id, link.strength) for link in hit.routes]
    if selected_routes:
        return tuple(rid for rid, _ in links if rid in selected_routes)
    primary = tuple(rid for rid, strength in links if strength == "primary")
    return primary or tuple(rid for rid, _ in links)


def hit_spans(hit: Hit, *, routes: Sequence[str] | None, q: str | None) -> list[tuple[int, int, str]]:
    """Offsets to highlight: route evidence (for `routes`, or all), actor mentions, dates, search words."""
    spans = [(ev.start, ev.end, "ev") for link in hit.routes if not routes or link.route_id in routes
             for ev in link.evidence]
    spans += [(m.start, m.end, "actor") for m in hit.actors]
    spans += [(d.start, d.end, "date") for d in hit.dates]
    spans += term_spans(hit.passage.text, q)
    return spans


def _meta_line(hit: Hit, looks: Mapping[str, Route], actor_names: Mapping[str, str]) -> str:
    parts = []
    links = []
    for link in hit.routes:
        name = looks[link.route_id].name if link.route_id in looks else link.route_id
        links.append(f"{html.escape(name)} ({html.escape(link.strength)})")
    if links:
        parts.append("Routes: " + ", ".join(links))
    actors: dict[str, set[str]] = {}
    for mention in hit.actors:
        name = actor_names.get(mention.actor_id, mention.actor_id)
        actors.setdefault(name, set()).add(mention.text)
    if actors:
        parts.append("Actors: " + ", ".join(
            f"{html.escape(a)} <i>({html.escape(', '.join(sorted(t for t in words if t)))})</i>"
            for a, words in actors.items()))
    dates = sorted({d.date for d in hit.dates})
    if dates:
        parts.append("Dates: " + ", ".join(html.escape(d) for d in dates))
    return "<br>".join(parts)


def citation_text(hit: Hit) -> str:
    """The formatted reference of a passage (author, "title", publisher, date, ¶n)."""
    if hit.citation:
        return hit.citation
    art = hit.article
    return f'{", ".join(art.authors)}, "{art.title or ""}", ¶{hit.passage.n}'


def citations(
    hits: Sequence[Hit],
    *,
    heading: str,
    looks: Mapping[str, Route],
    routes: Sequence[str] | None,
    q: str | None,
    selected_passage: str | None,
    article_passages: Callable[[str], Sequence[Passage]],
    actor_names: Mapping[str, str] | None = None,
    key_prefix: str = "cit",
    relevance_of: Callable[[tuple[str, ...]], Mapping[str, Relevance]] | None = None,
    empty: str = "No passage matches the filters for this selection.",
    corrections: tuple[Path, Callable[[], None] | None] | None = None,
) -> None:
    """List passages as quotes with highlighted evidence, citation, strength, actors, dates, read in context.

    Parameters
    ----------
    hits
        Query results (``corridors.query.Hit``).
    heading
        Plain text (escaped by Streamlit's markdown handling of the header).
    routes
        Routes whose evidence to highlight (None: all).
    selected_passage
        Passage id drawn as selected.
    article_passages
        Article id -> its passages in order, for "read in context".
    actor_names
        Actor id -> display name.
    key_prefix
        Keeps widget keys unique when the panel is drawn twice.
    relevance_of
        Passage ids -> ``corridors.query.Relevance`` (strength badge and score); without it the badge shows
        the passage's strongest link.
    empty
        What to say when there is no passage.
    corrections
        (user overrides file, rebuild callback): each card gets "Correct this link" and a "reviewed" badge.
    """
    st.markdown(CSS, unsafe_allow_html=True)
    st.subheader(heading, anchor=False)
    if not hits:
        st.info(empty)
        return
    shown = st.session_state.get(f"{S.PREFIX}{key_prefix}_more", PAGE)
    st.caption(f"{len(hits)} passage{'s' if len(hits) != 1 else ''}; highlighted: route evidence (yellow), "
               "actors (blue), dates (green), search words (red).")
    page = hits[:shown]
    rel = relevance_of(tuple(h.id for h in page)) if relevance_of else {}
    pending = pending_corrections(corrections[0]) if corrections else {}
    for hit in page:
        _one(hit, looks=looks, routes=routes, q=q, selected=hit.id == selected_passage,
             article_passages=article_passages, actor_names=actor_names or {}, key_prefix=key_prefix,
             badge=badge(hit, rel.get(hit.id), routes) + reviewed(hit, pending), corrections=corrections)
    if len(hits) > shown:
        st.button(f"Show {min(PAGE, len(hits) - shown)} more", key=f"{S.PREFIX}{key_prefix}_morebtn",
                  on_click=lambda: st.session_state.__setitem__(f"{S.PREFIX}{key_prefix}_more", shown + PAGE))


def badge(hit: Hit, rel: Relevance | None, routes: Sequence[str] | None) -> str:
    """The strength badge of a passage card: ``primary`` / ``mention`` (for `routes`, else its best link),
    with the relevance score when known."""
    if rel is not None:
        strength, title = rel.strength, (f"score {rel.score}: {rel.evidence} "
                                         f"evidence{'; article topic' if rel.topic else ''}")
    else:
        found = [link.strength for link in hit.routes if not routes or link.route_id in routes]
        strength, title = ("primary" if "primary" in found else "mention" if found else ""), ""
    if not strength:
        return '<span class="ca-badge ca-none">no route link</span>'
    score = f" · {html.escape(str(rel.score))}" if rel is not None else ""
    return (f'<span class="ca-badge ca-{html.escape(strength)}" title="{html.escape(title)}">'
            f'{html.escape(strength)}{score}</span>')


def _one(hit: Hit, *, looks: Mapping[str, Route], routes: Sequence[str] | None, q: str | None, selected: bool,
         article_passages: Callable[[str], Sequence[Passage]], actor_names: Mapping[str, str], key_prefix: str,
         badge: str = "", corrections: tuple[Path, Callable[[], None] | None] | None = None) -> None:
    """One passage card: its text as one st.html (badge, quote, citation, actors, dates, source) and a row of
    buttons (show on map, read in context, correct this link). The correction form and the article in
    context are drawn only for the card that opened them: each element costs the browser on every rerun."""
    pid = hit.id
    rids = hit_routes(hit)
    colour = safe_colour(looks[rids[0]].colour) if rids and rids[0] in looks else "#999999"
    open_ = st.session_state.get(S.KEY_CONTEXT) == pid
    fixing = corrections is not None and st.session_state.get(_fix_key(key_prefix)) == pid
    body = highlight(hit.passage.text, hit_spans(hit, routes=routes, q=q))
    # plain HTML, no markdown parse in the browser; every data string is escaped (`highlight`, `_meta_line`,
    # `source_line`) and st.html runs DOMPurify as well
    st.html(
        f'<div class="ca-card">{badge}<div class="ca-quote" style="--ca-colour:{colour}">{body}</div>'
        f'<div class="ca-meta">{html.escape(citation_text(hit))}<br>{_meta_line(hit, looks, actor_names)}</div>'
        f'<div class="ca-source">{source_line(hit.passage.source, hit.source_file)}</div></div>'
    )
    with st.container(horizontal=True, gap="small"):  # real buttons (a pills group reads as radio options)
        st.button("Selected ✓" if selected else "Show on map", key=f"{S.PREFIX}{key_prefix}_pick_{pid}",
                  on_click=_pick, args=(pid,), disabled=selected, type="primary" if selected else "secondary")
        st.button("Close context" if open_ else "Read in context", key=f"{S.PREFIX}{key_prefix}_ctx_{pid}",
                  on_click=_toggle_context, args=(pid,))
        if corrections is not None:
            st.button("Close correction" if fixing else "Correct this link",
                      key=f"{S.PREFIX}{key_prefix}_fixopen_{pid}", on_click=_toggle_fix, args=(key_prefix, pid))
    if fixing and corrections is not None:
        correction_form(hit, looks=looks, path=corrections[0], key_prefix=key_prefix, rebuild=corrections[1])
    if open_:
        context(article_passages(hit.article.id), here=pid)


def source_line(src: Provenance, file: str | None = None) -> str:
    """``Source: file, line N`` — for a PDF ``p. N``; for HTML/PDF the offsets are into the stored text layer.

    `file`: the path to show (relative to the corpus folder, ``corridors.query.Hit.source_file``); default the
    stored one.
    """
    name = html.escape(file or src.file)
    where = f"p. {src.page}" if src.page else f"line {src.line}"
    digest = (src.sha256 or "")[:12]
    return f"Source: {name}, {where}" + (f" (text layer; file sha256 {digest}…)" if src.layer else "")


def context(passages: Sequence[Passage], *, here: str) -> None:
    """The whole article, the cited paragraph highlighted."""
    paras = []
    for p in passages:
        css = ' class="ca-here"' if p.id == here else ""
        paras.append(f"<p{css}><b>¶{p.n}</b> {html.escape(p.text)}</p>")
    st.markdown('<div class="ca-context">' + "".join(paras) + "</div>", unsafe_allow_html=True)


# --- segments and places (#13 point 7) ------------------------------------------------------------------
@st.cache_resource
def selection_places() -> dict[str, tuple[str, ...]]:
    """Segment or node id -> the places it stands for (a segment: named in its name or on its line)."""
    from geo.layers import load_layers
    from routes.places import default_gazetteer, segment_places

    layers, gaz = load_layers(), default_gazetteer()
    segs = {str(r.id): (str(r.name), r.geometry) for r in layers.segments.itertuples()}
    out = segment_places(segs, gaz)
    for p in gaz.places.values():
        if p.node:
            out[p.node] = (*out.get(p.node, ()), p.id)
    return out


def place_names() -> dict[str, str]:
    """Place id -> display name."""
    from routes.places import default_gazetteer

    return {pid: p.name for pid, p in default_gazetteer().places.items()}


def split_by_places(hits: Sequence[Hit], places: Sequence[str],
                    mentions: Mapping[str, Sequence[PlaceMatch]]) -> tuple[list[Hit], list[Hit]]:
    """(passages naming one of `places`, the rest), each in the order given."""
    wanted = set(places)
    naming = [h for h in hits if wanted & {m.place for m in mentions.get(h.id, ())}]
    chosen = {id(h) for h in naming}
    return naming, [h for h in hits if id(h) not in chosen]


def place_citations(hits: Sequence[Hit], *, places: Sequence[str], route_name: str,
                    mentions: Mapping[str, Sequence[PlaceMatch]], **kw: Any) -> None:
    """A segment's or place's passages: those naming its places first, then the rest of the route, headed so."""
    names = place_names()
    shown = ", ".join(names.get(p, p) for p in places)
    naming, rest = split_by_places(hits, places, mentions)
    st.caption(f"Passages naming {shown} ({len(naming)}) · Other passages on {route_name} ({len(rest)})")
    citations(naming, heading=f"Passages naming {shown} ({len(naming)})", **kw,
              empty=f"No passage matching the filters names {shown}.")
    citations(rest, heading=f"Other passages on {route_name} ({len(rest)})", **{**kw, "key_prefix": "rest"},
              empty="No other passage on this route matches the filters.")


def place_search(key: str = f"{S.PREFIX}place_q") -> None:
    """"Find a place": a place with a node selects the node (highlighted on the map); a town on a line
    selects the segment it lies on. Either way the list shows the passages naming it first."""
    from routes.places import default_gazetteer

    q = st.text_input("Find a place", key=key, placeholder="Meghri, Astara, Kars…",
                      help="Any spelling: Iğdır or Igdir, Nakhchivan or Naxçıvan.")
    if not q:
        return
    found = default_gazetteer().search(q)
    if not found:
        st.caption("No place matches that name.")
        return
    place = found[0]
    target = place.node or next((sid for sid, ps in selection_places().items() if place.id in ps), None)
    if target and st.session_state.get(S.KEY_SELECT) != target and st.session_state.get(key + "_done") != q:
        st.session_state[key + "_done"] = q
        st.session_state[KEY_PLACE] = (place.id, target)
        st.session_state[S.KEY_PENDING_SELECT] = target
        st.rerun()


def places_for(select: str | None) -> tuple[str, ...]:
    """The places a selection stands for: the searched place when it led to this selection, else the
    segment's or node's places (none for a route)."""
    if not select:
        return ()
    chosen = st.session_state.get(KEY_PLACE)
    if chosen and chosen[1] == select:
        return (chosen[0],)
    return selection_places().get(select, ())


# --- correct a link in place (#13 point 11) -----------------------------------------------------------------
def reviewed(hit: Hit, pending: Mapping[str, Sequence[Override]]) -> str:
    """A "reviewed" badge for a passage with a link from an override, or a correction not yet built."""
    built = any(lk.origin == "override" for lk in hit.routes)
    waiting = hit.id in pending
    if not (built or waiting):
        return ""
    title = "a correction is saved and applies on the next build" if waiting else "a link was corrected by hand"
    return f'<span class="ca-badge ca-reviewed" title="{html.escape(title)}">reviewed</span>'


def pending_corrections(path: Path | None) -> dict[str, list[Override]]:
    """Passage id -> the corrections saved in the user overrides file at `path`."""
    from corridors.corrections import read_corrections

    out: dict[str, list[Override]] = {}
    for o in read_corrections(path) if path else []:
        out.setdefault(o.passage, []).append(o)
    return out


def correction_form(hit: Hit, *, looks: Mapping[str, Route], path: Path, key_prefix: str,
                    rebuild: Callable[[], None] | None = None) -> None:
    """"Correct this link": not about this route / also about route … / primary ↔ mention, with a reason,
    written to the user overrides file at `path` (:mod:`corridors.corrections`). Drawn only for the card
    whose "Correct this link" button is open (four widgets per card on 50 cards made the page slow)."""
    from corridors.corrections import ACTIONS, CorrectionError, write_correction

    pid = hit.id
    linked = {lk.route_id: lk.strength for lk in hit.routes}
    saved = f"{S.PREFIX}{key_prefix}_fixsaved_{pid}"
    with st.form(f"{S.PREFIX}{key_prefix}_fix_{pid}", border=False):
        action = st.radio("Correction", list(ACTIONS), format_func=ACTIONS.get, horizontal=True,
                          key=f"{S.PREFIX}{key_prefix}_fixact_{pid}")
        routes = list(linked) + [r for r in looks if r not in linked]
        route = st.selectbox("Route", routes, format_func=lambda r: looks[r].name if r in looks else r,
                             key=f"{S.PREFIX}{key_prefix}_fixroute_{pid}")
        strength = st.selectbox("Strength (for “also about”)", ["mention", "primary"],
                                key=f"{S.PREFIX}{key_prefix}_fixstr_{pid}")
        reason = st.text_input("Reason", max_chars=200, key=f"{S.PREFIX}{key_prefix}_fixwhy_{pid}")
        if st.form_submit_button("Save correction"):
            if action == "grade":
                strength = "mention" if linked.get(route) == "primary" else "primary"
            try:
                where = write_correction(path, pid, route, action, reason, strength)
                st.session_state[saved] = f"Saved to {where}; it applies on the next build."
                st.rerun()  # the card's "reviewed" badge is drawn before the form
            except (CorrectionError, OSError) as exc:
                st.error(str(exc))
    if st.session_state.get(saved):
        st.success(st.session_state[saved])
    if rebuild is not None and st.button("Rebuild now", key=f"{S.PREFIX}{key_prefix}_fixbuild_{pid}"):
        rebuild()
        st.rerun()


def corrections_for(cfg: Any, index: Any) -> tuple[Path, Callable[[], None]]:
    """(the user overrides file for the index's corpus, a callback that rebuilds the index with it)."""
    from corridors.build import ensure_index
    from corridors.corrections import user_overrides_path
    from corridors.query import corpus_dirs_of

    dirs = tuple(Path(d) for d in corpus_dirs_of(index)) or tuple(cfg.corpus_dirs)

    def rebuild() -> None:
        ensure_index(cfg.db_path, dirs, corpus_explicit=True, owned=cfg.db_from == "default")
        st.cache_data.clear()

    return user_overrides_path(dirs), rebuild


def passage_list(hits: Sequence[Hit], *, heading: str, select: str | None, route_name: str, index: Any,
                 **kw: Any) -> None:
    """The map view's list: a segment or node (or a searched place) lists the passages naming its places
    first, under a heading that says so; otherwise one list."""
    places = places_for(select)
    if places and hits:
        mentions = index.place_mentions([h.id for h in hits])
        place_citations(hits, places=places, route_name=route_name, mentions=mentions, **kw)
    else:
        citations(hits, heading=heading, **kw)
