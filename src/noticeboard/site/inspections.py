"""Open data of the inspection series: ``api/inspections.json``, each series with its inspection
facts, its notices in order (stage, stated progress) and each problem's status over time. A
notice's own open data names its series (:func:`noticeboard.site.opendata.series_ref`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import SCHEMA_VERSION
from ..series import Series, stage_of
from ..tracks import follow
from ..urls import API_INSPECTIONS, Urls
from .cache import code_key, content_key
from .keep import Keep, kept_parts
from .opendata import series_ref, tally, write_listing


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


PARTS = "series-data"  # the build cache's kind: each series' part of api/inspections.json, by its key


def _key(series: Series, site: Urls, notices) -> str | None:
    """What a series' data is made from (its notices by their content keys), or None."""
    keys = [notices.get(e.page) for e in series.entries]
    if None in keys:
        return None
    return content_key("series data", code_key(), site.absolute(series.page), series.slug, str(series.pinned), *keys)


def write_series_data(series: list[Series], site_dir: Path, site: Urls, keep: Keep | None = None) -> int:
    """Write ``api/inspections.json``; return how many files (1). ``keep``: each series' part is
    taken from the build cache when made from the same notices as in the last build."""
    def item(s: Series) -> tuple[str | None, Callable[[], str]]:
        key = _key(s, site, keep.notices) if keep is not None else None
        return key, lambda: json.dumps(series_data(s, site), ensure_ascii=False, separators=(",", ":"))

    parts = kept_parts(keep.store if keep is not None else None, PARTS, map(item, series))
    write_listing(site_dir / API_INSPECTIONS, {"schema_version": SCHEMA_VERSION, "count": len(series)}, "inspections", parts)
    return 1
