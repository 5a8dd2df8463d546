"""Ingest article files into distinct articles and exact passages, accounting for every line.

One worker, :func:`ingest_files`; :func:`corpus_files` walks corpus folders. Each file is read by the
reader for its type (:mod:`sources.readers`: ``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf``) and its
blocks parsed by :mod:`sources._parse`; every other entry of a folder is listed as skipped with its reason.
"""
from __future__ import annotations

import bisect
import os
import pickle
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sources._errors import CorpusError
from sources._pool import cores, fork_pool
from sources.catalog import CatalogEntry, entry_for, load_article_catalog, normalise
from sources.models import Article, ArticleSource, IngestReport, LineFate, Passage, Provenance, TextLayer
from sources.readers import MAX_FILE_BYTES, SUFFIXES, Document, Meta, ReadError, read_document, reader_for

if TYPE_CHECKING:
    from sources import _parse

BUNDLED_CORPUS = Path(__file__).with_name("corpus")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class CorpusFiles(list):
    """The files of a corpus walk (a list of paths) plus ``skipped``: ``(entry, reason)`` for the rest, and
    ``notes`` on entries read once because another entry is the same file."""

    def __init__(self, files=(), skipped=(), notes=()) -> None:
        super().__init__(files)
        self.skipped: list[tuple[str, str]] = list(skipped)
        self.notes: list[str] = list(notes)


def shown_name(path: str | Path) -> str:
    """A path as text that can always be printed and stored: undecodable name bytes become ``\\xNN``."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def _entry_problem(p: Path) -> str | None:
    """Why a folder entry cannot be ingested (None when it is a readable, supported regular file)."""
    try:
        st = p.stat()
    except OSError as exc:
        if p.is_symlink():
            return "symlink loop" if exc.errno == 40 else "dangling symlink (its target does not exist)"
        return f"cannot read entry: {exc.strerror}"
    if not stat.S_ISREG(st.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
        return f"not a regular file ({kind})"
    if p.suffix.lower() not in SUFFIXES:  # as reader_for, without importing every reader
        return f"unsupported file type {p.suffix or '(no extension)'!r} (supported: {', '.join(SUFFIXES)})"
    if st.st_size > MAX_FILE_BYTES:
        return f"too large ({st.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,})"
    if not os.access(p, os.R_OK):
        return "unreadable (permission denied)"
    return None


def corpus_files(dirs: list[str | Path] | tuple[str | Path, ...] | None = None) -> CorpusFiles:
    """Walk the given folders (the bundled corpus by default) for article files, sorted per folder.

    Symlinked folders are followed once (loops are reported); a file reached twice through repeated or
    overlapping folders is listed once (by real path); every entry that is not ingested (unsupported
    type, dangling symlink, symlink loop, FIFO, unreadable, too large) is in ``skipped`` with its reason.
    """
    out = CorpusFiles()
    seen: dict[str, Path] = {}
    for d in dirs or [BUNDLED_CORPUS]:
        p = Path(d)
        if not p.is_dir():
            if not p.exists() and not p.is_symlink():
                raise CorpusError(p, None, "corpus folder does not exist")
            _take(p, out, seen)
            continue
        visited: set[str] = set()
        for root, subdirs, names in os.walk(p, followlinks=True):
            real = os.path.realpath(root)
            if real in visited:
                out.skipped.append((shown_name(root), "symlink loop (folder already walked)"))
                subdirs[:] = []
                continue
            visited.add(real)
            subdirs.sort()
            for name in sorted(names):
                _take(Path(root) / name, out, seen)
    return out


def _take(p: Path, out: CorpusFiles, seen: dict[str, Path]) -> None:
    problem = _entry_problem(p)
    if problem:
        out.skipped.append((shown_name(p), problem))
        return
    real = os.path.realpath(p)
    if real in seen:
        if seen[real] != p:
            out.notes.append(f"{shown_name(p)}: same file as {shown_name(seen[real])}; read once")
        return
    seen[real] = p
    out.append(p)


def display_path(path: str | Path) -> str:
    """A file's name as provenance shows it: relative to the project for the bundled corpus, else absolute."""
    p = Path(os.path.abspath(path))
    try:
        return shown_name(p.relative_to(PROJECT_ROOT))
    except ValueError:
        return shown_name(p)


def resolve_source(file: str) -> Path:
    """The file a provenance name points to (inverse of :func:`display_path`)."""
    p = Path(file)
    if not p.is_absolute():
        p = PROJECT_ROOT / p
    if not p.exists() and "\\x" in file:
        p = Path(os.fsdecode(re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(0xDC00 + int(m.group(1), 16)), str(p))))
    return p


@dataclass(frozen=True, slots=True)
class DecodedFile:
    """A text file's decoded content as ingest sees it (offsets in passages point into ``text``)."""

    path: str
    text: str
    encoding: str
    sha256: str
    size: int


def decode_file(path: str | Path) -> tuple[DecodedFile | None, list[str], list[str]]:
    """Read and decode one text file (see :func:`sources.readers.decode.decode_bytes`).

    Returns
    -------
    decoded, problems, warnings
        ``decoded`` is None when the file cannot be used; ``problems`` then says why.
    """
    try:
        doc = read_document(path, display_path(path)) if reader_for(path) else None
    except ReadError as exc:
        return None, [str(exc)], []
    if doc is None or doc.derived:
        return None, [f"{path}: not a text file"], []
    return DecodedFile(doc.path, doc.text, doc.encoding or "", doc.sha256, doc.size), [], list(doc.warnings)


def _meta_fields(meta: Meta) -> dict:
    return {k: v for k, v in (("title", meta.title), ("authors", meta.authors), ("date", meta.date),
                              ("publisher", meta.publisher), ("url", meta.url)) if v}


@dataclass(frozen=True, slots=True)
class _Parsed:
    """One file as reading and parsing left it (what :mod:`corridors.parsecache` keeps): the document without its
    blocks (and without its text unless it is a derived layer), the parse, the file record and, per article,
    the :func:`~sources.catalog.normalise` d text of each passage (what duplicate merging compares)."""

    doc: Document
    parsed: _parse.ParsedFile
    record: tuple[tuple[str, object], ...]
    norms: tuple[tuple[str, ...], ...]


def _parse_file(path: str | Path) -> _Parsed:
    from sources import _parse  # here, not at the top: a command that parses nothing does not import the parser

    doc = read_document(path, display_path(path))
    parsed = _parse.parse_document(doc)
    record = {"path": doc.path, "status": "ingested", "format": doc.format, "encoding": doc.encoding,
              "sha256": doc.sha256, "bytes": doc.size, "lines": len(_parse.split_lines(doc.text)),
              "articles": len(parsed.articles), "layer": doc.derived}
    norms = tuple(tuple(normalise(p.text) for p in a.passages) for a in parsed.articles)
    lite = replace(doc, blocks=(), text=doc.text if doc.derived else "")
    return _Parsed(lite, parsed, tuple(record.items()), norms)


class FileCache(Protocol):
    """A per-file cache of parses (:class:`corridors.parsecache.ParseCache`; ``sources`` stores nothing itself)."""

    def prefetch(self, paths: list[str | Path]) -> None:
        """Read ahead what is cached for ``paths`` (an optimisation: :meth:`get` gives the same either way)."""

    def get(self, path: str | Path, display: str) -> Any:
        """What is cached for ``path`` (its ``.value`` is None on a miss)."""

    def put(self, path: str | Path, display: str, st: os.stat_result, sha256: str, value: object, *,
            blob: bytes | None = None) -> None:
        """Keep ``value`` (``blob``: it pickled, when at hand) as the parse of ``path`` as it is now."""


# Files to parse (not in the cache) of at least this many bytes in all are parsed by a process pool.
POOL_MIN_BYTES = 2_000_000


def _parse_or_error(path: str | Path) -> bytes | tuple[str, int | None, str]:
    """A pool worker's result: :func:`_parse_file`'s result pickled (as the parse cache stores it), or its
    :class:`ReadError`'s ``(path, line, reason)`` (the error itself does not survive pickling)."""
    try:
        return pickle.dumps(_parse_file(path), protocol=pickle.HIGHEST_PROTOCOL)
    except ReadError as exc:
        return exc.path, exc.line, exc.reason


def _parse_here(path: str | Path) -> _Parsed | tuple[str, int | None, str]:
    try:
        return _parse_file(path)
    except ReadError as exc:
        return exc.path, exc.line, exc.reason


def _read_all(paths: list[str | Path], cache: FileCache | None) -> list[_Parsed | ReadError]:
    """Every file read and parsed, in order, or taken from ``cache`` when it still holds it (same result).

    The files to parse are parsed on every core when they are many bytes (:data:`POOL_MIN_BYTES`: a
    forked process pool, results in the files' order); new parses are handed to the cache in that order.
    """
    out: list[_Parsed | ReadError | None] = []
    todo: list[tuple[int, str | Path, os.stat_result | None]] = []
    if cache is not None:
        cache.prefetch(paths)
    for path in paths:
        st = None
        if cache is not None:
            try:
                st = os.stat(path)
            except OSError:
                st = None  # the reader reports why
            found = cache.get(path, display_path(path)) if st is not None else None
            if found is not None and isinstance(found.value, _Parsed):
                out.append(found.value)
                continue
        todo.append((len(out), path, st))
        out.append(None)
    size = sum(st.st_size if st is not None else _size(p) for _, p, st in todo)
    parsed: Iterable[_Parsed | bytes | tuple[str, int | None, str]]
    workers = min(cores(), len(todo)) if size >= POOL_MIN_BYTES else 1
    if workers > 1:
        with fork_pool(workers) as pool:
            parsed = pool.map(_parse_or_error, [p for _, p, _ in todo], chunksize=1)
    else:
        parsed = map(_parse_here, [p for _, p, _ in todo])
    for (i, path, st), got in zip(todo, parsed):
        if isinstance(got, tuple):
            out[i] = ReadError(*got)
            continue
        blob = got if isinstance(got, bytes) else None
        item = pickle.loads(got) if isinstance(got, bytes) else got
        out[i] = item
        if cache is not None and st is not None:
            cache.put(path, display_path(path), st, item.doc.sha256, item, blob=blob)
    return out  # type: ignore[return-value]


def _size(path: str | Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


@dataclass(slots=True)
class _Group:
    """All copies of one article; ``copies[canonical]`` supplies its passages; ``norms`` per copy and passage."""

    copies: list[_parse.RawArticle] = field(default_factory=list)
    overrides: list[dict] = field(default_factory=list)
    norms: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def canonical_at(self) -> int:
        return max(range(len(self.copies)), key=lambda i: (len(self.copies[i].passages), -i))


def ingest_files(paths: list[str | Path], *, catalog_path: str | Path | None = None,
                 cache: FileCache | None = None) -> IngestReport:
    """Ingest files into distinct articles and passages, with the fate of every input line.

    The same article in several files (identical or differing in whitespace) becomes one article with
    all its provenance; bad files are reported (``path[:line]: reason``) and the rest still ingested.

    Parameters
    ----------
    paths
        Files to read, in order (order decides which copy of a duplicated article is met first).
    catalog_path
        The article catalog (``sources/catalog.toml`` by default).
    cache
        A per-file parse cache (:mod:`corridors.parsecache`): a file it holds is not read and parsed again;
        the result is the same with or without it.

    Returns
    -------
    report
        Articles, passages, line fates, per-file facts, problems and warnings.
    """
    entries, bad = load_article_catalog(catalog_path)
    problems = [str(x) for x in bad]
    warnings: list[str] = []
    groups: list[_Group] = []
    by_norm: dict[str, int] = {}
    outside: list[LineFate] = []
    files: list[dict] = [{"path": name, "status": "skipped", "reason": why}
                         for name, why in getattr(paths, "skipped", ())]
    docs: dict[str, Document] = {}
    for item in _read_all(list(paths), cache):
        if isinstance(item, ReadError):
            problems.append(str(item))
            files.append({"path": item.path, "status": "skipped", "reason": item.reason})
            continue
        doc, parsed = item.doc, item.parsed
        problems.extend(doc.problems)
        warnings.extend(doc.warnings)
        warnings.extend(parsed.warnings)
        docs[doc.path] = doc
        files.append(dict(item.record))
        if not parsed.articles:
            problems.append(f"{doc.path}: no article text found (only chrome, headers or blank lines)")
        outside.extend(LineFate(doc.path, no, fate, reason) for no, (fate, reason) in parsed.outside.items())
        for i, (art, norms) in enumerate(zip(parsed.articles, item.norms)):
            _place(art, norms, _meta_fields(doc.meta) if i == 0 else {}, groups, by_norm)
    articles, passages, fates, dup_notes = _finish(groups, entries, warnings, docs)
    layers = tuple(TextLayer(d.path, d.format, d.sha256, d.text, d.pages) for d in docs.values() if d.derived)
    return IngestReport(tuple(articles), tuple(passages),
                        tuple(sorted(outside + fates, key=attrgetter("file", "line"))),
                        tuple(files), tuple(problems), tuple(warnings), tuple(dup_notes), layers)


def provenance(doc: Document | None, file: str, line: int, start: int, end: int) -> Provenance:
    """The provenance of a span of a document (page and layer facts for HTML/PDF)."""
    if doc is None or not doc.derived:
        return Provenance(file, line, start, end)
    page = bisect.bisect_right(doc.pages, start) if doc.pages else None
    return Provenance(file, line, start, end, page, doc.sha256, True)


def _place(art: _parse.RawArticle, norms: tuple[str, ...], fm: dict, groups: list[_Group],
           by_norm: dict[str, int]) -> None:
    """Put a parsed article copy into the group of an earlier copy of the same text, or a new group.

    A copy joins a group when at least half its paragraphs (whitespace- and quote-insensitive) are
    already in that group; ``by_norm`` maps each paragraph seen to its group, so this is linear.
    """
    keys = [n for n, p in zip(norms, art.passages) if p.kind != "footnote"] or list(norms)
    seen = [by_norm[n] for n in keys if n in by_norm]  # most copies share nothing: no Counter for them
    if seen:
        gi, shared = Counter(seen).most_common(1)[0]
        if shared * 2 >= len(keys):
            g = groups[gi]
            g.copies.append(art)
            g.overrides.append(fm)
            g.norms.append(norms)
            for n in keys:
                by_norm.setdefault(n, gi)
            return
    groups.append(_Group([art], [fm], [norms]))
    for n in keys:
        by_norm.setdefault(n, len(groups) - 1)


def _finish(groups: list[_Group], entries: list[CatalogEntry], warnings: list[str], docs: dict[str, Document]
            ) -> tuple[list[Article], list[Passage], list[LineFate], list[str]]:
    articles: list[Article] = []
    passages: list[Passage] = []
    fates: list[LineFate] = []
    dup_notes: list[str] = []
    used_ids: set[str] = set()
    for g in groups:
        at = g.canonical_at
        canon = g.copies[at]
        lead = next((p.text for p in canon.passages if p.kind != "footnote"),
                    canon.passages[0].text if canon.passages else "")
        entry = entry_for(lead, entries)
        if entry and entry.id in used_ids:
            warnings.append(f"{canon.file}:{canon.first_line}: catalog entry {entry.id!r} already matched another "
                            "article; this one gets an id of its own")
            entry = None
        article = _article(g, canon, entry, used_ids)
        used_ids.add(article.id)
        articles.append(article)
        by_norm: dict[str, str] = {}
        for n, (rp, norm) in enumerate(zip(canon.passages, g.norms[at]), start=1):
            pid = f"{article.id}#p{n}"
            by_norm.setdefault(norm, pid)
            passages.append(Passage(pid, article.id, n, rp.kind, rp.section, rp.text,
                                    provenance(docs.get(canon.file), canon.file, rp.line, rp.start, rp.end)))
        for copy, norms in zip(g.copies, g.norms):
            fates.extend(_copy_fates(copy, norms, copy is canon, article.id, by_norm, warnings))
            if copy is not canon:
                dup_notes.append(f"{copy.file}:{copy.first_line}-{copy.last_line}: duplicate of {article.id} "
                                 f"(canonical copy {canon.file}:{canon.first_line})")
    return articles, passages, fates, dup_notes


def _copy_fates(copy: _parse.RawArticle, norms: tuple[str, ...], is_canon: bool, article_id: str,
                by_norm: dict[str, str], warnings: list[str]) -> list[LineFate]:
    out: list[LineFate] = []
    passage_norms = {p.line: n for p, n in zip(copy.passages, norms)}
    for line, (fate, reason) in copy.fates.items():
        if is_canon or fate in ("boilerplate", "other"):
            out.append(LineFate(copy.file, line, fate, reason, article_id))
            continue
        norm = passage_norms.get(line)
        if norm is not None and norm not in by_norm:
            warnings.append(f"{copy.file}:{line}: paragraph of a duplicate copy of {article_id} is not in the "
                            "canonical copy; kept only as provenance")
            out.append(LineFate(copy.file, line, "duplicate", f"duplicate copy of {article_id}; paragraph differs "
                                                            "from the canonical copy", article_id))
            continue
        out.append(LineFate(copy.file, line, "duplicate", f"duplicate copy of {article_id}", article_id))
    return out


def _refines(text_date: str | None, meta_date: str) -> bool:
    """The text's date says the same as the front matter's or the page's, more precisely (2025 → 2025-10-14)."""
    return text_date is not None and len(text_date) > len(meta_date) and text_date.startswith(meta_date)


def _article(g: _Group, canon: _parse.RawArticle, entry: CatalogEntry | None, used: set[str]) -> Article:
    """Merge metadata: front matter over catalog over what the text says (first copy that says it)."""
    fm = next((o for o in g.overrides if o), {})
    text_title = next((c.title for c in g.copies if c.title), None)
    text_authors = next((tuple(c.authors) for c in g.copies if c.authors), ())
    text_date = next(((c.date, c.date_precision) for c in g.copies if c.date), (None, None))
    title = fm.get("title") or (entry.title if entry else None) or text_title
    authors = (tuple(fm["authors"]) if fm.get("authors")
               else (entry.authors if entry and entry.authors else text_authors))
    date: str | None
    precision: str | None
    if fm.get("date") and not _refines(text_date[0], fm["date"]):
        date, precision = fm["date"], {10: "day", 7: "month"}.get(len(fm["date"]), "year")
        note = None
    elif entry and entry.date and not fm.get("date"):
        date, precision, note = entry.date, entry.date_precision, entry.date_note
    else:
        (date, precision), note = text_date, None
    flags = list(dict.fromkeys(f for c in g.copies for f in c.flags))
    if title or authors or date:
        flags = [f for f in flags if not f.startswith("no header")]
    art_id = entry.id if entry else _slug_id(authors, date, title, canon, used)
    sources = tuple(ArticleSource(c.file, c.first_line, c.last_line, c is canon) for c in g.copies)
    return Article(art_id, title, authors, fm.get("publisher") or (entry.publisher if entry else None),
                   date, precision, note, fm.get("url") or (entry.url if entry else None), sources, tuple(flags))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _slug_id(authors: tuple[str, ...], date: str | None, title: str | None, canon: _parse.RawArticle,
             used: set[str]) -> str:
    """A readable, content-derived id for an article the catalog does not know."""
    parts = [authors[0].split()[-1] if authors else "", (date or "")[:4],
             " ".join((title or "").split()[:6]) or Path(canon.file).stem]
    base = _slug("-".join(p for p in parts if p)) or "article"
    art_id, n = base, 2
    while art_id in used:
        art_id, n = f"{base}-{n}", n + 1
    return art_id


