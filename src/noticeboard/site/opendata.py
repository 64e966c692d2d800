"""Open data: ``api/notices.json`` (metadata of all), ``api/notices/<year>/<slug>.json`` (one,
full), ``api/schema.json`` (the JSON Schema generated from the model)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import SCHEMA_VERSION
from ..labels import KIND_LABELS
from ..model import Notice
from ..project import Entry
from ..render.notice import problem_counts


def json_schema() -> dict[str, Any]:
    schema = Notice.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"noticeboard notice, schema v{SCHEMA_VERSION}"
    return schema


def summary(entry: Entry, site_url: str) -> dict[str, Any]:
    n = entry.notice
    done, total = problem_counts(n)
    return {
        "slug": entry.slug,
        "url": site_url + entry.url,
        "json": f"{site_url}api/notices/{entry.year}/{entry.slug}.json",
        "title": n.title,
        "issuer": {"name": entry.issuer.name, "region": entry.issuer.region, "slug": entry.issuer.slug},
        "published": n.published.isoformat(),
        "updated": n.updated.isoformat() if n.updated else None,
        "kind": n.kind.value,
        "kind_label": KIND_LABELS[n.kind.value],
        "status": n.status.value,
        "inspection_type": n.inspection.type.value if n.inspection else None,
        "progress": {"done": done, "total": total} if total else None,
    }


def full(entry: Entry, site_url: str) -> dict[str, Any]:
    data = entry.notice.model_dump(mode="json", exclude_none=True, exclude={"review"})
    data["slug"] = entry.slug
    data["issuer"] = {"name": entry.issuer.name, "region": entry.issuer.region, "slug": entry.issuer.slug}
    data["url"] = site_url + entry.url
    return data


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def write_opendata(entries: list[Entry], site_dir: Path, site_url: str) -> int:
    """Write the JSON files; return how many."""
    site_url = site_url.rstrip("/") + "/" if site_url else "/"
    api = site_dir / "api"
    _write(api / "schema.json", json_schema())
    _write(api / "notices.json", {"schema_version": SCHEMA_VERSION, "count": len(entries),
                                  "notices": [summary(e, site_url) for e in entries]})
    for e in entries:
        _write(api / "notices" / str(e.year) / f"{e.slug}.json", full(e, site_url))
    return len(entries) + 2
