"""Read the configuration from the environment, once, at the edge (CLI and app only)."""
from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from sources._errors import UsageError
from sources.ingest import BUNDLED_CORPUS

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:/")  # postgresql://…, file:/… (not C:/ on Windows)


class ConfigError(UsageError):
    """A setting (option or environment variable) that cannot be used; the message names it and says why."""


@dataclass(frozen=True, slots=True)
class Config:
    """Where the index lives, which corpus folders feed it, and where each setting came from.

    ``corpus_from`` / ``db_from`` name the option or variable (``--corpus``, ``CORRIDORS_CORPUS``, ``--db``,
    ``CORRIDORS_DB``) or ``default``; ``notes`` say which repeated or nested folders were merged.
    """

    db_path: Path | None  # None when the index is a PostgreSQL database (``db_url``)
    corpus_dirs: tuple[Path, ...]
    corpus_explicit: bool = False
    corpus_from: str = "default"
    db_from: str = "default"
    notes: tuple[str, ...] = ()
    problem: str | None = None  # a setting found unusable while resolving; raised by check_config
    db_url: str | None = None  # a team's shared index: postgresql://user:password@host:port/dbname

    @property
    def db_shown(self) -> str:
        """The index as messages may name it: the file, or the database URL without its password."""
        if self.db_url:
            from corridors.store.postgres import redact

            return redact(self.db_url)
        return str(self.db_path)

    @property
    def index_file(self) -> Path:
        """The SQLite index file (for a config whose index is not a PostgreSQL database)."""
        assert self.db_path is not None, "the index is a PostgreSQL database, not a file"
        return self.db_path

    @property
    def database_url(self) -> str:
        """The PostgreSQL database's URL (for a config whose index is one)."""
        assert self.db_url, "the index is an SQLite file, not a PostgreSQL database"
        return self.db_url


def data_dir_from_env(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The data folder of ``CORRIDORS_DATA_DIR`` (files there replace the bundled data files), or ``None``.

    Raises
    ------
    ConfigError
        When the variable names no existing folder.
    """
    value = environ.get("CORRIDORS_DATA_DIR", "")
    if not value.strip():
        return None
    folder = Path(os.path.expanduser(value))
    if not folder.is_dir():
        raise ConfigError(f"CORRIDORS_DATA_DIR: {folder}: not an existing folder")
    return folder


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The folder for built indexes (``CORRIDORS_CACHE_DIR`` or the user cache directory)."""
    return Path(os.path.expanduser(environ.get("CORRIDORS_CACHE_DIR") or platformdirs.user_cache_dir("corridor-atlas")))


def default_db_path(corpus_dirs: tuple[Path, ...], environ: Mapping[str, str] = os.environ) -> Path:
    """The index file for a set of corpus folders: one file per distinct set of real paths, so two checkouts
    (two bundled corpora) never share one."""
    key = hashlib.sha256(os.fsencode("\n".join(str(p.resolve()) for p in corpus_dirs))).hexdigest()[:12]
    return cache_dir(environ) / (f"index-bundled-{key}.sqlite" if corpus_dirs == (BUNDLED_CORPUS,)
                                 else f"index-{key}.sqlite")


def unique_folders(paths: Sequence[str | Path], origin: str = "") -> tuple[tuple[Path, ...], list[str]]:
    """The folders once each, by real path: a repeat, or a folder inside another one given, is dropped.

    Returns the folders kept (as given, in order) and one note per folder dropped.
    """
    kept: list[tuple[Path, Path]] = []
    notes: list[str] = []
    label = f"{origin} " if origin else ""
    for given in map(Path, paths):
        real = Path(os.path.realpath(given))
        same = next((g for g, r in kept if r == real), None)
        outer = next((g for g, r in kept if r in real.parents), None)
        if same is not None or outer is not None:
            why = f"same folder as {same}" if same is not None else f"inside {outer}"
            notes.append(f"{label}{given}: {why}; its files are read once")
            continue
        for g, r in [k for k in kept if real in k[1].parents]:
            notes.append(f"{label}{g}: inside {given}; its files are read once")
            kept.remove((g, r))
        kept.append((given, real))
    return tuple(g for g, _ in kept), notes


def config_from_env(environ: Mapping[str, str] = os.environ, *, db: str | Path | None = None,
                    corpus: tuple[str | Path, ...] = ()) -> Config:
    """Resolve the index path and corpus folders (see :func:`check_config` to validate them).

    Explicit arguments (``--db``, ``--corpus``) win over ``CORRIDORS_DB`` / ``CORRIDORS_CORPUS``
    (``CORRIDORS_CORPUS`` may list several folders separated by ``os.pathsep``); the default is the
    bundled corpus with its index in the user cache directory. Folders are de-duplicated by real path; a
    leading ``~`` is expanded (a quoted ``"~/x"`` reaches us unexpanded).
    """
    problem = None
    raw: tuple[str | Path, ...]
    if corpus:
        raw, corpus_from = tuple(os.path.expanduser(c) for c in corpus), "--corpus"
        if any(not str(c).strip() for c in corpus):
            problem = "--corpus: an empty folder name"
    elif environ.get("CORRIDORS_CORPUS"):
        raw = tuple(os.path.expanduser(c) for c in environ["CORRIDORS_CORPUS"].split(os.pathsep) if c)
        corpus_from = "CORRIDORS_CORPUS"
    else:
        raw, corpus_from = (BUNDLED_CORPUS,), "default"
    dirs, notes = unique_folders(raw, corpus_from if corpus_from != "default" else "")
    if not dirs:  # CORRIDORS_CORPUS made only of separators
        dirs = (BUNDLED_CORPUS,)
        problem = f"CORRIDORS_CORPUS={environ['CORRIDORS_CORPUS']!r} names no folder"
    if db is not None:
        db_value, db_from = str(db), "--db"
    elif environ.get("CORRIDORS_DB"):
        db_value, db_from = environ["CORRIDORS_DB"], "CORRIDORS_DB"
    else:
        db_value, db_from = "", "default"
    from corridors.store.postgres import is_postgres_url

    db_url = db_value.strip() if is_postgres_url(db_value) else None
    db_path = None if db_url else Path(os.path.expanduser(db_value)) if db_from != "default" \
        else default_db_path(dirs, environ)
    problem = problem or _db_problem(db_value, db_from)
    return Config(db_path, dirs, corpus_from != "default", corpus_from, db_from, tuple(notes), problem, db_url)


def _db_problem(value: str, origin: str) -> str | None:
    if origin == "default":
        return None
    from corridors.store.postgres import check_url, is_postgres_url, redact

    if is_postgres_url(value):
        problem = check_url(value)
        return f"{origin}: {problem}" if problem else None
    if not value.strip() or value.endswith(("/", os.sep)):
        return f"{origin}: {value!r} is empty or ends with a folder separator; name an index file"
    if _URL.match(value):
        return (f"{origin}: {redact(value)}: only postgresql:// database URLs are supported; give the path of an "
                f"index file or postgresql://user:password@host:port/dbname")
    return None


def check_config(cfg: Config) -> None:
    """Check the settings before any work: every corpus folder exists; the index path can be an index.

    Raises
    ------
    ConfigError
        Naming the option or variable, the path and the reason.
    """
    if cfg.problem:
        raise ConfigError(cfg.problem)
    for d in cfg.corpus_dirs:
        try:
            mode = d.stat().st_mode
        except OSError as exc:
            if isinstance(exc, FileNotFoundError | NotADirectoryError):
                raise ConfigError(f"{cfg.corpus_from}: {d}: corpus folder does not exist") from None
            raise ConfigError(f"{cfg.corpus_from}: {d}: cannot use the corpus folder ({exc.strerror})") from None
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            raise ConfigError(f"{cfg.corpus_from}: {d}: not a folder (a FIFO, socket or device)")
    from corridors.store.sqlite import inspect_file
    from sources._errors import IndexError_

    if cfg.db_from == "default" or cfg.db_url or cfg.db_path is None:
        return  # the cache's own file (whatever is there is ours), or a database: checked when connected
    try:
        inspect_file(cfg.db_path, deep=False)
    except IndexError_ as exc:  # not ours (refused), or cannot be examined
        raise ConfigError(f"{cfg.db_from}: {exc}") from None
