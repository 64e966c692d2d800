"""Independent pieces of a build spread over the machine's cores: a pool of worker processes
for many items, in-process for a few.

Workers are started fresh (``spawn``): a fork would share the build's whole heap copy-on-write
and copy it page by page as reference counts and the garbage collector touch it, so each worker
would come to cost as much memory as the build. A fresh worker holds only its imports and what
it is sent (``func`` and the items must be picklable).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool costs more than it saves.
POOL_THRESHOLD = 64
CHUNK = 16


def cores() -> int:
    """How many worker processes a pool of this machine's cores gets."""
    return min(len(os.sched_getaffinity(0)), 8)


def pool_iter(func: Callable[[T], R], items: Sequence[T], *, initializer: Callable[..., Any] | None = None,
              initargs: tuple = (), meanwhile: Callable[[], Any] | None = None,
              then: Callable[[], Iterable[T]] | None = None) -> Iterator[R]:
    """``func(item)`` for each of ``items``, in order, as they come (on every core when there are
    many items); ``initializer(*initargs)`` runs once in each process that calls ``func``.
    ``meanwhile()`` runs in this process before the first item comes, while the workers work;
    ``then()``: more items, after ``items``, that ``meanwhile()`` makes (taken once it has run)."""
    workers = cores()
    if workers < 2 or len(items) < POOL_THRESHOLD:
        if meanwhile is not None:
            meanwhile()
        if initializer is not None:
            initializer(*initargs)
        yield from map(func, items)
        if then is not None:
            yield from map(func, then())
        return
    made = threading.Event()

    def every() -> Iterator[T]:  # read by the pool's feeding thread: it waits for meanwhile() here, the workers do not
        yield from items
        if then is not None:
            made.wait()
            yield from then()

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=initializer, initargs=initargs) as pool:
        results = pool.imap(func, every(), chunksize=CHUNK)
        try:
            if meanwhile is not None:
                meanwhile()
        finally:
            made.set()
        yield from results


def pool_map(func: Callable[[T], R], items: Sequence[T], *, initializer: Callable[..., Any] | None = None,
             initargs: tuple = ()) -> list[R]:
    """``[func(item) for item in items]``, as :func:`pool_iter` makes them."""
    return list(pool_iter(func, items, initializer=initializer, initargs=initargs))
