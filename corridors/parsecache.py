"""A per-file cache of what reading and parsing made of an article file, so an unchanged file is not parsed again.

One SQLite file (``parse-cache.sqlite`` in the index cache folder) holds, per file, the parsed result and the
facts that decide whether it may be reused:

- the cache key (:func:`parse_key`): a hash of the reader and parser code, the boilerplate rules in use and the
  versions of the libraries that read HTML and PDF — any change there and no entry is trusted;
- the file's ``stat`` (size, mtime, ctime, inode, device) and the SHA-256 of its bytes. As git does, a matching
  stat is trusted without reading the file, unless the file changed less than :data:`RACY_NS` before the entry
  was recorded (a change within the clock's granularity could keep the stat); otherwise the file's bytes are
  hashed and the entry is reused only when the hash matches. ``ctime`` cannot be set back by a program, so an
  edit that keeps the size and restores the mtime still changes the stat.

The cache is an optimisation only: a cache that cannot be opened, read or written is logged and ignored, and a
file at the cache's path that is not a parse cache of ours is never written over.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

APPLICATION_ID = 0x43415043  # "CAPC": the header mark of a Corridor Atlas parse cache
FORMAT = 2  # bump when the shape of an entry changes
RACY_NS = 2_000_000_000  # a file changed this close to its recording is re-hashed, not trusted by stat

_ROOT = Path(__file__).resolve().parent.parent
# The code reading and parsing depend on (tests/unit/test_incremental.py checks the list is complete).
PARSE_CODE = ("sources/__init__.py", "sources/_datadir.py", "sources/_dates.py", "sources/_errors.py",
              "sources/_lines.py", "sources/_parse.py", "sources/_prefilter.py", "sources/_tomlfile.py",
              "sources/catalog.py", "sources/ingest.py", "sources/readers/*.py", "corridors/parsecache.py",
              "sources/_header.py", "sources/_pool.py")
PARSE_RULES = ("sources/boilerplate.toml",)
PARSE_LIBRARIES = ("trafilatura", "pypdf", "charset-normalizer", "lxml", "python-frontmatter", "PyYAML")

_COLUMNS = "display, key, size, mtime_ns, ctime_ns, ino, dev, recorded_ns, sha256, blob"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (path BLOB PRIMARY KEY, display TEXT NOT NULL, key TEXT NOT NULL,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, ino INTEGER, dev INTEGER, recorded_ns INTEGER,
    sha256 TEXT NOT NULL, blob BLOB NOT NULL);
"""


def parse_key() -> str:
    """Hash of everything besides the file's bytes that decides what parsing makes of a file."""
    from importlib import metadata

    from sources._datadir import data_file

    h = hashlib.sha256(f"format {FORMAT} python {sys.version_info[:2]}\n".encode())
    files: list[tuple[Path, str]] = [(f, str(f.relative_to(_ROOT))) for g in PARSE_CODE for f in sorted(_ROOT.glob(g))]
    files += [(data_file(r), r) for r in PARSE_RULES]
    for f, name in files:  # by content and name in the tree: the same code elsewhere has the same key
        try:
            h.update(os.fsencode(f"{name}\n") + hashlib.sha256(f.read_bytes()).digest())
        except OSError:
            h.update(os.fsencode(f"{name}\nmissing\n"))
    for lib in PARSE_LIBRARIES:
        try:
            h.update(f"{lib} {metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} none\n".encode())
    return h.hexdigest()


def _real(path: str | Path) -> bytes:
    """A file's real path as bytes: what an entry is keyed by (any name, even one that is not UTF-8)."""
    return os.fsencode(os.path.realpath(path))


def _stat_row(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def _stat_trusted(recorded: tuple, recorded_ns: int, st: os.stat_result) -> bool:
    """Whether a file whose stat is ``st`` now is as it was when its entry was written: the same stat
    (``recorded``), taken long enough after its last change that a later change shows in it (not racy)."""
    return tuple(recorded) == _stat_row(st) and recorded_ns - max(st.st_mtime_ns, st.st_ctime_ns) >= RACY_NS


@dataclass(slots=True)
class Lookup:
    """The outcome of :meth:`ParseCache.get`: the cached value (None on a miss) and how it was decided."""

    value: object | None
    how: str  # "stat", "hash", "miss"


class ParseCache:
    """The parse cache at ``path`` for the key ``key`` (:func:`parse_key` by default).

    ``hits``/``misses`` count lookups; ``verified`` the hits that needed the file's bytes hashed.
    """

    def __init__(self, path: str | Path, key: str | None = None) -> None:
        self.path = Path(path)
        self.key = key if key is not None else parse_key()
        self.hits = self.misses = self.verified = 0
        self._pending: list[tuple] = []
        self._fetched: dict[bytes, tuple] = {}  # rows read ahead by prefetch, by real path
        self._reals: dict[str | Path, bytes] = {}  # the real paths prefetch found, by the path it was given
        self._con = self._open()

    def _open(self) -> sqlite3.Connection | None:
        try:
            if self.path.exists() and not _is_ours(self.path):
                log.warning("%s: not a parse cache of ours; parsing without a cache", self.path)
                return None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=5)
            if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                con.executescript(f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA journal_mode = WAL;")
            con.executescript(_SCHEMA)
            return con
        except (OSError, sqlite3.Error) as exc:
            log.warning("%s: parse cache unusable (%s); parsing without it", self.path, exc)
            return None

    def get(self, path: str | Path, display: str, raw: bytes | None = None) -> Lookup:
        """The cached value for the file at ``path`` if it is still true of the file (see the module docstring)."""
        if self._con is None:
            return self._miss()
        try:
            st = os.stat(path)
            real = self._reals.pop(path, None) or _real(path)
            row = self._fetched.pop(real) if real in self._fetched else self._con.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE path = ?", (real,)).fetchone()
        except (OSError, sqlite3.Error, ValueError) as exc:
            log.info("%s: parse cache lookup failed (%s)", display, exc)
            return self._miss()
        if row is None or row[0] != display or row[1] != self.key:
            return self._miss()
        how = "stat"
        if not _stat_trusted(row[2:7], row[7], st):
            try:
                data = raw if raw is not None else Path(path).read_bytes()
            except OSError:
                return self._miss()
            if hashlib.sha256(data).hexdigest() != row[8]:
                return self._miss()
            how = "hash"
            self._pending.append(("touch", _real(path), st, row[8]))
        try:
            value = pickle.loads(row[9])
        except Exception as exc:  # noqa: BLE001 - a damaged entry is a miss, whatever unpickling raised
            log.info("%s: parse cache entry unreadable (%s)", path, exc)
            return self._miss()
        self.hits += 1
        self.verified += how == "hash"
        return Lookup(value, how)

    def prefetch(self, paths: list[str | Path]) -> None:
        """Read the entries of ``paths`` in a few queries (instead of one per :meth:`get`)."""
        if self._con is None:
            return
        try:
            self._reals = {p: _real(p) for p in paths}
            self._fetched = self._rows(_COLUMNS, list(self._reals.values()))
        except (sqlite3.Error, ValueError) as exc:
            log.info("%s: parse cache prefetch failed (%s)", self.path, exc)

    def _rows(self, columns: str, reals: list[bytes]) -> dict[bytes, tuple]:
        """``columns`` of the entries of these real paths, by path, in a query per 500 paths."""
        assert self._con is not None
        out: dict[bytes, tuple] = {}
        for i in range(0, len(reals), 500):
            part = reals[i:i + 500]
            for row in self._con.execute(f"SELECT path, {columns} FROM entries WHERE path IN "
                                         f"({','.join('?' * len(part))})", part):
                out[row[0]] = row[1:]
        return out

    def known_hashes(self, paths: list[Path]) -> dict[Path, str]:
        """The SHA-256 of each file of ``paths`` whose stat is the one recorded with its entry (and not racy),
        without reading the file: the same trust as :meth:`get` gives an entry (any parse key: the hash is of
        the bytes)."""
        if self._con is None or not paths:
            return {}
        reals: dict[Path, bytes] = {}
        for p in paths:
            try:
                reals[p] = _real(p)
            except (OSError, ValueError):
                continue
        try:
            rows = self._rows("size, mtime_ns, ctime_ns, ino, dev, recorded_ns, sha256", list(reals.values()))
        except sqlite3.Error as exc:
            log.info("%s: parse cache unreadable (%s)", self.path, exc)
            return {}
        out: dict[Path, str] = {}
        for p, real in reals.items():
            if (row := rows.get(real)) is None:
                continue
            try:
                st = os.stat(p)
            except OSError:
                continue
            if _stat_trusted(row[:5], row[5], st):
                out[p] = row[6]
        return out

    def _miss(self) -> Lookup:
        self.misses += 1
        return Lookup(None, "miss")

    def put(self, path: str | Path, display: str, st: os.stat_result, sha256: str, value: object, *,
            blob: bytes | None = None) -> None:
        """Remember ``value`` for the file at ``path`` as it was when ``st`` was taken (written by :meth:`close`);
        ``blob``: ``value`` already pickled (by a pool worker)."""
        if self._con is not None:
            self._pending.append(("put", _real(path), display, st, sha256,
                                  blob if blob is not None else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def close(self) -> None:
        """Write the new entries in one transaction and close the cache."""
        if self._con is None:
            return
        now = time.time_ns()
        try:
            with self._con:
                for item in self._pending:
                    if item[0] == "put":
                        _, real, display, st, sha, blob = item
                        self._con.execute("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                          (real, display, self.key, *_stat_row(st), now, sha, blob))
                    else:
                        _, real, st, sha = item
                        self._con.execute("UPDATE entries SET size=?, mtime_ns=?, ctime_ns=?, ino=?, dev=?, "
                                          "recorded_ns=? WHERE path=? AND sha256=?", (*_stat_row(st), now, real, sha))
        except (sqlite3.Error, ValueError) as exc:
            log.warning("%s: parse cache not updated (%s)", self.path, exc)
        finally:
            self._pending.clear()
            self._con.close()
            self._con = None


def _is_ours(path: Path) -> bool:
    """Whether the file at ``path`` is a parse cache of ours (an SQLite file with our application id)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return False
    return len(head) == 0 or (head.startswith(b"SQLite format 3\0") and
                              int.from_bytes(head[68:72], "big") == APPLICATION_ID)
