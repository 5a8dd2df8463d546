"""Reader for saved web pages (``.html``/``.htm``): main text and metadata with trafilatura, offline.

The text layer is the page's main content, one block per paragraph, heading, list item, quote or table
row, separated by blank lines; navigation, footers, share bars, "related" blocks and comments are left
out by trafilatura (its XML output keeps the structure). Metadata: title, author(s), date (htmldate,
original publication date preferred), site name and canonical URL.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from sources._dates import MONTH_ABBREVIATIONS, MONTHS
from sources._header import masthead
from sources.readers import Block, Document, Meta, ReadError, sha256
from sources.readers.decode import Decoded, decode_bytes, is_binary

log = logging.getLogger(__name__)
_KINDS = {"p": "text", "item": "item", "quote": "quote", "row": "table", "code": "code", "head": "heading"}
_STAMP = re.compile(r"<!-- corridors-add url=(?P<url>\S+) fetched=(?P<when>\S+) -->")  # see corridors.add
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def _html_text(raw: bytes) -> Decoded:
    """Decode page bytes: a BOM or ``<meta charset>`` decides, else UTF-8 (line by line on errors: the lines
    that were not valid are in ``bad_lines``, reported by the caller)."""
    m = _CHARSET.search(raw[:4096])
    if m and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        charset = m.group(1).decode("ascii")
        try:
            return Decoded(raw.decode(charset), charset.lower())
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(raw)


def _clean(s: str) -> str:
    return " ".join(s.split())


def _units(main) -> list[tuple[str, str]]:
    """(kind, text) for each structural unit of trafilatura's ``<main>`` element, in order."""
    out: list[tuple[str, str]] = []
    for el in main.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            out.append(("title" if el.get("rend") == "h1" else "heading", _clean("".join(el.itertext()))))
        elif tag == "p" and el.getparent() is not None and el.getparent().tag not in ("item", "cell"):
            out.append(("quote" if el.getparent().tag == "quote" else "text", _clean("".join(el.itertext()))))
        elif tag == "item":
            out.append(("item", _clean(" ".join(t for t in el.itertext()))))
        elif tag == "row":
            out.append(("table", " | ".join(_clean("".join(c.itertext())) for c in el if c.tag == "cell")))
        elif tag in ("quote", "code") and not any(c.tag == "p" for c in el):
            out.append((_KINDS[tag], _clean("".join(el.itertext()))))
    return [(k, t) for k, t in out if t]


def layer_from_units(units: list[tuple[str, str]]) -> tuple[str, list[Block]]:
    """Join units into a text layer (blank line between units) and the blocks pointing into it."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos, line = 0, 1
    for kind, text in units:
        blocks.append(Block(line, line, pos, pos + len(text), text, kind))
        parts.append(text)
        pos += len(text) + 2
        line += 2
    return "\n\n".join(parts) + ("\n" if parts else ""), blocks


def _title(title: str | None, site: str | None) -> str | None:
    if not title:
        return None
    for sep in (" | ", " – ", " — ", " - ", " :: "):
        head, _, tail = title.rpartition(sep)
        if head and (not site or site.lower().replace("www.", "") in tail.lower().replace(" ", "")
                     or len(tail.split()) <= 3):
            return head.strip()
    return title.strip()


def _extract(trafilatura, html: str) -> str | None:
    """trafilatura's XML of the page's main content with metadata (publication date preferred)."""
    return trafilatura.extract(html, output_format="xml", with_metadata=True, include_comments=False,
                               include_tables=True, include_images=False, include_links=False,
                               favor_recall=True, date_extraction_params={"original_date": True,
                                                                           "extensive_search": True})


def _page_date(found: str, html: str, main_text: str) -> str | None:
    """The page's date, only as precise as the page shows it.

    htmldate (through dateparser) completes a partial date with a default day or month ("October 2025" can
    come back as 2025-10-<today's day> or as 2025-01-01). A day written nowhere on the page (ISO, slashed,
    compact, "14 October 2025" or "Oct. 14, 2025") is dropped; so is a month the page never names with
    its year, and a year the article's own text never mentions (htmldate's fallback 2000-01-01).
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", found)
    if not m:
        return found or None
    y, mo, d = m.groups()
    names = f"(?:{MONTHS[int(mo) - 1]}|{MONTH_ABBREVIATIONS[int(mo) - 1]}\\.?)"
    day = rf"0?{int(d)}(?:st|nd|rd|th)?"
    day_shown = (rf"{y}-{mo}-{d}|{y}/{mo}/{d}|\b{y}{mo}{d}\b|\b{day}\s+(?:of\s+)?{names},?\s+{y}"
                 rf"|{names}\s+{day},?\s+{y}|\b0?{int(d)}[./]0?{int(mo)}[./]{y}|\b0?{int(mo)}/0?{int(d)}/{y}")
    if re.search(day_shown, html, re.IGNORECASE):
        return found
    month_shown = rf"{y}-{mo}\b|{y}/{mo}\b|\b{names}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+{y}"
    if re.search(month_shown, html, re.IGNORECASE):
        return f"{y}-{mo}"
    return y if re.search(rf"\b{y}\b", main_text) else None


def read_html(p: Path, shown: str, raw: bytes) -> Document:
    """Read a saved web page into a text layer of its main content plus its metadata.

    Raises
    ------
    ReadError
        When trafilatura finds no main text in the page.
    """
    import trafilatura
    from lxml import etree

    if is_binary(raw):
        raise ReadError(shown, None, "binary file (not a web page), skipped")
    decoded = _html_text(raw)
    html = decoded.text
    stamp = _STAMP.match(html)
    try:
        xml = _extract(trafilatura, html)
    except Exception as exc:  # trafilatura/lxml raise assorted errors on damaged markup
        raise ReadError(shown, None, f"cannot parse the web page ({type(exc).__name__}: {exc})") from None
    if not xml:
        raise ReadError(shown, None, "no main text found in the web page (navigation or scripts only?)")
    root = etree.fromstring(xml.encode("utf-8"))

    main = root.find("main")
    units = _units(main) if main is not None else []
    if not any(k in ("text", "item", "quote", "table") for k, _ in units):
        raise ReadError(shown, None, "no main text found in the web page (navigation or scripts only?)")
    site = root.get("sitename")
    title = _title(root.get("title"), site)
    first = next((t for k, t in units if k == "title"), None)
    if first and len(first) <= 250:
        title = first
    if title and masthead(title):  # a section or site label in the page's title slot ("World"), not a headline
        title = None
    authors = tuple(a for a in (a.strip(" ·•|-–—") for a in re.split(r";|\|", root.get("author") or ""))
                    if a and not masthead(a))
    date = _page_date((root.get("date") or "")[:10], html, "".join(main.itertext()) if main is not None else "")
    text, blocks = layer_from_units(units)
    meta = Meta(title, authors, date, site, root.get("url") or (stamp.group("url") if stamp else None))
    return Document(shown, "html", text, tuple(blocks), sha256(raw), len(raw), decoded.encoding, derived=True,
                    meta=meta, single_article=True, warnings=decoded.warnings(shown))
