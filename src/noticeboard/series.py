"""One inspection, one series: the notices an inspected organisation publishes about the same
inspection (plan, progress reports, final report) grouped, in date order, with each notice's
stage (反馈 → 整改方案 → 进展 → 完成).

**The key.** The inspected organisation is the notice's issuer; the inspection is told by its
facts, strongest first: the feedback date (an organisation is given one inspection's feedback on
one day), the inspection's start and end dates, its round, its team. Two notices of one issuer and
one inspection type are of the same inspection when the strongest fact they both state is the
same (weaker ones may be spelled differently: 市委第二巡察组 / 市委巡察二组). A notice matching two
different inspections of its issuer, or none it can be told apart by, stays on its own (the
check notes the first case). Inference never joins notices of different issuers.

**Where inference fails** (the issuer renamed between notices, a notice stating no inspection
facts) a reviewer writes ``series: <slug>`` on the notices: notices with the same ``series:`` are
one series, and a notice naming an inferred series' slug joins it. :func:`conflicts` reports a
``series:`` that joins notices whose facts contradict (another inspection type, another feedback,
start or end date).

**The slug** of an inferred series is ``<issuer slug>-<date>``, the date being the feedback date
(else the start, the end, the first notice's date): it does not change when later notices join.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from enum import Enum
from collections.abc import Callable, Iterable
from functools import partial, wraps
from typing import TypeVar

from . import urls
from .entry import Entry
from .model import Inspection, InspectionType, Kind, Notice, Status, Tally
from .site.memo import Memo, memo_call

R = TypeVar("R")


class Stage(str, Enum):
    """A notice's place in its inspection's course; ``feedback`` is the inspection's own step."""

    feedback = "feedback"
    plan = "plan"
    progress = "progress"
    complete = "complete"


#: the facts that tell an inspection, strongest first
FACTS = ("feedback", "start", "end", "round", "team")
#: facts that, when two notices of one ``series:`` both state them and differ, are a conflict
DECISIVE = ("type", "feedback", "start", "end")


def states_completion(tally: Tally | None) -> bool:
    """Whether the notice's figures say every problem is dealt with: each done or, by its nature,
    kept up for the long term (长期坚持); none in progress, none unstated. Only the figures
    count, never the title's wording."""
    if tally is None or not tally.total:
        return False
    if tally.stated:
        return (tally.done or 0) + (tally.long_term or 0) == tally.total and not tally.in_progress
    return tally.unstated == 0 and tally.in_progress == 0


def stage_of(notice: Notice) -> Stage:
    """整改方案 for a plan or a 对照检查材料 (both open the rectification); 完成 for a notice whose
    figures state completion; 进展 otherwise."""
    if notice.kind in (Kind.plan, Kind.review):
        return Stage.plan
    return Stage.complete if states_completion(notice.tally()) else Stage.progress


def _norm(text: str | None) -> str | None:
    """A round's or team's name compared without width, spaces or punctuation."""
    if not text:
        return None
    kept = "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())
    return kept or None


def facts_of(inspection: Inspection | None) -> dict[str, object]:
    """The facts a notice states about its inspection (``type`` and :data:`FACTS`), normalised."""
    if inspection is None:
        return {}
    found = {"type": inspection.type, "feedback": inspection.feedback, "start": inspection.start,
             "end": inspection.end, "round": _norm(inspection.round), "team": _norm(inspection.team)}
    return {k: v for k, v in found.items() if v is not None}


@dataclass
class Series:
    """The notices of one inspection, oldest first."""

    slug: str
    entries: list[Entry] = field(default_factory=list)
    pinned: bool = False  # named by a series: in the YAML

    @property
    def page(self) -> str:
        """Its page (:mod:`noticeboard.urls`), e.g. ``inspections/<slug>/index.md``."""
        return urls.series(self.slug)

    @property
    def current(self) -> list[Entry]:
        """The notices that state the inspection's course: all but the withdrawn ones."""
        return [e for e in self.entries if e.notice.status is not Status.withdrawn]

    @property
    def issuer(self):
        return (self.current or self.entries)[-1].issuer

    def inspection(self) -> Inspection | None:
        """The inspection as the notices state it: each fact from the latest notice stating it."""
        merged: dict[str, object] = {}
        for e in self.entries:
            insp = e.notice.inspection
            if insp is not None:
                merged.update({k: v for k, v in insp.model_dump().items() if v is not None})
        return Inspection(**merged) if "type" in merged else None

    @property
    def complete(self) -> bool:
        """Whether the latest notice (not withdrawn) states completion."""
        return bool(self.current) and stage_of(self.current[-1].notice) is Stage.complete

    def stages(self) -> dict[Stage, list[Entry]]:
        """Each stage with its notices (the feedback stage has none: it is the inspection's)."""
        out: dict[Stage, list[Entry]] = {s: [] for s in Stage}
        for e in self.entries:
            out[stage_of(e.notice)].append(e)
        return out


@dataclass(frozen=True)
class Conflict:
    """A ``series:`` that joins notices of different inspections (placed on ``entry``'s ``series``)."""

    entry: Entry
    message: str


@dataclass(frozen=True)
class Ambiguity:
    """A notice whose facts match two inspections of its issuer (a note: it stays on its own)."""

    entry: Entry
    message: str


class _Group:
    """A growing inferred series: its notices and the facts they state (a weak fact may be
    spelled in several ways)."""

    def __init__(self, entry: Entry, facts: dict[str, object]) -> None:
        self.entries: list[Entry] = []
        self.stated: list[dict[str, object]] = []  # each notice's facts
        self.facts: dict[str, set] = defaultdict(set)
        self.add(entry, facts)

    def add(self, entry: Entry, facts: dict[str, object]) -> None:
        self.entries.append(entry)
        self.stated.append(facts)
        for k, v in facts.items():
            self.facts[k].add(v)

    def matches(self, facts: dict[str, object]) -> bool:
        """Whether the strongest fact both state is the same."""
        for k in FACTS:
            if k in facts and self.facts.get(k):
                return facts[k] in self.facts[k]
        return False


def _infer_base(members: list[Entry]) -> tuple[list[tuple[tuple, str, list[Entry]]], list[Ambiguity]]:
    """The inferred series of one issuer's notices of one inspection type: each as its sort key
    (its oldest notice's date and slug), the date part of its slug and its notices, oldest first."""
    # the notices stating most facts first, so that each group starts from its best-told notice
    told = sorted(((facts_of(e.notice.inspection), e) for e in members), key=lambda t: (-len(t[0]), t[1].notice.published, t[1].slug))
    found: list[_Group] = []
    notes: list[Ambiguity] = []
    for facts, e in told:
        candidates = [g for g in found if g.matches(facts)]
        if len(candidates) == 1:
            candidates[0].add(e, facts)
            continue
        if len(candidates) > 1:
            notes.append(Ambiguity(e, (
                f"its inspection facts match {len(candidates)} inspections of this issuer, so it is put in none: "
                "write series: with the slug of the one it belongs to")))
        found.append(_Group(e, facts))
    groups = []
    for g in found:
        oldest = sorted(g.entries, key=lambda e: (e.notice.published, e.slug))
        groups.append(((oldest[0].notice.published, oldest[0].slug), _date_slug(oldest[0].issuer.slug, g.stated, oldest), oldest))
    return groups, notes


def _infer(entries: list[Entry], memo: Memo | None = None) -> tuple[list[tuple[tuple, str, list[Entry]]], list[Ambiguity]]:
    """Group notices (all with an inspection, none with ``series:``) by issuer, type and facts
    (:func:`_infer_base`; with a ``memo``, an issuer's notices of a type as last time are not
    grouped again)."""
    by_base: dict[tuple[str, InspectionType], list[Entry]] = defaultdict(list)
    for e in entries:
        by_base[(e.issuer.slug, e.notice.inspection.type)].append(e)
    groups: list[tuple[tuple, str, list[Entry]]] = []
    notes: list[Ambiguity] = []
    for base in sorted(by_base, key=lambda b: (b[0], b[1].value)):
        found, ambiguous = memo_call(memo, "infer", by_base[base], base, partial(_infer_base, by_base[base]))
        groups += found
        notes += ambiguous
    return groups, notes


def _date_slug(issuer_slug: str, stated: list[dict[str, object]], entries: list[Entry]) -> str:
    """``stated``: the facts of the series' notices, in the order they joined it."""
    facts: dict[str, object] = {}
    for found in stated:
        for k, v in found.items():
            facts.setdefault(k, v)
    day = next((facts[k] for k in ("feedback", "start", "end") if k in facts), None)
    day = day or min(e.notice.published for e in entries)
    return f"{issuer_slug}-{day.isoformat()}"


def same_as_last(fn: Callable[..., R]) -> Callable[..., R]:
    """``fn(entries, …)``, given again when asked again for the very same entries (each the same
    object, in the same order) as the last time: entries and notices are immutable, and a build
    asks for the same (its checks, its pages, its feeds, its open data and its figures)."""
    last: list = []

    @wraps(fn)
    def again(entries: Iterable[Entry], *args):
        entries = list(entries)
        if last and len(last[0]) == len(entries) and all(a is b for a, b in zip(last[0], entries)):
            return last[1]
        found = fn(entries, *args)
        last[:] = [entries, found]
        return found

    return again


@same_as_last
def group(entries: list[Entry], memo: Memo | None = None) -> tuple[list[Series], list[Ambiguity]]:
    """Every series among ``entries`` (oldest notice first in each; the series newest first, by
    their latest notice), and the notices whose inspection could not be told. ``memo``
    (``noticeboard serve``): the notices of an issuer are grouped again only when one changed.
    Asked again for the very same notices, the last grouping is given again (:func:`same_as_last`)."""
    return _group(entries, memo)


def _group(entries: list[Entry], memo: Memo | None) -> tuple[list[Series], list[Ambiguity]]:
    pinned: dict[str, list[Entry]] = defaultdict(list)
    loose: list[Entry] = []
    for e in entries:
        if e.notice.series:
            pinned[e.notice.series].append(e)
        elif e.notice.inspection is not None:
            loose.append(e)
    inferred, notes = _infer(loose, memo)
    found: dict[str, Series] = {}
    for _, base, members in sorted(inferred, key=lambda g: g[0]):
        slug = base
        n = 2
        while slug in found:
            slug, n = f"{base}-{n}", n + 1
        found[slug] = Series(slug, list(members))
    for slug, members in pinned.items():
        series = found.setdefault(slug, Series(slug))
        series.entries += members
        series.pinned = True
        series.entries.sort(key=lambda e: (e.notice.published, e.slug))
    out = list(found.values())
    out.sort(key=lambda s: (s.entries[-1].notice.published, s.slug), reverse=True)
    return out, notes


def by_notice(series: list[Series]) -> dict[str, Series]:
    """``{notice slug: its series}``."""
    return {e.slug: s for s in series for e in s.entries}


def conflicts(series: list[Series]) -> list[Conflict]:
    """Each ``series:`` that joins notices whose facts contradict: another inspection type, or
    another feedback, start or end date. Placed on the ``series:`` of the later notice of the
    pair (of the earlier one when only it names the series); one per notice."""
    out = []
    for s in series:
        if not s.pinned:
            continue
        for i, e in enumerate(s.entries):
            for other in s.entries[:i]:
                if not (e.notice.series or other.notice.series):
                    continue  # both inferred: not a series:'s doing
                mine, theirs = facts_of(e.notice.inspection), facts_of(other.notice.inspection)
                key = next((k for k in DECISIVE if k in mine and k in theirs and mine[k] != theirs[k]), None)
                if key is None:
                    continue
                target, there = (e, other) if e.notice.series else (other, e)
                here, away = facts_of(target.notice.inspection)[key], facts_of(there.notice.inspection)[key]
                out.append(Conflict(target, (
                    f"series '{s.slug}' joins notices of different inspections: {_fact_name(key)} {_shown(here)} here, "
                    f"{_shown(away)} in {there.source}; correct the fact, or give one of them another series:")))
                break
    return out


def _fact_name(key: str) -> str:
    return {"type": "inspection type", "feedback": "feedback date", "start": "start date", "end": "end date"}[key]


def _shown(value: object) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
