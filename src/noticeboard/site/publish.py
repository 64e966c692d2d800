"""Put a built site in place: only where a site may go, one build at a time, never without a site.

A build writes into a staging folder beside the site (``.site.new-…``) and, when it succeeded,
exchanges it with the site in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``), so at every
moment ``site/`` is a complete site, the previous one or the new one. Where the exchange is not
available, two renames are used and a kill between them is repaired by the next build, which
puts the previous site back before doing anything else.

Safety rules, checked before anything is written (:func:`refusal`):
- the site folder is never the project, nor contains it, nor is, contains or lies inside one of
  its source folders (notices, docs, overrides, attachments, .git);
- an existing folder that is not empty must hold :data:`MARKER`, the file every site built here
  carries; anything else is someone's files and is never replaced.

A lock file beside the site (``.site.lock``, ``flock``) keeps two builds from writing the same
site; leftovers of killed builds (staging and old copies, which carry the marker) are removed
by the next build. ``noticeboard build`` does not wait for a copy of the site to be removed (the
previous site it replaced, or its staging folder when it failed or was stopped: tens of
thousands of files at 10,000 notices): a process of its own removes it, renamed ``.site.gone-…``
(:mod:`noticeboard.site.discard`); a copy it could not finish goes with the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..stops import STOP_ASKED, settle, unsettle, unstopped
from .discard import MARKER, discard, remove_copy

MARKER_TEXT = "A site built by noticeboard: each `noticeboard build` replaces this whole folder.\n"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class PublishError(Exception):
    """The site cannot be written; the message is one line for the user."""


def overlap(site: Path, root: Path, sources: dict[str, Path]) -> str | None:
    """How the output folder ``site`` overlaps the project or one of its source folders, or None
    (``site`` and ``root`` resolved)."""
    if site == root:
        return f"{site} is the project folder"
    if root.is_relative_to(site):
        return f"{site} contains the project folder {root}"
    for name, path in sources.items():
        path = path.resolve()
        if site == path:
            return f"{site} is the project's {name}"
        if path.is_relative_to(site):
            return f"{site} contains the project's {name} ({path})"
        if site.is_relative_to(path):
            return f"{site} lies inside the project's {name} ({path})"
    return None


def refusal(site: Path, root: Path, sources: dict[str, Path]) -> str | None:
    """Why ``site`` must not be a site folder and what to do (one line), or None. ``sources``
    names the project's source folders (``{"notices folder": path, …}``); paths are compared
    resolved."""
    site = site.resolve()
    clash = overlap(site, root.resolve(), sources)
    if clash:
        return f"{clash}; a build replaces everything in its site folder: choose another --site-dir (by default site/ in the project)"
    if site.exists() and not site.is_dir():
        return f"{site} is a file, not a folder; choose another --site-dir"
    if site.is_dir() and not (site / MARKER).is_file() and any(site.iterdir()):
        return (f"{site} is not empty and is not a site noticeboard built (it has no {MARKER}); a build would replace "
                "everything in it: choose another --site-dir, or move that folder away yourself")
    return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system or the file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def replace_by_renames(staging: Path, site: Path, old: Path) -> None:
    """The fallback where no atomic exchange exists: the site moves to ``old``, the staging folder
    to the site. A kill between the two renames leaves ``old`` and no site; :func:`_recover`
    (run by the next build) moves ``old`` back."""
    site.rename(old)
    staging.rename(site)


@dataclass
class Publication:
    """One build's claim on a site folder: ``with Publication(site) as pub:`` takes the lock,
    clears leftovers of killed builds and makes ``pub.staging``; :meth:`publish` puts it in
    place. Leaving the block without publishing removes the staging folder (with ``background``,
    by a process of its own, as the previous site once one is published)."""

    site: Path
    background: bool = False  # the copies it replaces are removed by a process of their own (noticeboard build)
    staging: Path = field(init=False)
    published: bool = field(init=False, default=False)
    _lock_fd: int | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.site = self.site.resolve()

    @property
    def parent(self) -> Path:
        return self.site.parent

    def _sibling(self, kind: str) -> Path:
        return self.parent / f".{self.site.name}.{kind}"

    def __enter__(self) -> Publication:
        unsettle()
        self.parent.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            self._recover()
            self._clear_leftovers()
            self.staging = self._make_staging()
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            if not self.published:  # a failed or stopped build: its staging folder goes as a replaced site does
                self._dispose(self.staging)
        finally:
            self._unlock()

    # -- the lock ----------------------------------------------------------------------------

    def _lock(self) -> None:
        path = self._sibling("lock")
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 32).decode("ascii", "replace").strip()
                os.close(fd)
                by = f" (process {holder})" if holder.isdigit() else ""
                raise PublishError(f"another build is writing {self.site}{by}; wait until it has finished, then build again") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a lock file that its holder removed while we waited for it
                break
            os.close(fd)
        self._lock_fd = fd
        with contextlib.suppress(OSError):  # who holds it, for the message; a full disk may refuse
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())

    def _unlock(self) -> None:
        if self._lock_fd is None:
            return
        try:
            self._sibling("lock").unlink(missing_ok=True)
        finally:
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- leftovers ---------------------------------------------------------------------------

    def _leftovers(self, kind: str) -> list[Path]:
        """Staging (``new``) or old copies (``old``) of this site left by killed builds: folders
        of our naming that carry the marker or are empty (killed before the marker was written)."""
        found = []
        for path in self.parent.glob(f".{self.site.name}.{kind}-*"):
            if path.is_dir() and not path.is_symlink() and ((path / MARKER).is_file() or not any(path.iterdir())):
                found.append(path)
        return sorted(found, key=lambda p: p.stat().st_mtime)

    def _recover(self) -> None:
        """A build killed between the two renames of :func:`replace_by_renames` left the
        previous site as ``.site.old-…`` and no site: put it back."""
        if not self.site.exists():
            olds = self._leftovers("old")
            if olds:
                olds[-1].rename(self.site)

    def _clear_leftovers(self) -> None:
        for path in self._leftovers("new") + self._leftovers("old") + self._leftovers("gone"):
            remove_copy(path)

    def _make_staging(self) -> Path:
        while True:
            path = self._sibling(f"new-{secrets.token_hex(4)}")
            try:
                path.mkdir()  # mode 0777 less the umask, as mkdocs build creates site/
                break
            except FileExistsError:
                continue
        try:
            (path / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        except BaseException:
            remove_copy(path)
            raise
        return path

    # -- putting it in place -----------------------------------------------------------------

    def publish(self) -> None:
        """Put the staging folder in place of the site; then the previous site is removed
        (:meth:`_dispose`). A process asked to stop (:data:`STOP_ASKED`) stops here instead; a
        stop that comes once the exchange has begun lets it finish, and the build with it
        (:func:`~noticeboard.stops.settle`): the site is then the new one, and the build says so."""
        with unstopped():
            if STOP_ASKED.is_set():
                raise KeyboardInterrupt
            if not self.site.exists():
                self.staging.rename(self.site)
                self.published = True
                settle()
                return
            if _exchange(self.staging, self.site):
                self.published = True
                settle()
                self._dispose(self.staging)  # now the previous site
                return
            old = self._sibling(f"old-{self._token}")
            replace_by_renames(self.staging, self.site, old)
            self.published = True
            settle()
            self._dispose(old)

    @property
    def _token(self) -> str:
        return self.staging.name.rsplit("-", 1)[1]

    def _dispose(self, copy: Path) -> None:
        """Remove a copy of the site (the previous site, or a staging folder not put in place);
        with :attr:`background`, by a process of its own that the caller does not wait for (its
        folder is renamed ``.site.gone-…`` first: :mod:`noticeboard.site.discard`)."""
        if self.background:
            discard(copy, self._sibling(f"gone-{self._token}"), "site")
        else:
            remove_copy(copy)
