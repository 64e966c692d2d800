"""The files a warm build takes from the live site (reuse.py), put into its staging folder by a
thread of their own: ``os.mkdir``, ``os.link`` and a copy's reads and writes release the GIL, so
the kernel's part (at 10,000 notices some 23,000 folders and 106,000 links) runs on another core
while the build's main thread goes on with the rest.

Everything queued is done once :meth:`Linker.finish` returns: the build calls it before anything
reads the staging folder and before the folder is put in place. A stopped or failed build calls
:meth:`Linker.stop`, which drops what is still queued and waits for the file at hand, before the
staging folder is removed: nothing is left writing into it.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading

from .. import stops


class Linker:
    """Links each queued source into its target (its folders made as needed); where no link can
    be made, copies it (:attr:`copied`); where neither can be done, notes why (:attr:`failed`)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._closing = False  # the thread was told that nothing more comes
        self._folders: set[str] = set()  # made so far (each made once)
        self.copied: list[str] = []  # targets copied, not linked: other files than their sources
        self.failed: list[tuple[str, OSError]] = []  # targets neither linked nor copied, and why

    def link(self, pairs: list[tuple[str, str]]) -> None:
        """Queue ``pairs`` (source, target; paths as strings)."""
        if self._thread is None:
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="noticeboard-links", daemon=True)
            self._thread.start()
        self._queue.put(pairs)

    def _run(self) -> None:
        stops.deaf()  # a stop is the main thread's to handle
        for pairs in iter(self._queue.get, None):
            if self._stopping:
                continue
            for source, target in pairs:
                try:
                    folder = os.path.dirname(target)
                    if folder not in self._folders:
                        os.makedirs(folder, exist_ok=True)
                        self._folders.add(folder)
                    try:
                        os.link(source, target)
                    except OSError:
                        shutil.copy2(source, target)
                        self.copied.append(target)
                except OSError as exc:
                    self.failed.append((target, exc))

    def finish(self) -> None:
        """Wait until everything queued is done (or has failed). A stop that breaks into the wait
        leaves the thread known, for :meth:`stop` to wait for."""
        thread = self._thread
        if thread is None:
            return
        if not self._closing:
            self._closing = True
            self._queue.put(None)
        thread.join()
        self._thread, self._closing = None, False

    def stop(self) -> None:
        """Drop what is still queued and wait for the file at hand (a stop does not break into it)."""
        self._stopping = True
        with stops.unstopped():
            self.finish()
