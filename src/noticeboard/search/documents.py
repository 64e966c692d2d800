"""What the search index sees of a notice: :class:`SearchDoc`, built by :func:`search_doc`.

The caller decides which notices are searchable (only published ones: drafts are never passed
in); this module only flattens one notice into plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..labels import KIND_LABELS


@dataclass(frozen=True)
class SearchDoc:
    """One searchable notice."""

    url: str  # site-relative, e.g. "notices/2021/slug/"
    title: str
    date: str  # ISO date of publication
    issuer: str  # issuer name
    issuer_slug: str
    region: str | None
    kind: str  # e.g. "progress"
    kind_label: str  # e.g. "整改进展情况通报"
    inspection_type: str | None  # 巡视 / 巡察
    statuses: tuple[str, ...]  # problem statuses present (done / in_progress / long_term)
    progress: str | None  # e.g. "8/25"
    text: str  # everything searchable except title and issuer; paragraphs separated by "\n"


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_MARK = re.compile(r"(^|\n)\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+)")
_EMPH = re.compile(r"(\*\*|__|\*|`)")
_BLANK = re.compile(r"\n\s*\n+")


def plain(markdown: str | None) -> str:
    """Markdown to plain text, roughly: links keep their text, markup and tags go."""
    if not markdown:
        return ""
    text = _LINK.sub(r"\1", markdown)
    text = _TAG.sub("", text)
    text = _MARK.sub(r"\1", text)
    text = _EMPH.sub("", text)
    return _BLANK.sub("\n", text).strip()


def _enum(value) -> str:
    return getattr(value, "value", value)


def search_doc(entry) -> SearchDoc:
    """Flatten a :class:`noticeboard.project.Entry` into a :class:`SearchDoc`."""
    n = entry.notice
    parts: list[str] = []
    if n.doc_number:
        parts.append(n.doc_number)
    if n.inspection:
        parts += [x for x in (n.inspection.round, n.inspection.team) if x]
    parts.append(plain(n.summary))
    for section in n.sections:
        parts.append(section.heading)
        parts.append(plain(section.body))
    # problems mostly restate the sections' text: index (and ship) only the lines they add
    body = "\n".join(parts)
    for p in n.all_problems():
        lines = [p.category, p.title, *plain(p.measures).split("\n"), p.leader, p.person, p.department, p.deadline]
        parts += [x for x in lines if x and x not in body]
    c = n.contact
    if c:
        parts += [x for x in (c.invitation, c.address, c.postcode, c.person, c.hours) if x]
        parts += list(c.phones) + list(c.emails)
    for a in n.attachments:
        parts.append(a.title)
    text = "\n".join(p for p in parts if p)
    statuses = tuple(sorted({_enum(p.status) if p.status else "unstated" for p in n.all_problems()}))
    kind = _enum(n.kind)
    return SearchDoc(
        url=entry.url,
        title=n.title,
        date=n.published.isoformat(),
        issuer=entry.issuer.name,
        issuer_slug=entry.issuer.slug,
        region=entry.issuer.region,
        kind=kind,
        kind_label=KIND_LABELS.get(kind, kind),
        inspection_type=_enum(n.inspection.type) if n.inspection else None,
        statuses=statuses,
        progress=f"{n.progress.done}/{n.progress.total}" if n.progress and n.progress.total is not None and n.progress.done is not None else None,
        text=text,
    )
