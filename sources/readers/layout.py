"""Plain-text layout: lines with offsets, hard-wrap detection and paragraph blocks.

A paragraph is a blank-line-separated block. In a hard-wrapped file (lines broken at a fixed width, as in
newsletters, e-mail and reprints) consecutive lines of one block are one paragraph when the first line is
"full" (its next word would not have fitted on it); a line that is short for the width, a header line
(date, byline), a chrome line or a heading stands alone. In a file that is not hard-wrapped (one paragraph
per line, as in most scrapes) every line is its own block.

A block's raw span is ``text[start:end]`` (line breaks included); its display text is :func:`flow` of
the span: lines stripped and joined with single spaces, a line-end hyphen between letters joined
without a space (``Nagorno-`` + ``Karabakh`` → ``Nagorno-Karabakh``; likewise an en or em dash).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sources.readers import Block

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINAL = tuple(".!?:;…\"”’)]")
_SENTENCE_END = tuple(".!?…\"”")
_BULLET = re.compile(r"\s*(?:[-*•–+]|\d{1,3}[.)])\s+\S")
MAX_WRAP_WIDTH = 160
_DASHES = ("-", "\u2010", "\u2013", "\u2014")  # hyphen, Unicode hyphen, en dash, em dash


@dataclass(slots=True)
class Line:
    """One line: 1-based number, offsets of its content (line break excluded), content."""

    no: int
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into lines with their character offsets (``\\r\\n``, ``\\r`` and ``\\n`` all break)."""
    lines: list[Line] = []
    for no, m in enumerate(_LINE.finditer(text), start=1):
        raw = m.group(0)
        if not raw and m.start() >= len(text):
            break
        body = raw.rstrip("\r\n")
        lines.append(Line(no, m.start(), m.start() + len(body), body))
        if m.end() >= len(text):
            break
    return lines


def flow(span: str) -> str:
    """The display text of a raw span: lines stripped and joined by one space (hyphen breaks joined)."""
    out = ""
    for part in (p.strip() for p in re.split(r"\r\n|\r|\n", span)):
        if not part:
            continue
        if len(out) > 1 and out.endswith(_DASHES) and out[-2].isalpha() and part[0].isalpha():
            out += part
        else:
            out = f"{out} {part}" if out else part
    return out


def wrap_width(lines: list[Line]) -> int | None:
    """The width a file is hard-wrapped at, or None when it is not hard-wrapped.

    Looks at lines followed by another non-blank line (the candidates for a wrapped line): the file is
    hard-wrapped when their 90th-percentile length is at most :data:`MAX_WRAP_WIDTH`, at least half of them
    are near that width and at least half break mid-sentence (no closing punctuation).
    """
    cands = [lines[i].text.rstrip() for i in range(len(lines) - 1)
             if lines[i].text.strip() and lines[i + 1].text.strip()]
    if len(cands) < 2:
        return None
    lengths = sorted(len(c) for c in cands)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 30 <= width <= MAX_WRAP_WIDTH:
        return None
    near = sum(1 for n in lengths if n >= 0.6 * width) / len(lengths)
    mid = sum(1 for c in cands if not c.endswith(_TERMINAL)) / len(cands)
    return width if near >= 0.5 and mid >= 0.5 else None


def _first_word(s: str) -> str:
    parts = s.split()
    return parts[0] if parts else ""


def blank_separated(lines: list[Line]) -> bool:
    """Whether blank lines separate the paragraphs of this text (at least one blank line per four others)."""
    nonblank = sum(1 for ln in lines if ln.text.strip())
    return nonblank > 0 and (len(lines) - nonblank) / nonblank >= 0.25


def _continues(prev: Line, nxt: Line, width: int | None, local: int, separated: bool,
               standalone: Callable[[str], bool]) -> bool:
    """Whether ``nxt`` continues the paragraph ``prev`` belongs to (see the module docstring).

    ``width`` is the file's wrap width (None when not hard-wrapped), ``local`` the longest line of the
    blank-line-separated run; ``separated`` says blank lines separate paragraphs in this file.
    """
    p, n = prev.text.rstrip(), nxt.text
    if standalone(p.strip()) or standalone(n.strip()) or _BULLET.match(n):
        return False
    need = len(p) + 1 + len(_first_word(n))
    if not separated:
        if width is None or len(n) - len(n.lstrip()) > len(p) - len(p.lstrip()):
            return False  # not wrapped, or a first-line indent opens a paragraph
        return need > width and (not p.endswith(_SENTENCE_END) or len(p) >= width - 5)
    if len(p) > (MAX_WRAP_WIDTH if width is None else 1.2 * width):
        return False  # a paragraph or headline on one long line (longer than the file wraps at), not a wrapped line
    if p.endswith(_SENTENCE_END):
        return need > 0.9 * (width or local)
    return need > 0.85 * min(width or local, local)


_JOINING_WORDS = frozenset("a an the and or of to in on at for with by from as via than nor but".split())


def ends_mid_phrase(line: str) -> bool:
    """Whether a line ends on a word or mark that the next line must continue ("… to", "… and", "…,")."""
    s = line.rstrip()
    return not s or s.endswith((",", "&", "/", "(", *_DASHES)) or s.split()[-1].lower() in _JOINING_WORDS



def _ends_run(lines: list[Line], i: int, standalone: Callable[[str], bool]) -> bool:
    """Whether line ``i`` is the last of its run: the end, a blank line or a standalone line follows."""
    if i + 1 >= len(lines):
        return True
    nxt = lines[i + 1].text.strip()
    return not nxt or standalone(nxt)


def plain_blocks(text: str, standalone: Callable[[str], bool], lines: list[Line] | None = None,
                 tail: Callable[[str], bool] | None = None) -> list[Block]:
    """Cut plain text into paragraph blocks (see the module docstring).

    ``tail``: a line it accepts that ends its run (a blank line, a standalone line or the end follows) stands
    alone unless the line above ends on a joining word or mark or, in a hard-wrapped file, fills the width: a
    headline does not absorb the byline name or label printed under it.
    """
    lines = split_lines(text) if lines is None else lines
    width = wrap_width(lines)
    separated = blank_separated(lines)
    blocks: list[Block] = []
    run: list[Line] = []

    def flush() -> None:
        if run:
            first, last = run[0], run[-1]
            start = first.start + len(first.text) - len(first.text.lstrip())
            end = last.start + len(last.text.rstrip())
            blocks.append(Block(first.no, last.no, start, end, flow(text[start:end])))
            run.clear()

    local = 0
    for i, ln in enumerate(lines):
        if not ln.text.strip():
            flush()
            continue
        if not run:
            j = i
            while j < len(lines) and lines[j].text.strip():
                j += 1
            local = max(len(x.text.rstrip()) for x in lines[i:j])
        elif not _continues(run[-1], ln, width, local, separated, standalone) or (
                tail is not None and (width is None or len(run[-1].text.rstrip()) < 0.85 * width)
                and tail(ln.text.strip()) and not ends_mid_phrase(run[-1].text) and _ends_run(lines, i, standalone)):
            flush()
        run.append(ln)
    flush()
    return blocks
