"""A loaded notice with what the site needs around it: its file, its slug, its issuer's listing
slug. Made by :func:`noticeboard.project.load_project`; read by everything that builds the site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import urls
from .model import Notice, Status


@dataclass(frozen=True)
class IssuerInfo:
    """An issuer with the slug of its listing page."""

    slug: str
    name: str
    region: str | None = None


@dataclass(frozen=True)
class Entry:
    """One valid notice with what the site needs around it."""

    notice: Notice
    source: str  # path relative to the project root, e.g. notices/2021/x.yml
    slug: str
    issuer: IssuerInfo
    #: a lean entry (:mod:`noticeboard.stash`): ``notice`` lacks the section bodies and the items'
    #: measures; the full notice lies at ``(offset, length)`` of the build's stash, or in the
    #: build cache under this key
    stashed: tuple[int, int] | str | None = None

    def full_notice(self) -> Notice:
        """The notice with all its text, for its page, its open data and its search document."""
        if self.stashed is not None:
            raise ValueError(f"{self.source}: a lean entry holds no body text; read it back with Stash.full() first")
        return self.notice

    @property
    def year(self) -> int:
        return self.notice.published.year

    @property
    def page(self) -> str:
        """Its page (:mod:`noticeboard.urls`), e.g. ``notices/2021/<slug>.md``."""
        return urls.notice(self.year, self.slug)

    @property
    def is_draft(self) -> bool:
        return self.notice.status is Status.draft

    @property
    def is_scheduled(self) -> bool:
        return self.notice.status is Status.scheduled

    def due(self, today: dt.date) -> bool:
        """A scheduled notice whose date has come (it goes out with the next build)."""
        return self.is_scheduled and self.notice.published <= today
