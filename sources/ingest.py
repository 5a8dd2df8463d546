"""Ingest raw article files into distinct articles and exact passages, accounting for every line.

One worker, :func:`ingest_files`; :func:`corpus_files` lists a folder's ``.txt``/``.md`` files.
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sources import _parse
from sources._errors import CorpusError
from sources.catalog import CatalogEntry, entry_for, load_catalog, normalise, parse_iso_date
from sources.models import Article, ArticleSource, IngestReport, LineFate, Passage, Provenance

log = logging.getLogger(__name__)

BUNDLED_CORPUS = Path(__file__).with_name("corpus")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".txt", ".md")
FRONT_MATTER_KEYS = ("title", "author", "authors", "date", "publisher", "url")
_FM_LINE = re.compile(r"(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*)")


@dataclass(frozen=True, slots=True)
class DecodedFile:
    """A corpus file's text as ingest sees it (offsets in passages point into ``text``)."""

    path: str
    text: str
    encoding: str
    sha256: str
    size: int


def corpus_files(dirs: list[str | Path] | tuple[str | Path, ...] | None = None) -> list[Path]:
    """List the ``.txt`` and ``.md`` files of the given folders (the bundled corpus by default), sorted."""
    files: list[Path] = []
    for d in dirs or [BUNDLED_CORPUS]:
        p = Path(d)
        if p.is_file():
            files.append(p)
            continue
        if not p.is_dir():
            raise CorpusError(p, None, "corpus folder does not exist")
        files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
    return files


def display_path(path: str | Path) -> str:
    """A file's name as provenance shows it: relative to the project for the bundled corpus, else absolute."""
    p = Path(path).resolve()
    try:
        return str(p.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(p)


def resolve_source(file: str) -> Path:
    """The file a provenance name points to (inverse of :func:`display_path`)."""
    p = Path(file)
    return p if p.is_absolute() else PROJECT_ROOT / p


def decode_file(path: str | Path) -> tuple[DecodedFile | None, list[str], list[str]]:
    """Read and decode one file: UTF-8, else cp1252 with a warning; binary and empty files are refused.

    Returns
    -------
    decoded, problems, warnings
        ``decoded`` is None when the file cannot be used; ``problems`` then says why.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        return None, [f"{p}: cannot read file: {exc.strerror}"], []
    digest = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        return None, [f"{p}: empty file (no text to ingest)"], []
    if b"\x00" in raw[:65536] or _control_ratio(raw[:65536]) > 0.05:
        return None, [f"{p}: binary file (not text), skipped"], []
    warnings: list[str] = []
    try:
        text, enc = raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        text, enc = raw.decode("cp1252", errors="replace"), "cp1252"
        warnings.append(f"{p}:{line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); decoded as cp1252")
    return DecodedFile(display_path(p), text, enc, digest, len(raw)), [], warnings


def _control_ratio(raw: bytes) -> float:
    if not raw:
        return 0.0
    bad = sum(1 for b in raw if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(raw)


def front_matter(decoded: DecodedFile) -> tuple[dict[str, str], int, list[str]]:
    """Parse optional ``---``-delimited ``key: value`` front matter at the top of a file.

    Returns the fields, the number of lines it occupies (0 if none) and problems (``path:line: …``);
    front matter that does not parse is reported and ignored, the article text is still ingested.
    """
    lines = decoded.text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, 0, []
    fields: dict[str, str] = {}
    problems: list[str] = []
    for i, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return fields, i, problems
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _FM_LINE.fullmatch(line.strip())
        if not m:
            problems.append(f"{decoded.path}:{i}: front matter line is not 'key: value': {line.strip()[:60]!r}")
            continue
        key, value = m.group("key").lower(), _unquote(m.group("value").strip())
        if key not in FRONT_MATTER_KEYS:
            problems.append(f"{decoded.path}:{i}: unknown front matter key {key!r} "
                            f"(known: {', '.join(FRONT_MATTER_KEYS)})")
            continue
        if key == "date":
            try:
                parse_iso_date(value)
            except ValueError as exc:
                problems.append(f"{decoded.path}:{i}: front matter date: {exc}")
                continue
        fields["authors" if key == "author" else key] = value
    problems.append(f"{decoded.path}:1: front matter opened with '---' is never closed; ignored")
    return {}, 0, problems


def _unquote(value: str) -> str:
    """Remove one pair of matching surrounding quotes (``"x"`` or ``'x'``), nothing else."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


@dataclass(slots=True)
class _Group:
    """All copies of one article; ``copies[canonical]`` supplies its passages."""

    copies: list[_parse.RawArticle] = field(default_factory=list)
    overrides: list[dict[str, str]] = field(default_factory=list)

    @property
    def canonical(self) -> _parse.RawArticle:
        return max(self.copies, key=lambda a: (len(a.passages), -self.copies.index(a)))


def ingest_files(paths: list[str | Path], *, catalog_path: str | Path | None = None) -> IngestReport:
    """Ingest files into distinct articles and passages, with the fate of every input line.

    The same article in several files (identical or differing in whitespace) becomes one article with
    all its provenance; bad files are reported (``path[:line]: reason``) and the rest still ingested.

    Parameters
    ----------
    paths
        Files to read, in order (order decides which copy of a duplicated article is met first).
    catalog_path
        The article catalog (``sources/catalog.toml`` by default).

    Returns
    -------
    report
        Articles, passages, line fates, per-file facts, problems and warnings.
    """
    entries, problems = load_catalog(catalog_path)
    warnings: list[str] = []
    groups: list[_Group] = []
    by_norm: dict[str, int] = {}
    outside: list[LineFate] = []
    files: list[dict] = []
    for path in paths:
        decoded, bad, warn = decode_file(path)
        problems.extend(bad)
        warnings.extend(warn)
        if decoded is None:
            files.append({"path": str(path), "status": "skipped", "reason": bad[0].split(": ", 1)[1]})
            continue
        fm, fm_lines, fm_problems = front_matter(decoded)
        problems.extend(fm_problems)
        parsed = _parse.parse_text(decoded.path, _blank_front_matter(decoded.text, fm_lines))
        warnings.extend(parsed.warnings)
        for no in range(1, fm_lines + 1):
            parsed.outside[no] = ("kept", "front matter")
        n_lines = len(_parse.split_lines(decoded.text))
        files.append({"path": decoded.path, "status": "ingested", "encoding": decoded.encoding,
                      "sha256": decoded.sha256, "bytes": decoded.size, "lines": n_lines,
                      "articles": len(parsed.articles)})
        if not parsed.articles:
            problems.append(f"{decoded.path}: no article text found (only chrome, headers or blank lines)")
        outside.extend(LineFate(decoded.path, no, fate, reason) for no, (fate, reason) in parsed.outside.items())
        for i, art in enumerate(parsed.articles):
            _place(art, fm if i == 0 else {}, groups, by_norm)
    articles, passages, fates, dup_notes = _finish(groups, entries, warnings)
    return IngestReport(tuple(articles), tuple(passages), tuple(sorted(outside + fates, key=lambda f: (f.file, f.line))),
                        tuple(files), tuple(problems), tuple(warnings), tuple(dup_notes))


def _blank_front_matter(text: str, n_lines: int) -> str:
    """Replace the front matter lines by empty lines of equal length, so offsets stay true."""
    if not n_lines:
        return text
    lines = text.split("\n")
    for i in range(n_lines):
        lines[i] = " " * len(lines[i])
    return "\n".join(lines)


def _place(art: _parse.RawArticle, fm: dict[str, str], groups: list[_Group], by_norm: dict[str, int]) -> None:
    """Put a parsed article copy into the group of an earlier copy of the same text, or a new group.

    A copy joins a group when at least half its paragraphs (whitespace- and quote-insensitive) are
    already in that group; ``by_norm`` maps each paragraph seen to its group, so this is linear.
    """
    norms = [normalise(p.text) for p in art.passages if p.kind != "footnote"] or [normalise(p.text) for p in art.passages]
    votes = Counter(by_norm[n] for n in norms if n in by_norm)
    if votes:
        gi, shared = votes.most_common(1)[0]
        if shared * 2 >= len(norms):
            g = groups[gi]
            g.copies.append(art)
            g.overrides.append(fm)
            for n in norms:
                by_norm.setdefault(n, gi)
            return
    groups.append(_Group([art], [fm]))
    for n in norms:
        by_norm.setdefault(n, len(groups) - 1)


def _finish(groups: list[_Group], entries: list[CatalogEntry], warnings: list[str]
            ) -> tuple[list[Article], list[Passage], list[LineFate], list[str]]:
    articles: list[Article] = []
    passages: list[Passage] = []
    fates: list[LineFate] = []
    dup_notes: list[str] = []
    used_ids: set[str] = set()
    for g in groups:
        canon = g.canonical
        lead = next((p.text for p in canon.passages if p.kind != "footnote"), canon.passages[0].text if canon.passages else "")
        entry = entry_for(lead, entries)
        if entry and entry.id in used_ids:
            warnings.append(f"{canon.file}:{canon.first_line}: catalog entry {entry.id!r} already matched another "
                            "article; this one gets an id of its own")
            entry = None
        article = _article(g, canon, entry, used_ids)
        used_ids.add(article.id)
        articles.append(article)
        by_norm: dict[str, str] = {}
        for n, rp in enumerate(canon.passages, start=1):
            pid = f"{article.id}#p{n}"
            by_norm.setdefault(normalise(rp.text), pid)
            passages.append(Passage(pid, article.id, n, rp.kind, rp.section, rp.text,
                                    Provenance(canon.file, rp.line, rp.start, rp.end)))
        for copy in g.copies:
            fates.extend(_copy_fates(copy, copy is canon, article.id, by_norm, warnings))
            if copy is not canon:
                dup_notes.append(f"{copy.file}:{copy.first_line}-{copy.last_line}: duplicate of {article.id} "
                                 f"(canonical copy {canon.file}:{canon.first_line})")
    return articles, passages, fates, dup_notes


def _copy_fates(copy: _parse.RawArticle, is_canon: bool, article_id: str, by_norm: dict[str, str],
                warnings: list[str]) -> list[LineFate]:
    out: list[LineFate] = []
    passage_lines = {p.line: p for p in copy.passages}
    for line, (fate, reason) in copy.fates.items():
        if is_canon or fate in ("boilerplate", "other"):
            out.append(LineFate(copy.file, line, fate, reason, article_id))
            continue
        p = passage_lines.get(line)
        if p is not None and normalise(p.text) not in by_norm:
            warnings.append(f"{copy.file}:{line}: paragraph of a duplicate copy of {article_id} is not in the "
                            "canonical copy; kept only as provenance")
            out.append(LineFate(copy.file, line, "duplicate", f"duplicate copy of {article_id}; paragraph differs "
                                                            "from the canonical copy", article_id))
            continue
        out.append(LineFate(copy.file, line, "duplicate", f"duplicate copy of {article_id}", article_id))
    return out


def _article(g: _Group, canon: _parse.RawArticle, entry: CatalogEntry | None, used: set[str]) -> Article:
    """Merge metadata: front matter over catalog over what the text says (first copy that says it)."""
    fm = next((o for o in g.overrides if o), {})
    text_title = next((c.title for c in g.copies if c.title), None)
    text_authors = next((tuple(c.authors) for c in g.copies if c.authors), ())
    text_date = next(((c.date, c.date_precision) for c in g.copies if c.date), (None, None))
    title = fm.get("title") or (entry.title if entry else None) or text_title
    authors = (tuple(a.strip() for a in re.split(r"\s*(?:;|\band\b|&)\s*", fm["authors"]) if a.strip())
               if fm.get("authors") else (entry.authors if entry and entry.authors else text_authors))
    if fm.get("date"):
        date, precision = parse_iso_date(fm["date"])
        note = None
    elif entry and entry.date:
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


