"""What one preview build made, kept for the next (``noticeboard serve``): a saved edit of one
notice re-reads that file and re-renders only the pages whose inputs changed.

A result is keyed by the *identity* of the notices it was made from, not by their value: the
loader (:func:`noticeboard.project.load_project` with a :class:`Memo`) gives back the very same
``Notice`` object for a file that did not change, so a page made from unchanged notices is
found again without hashing any of them. The memo holds the notices of every key it keeps, so an
id in a key cannot be reused by another object while the key lives. Each build starts a new
round (:meth:`Memo.round`): what the build did not ask for is let go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..entry import Entry

R = TypeVar("R")


def entry_key(e: Entry) -> tuple:
    """An entry by the identity of its notice and the values around it (slug, issuer, file)."""
    return (id(e.notice), e.slug, e.issuer, e.source)


@dataclass(frozen=True)
class Listing:
    """The notices folder as the last load found it (:func:`noticeboard.project.load_project`):
    each notice file, in the order read, with the key of its result in the memo."""

    folder: Path
    today: dt.date
    keys: dict[Path, Hashable]


class Memo:
    """Results by ``(name, notices' identities, other inputs)``, kept for one round after use."""

    def __init__(self) -> None:
        self._old: dict[Hashable, tuple[Any, Any]] = {}
        self._new: dict[Hashable, tuple[Any, Any]] = {}
        self.hits = self.misses = 0
        self.listing: Listing | None = None  # the notice files of the last load

    def round(self) -> None:
        """Start a build: keep only what the previous build used."""
        self._old, self._new = self._new, {}
        self.hits = self.misses = 0

    def lookup(self, key: Hashable) -> tuple[bool, Any]:
        for store in (self._new, self._old):
            if key in store:
                self._new[key] = store[key]
                self.hits += 1
                return True, store[key][1]
        self.misses += 1
        return False, None

    def store(self, key: Hashable, value: Any, keep: Any) -> None:
        """``keep``: the objects whose ids ``key`` holds (kept alive with it)."""
        self._new[key] = (keep, value)

    def call(self, name: str, entries: Iterable[Entry], extra: Hashable, fn: Callable[[], R]) -> R:
        """``fn()``, or what it gave last time for the same ``entries`` (by identity) and ``extra``."""
        entries = list(entries)
        key = (name, tuple(entry_key(e) for e in entries), extra)
        found, value = self.lookup(key)
        if found:
            return value
        value = fn()
        self.store(key, value, [e.notice for e in entries])
        return value


def memo_call(memo: Memo | None, name: str, entries: Iterable[Entry], extra: Hashable, fn: Callable[[], R]) -> R:
    """:meth:`Memo.call`, or just ``fn()`` without a memo (a build)."""
    return fn() if memo is None else memo.call(name, entries, extra, fn)
