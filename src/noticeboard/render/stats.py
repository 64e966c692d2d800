"""The page ``stats/``: each figure of :mod:`noticeboard.figures` as a chart (SVG, :mod:`.charts`)
with its data table beside it, readable without script and printable; links to the same figures
as CSV and JSON under ``api/``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dates import zh_date
from ..figures import Figure, figures
from ..entry import Entry
from ..urls import API_STATS, STATS, Urls, stats_csv
from .charts import chart_svg
from .environment import render


@dataclass(frozen=True)
class FigureView:
    figure: Figure
    svg: str
    csv: str  # link relative to the page
    total: tuple[int, ...] | None  # the 合计 row (None where a sum means nothing)


def stats_page(entries: list[Entry], today: dt.date, site: Urls) -> str:
    """The Markdown of ``stats/`` for the entries a build shows, on ``today``."""
    views = []
    for i, fig in enumerate(figures(entries)):
        total = tuple(sum(r.values[c] for r in fig.rows) for c in range(len(fig.columns))) if fig.rows else None
        views.append(FigureView(fig, chart_svg(fig, f"nb-fig-{i}") if fig.rows else "", site.href(STATS, stats_csv(fig.key)), total))
    counted = sum(1 for e in entries if e.notice.status.value != "withdrawn")
    return render("stats.md.j2", views=views, today=today, zh_date=zh_date, count=counted, api=site.href(STATS, API_STATS))
