"""Make synthetic corpora N times the bundled one, from the real files, for the benchmarks.

Each copy re-emits every real article in the scraped-site format with a new title, a date spread over
2015-2026, its paragraphs shuffled and each paragraph marked with its copy number (so copies are distinct
articles, not duplicates to be merged).
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sources._dates import MONTHS as _MONTHS
from sources.ingest import corpus_files, ingest_files

_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_corpus(out_dir: str | Path, factor: int, *, seed: int = 7, per_file: int = 50) -> tuple[int, int]:
    """Write ``factor`` copies of the bundled corpus's articles into ``out_dir``; return (files, bytes)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rep = ingest_files(corpus_files())
    by_article: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    for p in rep.passages:
        (notes if p.kind == "footnote" else by_article).setdefault(p.article_id, []).append(p.text)
    rng = random.Random(seed)
    chunks: list[str] = []
    n_files = n_bytes = 0
    for k in range(factor):
        for a in rep.articles:
            paras = list(by_article[a.id])
            rng.shuffle(paras)
            d = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 4200))
            author = a.authors[0] if a.authors else "Staff Writer"
            title = f"{(a.title or 'Untitled').strip('[]')} (copy {k})"
            body = "\n\n".join([f"{p} Copy {k}." for p in paras] + [f"{p} Copy {k}." for p in notes.get(a.id, [])])
            chunks.append(f"Published in Analytical Articles\n{_WEEKDAYS[d.weekday()]}, "
                          f"{d.day:02d} {_MONTHS[d.month - 1]} "
                          f"{d.year} 10:00\n\n{title}\n\nBy {author}\n\n{body}\n\nAUTHOR'S BIO: {author} writes.\n\n")
            if len(chunks) >= per_file:
                n_bytes += _flush(out, n_files, chunks)
                n_files += 1
    if chunks:
        n_bytes += _flush(out, n_files, chunks)
        n_files += 1
    return n_files, n_bytes


def _flush(out: Path, i: int, chunks: list[str]) -> int:
    data = "".join(chunks).encode("utf-8")
    (out / f"synthetic_{i:05d}.txt").write_bytes(data)
    chunks.clear()
    return len(data)
