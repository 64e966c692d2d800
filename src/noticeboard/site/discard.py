"""A folder of ours removed after the command that made it, by a process of its own.

What a build leaves behind can hold tens of thousands of files: the previous site it replaced,
its staging folder when it failed or was stopped, its scratch folder (with ``--clean``, a whole
build cache). Removed where they were, they held the command up: a 10,000-notice ``build --clean``
stopped while writing its pages ended 38 s after the signal, 25 s of it removing its scratch
folder (15 s) and its staging folder (10 s) (py-spy). :func:`discard` renames the folder first,
so it is out of the way at once and its name says it is going, and a detached process removes it
(niced; in a session of its own, so a stop sent to the build's process group does not reach
it) while the command ends. Where the rename or the process cannot be had, it is removed here.

Only folders of our own naming are removed by that process (:data:`KINDS`): it checks the name
(and a site copy's marker) again before it removes anything. What a killed removal leaves goes
with the next build (site copies: :mod:`noticeboard.site.publish`'s leftovers) or with the
system's temporary folder (scratch folders).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


#: the file every site built here carries (site/publish.py): a folder without it is not ours
MARKER = ".noticeboard-site"


def remove_copy(path: Path) -> None:
    """Remove a site copy of ours, its marker last: a build killed while removing it leaves a
    folder that still carries the marker, or an empty one, which the next build removes; what
    cannot be removed now (the marker stays then) goes at the next build too."""
    try:
        children = list(path.iterdir())
    except FileNotFoundError:
        return
    except OSError:
        children = []
    for child in children:
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                child.unlink()
    with contextlib.suppress(OSError):
        if [p.name for p in path.iterdir()] in ([MARKER], []):
            (path / MARKER).unlink(missing_ok=True)
            path.rmdir()


def _site_copy(path: Path) -> bool:
    return path.name.startswith(".") and ".gone-" in path.name and not path.is_symlink() and (path / MARKER).is_file()


def _scratch(path: Path) -> bool:
    return re.fullmatch(r"noticeboard-[0-9a-f]{16}\.gone", path.name) is not None and path.is_dir() and not path.is_symlink()


def _rmtree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


#: what may be discarded: for each kind, whether a folder is one (by its name once renamed, and a
#: site copy by its marker) and how it is removed
KINDS: dict[str, tuple[Callable[[Path], bool], Callable[[Path], None]]] = {
    "site": (_site_copy, remove_copy),
    "scratch": (_scratch, _rmtree),
}


def discard(path: Path, gone: Path, kind: str) -> None:
    """Rename ``path`` to ``gone`` (a name :data:`KINDS` ``[kind]`` recognises) and have a process
    of its own remove it; the caller does not wait. Where that cannot be done, it is removed here."""
    remove = KINDS[kind][1]
    try:
        path.rename(gone)
    except FileNotFoundError:
        return
    except OSError:
        remove(path)
        return
    try:
        subprocess.Popen([sys.executable, "-m", __name__, kind, str(gone)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, cwd="/")
    except OSError:
        remove(gone)


if __name__ == "__main__":  # the removing process of discard()
    _ours, _remove = KINDS[sys.argv[1]]
    _path = Path(sys.argv[2])
    if _ours(_path):
        os.nice(10)  # after the commands the user runs next
        _remove(_path)
