"""``corridors build --db postgresql://…``: a corpus built into a shared database, file by file when it can be.

A corpus's record in the database (``corpora.record``) keeps, as a SQLite index's meta does, the hash of
the code and rules it was built with, the digest of the user's corrections and a digest per article file
(:func:`corridors.incremental.file_digests`). A build of the same corpus with the same code and corrections
annotates only the files whose digest changed and swaps their rows in (:func:`postgres.replace_rows`,
:meth:`corridors.store.Store.replace_files`'s work) in one transaction under the corpus's advisory lock;
anything else — a first build, other code, an article that another corpus's copy holds, another builder
having written the corpus since this one read its record — is a full rewrite of the corpus's rows
(:func:`postgres.write_corpus`). The work before a write (ingest, annotate) holds no lock.
"""
from __future__ import annotations

import json
import logging
from dataclasses import replace

from corridors.incremental import Update, changed_files
from corridors.store import FileBatch
from corridors.store import postgres as pg
from sources.models import IngestReport

log = logging.getLogger(__name__)


def build_corpus(url: str, corpus_dirs, *, notes: tuple[str, ...] = ()):
    """Ingest the folders and bring their corpus's rows in the database up to date.

    The schema is created first if the database is empty (refused if it is not ours). Returns a
    :class:`corridors.build.BuildResult` whose ``db_path`` is the (redacted) URL.
    """
    from corridors.build import BuildResult, annotate, build_meta, ingest_corpus
    from corridors.config import unique_folders
    from corridors.corrections import user_overrides_path
    from sources._errors import CorpusError
    from sources.index import report_summary

    dirs, folder_notes = unique_folders(corpus_dirs)
    for d in dirs:
        if not d.exists():
            raise CorpusError(d, None, "corpus folder does not exist")
    pg.init(url)  # refuses a database that is not ours before the work, not after
    files, report = ingest_corpus(dirs, folder_notes)
    meta = build_meta(files, dirs, report)
    key = pg.corpus_key(dirs)
    if update_corpus(url, key, report, meta, user_overrides_path(dirs)) is None:
        ann = annotate(report, user_overrides=user_overrides_path(dirs))
        record = {k: v for k, v in meta.items() if k != "report"}  # the report has a column of its own
        with pg.connect(url) as con, con.transaction():
            _check_schema(con, url)
            pg.write_corpus(con, key, report, ann, content_hash=meta["content_hash"], record=record)
        _vacuum(url)
    return BuildResult(pg.redact(url), True, report_summary(report), tuple(notes))  # type: ignore[arg-type]


def _vacuum(url: str) -> None:
    """VACUUM (ANALYZE) after a full write, outside its transaction: fresh statistics, and a visibility map so
    the covering indexes answer counts by index-only scans at once, not after autovacuum gets round to it.
    The build has committed: a failure here is logged, never raised."""
    import psycopg

    try:
        with pg.connect(url, autocommit=True) as con:
            con.execute("VACUUM (ANALYZE)")
    except psycopg.Error as exc:
        log.warning("%s: VACUUM after the build failed (the index is complete): %s", pg.redact(url), exc)


def _check_schema(con, url: str) -> None:
    if pg.inspect_database(con, url).state != "ok":
        raise pg.SchemaVersionError(f"{pg.redact(url)}: the index changed schema during the build; run it again")


def _record(con, key: str) -> dict:
    row = con.execute("SELECT record FROM corpora WHERE key = %s", (key,)).fetchone()
    return dict(row[0]) if row else {}


def _updatable(old: dict, meta: dict[str, str]) -> bool:
    return bool(old.get("file_digests")) and all(old.get(k, "") == meta.get(k, "")
                                                 for k in ("code_hash", "user_overrides", "corpus_dirs"))


def _only(report: IngestReport, files) -> IngestReport:
    """The rows of ``report`` that belong to ``files`` (articles stay whole: annotating reads their dates)."""
    keep = set(files)
    return replace(report, passages=tuple(p for p in report.passages if p.source.file in keep),
                   fates=tuple(f for f in report.fates if f.file in keep),
                   layers=tuple(t for t in report.layers if t.file in keep))


def update_corpus(url: str, key: str, report: IngestReport, meta: dict[str, str], user_overrides) -> Update | None:
    """Replace only the changed files' rows of corpus ``key``; None (nothing written) when the corpus must
    be rewritten whole (see the module docstring)."""
    from corridors.build import annotate

    with pg.connect(url) as con:
        old = _record(con, key)
    if not _updatable(old, meta):
        return None
    changed, removed = changed_files(json.loads(old["file_digests"]), json.loads(meta["file_digests"]))
    part = _only(report, changed)
    batch = FileBatch(tuple(changed), part.passages, part.fates, part.layers,
                      annotate(part, user_overrides=user_overrides), report.articles, report.files, meta)
    with pg.connect(url) as con, con.transaction():
        _check_schema(con, url)
        con.execute("SELECT pg_advisory_xact_lock(%s)", (pg.corpus_lock_key(key),))
        con.execute("SELECT pg_advisory_xact_lock(%s)", (pg.ARTICLES_LOCK,))
        if _record(con, key).get("file_digests") != old["file_digests"]:
            log.info("%s: another build wrote the corpus meanwhile; rewriting it whole", pg.redact(url))
            return None
        if con.execute("SELECT 1 FROM articles WHERE id = ANY(%s) AND corpus <> %s LIMIT 1",
                       ([a.id for a in report.articles], key)).fetchone():
            return None  # an article of this corpus is held by another corpus's copy: write_corpus sorts it out
        pg.replace_rows(con, key, batch, removed=removed)
    log.info("updated %s: %d file(s) changed, %d removed, %d passage(s) annotated", pg.redact(url), len(changed),
             len(removed), len(part.passages))
    return Update(tuple(changed), tuple(removed), len(part.passages))
