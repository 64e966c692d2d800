"""Open data: ``api/notices.json`` (metadata of all), ``api/notices/<year>/<slug>.json`` (one,
full), ``api/schema.json`` (the JSON Schema generated from the model)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from .. import SCHEMA_VERSION, urls
from ..labels import KIND_LABELS
from ..model import Notice
from ..entry import Entry
from ..render.series import series_title
from ..series import Series, by_notice
from ..render.progress import figures, progress_text
from ..render.withdrawal import withdrawn_reason
from ..urls import Urls
from .cache import content_key
from .keep import Keep, kept_parts
from .memo import Memo, memo_call


def json_schema() -> dict[str, Any]:
    schema = Notice.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"noticeboard notice, schema v{SCHEMA_VERSION}"
    return schema


def tally(notice: Notice) -> dict[str, Any] | None:
    """:meth:`Notice.tally` as data. ``basis`` says where the figures come from: ``"stated"``,
    the notice's own totals, a figure it does not state null (``unstated`` too); ``"counted"``,
    counts of its items' stated statuses, with ``unstated`` apart. ``text`` is the pages' wording."""
    t = notice.tally()
    if t is None:
        return None
    return {
        "basis": "stated" if t.stated else "counted",
        "total": t.total, **figures(t), "unstated": None if t.stated else t.unstated,
        "text": progress_text(t),
    }


def series_ref(series: Series | None, site: Urls) -> dict[str, str] | None:
    """What a notice's open data says of its series: slug, title and page."""
    if series is None:
        return None
    return {"slug": series.slug, "title": series_title(series), "url": site.absolute(series.page)}


def summary(entry: Entry, site: Urls, series: dict[str, str] | None = None) -> dict[str, Any]:
    """A notice's metadata; ``series`` is its inspection series' reference
    (:func:`noticeboard.site.inspections.series_ref`), null when it has none."""
    n = entry.notice
    return {
        "slug": entry.slug,
        "url": site.absolute(entry.page),
        "json": site.absolute(urls.api_notice(entry.year, entry.slug)),
        "title": n.title,
        "issuer": {"name": entry.issuer.name, "region": entry.issuer.region, "slug": entry.issuer.slug},
        "published": n.published.isoformat(),
        "updated": n.updated.isoformat() if n.updated else None,
        "kind": n.kind.value,
        "kind_label": KIND_LABELS[n.kind],
        "status": n.status.value,
        "withdrawn_reason": withdrawn_reason(n),
        "inspection_type": n.inspection.type.value if n.inspection else None,
        "tally": tally(n),
        "inspection_series": series,
    }


def full(entry: Entry, site: Urls, series: dict[str, str] | None = None) -> dict[str, Any]:
    data = entry.full_notice().model_dump(mode="json", exclude_none=True, exclude={"review"})
    data["slug"] = entry.slug
    data["issuer"] = {"name": entry.issuer.name, "region": entry.issuer.region, "slug": entry.issuer.slug}
    data["url"] = site.absolute(entry.page)
    # an item's status is there even when the text states none: null, never left to a default
    for item in [*data.get("problems", []), *(p for s in data.get("sections", []) for p in s.get("problems", []))]:
        item.setdefault("status", None)
    data["tally"] = tally(entry.notice)
    data["inspection_series"] = series  # beside the notice's own series: (a slug), when it writes one
    return data


def _write(path: Path, data: Any) -> bytes:
    """``data`` as JSON in ``path``; the bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    path.write_bytes(written)
    return written


def write_notice_data(entry: Entry, site_dir: Path, site: Urls, series: dict[str, str] | None = None) -> bytes:
    """One notice's open-data file, full (``series``: its series' reference); the bytes written."""
    return _write(site_dir / urls.api_notice(entry.year, entry.slug), full(entry, site, series))


def series_refs(series: list[Series], site: Urls, memo: Memo | None = None) -> dict[str, dict[str, str]]:
    """Each notice's series reference, by notice slug (with a ``memo``, a series whose notices
    are as last time is not described again)."""
    refs = {s.slug: memo_call(memo, "series_ref", s.entries, (s.slug, site), partial(series_ref, s, site)) for s in series}
    return {slug: refs[s.slug] for slug, s in by_notice(series).items()}


SUMMARIES = "summaries"  # the build cache's kind: each notice's part of api/notices.json, by its key


def _summaries(entries: list[Entry], site: Urls, refs: dict[str, dict[str, str]], keep: Keep | None) -> list[str]:
    """Each notice's :func:`summary` as JSON; with ``keep``, taken from the build cache where made
    from the same notice (its content key) and series reference as in the last build."""
    def item(e: Entry) -> tuple[str | None, Callable[[], str]]:
        ref = refs.get(e.slug)
        notice = keep.notices.get(e.page) if keep is not None else None
        key = content_key("summary", notice, *(ref.values() if ref else ())) if notice is not None else None
        return key, lambda: json.dumps(summary(e, site, ref), ensure_ascii=False, separators=(",", ":"))

    return kept_parts(keep.store if keep is not None else None, SUMMARIES, map(item, entries))


def write_listing(path: Path, head: dict[str, Any], name: str, parts: list[str]) -> None:
    """``{**head, name: [the parts]}`` in ``path`` as :func:`_write` writes it, each part already
    JSON made as it does (a part is kept in the build cache as its text)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    start = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    path.write_text(start + f',"{name}":[' + ",".join(parts) + "]}\n", encoding="utf-8")


def write_opendata(entries: list[Entry], site_dir: Path, site: Urls, series: list[Series] = (), *, each: bool = True,
                   keep: Keep | None = None) -> int:
    """Write the JSON files; return how many. ``series`` are the inspection series of
    ``entries``: each notice names its own, and ``api/inspections.json`` lists them. ``each``:
    also each notice's own file (:func:`write_notice_data`; a build with lean entries has its
    workers write those, :mod:`noticeboard.mkdocs_plugin.prerender`). ``keep``: each notice's
    part of ``api/notices.json`` is taken from the build cache where it is made from the same."""
    refs = series_refs(series, site)
    _write(site_dir / urls.API_SCHEMA, json_schema())
    write_listing(site_dir / urls.API_NOTICES, {"schema_version": SCHEMA_VERSION, "count": len(entries)}, "notices",
                  _summaries(entries, site, refs, keep))
    if each:
        for e in entries:
            write_notice_data(e, site_dir, site, refs.get(e.slug))
    return len(entries) + 2
