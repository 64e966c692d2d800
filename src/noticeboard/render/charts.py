"""Charts as SVG written at build time, placed in the page itself: no script, no request, nothing
to load. Horizontal bars (one row per year or kind, so a phone's width holds them), a value at
each bar's end, a legend when there are several columns.

Colours are CSS classes (``nb-chart__c0`` …) that ``noticeboard.css`` fills from the site's own
colours, in both schemes; each bar contrasts at least 3:1 with the page (WCAG 1.4.11) and the
segments of a stacked bar are parted by a gap of the page's colour. Every text is escaped; the
figures and labels come from :mod:`noticeboard.figures` (numbers, years, the site's labels).
The data table beside each chart is what a screen reader reads: the chart is ``role="img"`` with
a title and a short description.
"""

from __future__ import annotations

import unicodedata

from ..figures import Figure, Row
from .escape import html

WIDTH = 360
FONT = 13  # px, in the SVG's own units (the SVG is shown about 1:1 on a phone)
ROW_GAP = 10
BAR = 16  # height of a single bar
PAIR_BAR = 12  # height of each bar of a group
VALUE_ROOM = 52  # room for the value after the longest bar
LEGEND = 22
SHARE_REST, SHARE_PART = 3, 2  # a share's colours: the rest (blue), the part (grey, like 未注明)


def text_width(text: str) -> float:
    """About how wide ``text`` is at :data:`FONT`: a wide (CJK) character is a full em."""
    return sum(FONT if unicodedata.east_asian_width(c) in "WF" else FONT * 0.6 for c in text)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _segments(fig: Figure, row: Row) -> list[tuple[int, float]]:
    """``(colour, value)`` of each bar piece of a stacked or share row."""
    values = [row.values[0] - row.values[1], row.values[1]] if fig.chart == "share" else list(row.values)
    return list(zip(_colours(fig), values))


def chart_svg(fig: Figure, ident: str) -> str:
    """The figure as an SVG (``ident`` makes its element ids unique on the page)."""
    label_w = max((text_width(r.label) for r in fig.rows), default=0) + 8
    plot_w = WIDTH - label_w - VALUE_ROOM
    grouped = fig.chart == "bars" and len(fig.columns) > 1
    legend = len(fig.columns) > 1
    if fig.chart == "share":
        top = 100.0
    elif fig.chart == "stacked":
        top = max((sum(r.values) for r in fig.rows), default=0)
    else:
        top = max((max(r.values) for r in fig.rows), default=0)
    scale = plot_w / top if top else 0
    row_h = (PAIR_BAR * len(fig.columns) + 2 * (len(fig.columns) - 1)) if grouped else BAR
    y = LEGEND if legend else 4
    parts: list[str] = []
    for row in fig.rows:
        mid = y + row_h / 2
        parts.append(f'<text x="{label_w - 8:.1f}" y="{mid:.1f}" text-anchor="end" dominant-baseline="central">{html(row.label)}</text>')
        if grouped:
            for i, value in enumerate(row.values):
                by = y + i * (PAIR_BAR + 2)
                w = value * scale
                parts.append(f'<rect class="nb-chart__c{i}" x="{label_w:.1f}" y="{by:.1f}" width="{w:.1f}" height="{PAIR_BAR}"/>')
                parts.append(f'<text x="{label_w + w + 4:.1f}" y="{by + PAIR_BAR / 2:.1f}" dominant-baseline="central">{_fmt(value)}</text>')
        elif fig.chart == "bars":
            w = row.values[0] * scale
            parts.append(f'<rect class="nb-chart__c0" x="{label_w:.1f}" y="{y:.1f}" width="{w:.1f}" height="{BAR}"/>')
            parts.append(f'<text x="{label_w + w + 4:.1f}" y="{mid:.1f}" dominant-baseline="central">{_fmt(row.values[0])}</text>')
        else:
            total = row.values[0] if fig.chart == "share" else sum(row.values)
            unit = (100 / total if total else 0) if fig.chart == "share" else 1
            x = label_w
            for colour, value in _segments(fig, row):
                w = value * unit * scale
                if w > 0:
                    parts.append(f'<rect class="nb-chart__c{colour} nb-chart__part" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{BAR}"/>')
                x += w
            share = fig.share(row) if fig.chart == "share" else None
            end = f"{share}%" if share is not None else _fmt(total)
            parts.append(f'<text x="{x + 4:.1f}" y="{mid:.1f}" dominant-baseline="central">{end}</text>')
        y += row_h + ROW_GAP
    height = y - ROW_GAP + 4
    parts.insert(0, f'<line class="nb-chart__axis" x1="{label_w:.1f}" y1="{(LEGEND if legend else 4) - 2}" x2="{label_w:.1f}" y2="{height - 2:.1f}"/>')
    if legend:
        parts[:0] = _legend(fig)
    desc = "；".join(f"{r.label}：" + "，".join(f"{c.label}{_fmt(v)}" for c, v in zip(fig.columns, r.values)) for r in fig.rows)
    return (f'<svg class="nb-chart" role="img" aria-labelledby="{ident}-t {ident}-d" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{ident}-t">{html(fig.title)}</title><desc id="{ident}-d">{html(desc)}</desc>'
            + "".join(parts) + "</svg>")


def _legend(fig: Figure) -> list[str]:
    out, x = [], 0.0
    for colour, name in zip(_colours(fig), fig.legend or tuple(c.label for c in fig.columns)):
        out.append(f'<rect class="nb-chart__c{colour}" x="{x:.1f}" y="3" width="11" height="11"/>')
        out.append(f'<text x="{x + 15:.1f}" y="8.5" dominant-baseline="central">{html(name)}</text>')
        x += 15 + text_width(name) + 12
    return out


def _colours(fig: Figure) -> list[int]:
    """The colour of each piece: the columns' in order; a share's whole-minus-part and part."""
    return [SHARE_REST, SHARE_PART] if fig.chart == "share" else list(range(len(fig.columns)))
