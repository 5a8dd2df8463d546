"""Render a static briefing map (PNG, SVG, PDF) of route layers, notes and numbered citations.

matplotlib + geopandas, offline and deterministic. The caller (``corridors.export``) decides what is
shown and passes plain data in a :class:`MapSpec`; the page is laid out by `geo.print_layout` (title block,
citation columns, a Lambert conformal conic extent centred on what is shown), the map frame drawn by
`geo.print_draw` with the shared style (`geo.style`, as the web map), its labels placed by `geo.print_labels`
so they never collide. This module is the public face: `map_figures`, `render_map`, `render_bytes`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geo.print_draw import draw_citation_list, draw_footer, draw_header, draw_map
from geo.print_layout import (
    MARGIN,
    Layout,
    Measure,
    citation_groups,
    fill_columns,
    line_h,
    map_view_bounds,
    note_in_view,
    page_layout,
    view_test,
)
from geo.print_spec import FORMATS, SIZES, MapCitation, MapNote, MapSpec, line_style, short_name
from geo.style import colour

__all__ = ["SIZES", "FORMATS", "MapCitation", "MapNote", "MapSpec", "citation_groups", "line_style",
           "map_view_bounds", "note_in_view", "view_test", "map_figures", "render_map", "render_bytes",
           "short_name"]


def _figure(w: float, h: float, dpi: float) -> Figure:
    fig = Figure(figsize=(w, h), dpi=dpi, facecolor=colour("ink", "halo"))
    FigureCanvasAgg(fig)
    return fig


def map_figures(spec: MapSpec, *, dpi: float = 150, paged: bool = False) -> list[Figure]:
    """Lay out the map page (and, when ``paged`` and the list did not fit, continuation pages of citations).

    Parameters
    ----------
    spec
        What to draw.
    dpi
        Dots per inch for raster output and text measurement.
    paged
        PDF: put the full citation list on following pages instead of "and N more".

    Returns
    -------
    list[Figure]
        The first page, then any citation pages.
    """
    m = Measure(dpi)
    lay = page_layout(spec, m, paged=paged)
    fig = _figure(lay.width, lay.height, dpi)
    draw_header(fig, lay)
    draw_footer(fig, spec, lay)
    draw_map(fig, spec, lay)
    figs = [fig]
    if spec.citations:
        more_text = (f"… and {lay.more} more (full list on page 2)" if paged else f"… and {lay.more} more")
        draw_citation_list(fig, lay.cite_cols, lay, lay.cite_top, heading="Sources (numbers are keyed to the map)",
                            more=lay.more, more_text=more_text)
    if paged and lay.more:
        figs += _citation_pages(spec, lay, m, dpi)
    return figs


def _citation_pages(spec: MapSpec, lay: Layout, m: Measure, dpi: float) -> list[Figure]:
    items = [(label, m.wrap(text, lay.cite_col_w - lay.num_w, lay.cite_size))
             for label, text in citation_groups(spec.citations)]
    ncol = len(lay.cite_cols)
    usable = lay.height - 2 * MARGIN - line_h(12) - line_h(8) - 0.4
    max_lines = int(usable / line_h(lay.cite_size))
    pages = []
    page_no = 2
    while items:
        cols, more = fill_columns(items, ncol, max_lines)
        placed = len(items) - more
        fig = _figure(lay.width, lay.height, dpi)
        top = lay.height - MARGIN
        fig.text(MARGIN / lay.width, top / lay.height, f"{spec.title} — sources (page {page_no})", ha="left",
                 va="top", fontsize=12, fontweight="bold", color=colour("ink", "text"))
        draw_citation_list(fig, cols, lay, top - line_h(12) - 0.1, heading="Sources", more=0, more_text="")
        draw_footer(fig, spec, lay)
        pages.append(fig)
        items = items[placed:] if placed else []
        page_no += 1
    return pages


_RC: dict[RcKeyType, Any] = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "corridor-atlas"}


def render_map(spec: MapSpec, out: str | Path | BinaryIO, *, fmt: str | None = None, dpi: float = 150) -> None:
    """Render ``spec`` to a PNG, SVG or PDF file (or binary file object).

    Parameters
    ----------
    spec
        What to draw.
    out
        Path or writable binary file object.
    fmt
        ``png``, ``svg`` or ``pdf``; defaults to the path's extension.
    dpi
        Dots per inch (PNG pixel size is the page size in inches × dpi).
    """
    if fmt is None:
        fmt = Path(out).suffix.lower().lstrip(".") if isinstance(out, (str, Path)) else "png"
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r} (use {', '.join(FORMATS)})")
    figs = map_figures(spec, dpi=dpi, paged=(fmt == "pdf"))
    with matplotlib.rc_context(_RC):
        if fmt == "pdf":
            from matplotlib.backends.backend_pdf import PdfPages

            with PdfPages(out, metadata={"Title": spec.title, "Creator": "Corridor Atlas",
                                         "CreationDate": None}) as pdf:
                for f in figs:
                    pdf.savefig(f)
        else:
            meta = {"Date": None} if fmt == "svg" else {}
            figs[0].savefig(out, format=fmt, dpi=dpi, metadata=meta)


def render_bytes(spec: MapSpec, fmt: str, *, dpi: float = 150) -> bytes:
    """Render ``spec`` and return the file's bytes (for download buttons)."""
    buf = io.BytesIO()
    render_map(spec, buf, fmt=fmt, dpi=dpi)
    return buf.getvalue()
