"""Run one piece of the build in a forked process beside the main one, and wait for it later.

MkDocs renders pages on one core; the search index needs only the search documents, so it is
built on the other core at the same time. The child is started fresh (``spawn``): a fork would
share the build's full heap copy-on-write and copy it page by page as reference counts change, so
the child's arguments are small (paths to files the parent wrote), never the loaded notices.
"""

from __future__ import annotations

import multiprocessing as mp
import traceback
from collections.abc import Callable
from typing import Any


def _run(fn: Callable[..., Any], args: tuple, conn) -> None:
    try:
        conn.send((True, fn(*args)))
    except BaseException as exc:  # reported to the parent, which raises it there
        conn.send((False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        conn.close()


class Background:
    """``fn(*args)`` in a fresh child (``fn`` and ``args`` picklable); :meth:`result` returns its value or raises its error."""

    def __init__(self, fn: Callable[..., Any], *args: Any):
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run, args=(fn, args, child), daemon=True)
        self._proc.start()
        child.close()

    def result(self) -> Any:
        try:
            ok, value = self._conn.recv()
        except EOFError:
            self._proc.join()
            raise RuntimeError(f"background job died (exit code {self._proc.exitcode})") from None
        self._proc.join()
        if not ok:
            raise RuntimeError(value)
        return value

    def cancel(self) -> None:
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join()
