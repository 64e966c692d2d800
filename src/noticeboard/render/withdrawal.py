"""A withdrawn notice keeps its URL and is marked 已撤回, with the reason, wherever it is listed:
listings, the home page, search results, feeds and open data all take the mark from here."""

from __future__ import annotations

from ..labels import STATUS_LABELS
from ..model import Notice, Status

WITHDRAWN = STATUS_LABELS[Status.withdrawn]


def withdrawn_reason(notice: Notice) -> str | None:
    """Why the notice was withdrawn; None unless it is withdrawn ("" if no reason is given)."""
    if notice.status is not Status.withdrawn:
        return None
    return notice.withdrawn_reason or ""


def withdrawn_note(notice: Notice) -> str | None:
    """``已撤回：<reason>`` for a withdrawn notice, else None."""
    reason = withdrawn_reason(notice)
    if reason is None:
        return None
    return f"{WITHDRAWN}：{reason}" if reason else WITHDRAWN
