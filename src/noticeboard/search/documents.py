"""What the search index sees of a notice: :class:`SearchDoc`, built by :func:`search_doc`.

The caller decides which notices are searchable (only published ones: drafts are never passed
in); this module only flattens one notice into plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..labels import KIND_LABELS
from ..model import Notice, Problem
from ..render.progress import present_statuses, progress_text
from ..render.withdrawal import withdrawn_note
from ..urls import Urls


@dataclass(frozen=True)
class SearchDoc:
    """One searchable notice."""

    url: str  # the notice page's link from the site's root (noticeboard.urls.Urls.link), e.g. "notices/2021/slug/"
    title: str
    date: str  # ISO date of publication
    issuer: str  # issuer name
    issuer_slug: str
    region: str | None
    kind: str  # e.g. "progress"
    kind_label: str  # e.g. "整改进展情况通报"
    inspection_type: str | None  # 巡视 / 巡察
    statuses: tuple[str, ...]  # statuses present (done / in_progress / long_term / unstated), from Notice.tally()
    progress: str | None  # in words, e.g. "共 25 个问题，已完成 8 个"
    text: str  # everything searchable except title and issuer; paragraphs separated by "\n"
    withdrawn: str | None = None  # e.g. "已撤回：<reason>" for a withdrawn notice


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_MARK = re.compile(r"(^|\n)\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+)")
_EMPH = re.compile(r"(\*\*|__|\*|`)")
_BLANK = re.compile(r"\n\s*\n+")


def plain(markdown: str | None) -> str:
    """Markdown to plain text, roughly: links keep their text, markup and tags go."""
    if not markdown:
        return ""
    text = markdown  # each pattern only where the character it starts with is (most text has none)
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "#" in text or ">" in text or "-" in text or "*" in text or "+" in text:
        text = _MARK.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text:
        text = _EMPH.sub("", text)
    if "\n" in text:
        text = _BLANK.sub("\n", text)
    return text.strip()


def paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


#: a measures paragraph at least this long (characters, spaces aside) that the body already
#: holds is a copy; a shorter one ("已完成。") may stand in both by chance and is kept
COPY_MIN = 20


def _squeezed(text: str) -> str:
    return "".join(plain(text).split())


def unshown_measures(notice: Notice) -> Callable[[Problem], list[str]]:
    """An item's measures, paragraph by paragraph, less those the summary or a section body
    already holds: the one rule by which the page shows, and the index holds, each text once,
    even when a file still repeats an item's text in the body."""
    shown = "\n".join(_squeezed(t) for t in [notice.summary or "", *(s.body for s in notice.sections)])

    def copied(paragraph: str) -> bool:
        text = _squeezed(paragraph)
        return len(text) >= COPY_MIN and text in shown

    def measures(problem: Problem) -> list[str]:
        return [p for p in paragraphs(problem.measures) if not copied(p)]

    return measures


def _enum(value) -> str:
    return getattr(value, "value", value)


def search_doc(entry, site: Urls) -> SearchDoc:
    """Flatten a :class:`noticeboard.project.Entry` into a :class:`SearchDoc`, linked as ``site`` links."""
    n = entry.full_notice()
    parts: list[str] = []
    if n.doc_number:
        parts.append(n.doc_number)
    if n.inspection:
        parts += [x for x in (n.inspection.round, n.inspection.team) if x]
    parts.append(plain(n.summary))
    # each item's text once, where the page shows it; a category shared by several items once
    measures = unshown_measures(n)
    categories: set[str] = set()

    def items(problems: list[Problem]) -> None:
        for p in problems:
            if p.category and p.category not in categories:
                categories.add(p.category)
                parts.append(p.category)
            parts.extend([p.title, *map(plain, measures(p)), p.leader, p.person, p.department, p.deadline])

    for section in n.sections:
        parts.append(section.heading)
        parts.append(plain(section.body))
        items(section.problems)
    items(n.problems)
    c = n.contact
    if c:
        parts += [x for x in (c.invitation, c.address, c.postcode, c.person, c.hours) if x]
        parts += list(c.phones) + list(c.emails)
    for a in n.attachments:
        parts.append(a.title)
    text = "\n".join(p for p in parts if p)
    tally = n.tally()
    kind = _enum(n.kind)
    return SearchDoc(
        url=site.link(entry.page),
        title=n.title,
        date=n.published.isoformat(),
        issuer=entry.issuer.name,
        issuer_slug=entry.issuer.slug,
        region=entry.issuer.region,
        kind=kind,
        kind_label=KIND_LABELS.get(kind, kind),
        inspection_type=_enum(n.inspection.type) if n.inspection else None,
        statuses=present_statuses(n),
        progress=progress_text(tally),
        text=text,
        withdrawn=withdrawn_note(n),
    )
