"""An inspection's notices together: the block on each notice page (its place in the course,
links to the others), the series page ``inspections/<slug>/`` (timeline with each notice's stated
progress, each problem's status over time) and the index ``inspections/``.

Progress is :meth:`Notice.tally` in :mod:`.progress`'s words; a problem's status is what each
notice states (未注明 where it states none).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dates import zh_date, zh_period
from ..labels import INSPECTION_LABELS, KIND_LABELS, STAGE_LABELS, UNSTATED
from ..entry import Entry
from ..model import Inspection
from .. import urls
from ..series import Series, Stage, stage_of
from ..tracks import Track, follow
from ..urls import Urls
from .environment import render
from .progress import progress_text
from .withdrawal import withdrawn_note


@dataclass(frozen=True)
class NoticeLink:
    """A notice of the series, with a link relative to the page it is shown on."""

    title: str
    href: str
    date: dt.date
    kind: str
    stage: Stage
    progress: str | None
    withdrawn: str | None  # 已撤回：<reason>
    current: bool  # the page it is shown on


@dataclass(frozen=True)
class StageView:
    stage: Stage
    label: str
    notices: list[NoticeLink]
    date: dt.date | None = None  # the feedback step's date


@dataclass(frozen=True)
class PointView:
    href: str
    date: dt.date
    status: str  # a PROBLEM_STATUS_LABELS key


@dataclass(frozen=True)
class TrackView:
    title: str
    points: list[PointView]


def series_title(series: Series) -> str:
    """``<issuer>：<round>（<team>）``, as far as the notices state them."""
    return _title(series, series.inspection())


def _title(series: Series, insp: Inspection | None) -> str:
    """:func:`series_title` of ``series`` whose inspection (:meth:`Series.inspection`) is ``insp``."""
    if insp is None:
        return f"{series.issuer.name}：整改通报"
    kind = insp.type.value
    if insp.round and insp.team:
        what = f"{insp.round}（{insp.team}）"
    else:
        what = insp.round or insp.team or ""
        what = what if what.endswith(kind) else what + kind
    return f"{series.issuer.name}：{what}"


def _links(series: Series, here: str, site: Urls, current: str | None = None) -> list[NoticeLink]:
    return [_link(e, here, site, current) for e in series.entries]


def _link(e: Entry, here: str, site: Urls, current: str | None = None) -> NoticeLink:
    return NoticeLink(e.notice.title, site.href(here, e.page), e.notice.published, KIND_LABELS[e.notice.kind],
                      stage_of(e.notice), progress_text(e.notice.tally()), withdrawn_note(e.notice), e.slug == current)


def stages(insp: Inspection | None, links: list[NoticeLink]) -> list[StageView]:
    """反馈 → 整改方案 → 进展 → 完成, each with its notices (a stage may have none yet); ``insp``:
    the series' inspection (:meth:`Series.inspection`)."""
    out = [StageView(Stage.feedback, STAGE_LABELS[Stage.feedback], [], insp.feedback if insp else None)]
    for stage in (Stage.plan, Stage.progress, Stage.complete):
        out.append(StageView(stage, STAGE_LABELS[stage], [link for link in links if link.stage is stage]))
    return out


def _context(series: Series, insp: Inspection | None, here: str, site: Urls, current: str | None = None) -> dict:
    links = _links(series, here, site, current)
    return dict(series=series, title=_title(series, insp), links=links, stages=stages(insp, links),
                series_href=site.href(here, series.page), zh_date=zh_date, stage_labels=STAGE_LABELS)


def series_block(series: Series, entry: Entry, site: Urls) -> str:
    """The notice page's block: its place in the course and links to the other notices."""
    ctx = _context(series, series.inspection(), entry.page, site, entry.slug)
    position = next(i for i, e in enumerate(series.entries, 1) if e.slug == entry.slug)
    return render("_series_block.md.j2", position=position, **ctx)


def track_views(series: Series, here: str, site: Urls) -> tuple[list[TrackView], int]:
    """The problems stated in more than one notice, each with its status in each (linked from the
    page ``here``); and how many problems appear in one notice only."""
    tracks: list[Track] = follow(series.current)
    shown = [TrackView(t.title, [PointView(site.href(here, p.entry.page), p.entry.notice.published,
                                           p.status.value if p.status else UNSTATED) for p in t.points])
             for t in tracks if len(t.points) > 1]
    return shown, sum(len(t.points) == 1 for t in tracks)


def series_page(series: Series, site: Urls) -> str:
    """The Markdown of the series' page ``inspections/<slug>/``."""
    insp = series.inspection()
    tracks, single = track_views(series, series.page, site)
    return render(
        "series.md.j2", insp=insp, period=zh_period(insp.start, insp.end) if insp else "",
        tracks=tracks, single=single, pinned=any(p.id for e in series.current for p in e.notice.all_problems()),
        inspection_labels=INSPECTION_LABELS, issuer_href=site.href(series.page, urls.issuer(series.issuer.slug)),
        feeds=[site.href(series.page, urls.feed(fmt, series.page)) for fmt in urls.FEED_FORMATS],
        **_context(series, insp, series.page, site),
    )


@dataclass(frozen=True)
class SeriesRow:
    title: str
    href: str
    count: int
    latest: NoticeLink
    complete: bool


def series_index(all_series: list[Series], site: Urls) -> str:
    """The Markdown of the page ``inspections/``: every series, newest activity first."""
    rows = []
    for s in all_series:
        latest = _link(s.entries[-1], urls.INSPECTIONS, site)
        rows.append(SeriesRow(series_title(s), site.href(urls.INSPECTIONS, s.page), len(s.entries), latest, s.complete))
    return render("series_index.md.j2", rows=rows, open=sum(not r.complete for r in rows), zh_date=zh_date,
                  stage_labels=STAGE_LABELS)
