"""Format an article (and passage) as a human citation line."""
from __future__ import annotations

from datetime import date

from sources.models import Article, Passage

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def format_date(value: str | None, precision: str | None) -> str:
    """``2025-06-05`` → ``5 June 2025``; ``2025-06`` → ``June 2025``; estimated dates end in ``(est.)``."""
    if not value:
        return "n.d."
    parts = value.split("-")
    if len(parts) == 3:
        d = date.fromisoformat(value)
        text = f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    elif len(parts) == 2:
        text = f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    else:
        text = parts[0]
    return f"{text} (est.)" if precision == "estimated" else text


def format_title(title: str | None) -> str:
    """Quote a real title; a cataloguer's [bracketed] descriptive title is shown as it is."""
    if not title:
        return "[untitled]"
    return title if title.startswith("[") else f"“{title}”"


def format_citation(article: Article, passage: Passage | None = None) -> str:
    """``Author, “Title”, Publisher, 5 June 2025, ¶3.`` (``, p. 2`` added for a PDF page) — unknown parts
    are left out or marked."""
    parts = [" and ".join(article.authors) if article.authors else "Unknown author", format_title(article.title)]
    if article.publisher:
        parts.append(article.publisher)
    parts.append(format_date(article.date, article.date_precision))
    if passage is not None:
        parts.append(f"fn. {passage.n}" if passage.kind == "footnote" else f"¶{passage.n}")
        if passage.source.page:
            parts.append(f"p. {passage.source.page}")
    return ", ".join(parts) + "."
