"""The figures of ``stats/`` as open data: ``api/stats.json`` (every figure, with its labels and
notes) and ``api/stats/<figure>.csv`` (one table each, a header of keys, one row per year or
kind). The same :mod:`noticeboard.figures` the page charts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from .. import SCHEMA_VERSION
from ..dates import today
from ..figures import Figure, figures
from ..entry import Entry
from ..urls import API_STATS, Urls, stats_csv

SHARE_KEY = "percent"  # a share figure's extra column: the part's percentage of the whole


def _records(fig: Figure) -> list[dict[str, Any]]:
    out = []
    for row in fig.rows:
        record: dict[str, Any] = {fig.category.key: row.key, **{c.key: v for c, v in zip(fig.columns, row.values)}}
        if fig.chart == "share":
            record[SHARE_KEY] = fig.share(row)
        out.append(record)
    return out


def figure_data(fig: Figure, site: Urls) -> dict[str, Any]:
    """A figure as ``api/stats.json`` holds it; ``csv``, its table's full URL (as the other open data's URLs)."""
    columns = [{"key": fig.category.key, "label": fig.category.label}] + [{"key": c.key, "label": c.label} for c in fig.columns]
    if fig.chart == "share":
        columns.append({"key": SHARE_KEY, "label": "占比（%）"})
    labels = {str(r.key): r.label for r in fig.rows} if fig.category.key != "year" else None
    return {"key": fig.key, "title": fig.title, "note": fig.note or None, "columns": columns, "rows": _records(fig),
            "labels": labels, "csv": site.absolute(stats_csv(fig.key))}


def figure_csv(fig: Figure) -> str:
    buf = io.StringIO()
    records = _records(fig)
    keys = [fig.category.key] + [c.key for c in fig.columns] + ([SHARE_KEY] if fig.chart == "share" else [])
    writer = csv.DictWriter(buf, fieldnames=keys, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
    return buf.getvalue()


def write_stats(entries: list[Entry], site_dir: Path, site: Urls) -> int:
    """Write ``api/stats.json`` and a CSV per figure; return how many files."""
    figs = figures(entries)
    for fig in figs:
        path = site_dir / stats_csv(fig.key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(figure_csv(fig), encoding="utf-8")
    data = {"schema_version": SCHEMA_VERSION, "as_of": today().isoformat(), "figures": [figure_data(f, site) for f in figs]}
    (site_dir / API_STATS).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(figs) + 1
