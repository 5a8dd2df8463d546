"""Sources view: every article with its metadata (estimated dates marked), passages and links per article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import streamlit as st

from corridors.views._html import field


def sources(articles: Sequence[Any], hits: Sequence[Any]) -> None:
    """Draw the article table; `hits` are all linked passages (for passage and link counts)."""
    st.subheader("Sources", anchor=False)
    passages = Counter(field(field(h, "article"), "id") for h in hits)
    links = Counter()
    for h in hits:
        links[field(field(h, "article"), "id")] += len(field(h, "routes", []) or [])
    rows = []
    for a in articles:
        precision = field(a, "date_precision")
        date = field(a, "date") or "—"
        if precision == "estimated":
            date = f"≈ {date} (estimated: {field(a, 'date_note') or 'no reason given'})"
        rows.append({
            "title": field(a, "title") or "(untitled)",
            "authors": ", ".join(field(a, "authors", ()) or ()),
            "publisher": field(a, "publisher") or "",
            "date": date,
            "linked passages": passages.get(field(a, "id"), 0),
            "route links": links.get(field(a, "id"), 0),
            "files": ", ".join(sorted({field(s, "file") for s in field(a, "sources", ()) or ()})),
            "id": field(a, "id"),
        })
    st.caption(f"{len(rows)} articles. ≈ marks an estimated publication date.")
    st.dataframe(rows, hide_index=True, use_container_width=True)
