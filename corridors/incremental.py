"""Incremental builds: re-annotate only the article files whose rows changed, in one store transaction.

Every index records, per article file, a digest of the rows ingest derived from it (its passages, line
fates, text layer, file record and the articles whose canonical copy it holds, with all their copies).
An update ingests the corpus — an unchanged file is taken from the per-file parse cache
(:mod:`corridors.parsecache`), not read and parsed again — compares the digests, annotates only the passages
of files whose digest
changed and hands the store those files' rows plus the list of removed files
(:meth:`corridors.store.Store.replace_files`). Article-level facts that span files (duplicates merged
across files, corpus order, ranking) come out of the corpus-wide ingest and are stored whole, so the
result equals a full rebuild. A change of code, rules or catalogs (:func:`corridors.build.code_hash`)
makes every file changed, which is a full rebuild.
"""
from __future__ import annotations

import hashlib
import json
import logging
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from operator import attrgetter
from pathlib import Path

from corridors.store import FileBatch, open_store
from sources.models import IngestReport, LineFate, Passage, Provenance, TextLayer

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Update:
    """What an incremental update did: files re-annotated, files removed, passages annotated."""

    changed: tuple[str, ...]
    removed: tuple[str, ...]
    passages: int


def file_digests(report: IngestReport) -> dict[str, str]:
    """Per article file, a digest of every row ingest derived from it (see the module docstring)."""
    parts: dict[str, list] = {}

    def add(file: str, item: object) -> None:
        parts.setdefault(file, []).append(item)

    for f in report.files:
        add(f["path"], repr(sorted(f.items())))
    for a in report.articles:
        add(next((s.file for s in a.sources if s.canonical), a.sources[0].file if a.sources else ""), repr(a))
    for p in report.passages:
        add(p.source.file, (_PASSAGE(p), _PROVENANCE(p.source)))
    for fate in report.fates:
        add(fate.file, _FATE(fate))
    for layer in report.layers:
        add(layer.file, _LAYER(layer))
    return {f: hashlib.sha256(pickle.dumps(items, protocol=5)).hexdigest() for f, items in parts.items()}


def _getter(row_type: type, *, but: str = "") -> attrgetter:
    """A getter of every field of ``row_type`` (but ``but``) as one tuple: what a row's digest is taken of."""
    return attrgetter(*(f.name for f in fields(row_type) if f.name != but))


_PASSAGE, _PROVENANCE = _getter(Passage, but="source"), _getter(Provenance)
_FATE, _LAYER = _getter(LineFate), _getter(TextLayer)


def changed_files(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], list[str]]:
    """Files whose rows are new or differ, and files whose rows are gone."""
    return [f for f, d in new.items() if old.get(f) != d], [f for f in old if f not in new]


def _only(report: IngestReport, files: Iterable[str]) -> IngestReport:
    """The rows of ``report`` that belong to ``files`` (articles stay whole: annotating reads their dates)."""
    keep = set(files)
    return replace(report, passages=tuple(p for p in report.passages if p.source.file in keep),
                   fates=tuple(f for f in report.fates if f.file in keep),
                   layers=tuple(t for t in report.layers if t.file in keep))


def update(db_path: Path | str, report: IngestReport, meta: dict[str, str]) -> Update | None:
    """Bring the index at ``db_path`` to ``report`` by replacing only the changed files' rows.

    Returns None (nothing written) when the index cannot be updated in place: built by other code, rules
    or catalogs, or without per-file digests; the caller then rebuilds it whole.
    """
    from corridors.build import annotate
    from corridors.corrections import user_overrides_path

    store = open_store(db_path, writable=True)
    try:
        if store.meta.get("code_hash") != meta["code_hash"] or "file_digests" not in store.meta:
            return None
        if store.meta.get("user_overrides", "") != meta.get("user_overrides", ""):
            return None  # the user's corrections changed: every file is re-linked
        changed, removed = changed_files(json.loads(store.meta["file_digests"]), json.loads(meta["file_digests"]))
        part = _only(report, changed)
        corrections = user_overrides_path(tuple(Path(d) for d in json.loads(meta.get("corpus_dirs") or "[]")))
        batch = FileBatch(tuple(changed), part.passages, part.fates, part.layers,
                          annotate(part, user_overrides=corrections),
                          report.articles,
                          report.files, meta)
        store.replace_files(batch, removed=removed)
    finally:
        store.close()
    log.info("updated %s: %d file(s) changed, %d removed, %d passage(s) annotated", db_path, len(changed),
             len(removed), len(part.passages))
    return Update(tuple(changed), tuple(removed), len(part.passages))
