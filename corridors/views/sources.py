"""Sources view: the articles with their metadata (estimated dates marked), passages and links per article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import streamlit as st

from sources.citation import corpus_relative

if TYPE_CHECKING:
    from corridors.query import Hit
    from sources.models import Article


def sources(articles: Sequence[Article], hits: Sequence[Hit], *, filtered: bool = False,
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
    passages = Counter(h.article.id for h in hits)
    links: Counter[str] = Counter()
    linked: Counter[str] = Counter()
    for h in hits:
        links[h.article.id] += len(h.routes)
        linked[h.article.id] += bool(h.routes)
    rows = []
    for a in articles:
        aid = a.id
        if filtered and not passages.get(aid):
            continue
        date = a.date or "—"
        if a.date_precision == "estimated":
            date = f"≈ {date} (estimated: {a.date_note or 'no reason given'})"
        rows.append({
            "title": a.title or "(untitled)",
            "authors": ", ".join(a.authors),
            "publisher": a.publisher or "",
            "date": date,
            "matching passages" if filtered else "passages": passages.get(aid, 0),
            "linked passages": linked.get(aid, 0),
            "route links": links.get(aid, 0),
            "files": ", ".join(sorted({corpus_relative(s.file, corpus_dirs) for s in a.sources})),
            "id": aid,
        })
    scope = (f"{len(rows)} of {len(articles)} articles have passages matching the filters" if filtered
             else f"{len(rows)} articles")
    st.caption(f"{scope} ({sum(passages.values())} passages). ≈ marks an estimated publication date.")
    st.dataframe(rows, hide_index=True, use_container_width=True)
