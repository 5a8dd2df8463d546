"""Build the index: ingest → annotate (actors, dates, route links) → the store; rebuild only when inputs change.

The index is only ever written over when it is ours (:mod:`corridors.store.sqlitefile`); a stale or damaged
one is rebuilt from the corpus folders it records, never from another corpus. An intact index of the same
corpus and code is updated file by file (:mod:`corridors.incremental`): only new or changed files are
annotated, and removed files' rows deleted, in one transaction.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from corridors.config import cache_dir, unique_folders
from corridors.corrections import overrides_digest, user_overrides_path
from corridors.parsecache import ParseCache
from corridors.store import Annotations, FileBatch, sqlitefile, write_store
from corridors.store import sqlite as sindex
from sources._datadir import data_dir
from sources._errors import CorpusError
from sources.index import report_summary
from sources.ingest import BUNDLED_CORPUS, corpus_files, ingest_files
from sources.models import IngestReport

log = logging.getLogger(__name__)

_ROOT = Path(__file__).resolve().parent.parent
# Data and code whose change must rebuild the index (besides the corpus files themselves).
_INPUT_GLOBS = ("sources/*.py", "sources/readers/*.py", "sources/*.toml", "routes/*.py", "routes/*.toml",
                "geo/place_names.toml", "geo/nodes.geojson")


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The index path, whether it was (re)built now, the build report and notes about the index itself."""

    db_path: Path
    rebuilt: bool
    report: dict
    notes: tuple[str, ...] = ()


def content_hash(files: list[Path], dirs: tuple[Path, ...] | None = None) -> str:
    """Hash of the corpus files' bytes, the catalogs and the ingest/linking code (and, given the corpus
    folders, the user's corrections file: a correction made in the app means a rebuild).

    A corpus file whose stat is the one the parse cache recorded with its SHA-256 is not read again
    (:meth:`corridors.parsecache.ParseCache.known_hashes`: the cache's own trust in a stat)."""
    h = hashlib.sha256(f"schema {sindex.SCHEMA_VERSION}\n".encode())
    if dirs is not None:
        h.update(f"user overrides {overrides_digest(user_overrides_path(dirs))}\n".encode())
    known: dict[Path, str] = {}
    if files:
        cache = parse_cache(key="")  # hashes only: no parse key needed
        try:
            known = cache.known_hashes(list(files))
        finally:
            cache.close()
    for f in [*files, *_inputs()]:
        try:
            digest = bytes.fromhex(known[f]) if f in known else hashlib.sha256(f.read_bytes()).digest()
            h.update(os.fsencode(f"{f}\n") + digest)
        except OSError:
            h.update(os.fsencode(f"{f}\nunreadable"))
    return h.hexdigest()


def _inputs() -> list[Path]:
    inputs = [f for g in _INPUT_GLOBS for f in sorted(_ROOT.glob(g))]
    if (folder := data_dir()) is not None:  # data files that replace the bundled ones
        inputs += sorted(f for f in folder.rglob("*") if f.is_file())
    return inputs


def code_hash() -> str:
    """Hash of the catalogs, rules and ingest/linking code alone: when it changes every file is re-annotated."""
    return content_hash([])


def annotate(report: IngestReport, *, workers: int | None = None, progress=None,
             user_overrides: Path | None = None) -> Annotations:
    """Find actors, dated mentions, places named and route links in every passage
    (:func:`corridors.annotate.annotate`: a process pool on a large corpus, same result and order as one
    process); ``user_overrides``: the user's link corrections."""
    from corridors.annotate import annotate as run

    return run(report, workers=workers, progress=progress, user_overrides=user_overrides)


def corpus_record(corpus_dirs: tuple[Path, ...]) -> dict[str, str]:
    """The meta rows saying what an index was built from: real paths of the folders, version, time."""
    from importlib import metadata

    try:
        version = metadata.version("corridor-atlas")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        version = "unknown"
    real = [os.path.realpath(d) for d in corpus_dirs]
    return {"corpus_dirs": json.dumps(real),
            "corpus_bundled": "1" if real == [os.path.realpath(BUNDLED_CORPUS)] else "0",
            "built_by": f"corridor-atlas {version}", "built_at": datetime.now(UTC).isoformat(timespec="seconds")}


def build_index(corpus_dirs: tuple[Path, ...], db_path: Path, *, notes: tuple[str, ...] = (),
                claimed: bool = False, incremental: bool = False, progress=None) -> BuildResult:
    """Ingest ``corpus_dirs`` and write a fresh index at ``db_path``.

    Folders are de-duplicated by real path (a folder inside another one is read once); an empty corpus
    is a warning in the report. ``claimed``: the file at ``db_path`` is known to be our index, damaged
    beyond recognition (see :func:`ensure_index`). ``incremental``: an intact index of the same corpus
    folders, code and rules is updated in place, annotating only new or changed files
    (:mod:`corridors.incremental`); otherwise the whole index is written anew. ``progress``: a
    :class:`corridors.build_report.Progress` told each step.

    Raises
    ------
    CorpusError
        If a corpus folder does not exist.
    NotOurFileError
        If something that is not an index of ours is at ``db_path`` (nothing is written).
    """
    dirs, folder_notes = unique_folders(corpus_dirs)
    for d in dirs:
        if not d.exists():
            raise CorpusError(d, None, "corpus folder does not exist")
    # refuse a foreign file before the work, not after
    info = None if claimed else sindex.inspect_file(db_path, deep=incremental)
    files, report = ingest_corpus(dirs, folder_notes, progress)
    if progress:
        progress.stage("hashing and digests")
    summary = report_summary(report)
    meta = build_meta(files, dirs, report, summary)
    if incremental and info is not None and info.state == "ok":
        if progress:
            progress.stage("updating in place")
        if _updated(db_path, info, report, meta):
            return BuildResult(db_path, True, summary, tuple(notes))
    if progress:
        progress.stage("annotating", len(report.passages), "passage")
    annotations = annotate(report, progress=progress.advance if progress else None,
                           user_overrides=user_overrides_path(dirs))
    if progress:
        progress.stage("writing the index")
    write_store(db_path, full_batch(report, annotations, meta), claimed=claimed)
    return BuildResult(db_path, True, summary, tuple(notes))


def _updated(db_path: Path, info: sindex.IndexFile, report: IngestReport, meta: dict[str, str]) -> bool:
    """Whether the index of the same corpus at ``db_path`` could be brought to ``report`` in place."""
    from corridors.incremental import update
    if info.record.get("corpus_dirs") != meta["corpus_dirs"]:
        return False
    try:
        return update(db_path, report, meta) is not None
    except sindex.DamagedIndexError as exc:
        log.info("%s: not updated in place (%s); rebuilding it", db_path, exc)
        return False


def ingest_corpus(dirs: tuple[Path, ...], folder_notes: list[str] | tuple[str, ...] = (), progress=None
                  ) -> tuple[list[Path], IngestReport]:
    """Walk and ingest the corpus folders; the report's warnings include the walk's notes, an empty corpus
    and the entries of the data files that were skipped."""
    from corridors.checks import build_data_notes

    if progress:
        progress.stage("walking the corpus")
    files = corpus_files(list(dirs))
    if progress:
        progress.stage(f"reading {len(files)} file(s)")
    cache = parse_cache()
    try:
        report = ingest_files(files, cache=cache)
    finally:
        cache.close()
    log.info("parse cache: %d file(s) reused (%d checked by hash), %d parsed", cache.hits, cache.verified,
             cache.misses)
    extra = [*folder_notes, *files.notes]
    if not report.passages:
        shown = ", ".join(str(d) for d in dirs)
        extra.append(f"{shown}: empty corpus: no passages found in {len(files)} article file(s)")
    return files, replace(report, warnings=(*report.warnings, *extra, *build_data_notes()))


def parse_cache(key: str | None = None) -> ParseCache:
    """The per-file parse cache of this user's index cache folder (:mod:`corridors.parsecache`); ``key``: see
    :class:`~corridors.parsecache.ParseCache`."""
    return ParseCache(cache_dir() / "parse-cache.sqlite", key)


def build_meta(files: list[Path], dirs: tuple[Path, ...], report: IngestReport,
               summary: dict | None = None) -> dict[str, str]:
    """The corpus record stored with an index: hashes, folders, the build report (``summary``: already made
    from ``report``), per-file row digests."""
    from corridors.incremental import file_digests
    return {"content_hash": content_hash(files, dirs), **corpus_record(dirs), "code_hash": code_hash(),
            "user_overrides": overrides_digest(user_overrides_path(dirs)),
            "report": json.dumps(summary if summary is not None else report_summary(report)),
            "file_digests": json.dumps(file_digests(report))}


def full_batch(report: IngestReport, annotations: Annotations, meta: dict[str, str]) -> FileBatch:
    """Every row of a corpus as one batch (a full rebuild)."""
    files = tuple(dict.fromkeys([*(f["path"] for f in report.files), *(p.source.file for p in report.passages)]))
    return FileBatch(files, report.passages, report.fates, report.layers, annotations, report.articles,
                     report.files, meta)


def _corpus_for(info: sindex.IndexFile, db_path: Path, corpus_dirs: tuple[Path, ...],
                corpus_explicit: bool) -> tuple[tuple[Path, ...], bool]:
    """The folders to (re)build ``db_path`` from (the explicit ones, else those the index records) and
    whether they come from the index's record."""
    if corpus_explicit or (info.state == "missing" and not info.record):
        return corpus_dirs, False
    recorded = info.corpus_dirs
    if recorded:
        return recorded, True
    why = "cannot be read" if info.state == "damaged" else "is missing or relative"
    raise sindex.DamagedIndexError(
        f"{db_path}: the index is {info.state} ({info.problem}) and its record of the corpus it was built from "
        f"{why}; rebuild it with `corridors build --corpus DIR --db {db_path}`, or delete it")


def _missing(dirs: tuple[Path, ...]) -> list[str]:
    return [str(d) for d in dirs if not d.exists()]


def rebuild(db_path: Path, corpus_dirs: tuple[Path, ...], *, corpus_explicit: bool = True,
            owned: bool = False, progress=None) -> BuildResult:
    """``corridors build``: always rebuild; without an explicit corpus, from the corpus the index records.

    ``owned``: as for :func:`ensure_index`; ``progress``: as for :func:`build_index`.

    Raises
    ------
    NotOurFileError
        For a file at ``db_path`` that is not an index of ours.
    CorpusError, DamagedIndexError
        When the corpus to rebuild from is gone or unknown.
    """
    try:
        info = sindex.inspect_file(db_path, deep=False)
    except sindex.NotOurFileError:
        if not owned or not Path(db_path).is_file():
            raise
        return build_index(corpus_dirs, db_path, claimed=True, progress=progress)
    dirs, recorded = _corpus_for(info, db_path, corpus_dirs, corpus_explicit or owned)
    gone = _missing(dirs)
    if gone and recorded:
        raise CorpusError(gone[0], None, f"corpus folder recorded in the index {db_path} does not exist "
                                         f"(pass --corpus DIR to rebuild it from another folder)")
    notes = (f"{db_path}: rebuilt from the corpus it records: {', '.join(map(str, dirs))}",) \
        if recorded and dirs != (BUNDLED_CORPUS,) else ()
    return build_index(dirs, db_path, notes=notes, incremental=info.state == "ok", progress=progress)


def ensure_index(db_path: Path, corpus_dirs: tuple[Path, ...], *, corpus_explicit: bool = True,
                 known: dict[str, str] | None = None, owned: bool = False) -> BuildResult:
    """Return an up-to-date index, building it only when missing, stale or damaged.

    Without ``corpus_explicit`` an existing index is judged (and rebuilt) against the corpus folders it
    records, so a user's own index is never rebuilt from the bundled corpus. An intact index whose recorded
    corpus is gone is served as it is, with a note. ``known`` is the meta of the index a caller had open at
    this path (the app): a file damaged beyond recognition there is still treated as ours. ``owned`` says
    ``db_path`` is the cache's own file for exactly ``corpus_dirs`` (:func:`corridors.config.default_db_path`):
    whatever is there is ours, and rebuilt from ``corpus_dirs``.

    Raises
    ------
    NotOurFileError
        For a file at ``db_path`` that is not an index of ours.
    CorpusError, DamagedIndexError
        For a missing explicit corpus folder; a stale or damaged index whose corpus is gone or unknown.
    """
    claimed = False
    try:
        info = sindex.inspect_file(db_path)
    except sindex.NotOurFileError:
        if (known is None and not owned) or not Path(db_path).is_file():
            raise
        info, claimed = sindex.IndexFile(Path(db_path), "damaged", known or {}, "overwritten"), True
    if owned:
        corpus_explicit = True  # the file name stands for these folders
    if info.state == "missing" and known:
        info = replace(info, record=known)
    dirs, recorded = _corpus_for(info, db_path, corpus_dirs, corpus_explicit)
    gone = _missing(dirs)
    if gone and info.state == "ok" and recorded:
        return BuildResult(db_path, False, _stored_report(db_path), (
            f"{db_path}: the corpus it was built from is gone ({', '.join(gone)}); serving the index as it was built",))
    if gone and recorded:
        why = "is missing" if info.state == "missing" else f"is {info.state} ({info.problem})"
        raise sindex.DamagedIndexError(
            f"{db_path}: the index {why} and the corpus it was built from is gone ({', '.join(gone)}); restore "
            f"the folder, or rebuild it from another with `corridors build --corpus DIR --db {db_path}`")
    if gone:
        raise CorpusError(gone[0], None, "corpus folder does not exist")
    if info.state == "ok":
        files = corpus_files(list(unique_folders(dirs)[0]))
        if info.record.get("content_hash") == content_hash(files, unique_folders(dirs)[0]):
            sqlitefile.tidy(db_path)  # a killed rebuild's temp file goes even when no build is needed
            return BuildResult(db_path, False, _stored_report(db_path))
    notes = (f"{db_path}: the index was damaged ({info.problem}); rebuilt from {', '.join(map(str, dirs))}",) \
        if info.state == "damaged" else ()
    return build_index(dirs, db_path, notes=notes, claimed=claimed, incremental=info.state == "ok")


def _stored_report(db_path: Path) -> dict:
    idx = sindex.SqliteStore(db_path)
    try:
        return idx.report
    finally:
        idx.close()
