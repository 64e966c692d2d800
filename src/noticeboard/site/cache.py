"""A build cache on disk, keyed by content: ``.cache/noticeboard/`` beside mkdocs.yml.

An entry's key is a hash of everything its value depends on (the caller hashes it with
:func:`content_key`, which adds the package version). Each entry is one file written atomically
(a temporary file, then ``os.replace``) and starts with a checksum of its payload: a partial,
corrupt or foreign file is detected on reading, removed, and reported as missing, so the caller
makes the value again. The folder is safe to delete at any time; nothing else lives there.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

CACHE_DIR = Path(".cache") / "noticeboard"
_MAGIC = b"nb1 "
_DIGEST = 16  # bytes of blake2b


def package_version() -> str:
    try:
        return version("noticeboard")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without metadata
        return "0"


_VERSION = package_version()


def digest(data: bytes) -> str:
    """A file's bytes as a short hash (what a key is made from in their place)."""
    return hashlib.blake2b(data, digest_size=_DIGEST).hexdigest()


def identity(path: Path) -> list[int] | None:
    """The identity of the file at ``path``: inode, size, modification and change times (ns).
    Any write or replacement changes it (the change time is the kernel's, never set by a
    program), so a file of the same identity as when it was read holds the same bytes."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def content_key(*parts: str | bytes) -> str:
    """A hash of ``parts`` (in order, each length-prefixed) and the package version."""
    h = hashlib.blake2b(digest_size=_DIGEST)
    for part in (_VERSION, *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


PACKAGE = Path(__file__).resolve().parent.parent


def tree_parts(root: Path, skip: str = "\0") -> Iterable[bytes]:
    """Every file under ``root`` but those whose name ends in ``skip``: its path from ``root``
    and its bytes, in a stable order."""
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(skip)):
        yield path.relative_to(root).as_posix().encode("utf-8")
        yield path.read_bytes()


@cache
def code_key() -> str:
    """noticeboard's own files (code, theme, assets): a source checkout installed editable changes
    without a new version number, and a cached value made by other code is never used. Not the
    Markdown templates (``*.md.j2``): what they give is in each page's Markdown, which its keys
    hash, so a template's change touches only the pages that use it (the keys of what is made
    from them add :func:`noticeboard.mkdocs_plugin.reuse.markdown_templates_key`)."""
    return content_key(*tree_parts(PACKAGE, skip=".md.j2"))


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_DIGEST).hexdigest().encode("ascii")


class Store:
    """Values by key under ``root/<kind>/<key[:2]>/<key>``."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The payload stored under ``key``, or None when it is missing or does not check out
        (then the bad file is removed)."""
        path = f"{self.root}/{kind}/{key[:2]}/{key}"  # as _path, without its Path objects (a warm build reads some 30,000)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return None
        head = len(_MAGIC) + 2 * _DIGEST + 1
        payload = data[head:]
        if data[: len(_MAGIC)] != _MAGIC or data[len(_MAGIC): head - 1] != _checksum(payload) or data[head - 1: head] != b"\n":
            try:
                os.unlink(path)
            except OSError:
                pass
            return None
        return payload

    def size(self, kind: str, key: str) -> int | None:
        """The size of the file of the entry under ``key`` (None: there is none), not read nor
        checked: what a caller that recorded it compares, where reading the entry is left to
        whoever needs its payload (:meth:`get` checks it then)."""
        try:
            return os.stat(f"{self.root}/{kind}/{key[:2]}/{key}").st_size
        except OSError:
            return None

    def has(self, kind: str, key: str) -> bool:
        """A sound entry is stored under ``key`` (checked as :meth:`get` checks it)."""
        return self.get(kind, key) is not None

    def put(self, kind: str, key: str, payload: bytes) -> None:
        """Store ``payload`` under ``key``; a reader never sees a partial file."""
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + _checksum(payload) + b"\n" + payload)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
