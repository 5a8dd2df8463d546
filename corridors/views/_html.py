"""Small HTML helpers for views: escape every data string first, then add markup around offsets."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def safe_colour(value: Any, default: str = "#777777") -> str:
    """A CSS colour from a data file, only if it is a plain #hex value."""
    return value if isinstance(value, str) and _COLOUR.match(value) else default


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Return `text` escaped, with each (start, end, css class) span wrapped in <mark>.

    Offsets refer to the raw text; pieces are escaped one by one so offsets stay right. Overlapping spans
    are merged into the first one.
    """
    out: list[str] = []
    pos = 0
    for start, end, css in sorted((s, e, c) for s, e, c in spans if 0 <= s < e <= len(text)):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="{html.escape(css)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def term_spans(text: str, query: str | None, css: str = "q") -> list[tuple[int, int, str]]:
    """Spans of the search words (3+ letters, case-insensitive, word starts) in `text`."""
    if not query:
        return []
    words = [w for w in re.findall(r"\w+", query) if len(w) >= 3]
    spans = []
    for w in words:
        for m in re.finditer(r"\b" + re.escape(w) + r"\w*", text, flags=re.IGNORECASE):
            spans.append((m.start(), m.end(), css))
    return spans


def swatch_css(key: str, colour: str, *, dimmed: bool = False) -> str:
    """A CSS rule that draws a colour swatch before the label of the widget with session key `key` (Streamlit
    gives its container the class ``st-key-<key>``): no extra element per row. Key and colour are sanitised."""
    css_key = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    return (f'[data-testid="stSidebar"] .st-key-{css_key} label::before {{ content: ""; flex: 0 0 1.6em; '
            f"height: 0.45em; margin: 0.55em 0.6rem 0 0; border-radius: 2px; background: {safe_colour(colour)}; "
            f"opacity: {0.3 if dimmed else 1.0}; }}")


CSS = """
<style>
mark.ev { background: #ffe08a; padding: 0 1px; }
mark.actor { background: #d8ecff; padding: 0 1px; }
mark.date { background: #e4f5dc; padding: 0 1px; }
mark.q { background: #ffc6c6; padding: 0 1px; }
.ca-quote { border-left: 4px solid var(--ca-colour, #999); padding: 0.2rem 0.8rem; margin: 0.2rem 0 0.4rem 0;
            font-size: 0.98rem; line-height: 1.5; }
.ca-badge { display: inline-block; font-size: 0.75rem; font-weight: 600; border-radius: 0.6rem;
            padding: 0 0.5rem; margin-bottom: 0.2rem; }
.ca-badge.ca-primary { background: #1b5e20; color: #fff; }
.ca-badge.ca-mention { background: #e0e0e0; color: #333; }
.ca-badge.ca-none { background: #fff; color: #666; border: 1px solid #bbb; }
.ca-badge.ca-reviewed { background: #fff3e0; color: #8a4b00; border: 1px solid #e0a050; margin-left: 0.3rem; }
.ca-meta { color: #555; font-size: 0.85rem; }
.ca-source { color: rgba(49, 51, 63, 0.6); font-size: 0.8rem; margin-top: 0.2rem; }
.ca-card { border-top: 1px solid rgba(49, 51, 63, 0.2); padding-top: 0.9rem; overflow-wrap: anywhere; }
.ca-context p { margin: 0 0 0.6rem 0; font-size: 0.92rem; }
.ca-context p.ca-here { background: #fff6d6; border-left: 4px solid #e0a800; padding: 0.3rem 0.6rem; }
.ca-legend { font-size: 0.85rem; color: #444; }
</style>
"""
