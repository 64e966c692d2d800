"""How far a notice says it has rectified, in words: the one wording of :meth:`Notice.tally`
used wherever it is shown (notice page, listings, feeds, open data, search results, facets).

Stated totals (``progress:``) are given in the notice's terms, only the figures it states
("共 25 个问题，已完成 20 个"); without them, the items' stated statuses are counted, with the
unstated ones beside them ("已完成 3 项，未注明 13 项（共 16 项）"). A zero count is left out, so
a notice whose items state no status never shows 推进中.
"""

from __future__ import annotations

from ..labels import PROBLEM_STATUS_LABELS, PROGRESS_LABELS
from ..model import Notice, Tally


def figures(t: Tally) -> dict[str, int | None]:
    """``{status: figure}`` for done, in_progress, long_term."""
    return {"done": t.done, "in_progress": t.in_progress, "long_term": t.long_term}


def progress_text(t: Tally | None) -> str | None:
    """The progress in words, or None when there is nothing to state."""
    if t is None:
        return None
    if t.stated:
        parts = [f"共 {t.total} 个问题"] if t.total is not None else []
        parts += [f"{PROGRESS_LABELS[s]} {n} 个" for s, n in figures(t).items() if n is not None]
        return "，".join(parts) or None
    parts = [f"{PROBLEM_STATUS_LABELS[s]} {n} 项" for s, n in figures(t).items() if n]
    if t.unstated:
        parts.append(f"{PROBLEM_STATUS_LABELS['unstated']} {t.unstated} 项")
    return "，".join(parts) + f"（共 {t.total} 项）"


def present_statuses(notice: Notice) -> tuple[str, ...]:
    """The statuses a notice has items in (the 整改状态 facet), as its YAML holds them: a status
    with a figure above 0 in :meth:`Notice.tally` or stated by an item; ``unstated`` when an
    item states none or the stated totals leave some over (``total`` minus the figures stated)."""
    t = notice.tally()
    if t is None:
        return ()
    items = {p.status.value if p.status else "unstated" for p in notice.all_problems()}
    found = [s for s, n in figures(t).items() if n or s in items]
    left = t.total - sum(n or 0 for n in figures(t).values()) if t.stated and t.total is not None else 0
    if "unstated" in items or left > 0:
        found.append("unstated")
    return tuple(found)
