"""What the index stores, as plain data: the safe full-text query, the build report summary.

The index itself (schema, writing, reading) is :mod:`corridors.store`; nothing here touches a database.
"""
from __future__ import annotations

import re

from sources._dates import date_range
from sources.losses import loss_ranges
from sources.models import DatedMention, IngestReport


def fts_query(text: str) -> str:
    """Turn user search text into a safe FTS5 query: every word quoted, "phrases" kept, ANDed.

    A trailing ``*`` on a word keeps prefix search. This is the only way user text reaches ``MATCH``.
    """
    terms: list[str] = []
    for m in re.finditer(r'"([^"]+)"|(\S+)', text):
        if m.group(1):
            words = re.findall(r"\w+", m.group(1))
            if words:
                terms.append('"' + " ".join(words) + '"')
            continue
        raw = m.group(2)
        prefix = raw.endswith("*")
        for w in re.findall(r"\w+", raw):
            if _searchable(w):
                terms.append(f'"{w}"' + ("*" if prefix else ""))
    return " AND ".join(terms)


def _searchable(word: str) -> bool:
    """Whether the FTS tokenizer (unicode61: letters and digits) finds a token in ``word`` (``___`` has none)."""
    return any(c.isalnum() for c in word)


def storable(text: str | None) -> str | None:
    """A file name (or a message quoting one) storable as SQLite text: undecodable bytes, kept by Python as
    lone surrogates, become ``\\xNN``."""
    if text is None or text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")


def mention_range(d: DatedMention) -> tuple[str, str]:
    """The first and last day a dated mention covers (a season spans its months)."""
    start, end = date_range(d.date[:10] if d.precision != "season" else d.date[:7])
    if d.precision == "season":  # date is "YYYY-MM/YYYY-MM"
        a, b = d.date.split("/")
        start, end = date_range(a)[0], date_range(b)[1]
    return start or "", end or ""


def report_summary(report: IngestReport) -> dict:
    """The build report as plain data: files, articles, passages, duplicates, line fates by reason."""
    by_reason: dict[str, dict[str, int]] = {}
    for f in report.fates:
        by_reason.setdefault(f.fate, {}).setdefault(f.reason, 0)
        by_reason[f.fate][f.reason] += 1
    return {
        "files": len(report.files),
        "files_skipped": [f for f in report.files if f["status"] != "ingested"],
        "articles": len(report.articles),
        "passages": len(report.passages),
        "duplicate_copies": len(report.duplicates),
        "duplicates": list(report.duplicates),
        "lines": {fate: sum(v.values()) for fate, v in by_reason.items()},
        "lines_by_reason": by_reason,
        "flagged_articles": {a.id: list(a.flags) for a in report.articles if a.flags},
        "losses": loss_ranges(report.fates),
        "problems": list(report.problems),
        "warnings": list(report.warnings),
    }
