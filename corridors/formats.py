"""Serialise query results: JSON lines and CSV (the app's downloads call these too, byte for byte)."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TextIO

from corridors.query import Hit

CSV_COLUMNS = ("id", "article_id", "title", "authors", "publisher", "date", "date_precision", "paragraph", "kind",
               "section", "routes", "actors", "dates", "citation", "text", "file", "line", "start", "end", "url",
               "page")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell that spreadsheets will not run as a formula (leading ``= + - @`` get a ``'``)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def passages_to_jsonl(hits: Iterable[Hit], fp: TextIO) -> int:
    """Write one JSON object per hit (DESIGN.md's shape); return the count."""
    n = 0
    for h in hits:
        fp.write(json.dumps(h.to_json(), ensure_ascii=False) + "\n")
        n += 1
    return n


def passages_to_csv(hits: Iterable[Hit], fp: TextIO) -> int:
    """Write the hits as CSV with a header row; return the count."""
    w = csv.writer(fp, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    n = 0
    for h in hits:
        a, p = h.article, h.passage
        row = (p.id, a.id, a.title, "; ".join(a.authors), a.publisher, a.date, a.date_precision, p.n, p.kind,
               p.section, "; ".join(f"{r.route_id}:{r.strength}" for r in h.routes),
               "; ".join(h.actor_ids), "; ".join(f"{d.date} ({d.text})" for d in h.dates), h.citation,
               p.text, h.source_file or p.source.file, p.source.line, p.source.start, p.source.end, a.url,
               p.source.page)
        w.writerow([safe_cell(v) for v in row])
        n += 1
    return n


def passages_to_string(hits: Iterable[Hit], fmt: str) -> str:
    """The hits in ``fmt`` (``jsonl`` or ``csv``) as one string."""
    buf = io.StringIO()
    {"jsonl": passages_to_jsonl, "csv": passages_to_csv}[fmt](hits, buf)
    return buf.getvalue()
