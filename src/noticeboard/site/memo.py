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
import zlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..entry import Entry
from .cache import Store, content_key
from .keep import pack, unpack

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


class Kept:
    """The Markdown of the generated pages about many notices (listings, series, figures, open
    channels), kept in the build cache from one build to the next, each by a hash of what it is
    made from: its name and other inputs, and each of its notices by the digest of its file's
    bytes (as loaded: :attr:`noticeboard.project.Project.digests`), its path, slug, issuer and
    status as shown; with ``salt``, the build's own (noticeboard's code, the Markdown templates,
    the day, the site's settings). It stands where a :class:`Memo` does (``memo.call``) on a
    build: only the results named in :data:`KEPT` (Markdown text) are kept; anything else, or a
    page with a notice whose digest is not known, is made as without it. One build's pages are
    one cache entry (compressed), read at the start and written again when something was made:
    a missing, corrupt or foreign entry is no entry (:class:`~noticeboard.site.cache.Store`)."""

    KIND = "markdown"
    KEPT = frozenset({"listing", "series", "series_index", "stats", "open", "series_block"})

    def __init__(self, store: Store, salt: str, digests: Mapping[str, str], where: str):
        self.store, self.salt, self.digests = store, salt, digests
        self.key = content_key("generated markdown", where)
        data = store.get(self.KIND, self.key)
        try:
            last = unpack(zlib.decompress(data)) if data is not None else {}
        except zlib.error:
            last = {}
        self.last: dict[str, str] = last if last.pop(_SALT, None) == salt else {}
        self.now: dict[str, str] = {}
        self.made = 0  # results made in this build (not found in the last one's)
        self.parts: dict[int, tuple[Entry, str | None]] = {}  # each entry's part of a key, by its id (the entry kept with it)

    def _part(self, e: Entry) -> str | None:
        """What a key holds of the entry ``e`` (made once per build, however many pages list
        it); None when its file's digest is not known."""
        found = self.parts.get(id(e))
        if found is None:
            bytes_digest = self.digests.get(e.source)
            part = None if bytes_digest is None else "\0".join((bytes_digest, e.source, e.slug, repr(e.issuer), e.notice.status.value))
            found = self.parts[id(e)] = (e, part)
        return found[1]

    def call(self, name: str, entries: Iterable[Entry], extra: Hashable, fn: Callable[[], R]) -> R:
        if name not in self.KEPT:
            return fn()
        parts = [name, repr(extra)]
        for e in entries:
            part = self._part(e)
            if part is None:
                return fn()
            parts.append(part)
        key = content_key(*parts)
        value = self.last.get(key, self.now.get(key))
        if not isinstance(value, str):
            value = fn()
            if not isinstance(value, str):
                return value
            self.made += 1
        self.now[key] = value
        return value  # type: ignore[return-value]

    def save(self) -> None:
        """Keep this build's pages for the next (what it did not use is let go); written only
        when something was made or let go."""
        if self.made or self.now.keys() != self.last.keys():
            self.store.put(self.KIND, self.key, zlib.compress(pack({_SALT: self.salt, **self.now}), 1))


_SALT = "salt"  # where a :class:`Kept` entry names the salt its pages were made with (the others are content keys)
