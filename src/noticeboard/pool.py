"""Independent pieces of a build spread over the machine's cores: a ``fork`` pool of worker
processes for many items (they share the loaded notices copy-on-write), in-process for a few."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool costs more than it saves.
POOL_THRESHOLD = 64
CHUNK = 16


def pool_map(func: Callable[[T], R], items: Sequence[T], *, initializer: Callable[..., Any] | None = None,
             initargs: tuple = (), start: str = "fork") -> list[R]:
    """``[func(item) for item in items]``, in order, on every core when there are many items;
    ``initializer(*initargs)`` runs once in each process that calls ``func``. ``start="spawn"``:
    workers start fresh (small heaps; ``func`` and items picklable) instead of forking this heap."""
    workers = min(len(os.sched_getaffinity(0)), 8)
    if workers < 2 or len(items) < POOL_THRESHOLD:
        if initializer is not None:
            initializer(*initargs)
        return [func(item) for item in items]
    ctx = multiprocessing.get_context(start)
    with ctx.Pool(workers, initializer=initializer, initargs=initargs) as pool:
        return list(pool.imap(func, items, chunksize=CHUNK))
