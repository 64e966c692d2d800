"""The page of one notice: front matter, title, metadata table, body, problems, contact card."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import urls
from ..urls import Urls
from ..dates import zh_date, zh_period
from ..labels import FIELD_LABELS, INSPECTION_LABELS, KIND_LABELS
from ..model import Status
from ..entry import Entry
from ..search.documents import unshown_measures
from .environment import render
from .listing import Link
from .markup import to_plain
from .progress import progress_text
from .review import review_flags


@dataclass(frozen=True)
class MetaRow:
    label: str
    value: str
    href: str | None = None


def metadata_rows(entry: Entry, site: Urls) -> list[MetaRow]:
    n = entry.notice
    rows = [
        MetaRow(FIELD_LABELS["issuer"], entry.issuer.name, site.href(entry.page, urls.issuer(entry.issuer.slug))),
        MetaRow(FIELD_LABELS["published"], zh_date(n.published)),
    ]
    if n.updated:
        rows.append(MetaRow(FIELD_LABELS["updated"], zh_date(n.updated)))
    rows.append(MetaRow(FIELD_LABELS["kind"], KIND_LABELS[n.kind], site.href(entry.page, urls.kind(n.kind.value))))
    if n.doc_number:
        rows.append(MetaRow(FIELD_LABELS["doc_number"], n.doc_number))
    if n.index_code:
        rows.append(MetaRow(FIELD_LABELS["index_code"], n.index_code))
    insp = n.inspection
    if insp:
        rows.append(MetaRow(INSPECTION_LABELS["type"], insp.type.value))
        if insp.round:
            rows.append(MetaRow(INSPECTION_LABELS["round"], insp.round))
        if insp.team:
            rows.append(MetaRow(insp.type.value + "组", insp.team))
        if insp.start or insp.end:
            rows.append(MetaRow(insp.type.value + "时间", zh_period(insp.start, insp.end)))
        if insp.feedback:
            rows.append(MetaRow(INSPECTION_LABELS["feedback"], zh_date(insp.feedback)))
    progress = progress_text(n.tally())
    if progress:
        rows.append(MetaRow(FIELD_LABELS["progress"], progress))
    return rows


def keywords(entry: Entry) -> list[str]:
    """The notice's keywords for portals and crawlers: its issuer, kind and inspection, as it states them."""
    n, insp = entry.notice, entry.notice.inspection
    words = [entry.issuer.name, KIND_LABELS[n.kind]]
    if insp:
        words += [insp.type.value] + ([insp.round] if insp.round else []) + ([insp.team] if insp.team else [])
    return list(dict.fromkeys(" ".join(w.replace(",", " ").split()) for w in words))


def notice_markdown(entry: Entry, today: dt.date, site: Urls, *, preview: bool = False, series_block: str = "") -> str:
    """The Markdown source of a notice page, its links as ``site`` places them; ``series_block``
    is its place among the notices of its inspection
    (:func:`noticeboard.render.series.series_block`), if it has one."""
    n = entry.full_notice()
    contact = n.contact
    closed = bool(contact and contact.closed_on(today))
    return render(
        "notice.md.j2",
        n=n,
        entry=entry,
        series_block=series_block,
        rows=metadata_rows(entry, site),
        attachments=[Link(a.title, site.href(entry.page, a.file)) for a in n.attachments],
        progress=progress_text(n.tally()),
        measures=unshown_measures(n),
        contact=contact,
        closed=closed,
        withdrawn=n.status is Status.withdrawn,
        draft=n.status is Status.draft,
        scheduled=n.status is Status.scheduled,
        flags=review_flags(n) if preview else [],
        zh_date=zh_date,
        kind_label=KIND_LABELS[n.kind],
        keywords=keywords(entry),
        description=" ".join((to_plain(n.summary) or n.title).split())[:120],
    )
