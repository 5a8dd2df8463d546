"""Build the index: ingest → annotate (actors, dates, route links) → SQLite; rebuild only when inputs change."""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sources import index as sindex
from sources.ingest import corpus_files, ingest_files
from sources.models import IngestReport

log = logging.getLogger(__name__)

_ROOT = Path(__file__).resolve().parent.parent
# Data and code whose change must rebuild the index (besides the corpus files themselves).
_INPUT_GLOBS = ("sources/*.py", "sources/readers/*.py", "sources/*.toml", "routes/*.py", "routes/*.toml")


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The index path, whether it was (re)built now, and the build report."""

    db_path: Path
    rebuilt: bool
    report: dict


def content_hash(files: list[Path]) -> str:
    """Hash of the corpus files' bytes, the catalogs and the ingest/linking code."""
    h = hashlib.sha256(f"schema {sindex.SCHEMA_VERSION}\n".encode())
    inputs = [f for g in _INPUT_GLOBS for f in sorted(_ROOT.glob(g))]
    for f in [*files, *inputs]:
        try:
            h.update(f"{f}\n".encode() + hashlib.sha256(f.read_bytes()).digest())
        except OSError:
            h.update(f"{f}\nunreadable".encode())
    return h.hexdigest()


def annotate(report: IngestReport) -> sindex.Annotations:
    """Find actors, dated mentions and route links in every passage."""
    from routes.linking import links_for_corpus
    from sources.actors import annotate_actors
    from sources.dates import annotate_dates

    mentions, closure = annotate_actors(report.passages)
    dates = annotate_dates(report.passages, {a.id: a for a in report.articles})
    links = links_for_corpus(report.passages, report.articles)
    return sindex.Annotations(mentions, closure, dates, tuple(links))


def build_index(corpus_dirs: tuple[Path, ...], db_path: Path) -> BuildResult:
    """Ingest ``corpus_dirs`` and write a fresh index at ``db_path`` (always rebuilds)."""
    files = corpus_files(list(corpus_dirs))
    report = ingest_files(files)
    sindex.write_index(db_path, report, annotate(report), content_hash=content_hash(files),
                       extra_meta={"corpus_dirs": json.dumps([str(d) for d in corpus_dirs])})
    return BuildResult(db_path, True, sindex.report_summary(report))


def ensure_index(db_path: Path, corpus_dirs: tuple[Path, ...], *, corpus_explicit: bool = True) -> BuildResult:
    """Return an up-to-date index, building it only when missing, unreadable or stale.

    When ``corpus_explicit`` is false and ``db_path`` already exists, freshness is judged against the
    corpus folders the index was built from, so a user's own index is never overwritten with the bundled corpus.
    """
    if not corpus_explicit and db_path.exists():
        recorded = _recorded_corpus(db_path)
        if recorded:
            corpus_dirs = recorded
    present = tuple(d for d in corpus_dirs if d.exists())
    if present and sindex.stored_hash(db_path) == content_hash(corpus_files(list(present))):
        return BuildResult(db_path, False, sindex.open_index(db_path).report)
    if not present and db_path.exists() and sindex.stored_hash(db_path):
        return BuildResult(db_path, False, sindex.open_index(db_path).report)
    return build_index(corpus_dirs, db_path)


def _recorded_corpus(db_path: Path) -> tuple[Path, ...] | None:
    try:
        idx = sindex.open_index(db_path)
    except sindex.IndexError_:
        return None
    try:
        dirs = json.loads(idx.meta.get("corpus_dirs", "null"))
    finally:
        idx.close()
    return tuple(Path(d) for d in dirs) if dirs else None
