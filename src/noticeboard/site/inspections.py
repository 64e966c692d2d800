"""Open data of the inspection series: ``api/inspections.json``, each series with its inspection
facts, its notices in order (stage, stated progress) and each problem's status over time. A
notice's own open data names its series (:func:`noticeboard.site.opendata.series_ref`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import SCHEMA_VERSION
from ..series import Series, stage_of
from ..tracks import follow
from ..urls import API_INSPECTIONS, Urls
from .opendata import series_ref, tally


def series_data(series: Series, site: Urls) -> dict[str, Any]:
    insp = series.inspection()
    return {
        **series_ref(series, site),
        "issuer": {"name": series.issuer.name, "slug": series.issuer.slug},
        "inspection": insp.model_dump(mode="json", exclude_none=True) if insp else None,
        "complete": series.complete,
        "notices": [{
            "slug": e.slug, "url": site.absolute(e.page), "title": e.notice.title, "published": e.notice.published.isoformat(),
            "kind": e.notice.kind.value, "stage": stage_of(e.notice).value, "status": e.notice.status.value,
            "tally": tally(e.notice),
        } for e in series.entries],
        # each problem as the notices state it; status null where a notice states none
        "problems": [{
            "title": t.title, "id": t.id,
            "statuses": [{"notice": p.entry.slug, "published": p.entry.notice.published.isoformat(), "title": p.problem.title,
                          "status": p.status.value if p.status else None} for p in t.points],
        } for t in follow(series.current)],
    }


def write_series_data(series: list[Series], site_dir: Path, site: Urls) -> int:
    """Write ``api/inspections.json``; return how many files (1)."""
    path = site_dir / API_INSPECTIONS
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"schema_version": SCHEMA_VERSION, "count": len(series), "inspections": [series_data(s, site) for s in series]}
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return 1
