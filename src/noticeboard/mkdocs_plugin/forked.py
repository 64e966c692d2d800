"""On ``noticeboard build``, the generated pages' templates are rendered in forked workers, on
every core, rather than one by one in MkDocs' process.

By the time MkDocs renders templates (after ``on_env``) every page has been read and converted,
and the navigation, the files and the theme's environment are final. A generated page is not in
the navigation, so rendering it changes nothing another page shows: a worker forked then renders
its share of them exactly as MkDocs would (MkDocs' own ``_build_page``: the context, the plugins'
page events, Material's templates, the file written), and MkDocs' process skips them (its
``--dirty`` mechanism, ``File.is_modified``) while it renders the pages of the navigation and the
hand-written ones. A worker sends back, through a pipe, the pages it wrote (the progress lines),
the warnings and errors logged while it rendered (logged again by the build, so that strict mode
counts them and a failure names its page) and, at the end, what the plugin needs of its pages
(the trimmed stylesheet's names), or its error. :meth:`Forked.wait` gathers them.

Memory: the workers share the build's heap copy-on-write, and a memory page that a process
touches is copied for it. So MkDocs' process renders one share of the pages itself and forks one
worker for each other core (at most two copies of a page, never one a process), each share a run
of pages in order (made, and laid out in memory, together); and the heap is frozen out of the
cyclic garbage collector until the workers are done (``gc.freeze``), so that no collection walks,
and copies, what they share.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import selectors
import signal
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..stops import as_child, starting

#: below this many pages the workers cost more than they save
THRESHOLD = 64
#: a worker reports the pages it wrote this many at a time
BATCH = 32
_HEAD = struct.Struct("!I")


class RenderFailed(Exception):
    """A worker failed; the message is its error, as MkDocs would have raised it."""


class _Forward(logging.Handler):
    """In a worker: every record from WARNING up, sent to the build (nothing printed here)."""

    def __init__(self, send: Callable[[tuple], None]) -> None:
        super().__init__(logging.WARNING)
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        self.send(("log", record.name, record.levelno, record.getMessage()))


def _quiet(forward: logging.Handler) -> None:
    """A worker's logging: only ``forward``, at the root (every logger's own handlers, the
    build's progress and its message collection among them, stay with the build)."""
    loggers = [logging.getLogger(), *(lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger))]
    for logger in loggers:
        logger.handlers = []
        logger.propagate = True
    logging.getLogger().addHandler(forward)


def _child(pages: Sequence[Any], render: Callable[[Any], None], result: Callable[[], Any], fd: int, parent: int) -> None:
    """A worker's life: render ``pages``, report, exit without running the build's cleanup."""
    code = 1
    try:
        as_child(parent)  # a stop (Ctrl-C, SIGTERM, SIGHUP) is the build's to handle: it kills the worker (Forked.stop)
        out = os.fdopen(fd, "wb")

        def send(message: tuple) -> None:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
            out.write(_HEAD.pack(len(data)) + data)
            out.flush()

        _quiet(_Forward(send))
        written: list[str] = []
        try:
            for page in pages:
                render(page)
                written.append(page.file.src_uri)
                if len(written) == BATCH:
                    send(("pages", written))
                    written = []
            send(("pages", written))
            send(("done", result()))
            code = 0
        except BaseException as exc:  # MkDocs' _build_page logged which page (forwarded above)
            send(("error", exc if isinstance(exc, OSError) else str(exc) or type(exc).__name__))
        out.close()
    finally:
        os._exit(code)


class Forked:
    """``render(page)`` for each page of each of ``shares``, one forked worker a share, started
    now; ``result()`` is what each worker sends back when it has rendered its share. The build's
    heap stays frozen out of the collector until :meth:`wait` or :meth:`stop` returns: a
    collection here would write to every object the workers share, and copy it."""

    def __init__(self, shares: Sequence[Sequence[Any]], render: Callable[[Any], None], result: Callable[[], Any]) -> None:
        self.children: dict[int, int] = {}  # pid → read end of its pipe
        self.buffers: dict[int, bytearray] = {}  # read end → what came of a message not whole yet
        self.done: set[int] = set()  # read ends whose worker sent its result
        self.failure: str | OSError | None = None
        parent = os.getpid()
        gc.collect()
        gc.freeze()
        try:
            for share in shares:
                read, write = os.pipe()
                with starting():
                    pid = os.fork()
                    if pid == 0:  # pragma: no cover - the worker: never returns
                        os.close(read)
                        for other in self.children.values():
                            os.close(other)
                        _child(share, render, result, write, parent)
                    os.close(write)
                    self.children[pid] = read
                    self.buffers[read] = bytearray()
        except BaseException:
            self.stop()
            raise

    def _read(self, fd: int) -> Iterator[tuple]:
        """The whole messages that came on ``fd`` (one read); at its end, none and it is closed."""
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            self.buffers.pop(fd, None)
            return
        buffer = self.buffers[fd]
        buffer += chunk
        while len(buffer) >= _HEAD.size and len(buffer) >= _HEAD.size + _HEAD.unpack_from(buffer)[0]:
            size = _HEAD.unpack_from(buffer)[0]
            message = pickle.loads(bytes(buffer[_HEAD.size:_HEAD.size + size]))
            del buffer[:_HEAD.size + size]
            if message[0] == "error":
                self.failure = self.failure or message[1]
            else:
                if message[0] == "done":
                    self.done.add(fd)
                yield message

    def poll(self) -> Iterator[tuple]:
        """The messages that have come (see :meth:`wait`), without waiting for more: the build
        takes them while it renders pages of its own, so that no worker waits on a full pipe."""
        fds = [fd for fd in self.buffers]
        if not fds:
            return
        with selectors.DefaultSelector() as selector:
            for fd in fds:
                selector.register(fd, selectors.EVENT_READ)
            for key, _ in selector.select(0):
                yield from self._read(key.fd)

    def wait(self) -> Iterator[tuple]:
        """Each worker's messages as they come: ``("pages", [src_uri, …])`` for pages written,
        ``("log", logger, level, message)``, then ``("done", result)``. Raises
        :class:`RenderFailed` when a worker failed or died, its OSError as is (the other workers
        are stopped)."""
        try:
            with selectors.DefaultSelector() as selector:
                for fd in self.buffers:
                    selector.register(fd, selectors.EVENT_READ)
                while selector.get_map() and self.failure is None:
                    for key, _ in selector.select():
                        yield from self._read(key.fd)
                        if key.fd not in self.buffers:
                            selector.unregister(key.fd)
            for pid, fd in list(self.children.items()) if self.failure is None else []:
                _, status = os.waitpid(pid, 0)
                del self.children[pid]
                os.close(fd)
                if fd not in self.done or status != 0:
                    self.failure = f"a worker rendering pages ended unexpectedly (status {status})"
        finally:
            self.stop()
        if isinstance(self.failure, OSError):  # a file-system error (full disk, …): the build reports it as its own
            raise self.failure
        if self.failure is not None:
            raise RenderFailed(self.failure)

    def stop(self) -> None:
        """End the workers still running (a failed or interrupted build); the heap is collected again."""
        for pid, fd in list(self.children.items()):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            os.close(fd)
        self.children, self.buffers = {}, {}
        gc.unfreeze()
