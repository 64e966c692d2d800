"""The full notices of one build kept on disk, while the build holds lean copies in memory.

A notice's whole text (its section bodies and its items' measures) is read in three places only:
its page, its open-data file and its search document, each made once per build in a worker
process. Listings, feeds, figures and series read the metadata, the summary and the items'
titles and statuses. So a build loads with a :class:`Stash`: :func:`noticeboard.project.load_project`
writes each notice, as validated, to the stash file and keeps a :func:`lean` copy in its
:class:`~noticeboard.entry.Entry` with where the full one lies (``Entry.stashed``); a worker reads
it back with :meth:`Stash.full`. Memory then grows with the metadata, not with the text.

The stash is a file in the build's own temporary folder, written and read by that build only
(pickles are never read from anywhere else, nor kept: it goes with the folder). With the build
cache, a notice whose file is unchanged since it was last read is not copied into it: its entry
names its whole notice as the cache keeps it (kind :data:`FULL`, checksummed like every entry),
which a worker reads only if it makes that notice's page again. A warm build of 10,000 notices
then writes one notice to its stash, not 10,000.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel

from .entry import Entry
from .model import TALLY, Notice, Problem, field_model
from .site.cache import Store

FULL = "notice-text"
"""The build cache's kind of a checked notice, whole and pickled (beside its lean entry: project.py)."""

#: every set of given field names seen, by its names (a few dozen at most)
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def _lean_problem(problem: Problem) -> Problem:
    return problem.model_copy(update={"measures": None}) if problem.measures else problem


def lean(notice: Notice) -> Notice:
    """``notice`` without the text only its own page, open data and search document show:
    each section's body and each item's measures."""
    sections = [s.model_copy(update={"body": "", "problems": [_lean_problem(p) for p in s.problems]}) for s in notice.sections]
    copy = notice.model_copy(update={"sections": sections, "problems": [_lean_problem(p) for p in notice.problems]})
    copy.__dict__[TALLY] = notice.tally()  # the same items with the same statuses: kept with the lean entry
    return shared_fields_sets(copy)


def shared_fields_sets(model: BaseModel) -> BaseModel:
    """``model`` (and the models it holds) with each one's set of given field names shared with
    every other model's equal set: a set per model object was a third of a lean notice's memory
    (~30 of them, 8 kB of 22 kB). The models are frozen: pydantic never changes that set in
    place (``model_copy`` copies it). Only the fields that may hold a model are looked into
    (:func:`_nested`): a warm load of 10,000 notices does this to each."""
    names = model.__pydantic_fields_set__
    object.__setattr__(model, "__pydantic_fields_set__", _FIELDS_SETS.setdefault(frozenset(names), names))
    values = model.__dict__
    for name in _nested(type(model)):
        value = values[name]
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, BaseModel):
                shared_fields_sets(item)
    return model


#: by schema class, its fields that may hold a model (or a list of them)
_NESTED: dict[type, tuple[str, ...]] = {}


def _nested(cls: type[BaseModel]) -> tuple[str, ...]:
    names = _NESTED.get(cls)
    if names is None:
        names = _NESTED[cls] = tuple(name for name in cls.model_fields if field_model(cls, name) is not None)
    return names


class StashGone(Exception):
    """A notice's whole text named in the build cache is no longer there, or no longer checks out
    (the cache was changed since it was recorded: a load looks at its entry's size only, see
    :func:`noticeboard.project.load_project`). The entry is removed by then, so the next build
    reads the notice's file again; this one fails, saying so (the plugin makes it MkDocs' build
    error: no traceback)."""


class Stash:
    """Full notices appended to one file; a notice's place is ``(offset, length)``, or the build
    cache's key of it (kind :data:`FULL` of ``store``)."""

    def __init__(self, path: Path, store: Store | None = None):
        self.path = Path(path)
        self.store = store
        self._out: BinaryIO | None = None
        self._in: BinaryIO | None = None

    def put(self, notice: Notice | bytes) -> tuple[int, int]:
        """Store ``notice`` (or its pickle); where it lies, for :attr:`Entry.stashed`."""
        if self._out is None:
            self._out = open(self.path, "ab")
        data = notice if isinstance(notice, bytes) else pickle.dumps(notice, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._out.tell()
        self._out.write(data)
        return offset, len(data)

    def close(self) -> None:
        """Flush and close (before workers read); reading opens the file again."""
        for f in (self._out, self._in):
            if f is not None:
                f.close()
        self._out = self._in = None

    def full(self, entry: Entry) -> Entry:
        """``entry`` with its whole notice (as it is shown: the lean copy's status, which a
        scheduled notice whose date has come changes); an entry that is not lean as it is."""
        if entry.stashed is None:
            return entry
        if isinstance(entry.stashed, str):
            data = self.store.get(FULL, entry.stashed) if self.store is not None else None
            if data is None:
                raise StashGone(f"{entry.source}: the build cache's copy of its text ({FULL} {entry.stashed}) is gone or went bad,"
                                " and is removed; build again (the file is then read again)")
        else:
            if self._out is not None:
                self._out.flush()
            if self._in is None:
                self._in = open(self.path, "rb")
            offset, length = entry.stashed
            self._in.seek(offset)
            data = self._in.read(length)
        notice: Notice = pickle.loads(data)
        if notice.status is not entry.notice.status:
            notice = notice.model_copy(update={"status": entry.notice.status})
        return replace(entry, notice=notice, stashed=None)
