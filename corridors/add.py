"""``corridors add``: put article files or fetched web pages into the user's corpus folder.

Files are copied (never over an existing file: a new name is chosen, and a byte-identical copy already
there is left alone; a file its reader cannot use, such as a broken PDF, is refused and not copied); a URL
is fetched and the raw page stored as ``.html`` with a first-line comment recording its URL and fetch date
(the HTML reader reads it back as the article's URL).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from sources.readers import MAX_FILE_BYTES, SUFFIXES, ReadError, read_document, reader_for

FETCH_TIMEOUT_S = 30
USER_AGENT = "corridor-atlas (corridors add)"


@dataclass(frozen=True, slots=True)
class Added:
    """What happened to one argument of ``corridors add``."""

    source: str
    path: Path | None
    status: str  # "added", "already there", "error"
    message: str = ""


def default_corpus_dir() -> Path:
    """The user's own corpus folder (in the user data directory)."""
    return Path(platformdirs.user_data_dir("corridor-atlas")) / "corpus"


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3`` … when taken."""
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while target.exists() or target.is_symlink():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


def _same_file_there(folder: Path, data: bytes) -> Path | None:
    digest = hashlib.sha256(data).digest()
    for f in folder.iterdir():
        if f.is_file() and f.stat().st_size == len(data) and hashlib.sha256(f.read_bytes()).digest() == digest:
            return f
    return None


def _store(folder: Path, name: str, data: bytes, source: str) -> Added:
    there = _same_file_there(folder, data)
    if there is not None:
        return Added(source, there, "already there", f"identical to {there.name}")
    target = _free_name(folder, name)
    with open(target, "xb") as fp:  # "x": never write over a file that appeared meanwhile
        fp.write(data)
    return Added(source, target, "added")


def add_file(path: Path, folder: Path) -> Added:
    """Copy one article file into ``folder``."""
    if not path.is_file():
        return Added(str(path), None, "error", "no such file")
    if reader_for(path) is None:
        return Added(str(path), None, "error", f"unsupported file type {path.suffix or '(none)'!r} "
                                                f"(supported: {', '.join(SUFFIXES)})")
    if path.stat().st_size > MAX_FILE_BYTES:
        return Added(str(path), None, "error", "file too large")
    try:  # a file no reader can use is not put in the corpus, where every later build would report it
        read_document(path)
    except ReadError as exc:
        return Added(str(path), None, "error", f"{'; '.join(p.message for p in exc.problems)}; not added")
    added = _store(folder, path.name, path.read_bytes(), str(path))
    if added.path is not None and added.status == "added":
        shutil.copystat(path, added.path)
    return added


def _page_name(url: str) -> str:
    tail = re.sub(r"[^A-Za-z0-9]+", "-", url.split("://", 1)[-1]).strip("-").lower()
    return (tail[:80] or "page") + ".html"


def add_url(url: str, folder: Path, *, now: dt.datetime | None = None) -> Added:
    """Fetch a web page and store it raw, with its URL and fetch date in a first-line HTML comment."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=FETCH_TIMEOUT_S) as resp:
            data = resp.read(MAX_FILE_BYTES + 1)
            final = resp.geturl()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Added(url, None, "error", f"cannot fetch: {getattr(exc, 'reason', exc)}")
    if len(data) > MAX_FILE_BYTES:
        return Added(url, None, "error", "page too large")
    when = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    stamp = f"<!-- corridors-add url={final.replace('--', '%2D%2D')} fetched={when} -->\n".encode()
    there = _same_page_there(folder, data)
    if there is not None:
        return Added(url, there, "already there", f"same page as {there.name}")
    return _store(folder, _page_name(final), stamp + data, url)


def _same_page_there(folder: Path, data: bytes) -> Path | None:
    """A page stored earlier with the same bytes (after its stamp line)."""
    for f in folder.glob("*.html"):
        raw = f.read_bytes()
        if raw.startswith(b"<!-- corridors-add ") and raw.split(b"\n", 1)[-1] == data:
            return f
    return None


def add_items(items: list[str], folder: Path) -> list[Added]:
    """Add each path or ``http(s)://`` URL to ``folder`` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [add_url(i, folder) if re.match(r"(?i)https?://", i) else add_file(Path(i), folder) for i in items]
