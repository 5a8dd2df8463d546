"""Whose file is at the index path: recognise our index, refuse anything else, clean up after killed builds.

Our index is an SQLite file whose header carries ``PRAGMA application_id`` = :data:`APPLICATION_ID` and
``user_version`` = the schema version, with a ``meta`` table recording the corpus folders (real paths) and
schema it was built from. :func:`inspect` classifies a path without writing anything (not even SQLite's
lock or ``-shm`` files); any file that is not ours raises :class:`NotOurFileError`, so no caller can write
over it. :func:`new_temp` creates the locked temporary file a build writes before ``os.replace``, after
removing the temporary files of builds that were killed (whose lock the kernel has released).
"""
from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import sqlite3
import stat
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sources._errors import IndexError_

try:  # advisory locks tell a live build's temp file from a killed one's (POSIX only)
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

APPLICATION_ID = 0x436F4174  # "CoAt": PRAGMA application_id of every Corridor Atlas index
_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
# Tables and meta keys by which an index written before application_id existed (schema <= 5) is recognised.
_LEGACY_TABLES = {"meta", "passages", "line_fates", "links", "passages_fts"}
_LEGACY_KEYS = {"schema_version", "content_hash"}
RECORD_KEYS = ("schema_version", "content_hash", "corpus_dirs", "corpus_bundled", "built_by", "built_at")
#: Indexes up to this size get a full ``PRAGMA quick_check`` when opened for use (about 2 ms per MB);
#: damage in bigger ones is found when a query reads the damaged page. The check is skipped for a file whose
#: stat (size, mtime, ctime, inode) is the one recorded right after we wrote or checked it (:func:`remember_intact`).
QUICK_CHECK_MAX_BYTES = 256 * 2**20
INTACT_RECORD = "intact-indexes.json"  # in the index cache folder: {real path: stat} of files known intact
_INTACT_KEPT = 64


class NotOurFileError(IndexError_):
    """Something at the index path that is not an index of ours (a text file, another program's database,
    a folder); it is never written over."""


class DamagedIndexError(IndexError_):
    """An index of ours that cannot be read (truncated, overwritten pages)."""


@dataclass(frozen=True, slots=True)
class IndexFile:
    """What is at an index path.

    ``state`` is ``missing``, ``ok`` (ours, current schema, intact), ``stale`` (ours, another schema) or
    ``damaged`` (ours, unreadable in part; ``problem`` says how). ``record`` holds the meta values that
    could be read (:data:`RECORD_KEYS`).
    """

    path: Path
    state: str
    record: Mapping[str, str] = field(default_factory=dict)
    problem: str | None = None

    @property
    def corpus_dirs(self) -> tuple[Path, ...] | None:
        """The corpus folders the index records it was built from (None if unknown)."""
        return recorded_corpus(self.record)


def recorded_corpus(record: Mapping[str, str]) -> tuple[Path, ...] | None:
    """The corpus folders in an index's meta record; the bundled corpus of *this* installation if it was that."""
    if record.get("corpus_bundled") == "1":
        from sources.ingest import BUNDLED_CORPUS

        return (BUNDLED_CORPUS,)
    try:
        dirs = json.loads(record.get("corpus_dirs") or "null")
    except ValueError:
        return None
    if not isinstance(dirs, list) or not dirs or not all(isinstance(d, str) and os.path.isabs(d) for d in dirs):
        return None  # a relative folder (older versions recorded them as typed) cannot be found again
    return tuple(Path(d) for d in dirs)


def refusal(path: str | Path, what: str) -> str:
    """The message for a file we will not write over."""
    return (f"{path}: not a Corridor Atlas index but {what}; refusing to write over it "
            f"(pass another --db / CORRIDORS_DB, or move the file away)")


def inspect(path: str | Path, schema_version: int, *, deep: bool = True) -> IndexFile:
    """Classify the file at ``path`` without writing anything there.

    ``deep`` runs SQLite's ``quick_check`` on indexes up to :data:`QUICK_CHECK_MAX_BYTES`, unless the file is
    as we last wrote or checked it; a file found intact is recorded so (:func:`remember_intact`, in the cache
    folder).

    Raises
    ------
    NotOurFileError
        For a folder, a special file, an empty, text or binary file, another program's SQLite database
        or a damaged SQLite file that is not recognisably ours.
    IndexError_
        If the path cannot be examined at all (e.g. permission denied).
    """
    shown = Path(path)
    real = Path(os.path.realpath(shown))
    try:
        st = real.stat()
    except (FileNotFoundError, NotADirectoryError):
        return IndexFile(real, "missing")
    except OSError as exc:
        raise IndexError_(f"{shown}: cannot examine the index file ({exc.strerror})") from exc
    if stat.S_ISDIR(st.st_mode):
        raise NotOurFileError(f"{shown}: is a folder, not an index file (name a file, e.g. {shown / 'index.sqlite'})")
    if not stat.S_ISREG(st.st_mode):
        raise NotOurFileError(refusal(shown, "a special file: FIFO, socket or device"))
    try:
        with real.open("rb") as fh:
            head = fh.read(_HEADER)
    except OSError as exc:
        raise IndexError_(f"{shown}: cannot read the index file ({exc.strerror})") from exc
    if not head.startswith(_MAGIC):
        raise NotOurFileError(refusal(shown, _describe(head, st.st_size)))
    app_id = int.from_bytes(head[68:72], "big") if len(head) >= 72 else None
    if len(head) < _HEADER:
        if app_id == APPLICATION_ID:
            return IndexFile(real, "damaged", {}, f"truncated: {st.st_size} bytes")
        raise NotOurFileError(refusal(shown, f"an SQLite file cut short at {st.st_size} bytes, its owner unknown"))
    if app_id == APPLICATION_ID:
        return _ours(shown, real, head, st.st_size, schema_version, deep)
    if app_id == 0 and head[18] == 1:  # rollback journal, as our builds before application_id wrote them
        legacy = _legacy(real)
        if legacy is not None:
            return IndexFile(real, "stale", legacy, "written by an older version (no application_id)")
    raise NotOurFileError(refusal(shown, _foreign(real, app_id)))


def _describe(head: bytes, size: int) -> str:
    if size == 0:
        return "an empty file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and all(c.isprintable() or c in "\t\r\n\f" for c in text):
        return "a text file"
    return "not an SQLite database"


def _connect_ro(real: Path) -> sqlite3.Connection:
    # immutable=1: no locks, no journal or -shm files: reading never writes anything beside the file.
    from urllib.parse import quote

    return sqlite3.connect(f"file:{quote(str(real))}?mode=ro&immutable=1", uri=True)


def _foreign(real: Path, app_id: int) -> str:
    try:
        con = _connect_ro(real)
        try:
            names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return "a damaged SQLite database whose owner is unknown"
    owner = f"application_id 0x{app_id:08x}" if app_id else "no application_id"
    tables = ", ".join(names[:6]) + (", …" if len(names) > 6 else "") if names else "no tables"
    return f"an SQLite database of another program ({owner}; tables: {tables})"


def _legacy(real: Path) -> dict[str, str] | None:
    try:
        con = _connect_ro(real)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not _LEGACY_TABLES <= tables:
                return None
            record = _record(con)
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return record if _LEGACY_KEYS <= set(record) else None


def _record(con: sqlite3.Connection) -> dict[str, str]:
    # NOT INDEXED + CASE: only the table b-tree and the small values are read, not the report's overflow pages.
    marks = ",".join("?" * len(RECORD_KEYS))
    rows = con.execute(f"SELECT key, CASE WHEN key IN ({marks}) THEN value END FROM meta NOT INDEXED",
                       RECORD_KEYS).fetchall()
    return {k: v for k, v in rows if v is not None}


def _ours(shown: Path, real: Path, head: bytes, size: int, schema_version: int, deep: bool) -> IndexFile:
    short = _truncation(head, size)
    if short:  # SQLite refuses to read a file shorter than its header says
        return IndexFile(real, "damaged", _salvage(real, head), short)
    record: dict[str, str] = {}
    try:
        con = _connect_ro(real)
        try:
            record = _record(con)
            if int.from_bytes(head[60:64], "big") != schema_version or \
                    record.get("schema_version") != str(schema_version):
                return IndexFile(real, "stale", record, f"schema {record.get('schema_version', '?')}, "
                                                        f"this version uses {schema_version}")
            if deep and size <= QUICK_CHECK_MAX_BYTES and not known_intact(real):
                verdict = con.execute("PRAGMA quick_check(1)").fetchone()[0]
                if verdict != "ok":
                    return IndexFile(real, "damaged", record,
                                     " ".join(verdict.replace("*** in database main ***", "").split()))
                remember_intact(real)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return IndexFile(real, "damaged", record or _salvage(real, head), str(exc))
    return IndexFile(real, "ok", record)


def _intact_record() -> Path:
    from corridors.config import cache_dir

    return cache_dir() / INTACT_RECORD


def _stamp(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _intact() -> dict[str, list[int]]:
    try:
        data = json.loads(_intact_record().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def known_intact(real: Path) -> bool:
    """Whether the index at ``real`` is as it was when we last wrote it or found it intact (same stat)."""
    stamp = _stamp(real)
    return stamp is not None and _intact().get(str(real)) == stamp


def remember_intact(path: str | Path) -> None:
    """Record the stat of the index at ``path``, just written by us or found intact (best effort)."""
    real = os.path.realpath(path)
    stamp = _stamp(Path(real))
    if stamp is None:
        return
    data = {k: v for k, v in _intact().items() if k != real}
    data[real] = stamp
    record = _intact_record()
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=record.parent, prefix=".intact-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(dict(list(data.items())[-_INTACT_KEPT:]), fh)
        os.replace(tmp, record)
    except OSError as exc:
        log.info("%s: not recorded as intact (%s)", real, exc)


def _salvage(real: Path, head: bytes) -> dict[str, str]:
    """The corpus record read from the raw bytes of the ``meta`` table's page when SQLite cannot read the file.

    ``meta`` is the first table created, so its rows sit in page 2; a row's key and value are stored side by
    side, and ``corpus_dirs`` is JSON, which delimits itself.
    """
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    try:
        with real.open("rb") as fh:
            fh.seek(page)
            raw = fh.read(page)
    except OSError:
        return {}
    out: dict[str, str] = {}
    at = raw.find(b"corpus_dirs")
    if at >= 0:
        try:
            value, _ = json.JSONDecoder().raw_decode(raw[at + len(b"corpus_dirs"):].decode("utf-8", "replace"))
        except ValueError:
            value = None
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            out["corpus_dirs"] = json.dumps(value)
    at = raw.find(b"corpus_bundled")
    if at >= 0 and raw[at + 14:at + 15] in (b"0", b"1"):
        out["corpus_bundled"] = raw[at + 14:at + 15].decode()
    return out


def _truncation(head: bytes, size: int) -> str | None:
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96]  # the in-header page count is trusted only when this matches
    if valid and pages and size < pages * page:
        return f"truncated: {size} of {pages * page} bytes"
    if page and size % page:
        return f"truncated: {size} bytes is not a whole number of {page}-byte pages"
    return None


# --- temporary files of builds ----------------------------------------------------------------------


def _temp_pattern(db_name: str) -> re.Pattern[str]:
    return re.compile(re.escape(db_name) + r"\.[A-Za-z0-9_]{8}\.tmp(?:-journal|-wal|-shm)?")


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Serialise temp-file creation and cleanup in ``folder`` between builders (a flock on the folder)."""
    fd = None
    if fcntl is not None:
        try:
            fd = os.open(folder, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            if fd is not None:
                os.close(fd)
            fd = None
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock


def new_temp(db_path: Path) -> tuple[Path, int, list[Path]]:
    """Create the locked temp file for a build of ``db_path``; remove killed builds' temp files first.

    Returns the temp path, its open descriptor (holding the lock: close it once the temp file has been
    moved into place) and the stale files removed.
    """
    folder = db_path.parent
    with _folder_lock(folder):
        removed = remove_stale_temps(db_path)
        fd, tmp = tempfile.mkstemp(prefix=db_path.name + ".", suffix=".tmp", dir=folder)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return Path(tmp), fd, removed


def remove_stale_temps(db_path: Path) -> list[Path]:
    """Delete the temp files (and their journals) of builds of ``db_path`` that no process holds any more.

    Only names a build creates (``<index name>.XXXXXXXX.tmp``) that are empty or carry our application_id
    are removed; a live build's file is locked and left alone. Without ``fcntl`` nothing is removed.
    """
    if fcntl is None:
        return []
    pattern = _temp_pattern(db_path.name)
    try:
        names = sorted(n for n in os.listdir(db_path.parent) if pattern.fullmatch(n))
    except OSError:
        return []
    removed: list[Path] = []
    for name in names:
        p = db_path.parent / name
        main = Path(str(p).rsplit(".tmp", 1)[0] + ".tmp")
        if p != main and main.exists():
            continue  # a journal goes with its temp file
        if p == main and not _is_dead_temp(p):
            continue
        for q in (p, *(Path(f"{p}{s}") for s in ("-journal", "-wal", "-shm"))) if p == main else (p,):
            try:
                q.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:  # e.g. a read-only folder: leave it, a later build may manage
                log.warning("%s: cannot remove the temp file of an interrupted build (%s)", q, exc.strerror)
                continue
            removed.append(q)
            log.info("removed %s (temp file of a build that was interrupted)", q)
    return removed


def tidy(db_path: Path) -> list[Path]:
    """Remove the temp files killed builds left beside ``db_path`` (as the next build would)."""
    real = Path(os.path.realpath(db_path))
    with _folder_lock(real.parent):
        return remove_stale_temps(real)


def _is_dead_temp(p: Path) -> bool:
    try:
        st = p.lstat()
        if not stat.S_ISREG(st.st_mode):
            return False
        fd = os.open(p, os.O_RDONLY)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False  # a build is writing it
            raise
        head = os.read(fd, _HEADER)
        return st.st_size == 0 or (head.startswith(_MAGIC) and len(head) >= 72
                                   and int.from_bytes(head[68:72], "big") == APPLICATION_ID)
    finally:
        os.close(fd)
