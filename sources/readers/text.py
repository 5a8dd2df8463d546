"""Readers for plain text (``.txt``) and Markdown (``.md``, YAML front matter through PyYAML).

Offsets point into the decoded file (BOM removed), so slicing it at a block's span gives the raw words
back; see :mod:`sources.readers.layout` for what a block's display text is.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from sources import _parse
from sources._dates import parse_iso_date
from sources.readers import Block, Document, Meta, ReadError, sha256
from sources.readers.decode import decode_bytes, is_binary
from sources.readers.layout import Line, flow, plain_blocks, split_lines

_FENCE = re.compile(r"-{3,}\s*")
_FM_END = re.compile(r"(?:-{3,}|\.{3})\s*")
_PLAIN_PAIR = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:\s+(?P<value>.+)")
TITLE_KEYS = ("title", "headline")
AUTHOR_KEYS = ("author", "authors", "byline")
DATE_KEYS = ("date", "published", "pubdate", "publication_date", "date_published")
PUBLISHER_KEYS = ("publisher", "source", "outlet", "site", "site_name", "sitename", "publication")
URL_KEYS = ("url", "link", "canonical", "canonical_url", "source_url")


def _decode(p: Path, shown: str, raw: bytes) -> tuple[str, str, dict[int, tuple[str, str]], list[str]]:
    if is_binary(raw):
        raise ReadError(shown, None, "binary file (not text), skipped")
    dec = decode_bytes(raw)
    return dec.text, dec.encoding, {}, list(dec.warnings(shown))


def read_plain_text(p: Path, shown: str, raw: bytes) -> Document:
    """Read a ``.txt`` file: decoded text cut into paragraph blocks (hard-wrapped paragraphs joined)."""
    text, enc, fates, warnings = _decode(p, shown, raw)
    blocks = plain_blocks(text, _parse.starts_own_block, tail=_parse.header_tail)
    return Document(shown, "txt", text, tuple(blocks), sha256(raw), len(raw), enc, line_fates=fates,
                    warnings=tuple(warnings))


# -- front matter --------------------------------------------------------------------------------
def _front_matter_lines(lines: list[Line]) -> int:
    """The number of lines the front matter occupies (fences included), 0 if none, -1 if never closed."""
    if not lines or not _FENCE.fullmatch(lines[0].text):
        return 0
    for ln in lines[1:]:
        if _FM_END.fullmatch(ln.text):
            return ln.no
    return -1


def _compose(shown: str, yaml_text: str, first_line: int) -> tuple[list[tuple[str, int, object]], list[str]]:
    """Parse YAML into ``(key, line, value)`` pairs, reporting duplicate keys; raises yaml.YAMLError."""
    node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    if node is None:
        return [], []
    if not isinstance(node, yaml.MappingNode):
        return [], [f"{shown}:{first_line}: front matter is not a 'key: value' mapping; ignored"]
    loader = yaml.SafeLoader("")
    pairs: list[tuple[str, int, object]] = []
    seen: dict[str, int] = {}
    problems: list[str] = []
    for knode, vnode in node.value:
        line = knode.start_mark.line + first_line
        key = str(knode.value).strip().lower()
        if key in seen:
            problems.append(f"{shown}:{line}: duplicate front matter key {key!r} (first at line {seen[key]}); "
                            "the first value is used")
            continue
        seen[key] = line
        try:
            value = loader.construct_object(vnode, deep=True)
        except (ValueError, yaml.YAMLError):  # e.g. a timestamp-shaped 2025-13-40: keep the words
            value = vnode.value if isinstance(vnode, yaml.ScalarNode) else None
        pairs.append((key, line, value))
    return pairs, problems


def _salvage(shown: str, body: list[Line]) -> tuple[list[tuple[str, int, object]], list[str]]:
    """Front matter YAML that does not parse as a whole: parse it line by line, reporting each bad line."""
    pairs: list[tuple[str, int, object]] = []
    problems: list[str] = []
    for ln in body:
        s = ln.text.strip()
        if not s or s.startswith("#"):
            continue
        try:
            got, probs = _compose(shown, ln.text, ln.no)
        except yaml.YAMLError:
            got, probs = [], []
        m = _PLAIN_PAIR.fullmatch(s)
        if not got and m:  # not YAML (e.g. an '@' or '`' first): take the words as they are
            value = m.group("value").strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            got = [(m.group("key").lower(), ln.no, value)]
        if not got:
            problems.append(f"{shown}:{ln.no}: front matter line is not 'key: value': {s[:60]!r}")
        pairs += got
        problems += probs
    return pairs, problems


def _authors(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    if isinstance(value, dict):
        return _authors(value.get("name"))
    return tuple(a.strip() for a in re.split(r"\s*(?:;|\band\b|&)\s*", str(value)) if a.strip())


def _scalar(value: object) -> str | None:
    if value is None or isinstance(value, (list, dict)):
        return None
    s = str(value).strip()
    return s or None


def _date(shown: str, line: int, value: object, problems: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    m = re.match(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}", s)
    s = m.group(1) if m else s
    try:
        return parse_iso_date(s)[0]
    except ValueError as exc:
        parsed = _parse.parse_date_line(s)
        if parsed:
            return parsed[0]
        problems.append(f"{shown}:{line}: front matter date: {exc}")
        return None


def parse_front_matter(shown: str, lines: list[Line]) -> tuple[Meta, int, list[str]]:
    """Read YAML front matter between ``---`` fences: metadata, lines used, problems (``path:line: …``).

    ``null`` is unknown, a list is several authors, a repeated key is reported (the first one wins),
    YAML that does not parse is reported and salvaged line by line; the article text is still ingested.
    """
    n = _front_matter_lines(lines)
    if n == 0:
        return Meta(), 0, []
    if n < 0:
        return Meta(), 0, [f"{shown}:1: front matter opened with '---' is never closed; read as text"]
    body = lines[1:n - 1]
    try:
        pairs, problems = _compose(shown, "\n".join(ln.text for ln in body), 2)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{shown}:{mark.line + 2}" if mark else f"{shown}:1"
        problems = [f"{where}: front matter is not valid YAML ({getattr(exc, 'problem', None) or exc})"]
        pairs, more = _salvage(shown, body)
        problems += more
    got: dict[str, object] = {}
    lines_of: dict[str, int] = {}
    for key, line, value in pairs:
        for field, keys in (("title", TITLE_KEYS), ("authors", AUTHOR_KEYS), ("date", DATE_KEYS),
                            ("publisher", PUBLISHER_KEYS), ("url", URL_KEYS)):
            if key in keys and field not in got:
                got[field], lines_of[field] = value, line
    date = _date(shown, lines_of.get("date", 1), got.get("date"), problems)
    meta = Meta(_scalar(got.get("title")), _authors(got.get("authors")), date, _scalar(got.get("publisher")),
                _scalar(got.get("url")))
    return meta, n, problems


# -- Markdown body ---------------------------------------------------------------------------------
_MD = MarkdownIt("commonmark").enable("table")


def render_inline(children: list | None) -> str:
    """Plain text of a Markdown inline token list: emphasis, link and image markup dropped, soft breaks
    as spaces; inline HTML is kept as the literal words of the source (it is escaped wherever shown)."""
    parts: list[str] = []
    for t in children or []:
        if t.type in ("text", "code_inline", "html_inline"):
            parts.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return flow("".join(parts))


def render_markdown(span: str) -> str:
    """The display text of a Markdown span (what :func:`markdown_blocks` gives its blocks; a table row
    is its cells joined by `` | ``)."""
    row = span.strip()
    if "\n" not in row and row.startswith("|") and row.endswith("|"):
        return " | ".join(" ".join(c.split()) for c in row.strip("|").split("|"))
    return " ".join(flow(t.content if t.type != "inline" else render_inline(t.children))
                    for t in _MD.parse(span) if t.type in ("inline", "fence", "code_block") and t.content.strip())


def _span(lines: list[Line], a: int, b: int) -> tuple[int, int, int, int]:
    """Offsets of lines ``a``..``b-1`` (0-based, as markdown-it maps them), trimmed of outer blanks."""
    sel = [ln for ln in lines[a:b] if ln.text.strip()] or lines[a:a + 1]
    first, last = sel[0], sel[-1]
    return (first.no, last.no, first.start + len(first.text) - len(first.text.lstrip()),
            last.start + len(last.text.rstrip()))


def markdown_blocks(text: str, lines: list[Line]) -> list[Block]:
    """Cut Markdown into blocks with markdown-it: headings, paragraphs, list items, quotes, table rows,
    code, images, raw HTML and rules, each with its line span and rendered text."""
    blocks: list[Block] = []
    stack: list = []  # the open container tokens
    for t in _MD.parse(text.replace("\r\n", "\n").replace("\r", "\n")):
        if t.nesting == 1:
            stack.append(t)
        elif t.nesting == -1:
            stack.pop()
        if t.type == "inline" and stack:
            types = [s.type for s in stack]
            parent = stack[-1]
            kind = _inline_kind(t, parent.type, types)
            pmap = parent.map
            if parent.type in ("th_open", "td_open"):
                kind = "table"
                pmap = next((s.map for s in reversed(stack) if s.type == "tr_open"), pmap)
            if kind == "heading" and parent.tag == "h1":
                kind = "title"
            if pmap:
                _add(blocks, lines, pmap, render_inline(t.children), kind)
        elif t.type in ("fence", "code_block", "html_block", "hr") and t.map:
            kind = {"fence": "code", "code_block": "code", "html_block": "html", "hr": "rule"}[t.type]
            _add(blocks, lines, t.map, flow(t.content) if kind == "code" else t.content.strip(), kind)
    return _merge_table_cells(blocks)


def _inline_kind(t, parent: str, stack: list[str]) -> str:
    if parent == "heading_open":
        return "heading"
    kids = [c for c in t.children or [] if c.type not in ("softbreak", "hardbreak") and
            not (c.type == "text" and not c.content.strip())]
    if kids and all(c.type == "image" for c in kids):
        return "image"
    if "list_item_open" in stack:
        return "item"
    if "blockquote_open" in stack:
        return "quote"
    return "text"


def _add(blocks: list[Block], lines: list[Line], pmap: list[int], text: str, kind: str) -> None:
    a, b = pmap
    if a >= len(lines):
        return
    first, last, start, end = _span(lines, a, b)
    blocks.append(Block(first, last, start, end, text, kind))


def _merge_table_cells(blocks: list[Block]) -> list[Block]:
    """Cells of one table row come as one block each: join them into one row block."""
    out: list[Block] = []
    for b in blocks:
        if b.kind == "table" and out and out[-1].kind == "table" and out[-1].line == b.line:
            prev = out.pop()
            b = Block(prev.line, prev.last_line, prev.start, prev.end, f"{prev.text} | {b.text}".strip(" |"), "table")
        out.append(b)
    return out


def read_markdown(p: Path, shown: str, raw: bytes) -> Document:
    """Read a ``.md`` file: YAML front matter as metadata, the body cut into Markdown blocks."""
    text, enc, fates, warnings = _decode(p, shown, raw)
    lines = split_lines(text)
    meta, n_fm, problems = parse_front_matter(shown, lines)
    for no in range(1, n_fm + 1):
        fates[no] = ("kept", "front matter")
    body = "".join("\n" if i < n_fm else text[ln.start:(lines[i + 1].start if i + 1 < len(lines) else len(text))]
                   for i, ln in enumerate(lines))
    blocks = markdown_blocks(body, lines)
    return Document(shown, "md", text, tuple(blocks), sha256(raw), len(raw), enc, meta=meta,
                    single_article=n_fm > 0, line_fates=fates, problems=tuple(problems), warnings=tuple(warnings))
