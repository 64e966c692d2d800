"""How a command stops when it is asked to: Ctrl-C (SIGINT), a service manager's or a CI
runner's stop (SIGTERM), a closed terminal (SIGHUP), sent to the main process alone or to its
whole process group.

Only the main process stops: it raises KeyboardInterrupt (once: a second signal, a group's
SIGHUP after its SIGTERM, does not break into the cleanup the first one started), and its
cleanup ends its children. The children it starts (the pools' workers, the search index's
process, the forked page renderers) never act on these signals themselves, from their first
instruction on: they are started with the signals blocked (:func:`starting`; a child inherits
its parent's signal mask) and ignore them (:func:`as_child`). So a signal to the whole group
never kills a child in the middle of something the main process then waits for (a lock, a
message half written), and no child prints a traceback of its own. The main process ends each
child by :func:`end`: SIGUSR1, which unwinds the child (its ``finally`` blocks and ``with``
exits run: a cache entry half written is removed), a bounded wait, then SIGKILL; it reaps them all.
"""

from __future__ import annotations

import _thread
import atexit
import contextlib
import ctypes
import multiprocessing.util  # noqa: F401  its exit function (which joins children) registered before ours below
import os
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: the signals that ask a command to stop
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

#: the signal by which the main process ends a child it started (:func:`end`)
_END = signal.SIGUSR1

#: how long a child has to unwind before it is killed
GRACE = 3.0

#: set when the user or a service manager asked this process to stop (:func:`stop`): a site is
#: then never put in place, even where Python dropped the KeyboardInterrupt (a signal handled
#: inside a finalizer is printed and dropped) and the build went on to its end
STOP_ASKED = threading.Event()

_PR_SET_PDEATHSIG = 1


class _State:
    held = 0  # sections of the main thread that a stop does not break into (:func:`unstopped`)
    raised = False  # the stop has been raised once
    settled = False  # the command's outcome is decided (the site is in place): a stop no longer interrupts it


def stop(signum: int, frame: Any) -> None:
    """The main process's handler of :data:`SIGNALS`: remember the stop, and end the command
    through its cleanup as Ctrl-C does (unless it came inside :func:`unstopped`: at its end)."""
    STOP_ASKED.set()
    _interrupt()


def install() -> None:
    """This process stops as this module says (the ``noticeboard`` command's first step)."""
    for signum in SIGNALS:
        signal.signal(signum, stop)
    sys.unraisablehook = _swallowed


def _swallowed(unraisable: Any, *, previous: Callable[[Any], None] = sys.unraisablehook) -> None:
    """Where Python drops an exception (one raised inside a finalizer, ``__del__`` or a generator
    collected, is printed and dropped), a stop's KeyboardInterrupt is not printed but raised
    again as soon as the main thread runs on: the build stops there rather than at its end."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt) and STOP_ASKED.is_set():
        _State.held += 1  # not raised in this hook either (it would be dropped too)
        try:
            _State.raised = False
            _thread.start_new_thread(_again, ())
        finally:
            _State.held -= 1
        return
    previous(unraisable)


def _again() -> None:
    """From another thread, a moment later: the stop once more, which the main thread takes as it
    runs on past the finalizer that dropped it (dropped again, it comes again)."""
    time.sleep(0.01)
    _thread.interrupt_main(signal.SIGINT)


def _interrupt() -> None:
    if _State.raised or _State.settled or _State.held:
        return
    _State.raised = True
    raise KeyboardInterrupt


def settle() -> None:
    """The command's outcome is decided (its site is in place): a stop that comes now lets it
    finish its last steps, which are over in a moment, rather than say it failed."""
    _State.settled = True


def unsettle() -> None:
    """A new build begins in this process: a stop interrupts it again."""
    _State.settled = False


@contextlib.contextmanager
def unstopped() -> Iterator[None]:
    """A section of the main thread that a stop does not break into (a child being started, the
    site being exchanged); a stop that came meanwhile is raised at its end. Elsewhere a no-op."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _State.held += 1
    try:
        yield
    finally:
        _State.held -= 1
    if STOP_ASKED.is_set() and not _State.held:
        _interrupt()


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """Around the start of a child process: :func:`unstopped`, and :data:`SIGNALS` blocked in
    this thread, so that the child is born with them blocked (until :func:`as_child` ignores them)."""
    with unstopped():
        old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def deaf() -> None:
    """This thread: :data:`SIGNALS` blocked (a thread the main process starts, so that they come
    to the main thread, which handles them)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)


def _unwind(signum: int, frame: Any) -> None:
    raise SystemExit(1)


def as_child(parent: int) -> None:
    """First thing in a child the main process ``parent`` started: :data:`SIGNALS` ignored (the
    main process stops it), SIGUSR1 unwinds it (:func:`end`), and it ends when its parent
    ends, even by SIGKILL (Linux), rather than go on writing into a folder the next build removes."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    signal.signal(_END, _unwind)
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(1)


_children: weakref.WeakSet = weakref.WeakSet()


def own(process: Any) -> None:
    """A ``multiprocessing`` child this process started: ended when this process exits, if it
    has not been before (multiprocessing's own exit would send it SIGTERM, which it ignores, and
    wait for it)."""
    _children.add(process)


def over() -> None:
    """In a child: its work is over and it exits by itself now; SIGUSR1 no longer unwinds it (an
    exception raised in its exit's cleanup would be printed)."""
    signal.signal(_END, signal.SIG_IGN)


def end(processes: Iterable[Any], grace: float = GRACE, *, ask: bool = True) -> None:
    """End ``multiprocessing`` children and reap them: SIGUSR1 (they unwind; not with ``ask``
    False: they are ending by themselves), at most ``grace`` seconds for all, then SIGKILL for
    any still there."""
    running = [p for p in processes if p.pid is not None and p.exitcode is None]
    for process in running if ask else []:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, _END)
    deadline = time.monotonic() + grace
    for process in running:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.exitcode is None:
            process.kill()
            process.join()


@atexit.register
def _end_all() -> None:
    end(list(_children))
