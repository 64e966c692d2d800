"""One problem followed through the notices of its inspection: its status in each notice.

Successive notices word the same problem differently (关于……的问题 / ……问题, clauses reordered,
a detail added). Items are matched by their text, normalised and compared by how many character
pairs they share; a reviewer pins a match by giving the items the same ``id:`` (an item with an
id joins the track of that id only). Matching is one-to-one within a notice, best pairs first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .entry import Entry
from .model import Problem, ProblemStatus

#: leading enumeration: 1. 1、 (1) （一） 一、 ① 第一，
_NUMBERING = re.compile(r"^\s*(?:[\(（]?[0-9一二三四五六七八九十百]+[\)）]|[0-9一二三四五六七八九十百]+[\.、．]|[①-⑳]|第[一二三四五六七八九十百]+[是，,、])\s*")
#: words that frame an item without telling it apart: 关于…的问题, …方面, …情况
_FRAME = re.compile(r"^关于|(?:的)?(?:问题|情况|现象)$")
#: a score at which two wordings are taken for the same problem
THRESHOLD = 0.6
#: the shorter text needs this many characters for "one contains the other" to count
CONTAINED_MIN = 6


def normalise(title: str) -> str:
    """The item's words: width folded, numbering, punctuation, spaces and framing words removed."""
    text = unicodedata.normalize("NFKC", title)
    text = _NUMBERING.sub("", text)
    text = "".join(c for c in text if c.isalnum())
    for _ in range(2):  # 关于……的问题
        text = _FRAME.sub("", text)
    return text


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def similarity(a: str, b: str) -> float:
    """0–1: how alike two items' texts are. The share of character pairs they have in common
    (Dice), or, when the shorter text (at least :data:`CONTAINED_MIN` characters) lies almost
    whole in the longer one (a detail added), that share of the shorter text's pairs."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    pa, pb = _pairs(na), _pairs(nb)
    common = len(pa & pb)
    dice = 2 * common / (len(pa) + len(pb))
    if min(len(na), len(nb)) >= CONTAINED_MIN:
        return max(dice, 0.9 * common / min(len(pa), len(pb)))
    return dice


@dataclass(frozen=True)
class Point:
    """The problem as one notice states it."""

    entry: Entry
    problem: Problem

    @property
    def status(self) -> ProblemStatus | None:
        return self.problem.status


@dataclass
class Track:
    """One problem through the notices of a series, oldest first."""

    points: list[Point] = field(default_factory=list)
    id: str | None = None
    order: tuple[int, int] = (0, 0)  # where the problem first appears: (notice, item)

    @property
    def title(self) -> str:
        """As the latest notice words it."""
        return self.points[-1].problem.title

    def score(self, problem: Problem) -> float:
        if problem.id is not None:
            return 1.0 if problem.id == self.id else 0.0
        return max(similarity(p.problem.title, problem.title) for p in self.points)


def follow(entries: list[Entry]) -> list[Track]:
    """The tracks of the items of ``entries`` (one series' notices that state its course, oldest
    first): every item in exactly one track, in the order each problem first appears."""
    tracks: list[Track] = []
    for n, entry in enumerate(entries):
        items = entry.notice.all_problems()
        taken: set[int] = set()  # tracks given an item of this notice
        placed: set[int] = set()  # items of this notice placed
        for i, item in enumerate(items):  # pinned items go to their id's track
            if item.id is None:
                continue
            t = next((k for k, tr in enumerate(tracks) if tr.id == item.id and k not in taken), None)
            if t is None:
                tracks.append(Track(id=item.id, order=(n, i)))
                t = len(tracks) - 1
            tracks[t].points.append(Point(entry, item))
            taken.add(t)
            placed.add(i)
        pairs = sorted(((tr.score(item), -k, -i, k, i) for k, tr in enumerate(tracks) if k not in taken
                        for i, item in enumerate(items) if i not in placed), reverse=True)
        for score, _, _, k, i in pairs:
            if score < THRESHOLD:
                break
            if k in taken or i in placed:
                continue
            tracks[k].points.append(Point(entry, items[i]))
            taken.add(k)
            placed.add(i)
        for i, item in enumerate(items):
            if i not in placed:
                tracks.append(Track([Point(entry, item)], order=(n, i)))
    return sorted(tracks, key=lambda t: t.order)
