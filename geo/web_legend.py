"""The web map's legend: every mode, status and node kind of ``geo/style.toml``, drawn with the map's own styles.

The samples are inline SVG drawn with the very Leaflet options the map's paths get (`geo.web_map`), so the
legend cannot drift from the map. Every label is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from geo import style as geo_style

#: The mode whose width the legend's status samples use.
LEGEND_STATUS_MODE = "road"


def legend_css() -> str:
    """The legend's styles (shared by the map control and the sidebar copy; the map control adds a box)."""
    ink, muted = geo_style.colour("ink", "text"), geo_style.colour("ink", "muted_web")
    return f"""
.ca-legend {{ font: 12px/1.35 system-ui, sans-serif; color: {ink}; }}
.ca-legend summary {{ cursor: pointer; font-weight: 600; }}
.ca-legend .ca-cols {{ display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: flex-start; margin-top: 3px; }}
.ca-legend h4 {{ margin: 0 0 2px 0; padding: 0; font-size: 11px; font-weight: 600; color: {muted};
                text-transform: uppercase; letter-spacing: 0.03em; }}
.ca-legend .ca-row {{ display: flex; align-items: center; gap: 6px; white-space: nowrap; min-height: 17px; }}
.ca-legend svg {{ flex: none; }}
.ca-legend .ca-note {{ margin-top: 3px; color: {muted}; font-size: 11px; white-space: normal; }}
"""


def _line_sample(styles: Sequence[Mapping[str, Any]], width: int = 46) -> str:
    """An inline SVG of a segment's strokes (casing first), with the options its map paths get."""
    def line(st: Mapping[str, Any]) -> str:
        dash = f' stroke-dasharray="{html.escape(str(st["dashArray"]))}"' if st.get("dashArray") else ""
        return (f'<line x1="3" y1="7" x2="{width - 3}" y2="7" stroke="{html.escape(str(st["color"]))}" '
                f'stroke-width="{st["weight"]:g}" stroke-opacity="{st["opacity"]:g}" '
                f'stroke-linecap="{st.get("lineCap", "round")}"{dash}/>')
    return f'<svg width="{width}" height="14" aria-hidden="true">{"".join(line(s) for s in styles)}</svg>'


def _node_sample(style: Mapping[str, Any]) -> str:
    r = style["radius"]
    size = int(2 * r + 4)
    return (f'<svg width="{size}" height="{size}" aria-hidden="true"><circle cx="{size / 2:g}" cy="{size / 2:g}" '
            f'r="{r:g}" fill="{html.escape(style["fillColor"])}" fill-opacity="{style["fillOpacity"]:g}" '
            f'stroke="{html.escape(style["color"])}" stroke-width="{style["weight"]:g}"/></svg>')


def _row(sample: str, label: str) -> str:
    return f'<div class="ca-row">{sample}{html.escape(label)}</div>'


def legend_html(*, collapsible: bool = True, open_: bool = False, status_date: str | None = None) -> str:
    """The map legend: every mode, status and node kind of `geo/style.toml`, drawn with the map's own styles.

    Mode samples are operational lines (sea: its own dotted pattern); status samples use the
    `LEGEND_STATUS_MODE` width. Colours are neutral: each route's colour is in the sidebar's layer list.
    Style it with `legend_css` inside an element of class ``ca-legend``.

    Parameters
    ----------
    collapsible
        Wrap it in ``<details>`` with a "Legend" summary (the map control); else a plain block (sidebar).
    open_
        Whether the ``<details>`` starts open.
    status_date
        The date the map shows (ISO), when it is not today: the status column says so.
    """
    from geo.web_map import node_style_leaflet, segment_paths

    labels = geo_style.legend_labels()
    grey = geo_style.colour("ink", "legend_sample")
    mode_rows = [_row(_line_sample(segment_paths({"mode": mode, "status": "operational"}, grey)), label)
                 for mode, label in labels["mode"].items()]
    status_rows = [_row(_line_sample(segment_paths({"mode": LEGEND_STATUS_MODE, "status": status}, grey)[-1:]),
                        label) for status, label in labels["status"].items()]
    node_rows = [_row(_node_sample(node_style_leaflet(kind)), label) for kind, label in labels["node"].items()]
    faded = segment_paths({"mode": LEGEND_STATUS_MODE, "status": "operational"}, grey, dimmed=True)[-1:]
    status_head = f"Status on {html.escape(status_date)}" if status_date else "Status"
    cols = "".join(f"<div><h4>{title}</h4>{''.join(rows)}</div>"
                   for title, rows in (("Mode", mode_rows), (status_head, status_rows), ("Nodes", node_rows)))
    body = (f'<div class="ca-cols">{cols}</div>'
            f'<div class="ca-note ca-row">{_line_sample(faded, width=30)} faded: no passage matches the filters'
            "</div>")
    if status_date:
        body += (f'<div class="ca-note ca-asof">Map as of {html.escape(status_date)}: each segment with the status it '
                 "had then; segments not yet proposed are hidden.</div>")
    if not collapsible:
        return body
    return f'<details{" open" if open_ else ""}><summary>Legend</summary>{body}</details>'


class Legend(MacroElement):
    """A Leaflet control holding fixed HTML (the legend); clicks and scrolls on it do not reach the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create("div", "ca-legend");
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, legend: str, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = legend
        self.position = position
