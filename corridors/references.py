"""Serialise cited articles as references: BibTeX and RIS (one entry per article, duplicates merged)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sources._dates import MONTH_ABBREVIATIONS
from sources.models import Article

__all__ = ["articles_to_bibtex", "articles_to_ris", "articles_to_string", "unique_articles"]

_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_MONTHS = tuple(a.lower() for a in MONTH_ABBREVIATIONS)  # BibTeX month macros


def unique_articles(articles: Iterable[Article]) -> list[Article]:
    """The articles once each (by id), in first-seen order."""
    seen: dict[str, Article] = {}
    for a in articles:
        seen.setdefault(a.id, a)
    return list(seen.values())


def _bib_escape(text: str) -> str:
    """Escape BibTeX/LaTeX specials; keep Unicode (biber and bibtexparser read UTF-8)."""
    return "".join(_BIB_SPECIAL.get(ch, ch) for ch in " ".join(text.split()))


def _bib_key(article: Article, used: set[str]) -> str:
    ascii_id = unicodedata.normalize("NFKD", article.id).encode("ascii", "ignore").decode()
    key = re.sub(r"[^A-Za-z0-9:_-]+", "-", ascii_id).strip("-") or "article"
    base, n = key, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    used.add(key)
    return key


def _date_note(article: Article) -> str | None:
    if article.date_precision != "estimated":
        return None
    why = f": {article.date_note}" if article.date_note else ""
    return f"Publication date estimated{why}"


def _title(article: Article) -> str | None:
    """The title; a cataloguer's [bracketed] descriptive title stays bracketed (it is not the real title)."""
    return article.title or None


def articles_to_bibtex(articles: Iterable[Article]) -> str:
    """BibTeX ``@article`` (or ``@misc`` without a publisher) entries, one per distinct article.

    Parameters
    ----------
    articles
        Articles in citation order; repeats are dropped.

    Returns
    -------
    str
        The entries, separated by blank lines (empty string for no articles).
    """
    used: set[str] = set()
    out = []
    for a in unique_articles(articles):
        fields: list[tuple[str, str]] = []
        if a.authors:
            fields.append(("author", " and ".join(_bib_escape(x) for x in a.authors)))
        if title := _title(a):
            fields.append(("title", f"{{{_bib_escape(title)}}}"))
        if a.publisher:
            fields.append(("journal", _bib_escape(a.publisher)))
        if a.date:
            parts = a.date.split("-")
            fields.append(("year", parts[0]))
            if len(parts) >= 2:
                fields.append(("month", _MONTHS[int(parts[1]) - 1]))
            if len(parts) == 3:
                fields.append(("day", str(int(parts[2]))))
            fields.append(("date", a.date))
        if a.url:
            fields.append(("url", a.url.replace("\\", "").replace("{", "%7B").replace("}", "%7D")))
        note = _date_note(a)
        if note:
            fields.append(("note", _bib_escape(note)))
        kind = "article" if a.publisher else "misc"
        body = ",\n".join(f"  {k} = {{{v}}}" if k not in ("month",) else f"  {k} = {v}" for k, v in fields)
        out.append(f"@{kind}{{{_bib_key(a, used)},\n{body}\n}}\n")
    return "\n".join(out)


def _ris_clean(text: str) -> str:
    """One line, no RIS tag-like line starts."""
    return " ".join(text.split())


def articles_to_ris(articles: Iterable[Article]) -> str:
    """RIS records (``TY  - JOUR``/``GEN``), one per distinct article, ``ER`` terminated.

    Parameters
    ----------
    articles
        Articles in citation order; repeats are dropped.

    Returns
    -------
    str
        The records (empty string for no articles).
    """
    lines: list[str] = []
    for a in unique_articles(articles):
        lines.append("TY  - " + ("JOUR" if a.publisher else "GEN"))
        lines.append(f"ID  - {_ris_clean(a.id)}")
        for author in a.authors:
            lines.append(f"AU  - {_ris_clean(author)}")
        if title := _title(a):
            lines.append(f"TI  - {_ris_clean(title)}")
        if a.publisher:
            lines.append(f"JO  - {_ris_clean(a.publisher)}")
            lines.append(f"PB  - {_ris_clean(a.publisher)}")
        if a.date:
            parts = a.date.split("-")
            lines.append(f"PY  - {parts[0]}")
            lines.append("DA  - " + "/".join(parts + [""] * (3 - len(parts))) + "/")
        if a.url:
            lines.append(f"UR  - {_ris_clean(a.url)}")
        note = _date_note(a)
        if note:
            lines.append(f"N1  - {_ris_clean(note)}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


def articles_to_string(articles: Iterable[Article], fmt: str) -> str:
    """The articles as ``bibtex`` or ``ris`` text.

    Raises
    ------
    LookupError
        For another ``fmt``.
    """
    writers = {"bibtex": articles_to_bibtex, "ris": articles_to_ris}
    if fmt not in writers:
        raise LookupError(f"unknown reference format {fmt!r} (use bibtex or ris)")
    return writers[fmt](articles)
