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

Memory: the workers share the build's heap copy-on-write. The heap is frozen out of the cyclic
garbage collector before the fork (``gc.freeze``), so that a worker's collections do not walk,
and copy, the objects it shares; a worker copies only what its pages touch.
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

from ..site.background import _die_with

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
        _die_with(parent)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C is the build's to handle: the worker just ends
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
    """``render(page)`` for each of ``pages`` in ``workers`` forked processes, started now;
    ``result()`` is what each worker sends back when it has rendered its share."""

    def __init__(self, pages: Sequence[Any], render: Callable[[Any], None], result: Callable[[], Any], workers: int) -> None:
        self.children: dict[int, int] = {}  # pid → read end of its pipe
        parent = os.getpid()
        gc.collect()
        gc.freeze()  # what the workers share stays out of their collections (and uncopied)
        try:
            for i in range(workers):
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the worker: never returns
                    os.close(read)
                    for other in self.children.values():
                        os.close(other)
                    _child(pages[i::workers], render, result, write, parent)
                os.close(write)
                self.children[pid] = read
        except BaseException:
            self.stop()
            raise
        finally:
            gc.unfreeze()

    def wait(self) -> Iterator[tuple]:
        """Each worker's messages as they come: ``("pages", [src_uri, …])`` for pages written,
        ``("log", logger, level, message)``, then ``("done", result)``. Raises
        :class:`RenderFailed` when a worker failed or died, its OSError as is (the other workers
        are stopped)."""
        selector = selectors.DefaultSelector()
        buffers: dict[int, bytearray] = {}
        for fd in self.children.values():
            selector.register(fd, selectors.EVENT_READ)
            buffers[fd] = bytearray()
        failure: str | OSError | None = None
        done: set[int] = set()
        try:
            while selector.get_map() and failure is None:
                for key, _ in selector.select():
                    fd = key.fd
                    chunk = os.read(fd, 1 << 16)
                    if not chunk:
                        selector.unregister(fd)
                        continue
                    buffer = buffers[fd]
                    buffer += chunk
                    while len(buffer) >= _HEAD.size and len(buffer) >= _HEAD.size + _HEAD.unpack_from(buffer)[0]:
                        size = _HEAD.unpack_from(buffer)[0]
                        message = pickle.loads(bytes(buffer[_HEAD.size:_HEAD.size + size]))
                        del buffer[:_HEAD.size + size]
                        if message[0] == "error":
                            failure = failure or message[1]  # the others are stopped (finally)
                        else:
                            if message[0] == "done":
                                done.add(fd)
                            yield message
            for pid, fd in list(self.children.items()) if failure is None else []:
                _, status = os.waitpid(pid, 0)
                del self.children[pid]
                os.close(fd)
                if failure is None and (fd not in done or status != 0):
                    failure = f"a worker rendering pages ended unexpectedly (status {status})"
        finally:
            selector.close()
            self.stop()
        if isinstance(failure, OSError):  # a file-system error (full disk, …): the build reports it as its own
            raise failure
        if failure is not None:
            raise RenderFailed(failure)

    def stop(self) -> None:
        """End the workers still running (a failed or interrupted build)."""
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
        self.children = {}
