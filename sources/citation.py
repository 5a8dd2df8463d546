"""Format an article (and passage) as a human citation line."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path, PurePath

from sources._dates import MONTHS
from sources.models import Article, Passage

_FOOTNOTE_MARK = re.compile(r"\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.):])\s")



def format_date(value: str | None, precision: str | None) -> str:
    """``2025-06-05`` → ``5 June 2025``; ``2025-06`` → ``June 2025``; estimated dates end in ``(est.)``."""
    if not value:
        return "n.d."
    parts = value.split("-")
    if len(parts) == 3:
        d = date.fromisoformat(value)
        text = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    elif len(parts) == 2:
        text = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
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
        parts.append(passage_ref(passage))
        if passage.source.page:
            parts.append(f"p. {passage.source.page}")
    return ", ".join(parts) + "."


def passage_ref(passage: Passage) -> str:
    """``¶3`` for a paragraph; ``fn. 17`` for a footnote by its own number (``[17] …``, ``17. …``), or
    ``¶21 (footnote)`` when the footnote carries no number."""
    if passage.kind != "footnote":
        return f"¶{passage.n}"
    m = _FOOTNOTE_MARK.match(passage.text)
    return f"fn. {int(next(g for g in m.groups() if g))}" if m else f"¶{passage.n} (footnote)"


def corpus_relative(file: str, corpus_dirs: Sequence[str | Path]) -> str:
    """The path of a source file relative to the corpus folder it came from (``sub/a.txt``), prefixed with the
    folder's name when there are several folders; the path as given when it lies in none of them.

    A stored relative path (relative to where the index was built) is matched against the folders' trailing
    parts: ``sources/corpus/a.txt`` lies in ``/x/checkout/sources/corpus``.
    """
    path = PurePath(file)
    for d in map(PurePath, corpus_dirs):
        rel = None
        if path.is_absolute():
            rel = path.relative_to(d) if path.is_relative_to(d) else None
        else:
            for k in range(min(len(d.parts), len(path.parts) - 1), 0, -1):
                if d.parts[-k:] == path.parts[:k]:
                    rel = PurePath(*path.parts[k:])
                    break
        if rel is not None:
            return str(PurePath(d.name, rel)) if len(corpus_dirs) > 1 else str(rel)
    return file
