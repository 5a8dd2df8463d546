"""Sources view: the articles with their metadata (estimated dates marked), passages and links per article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import streamlit as st

from corridors.views._html import field
from sources.citation import corpus_relative


def sources(articles: Sequence[Any], hits: Sequence[Any], *, filtered: bool = False,
            corpus_dirs: Sequence[str] = ()) -> None:
    """Draw the article table.

    Parameters
    ----------
    articles
        Every article of the index.
    hits
        The passages matching the current filters (linked to a route or not).
    filtered
        A filter (actor, dates, search, primary-only) is active: only the articles with a matching passage
        are listed, and the caption says so.
    corpus_dirs
        The index's corpus folders: files are shown relative to the folder they came from.
    """
    st.subheader("Sources", anchor=False)
    passages = Counter(field(field(h, "article"), "id") for h in hits)
    links: Counter = Counter()
    linked: Counter = Counter()
    for h in hits:
        n = len(field(h, "routes", []) or [])
        links[field(field(h, "article"), "id")] += n
        linked[field(field(h, "article"), "id")] += bool(n)
    rows = []
    for a in articles:
        aid = field(a, "id")
        if filtered and not passages.get(aid):
            continue
        precision = field(a, "date_precision")
        date = field(a, "date") or "—"
        if precision == "estimated":
            date = f"≈ {date} (estimated: {field(a, 'date_note') or 'no reason given'})"
        rows.append({
            "title": field(a, "title") or "(untitled)",
            "authors": ", ".join(field(a, "authors", ()) or ()),
            "publisher": field(a, "publisher") or "",
            "date": date,
            "matching passages" if filtered else "passages": passages.get(aid, 0),
            "linked passages": linked.get(aid, 0),
            "route links": links.get(aid, 0),
            "files": ", ".join(sorted({corpus_relative(str(field(s, "file")), corpus_dirs)
                                       for s in field(a, "sources", ()) or ()})),
            "id": aid,
        })
    scope = (f"{len(rows)} of {len(articles)} articles have passages matching the filters" if filtered
             else f"{len(rows)} articles")
    st.caption(f"{scope} ({sum(passages.values())} passages). ≈ marks an estimated publication date.")
    st.dataframe(rows, hide_index=True, use_container_width=True)
