"""Run one piece of the build in a forked process beside the main one, and wait for it later.

MkDocs renders pages on one core; the search index needs only the search documents, so it is
built on the other core at the same time. The child is started fresh (``spawn``): a fork would
share the build's full heap copy-on-write and copy it page by page as reference counts change, so
the child's arguments are small (paths to files the parent wrote), never the loaded notices.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import traceback
from collections.abc import Callable
from typing import Any

from ..stops import as_child, end, over, own, starting


def _run(fn: Callable[..., Any], args: tuple, conn, parent: int) -> None:
    as_child(parent)  # a stop is the build's to handle; it ends this child (cancel)
    try:
        conn.send((True, fn(*args)))
    except OSError as exc:  # a file-system error (full disk, …): the parent reports it as its own
        conn.send((False, exc))
    except BaseException as exc:  # reported to the parent, which raises it there
        conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")))
    finally:
        over()
        conn.close()


def flag():
    """A flag this process sets and a :class:`Background` job given it (as an argument) waits on:
    ``set()`` here, ``wait(timeout)`` there (True once set)."""
    with starting():  # the first starts multiprocessing's resource tracker: born deaf to a stop, as the children
        return mp.get_context("spawn").Event()


class Background:
    """``fn(*args)`` in a fresh child (``fn`` and ``args`` picklable); :meth:`result` returns its value or raises its error."""

    def __init__(self, fn: Callable[..., Any], *args: Any):
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run, args=(fn, args, child, os.getpid()), daemon=True)
        with starting():
            try:
                self._proc.start()
            finally:
                child.close()
            own(self._proc)
        # held until the job ends: the child unpickles its arguments when it has started, and a
        # flag's semaphore (:func:`flag`) is removed once this process no longer holds the flag
        self._args = args
        self._ended: tuple[bool, Any] | None = None  # (ok, value or error) once the job has ended (wait)

    @property
    def pid(self) -> int | None:
        return self._proc.pid

    def ended(self) -> bool:
        """Whether the job has ended (its value or error has come), without waiting."""
        return self._ended is not None or self._conn.poll()

    def wait(self) -> None:
        """Until the job has ended and its process is gone (its memory given back); its value or
        error is kept for :meth:`result`."""
        if self._ended is None:
            try:
                self._ended = self._conn.recv()
            except EOFError:
                self._ended = (False, None)
            self._proc.join()

    def result(self) -> Any:
        """The job's value; its OSError raised as is, any other error as RuntimeError."""
        self.wait()
        assert self._ended is not None
        ok, value = self._ended
        if not ok:
            if value is None:
                raise RuntimeError(f"background job died (exit code {self._proc.exitcode})")
            raise value
        return value

    def cancel(self) -> None:
        """End the job (it unwinds, or is killed after a while: :func:`~noticeboard.stops.end`) and reap it."""
        end([self._proc])
        self._proc.join()
