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
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from .stops import GRACE, STOP_ASKED, as_child, deaf, end, over, own, starting

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
    workers_ = _Workers(workers, func, initializer, initargs)

    def every() -> Iterator[T]:  # read by the dispatching thread: it waits for meanwhile() here, the workers do not
        yield from items
        if then is not None:
            made.wait()
            if not workers_.stopping:
                yield from then()

    finished = False
    try:
        results = workers_.results(_chunks(every()))
        try:
            if meanwhile is not None:
                meanwhile()
        except BaseException:
            workers_.stopping = True
            raise
        finally:
            made.set()
        for chunk in results:
            yield from chunk
        finished = True
    finally:
        workers_.close(finished)


def _chunks(items: Iterable[T]) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _serve(conn: Connection, func: Callable, initializer: Callable[..., Any] | None, initargs: tuple, parent: int) -> None:
    """A worker's life: ``initializer(*initargs)``, then for each chunk it is sent, the list of
    ``func(item)`` sent back, or the error; it ends when the pool closes its end of the pipe."""
    as_child(parent)
    failed: BaseException | None = None
    if initializer is not None:
        try:
            initializer(*initargs)
        except Exception as exc:
            failed = exc
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):  # the pool is closed
            over()
            return
        if failed is not None:
            answer: tuple = (False, failed)
        else:
            try:
                answer = (True, [func(item) for item in chunk])
            except Exception as exc:
                answer = (False, exc)
        try:
            conn.send(answer)
        except (EOFError, OSError):
            over()
            return
        except Exception as exc:  # the value or the error does not pickle
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc} (a pool worker's answer)")))


class _Workers:
    """``size`` fresh worker processes, each with a pipe of its own: no lock or queue is shared
    among them, so a worker that ends at any moment (killed) leaves nothing that the others or
    this process wait for. A thread of this process hands each idle worker the next chunk and
    files its answer; :meth:`results` gives them in order. No worker is started again."""

    def __init__(self, size: int, func: Callable, initializer: Callable[..., Any] | None, initargs: tuple) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.processes: list[Any] = []
        self.conns: list[Connection] = []
        self.stopping = False
        self.answers: dict[int, tuple[bool, Any]] = {}
        self.count: int | None = None  # of chunks, once all are handed out
        self.changed = threading.Condition()
        self.thread: threading.Thread | None = None
        parent = os.getpid()
        try:
            for _ in range(size):
                ours, theirs = ctx.Pipe(duplex=True)
                process = ctx.Process(target=_serve, args=(theirs, func, initializer, initargs, parent), daemon=True)
                with starting():
                    try:
                        process.start()
                    finally:
                        theirs.close()
                    own(process)
                    self.processes.append(process)
                    self.conns.append(ours)
        except BaseException:
            self.close(False)
            raise

    def results(self, chunks: Iterator[list]) -> Iterator[list]:
        """Each chunk's answers, in order; started now (the workers begin at once)."""
        self.thread = threading.Thread(target=self._dispatch, args=(chunks,), name="noticeboard-pool", daemon=True)
        with starting():
            self.thread.start()
        return self._ordered()

    def _file(self, number: int | None, answer: tuple[bool, Any] | None = None, count: int | None = None) -> None:
        with self.changed:
            if number is not None and answer is not None:
                self.answers[number] = answer
            if count is not None:
                self.count = count
            self.changed.notify_all()

    def _dispatch(self, chunks: Iterator[list]) -> None:
        deaf()
        idle = list(self.conns)
        busy: dict[Connection, int] = {}
        handed = 0
        more = True
        failure: BaseException | None = None
        try:
            while not self.stopping:
                while idle and more and not self.stopping:
                    try:
                        chunk = next(chunks, None)
                    except BaseException as exc:  # then() failed: the build raises it, after the chunks handed out
                        failure, chunk = exc, None
                    if chunk is None:
                        more = False
                        break
                    conn = idle.pop()
                    busy[conn] = handed
                    handed += 1
                    try:
                        conn.send(chunk)
                    except (EOFError, OSError):  # the worker is gone; its chunk's answer says so below
                        pass
                if not busy:
                    break
                for conn in wait(list(busy)):
                    number = busy.pop(conn)
                    try:
                        answer = conn.recv()
                        idle.append(conn)
                    except (EOFError, OSError):
                        answer = (False, None)  # the worker ended
                    self._file(number, answer)
            if failure is not None:
                self._file(handed, (False, failure))
                handed += 1
        finally:  # whatever happened, nothing is waited for that will not come
            for number in busy.values():
                self._file(number, (False, None))
            self._file(None, count=handed)

    def _ordered(self) -> Iterator[list]:
        number = 0
        while True:
            with self.changed:
                while number not in self.answers and (self.count is None or number < self.count):
                    self.changed.wait()
                if number not in self.answers:
                    return
                ok, value = self.answers.pop(number)
            if not ok:
                if STOP_ASKED.is_set():
                    raise KeyboardInterrupt
                if value is None:
                    raise RuntimeError("a worker process of the build ended unexpectedly")
                raise value
            yield value
            number += 1

    def close(self, finished: bool) -> None:
        """Closed once every answer has come (``finished``: the workers end as their pipes
        close), else stopped (:func:`end`); every worker reaped, the thread gone."""
        self.stopping = True
        if finished:
            for conn in self.conns:
                conn.close()
            end(self.processes, ask=False)  # each ends as its pipe closes
        else:
            end(self.processes)
            for conn in self.conns:
                conn.close()
        if self.thread is not None:
            self.thread.join(GRACE)


def pool_map(func: Callable[[T], R], items: Sequence[T], *, initializer: Callable[..., Any] | None = None,
             initargs: tuple = ()) -> list[R]:
    """``[func(item) for item in items]``, as :func:`pool_iter` makes them."""
    return list(pool_iter(func, items, initializer=initializer, initargs=initargs))
