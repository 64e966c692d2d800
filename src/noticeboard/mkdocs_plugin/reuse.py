"""A warm ``noticeboard build``: the pages whose inputs did not change are not rendered again; their
previous output is taken from the live site.

Each generated page (a notice's page, a listing, a feed's page…) gets a *page key*: a hash of
everything its HTML depends on: its own source (the Markdown or front matter MkDocs reads, and
for a notice page the key of its converted HTML in the build cache), its path and edit link, and
the *site key* shared by all pages: noticeboard's code and templates, MkDocs' and Material's
versions, mkdocs.yml, the theme's custom_dir, issuers.yml, the navigation (Material writes it into
every page), the site's stylesheets and scripts, preview or not.

After a build, a manifest of every page written (its page key and the identity of its output
file: inode, size, modification time) goes into the build cache (:class:`~noticeboard.site.cache.Store`,
kind ``outputs``, one entry per site folder). The next build of the same site folder reads it:
a page whose key is the same and whose file in the live site is still that very file (not
rewritten, not replaced since) is hard-linked from the live site into the build's staging folder
(copied where a link cannot be made) and MkDocs skips it (its ``--dirty`` mechanism,
``File.is_modified``). Everything else is rendered as in a cold build. The live site is only
read: a failed build removes its staging folder, links and all, and the site stays as it was
(:mod:`noticeboard.site.publish`). A missing, corrupt or foreign manifest (checked as every cache
entry is) means a cold build; so does ``noticeboard build --clean``; hand-written pages and the
pages of the navigation are always rendered.
"""

from __future__ import annotations

import json
import os
import shutil
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from ..site.cache import PACKAGE, Store, code_key, content_key, tree_parts

KIND = "outputs"


@cache
def tools_key() -> str:
    """noticeboard's own files (:func:`~noticeboard.site.cache.code_key`), MkDocs' and Material's versions."""
    versions = []
    for name in ("mkdocs", "mkdocs-material"):
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:  # pragma: no cover - both are dependencies
            versions.append(f"{name} ?")
    return content_key(code_key(), *versions)


def _installed(path: Path) -> bool:
    """A theme folder of an installed package (covered by its version in :func:`code_key`)."""
    import material
    import mkdocs

    return any(path.is_relative_to(Path(m.__file__).resolve().parent) for m in (material, mkdocs)) or path.is_relative_to(PACKAGE)


def _nav(items) -> list:
    """The navigation as it is written into every page: titles and links (a page's title from
    its source where the config gives none)."""
    out = []
    for item in items:
        if isinstance(item, Section):
            out.append(["section", item.title, _nav(item.children)])
        elif isinstance(item, Link):
            out.append(["link", item.title, item.url])
        elif isinstance(item, Page):
            title = item.__dict__.get("title")  # given in mkdocs.yml's nav
            file = item.file
            out.append(["page", file.src_uri, file.url, title if title is not None else file.content_string])
    return out


def site_key(config: MkDocsConfig, nav: Navigation, issuers: Path, *, preview: bool) -> str:
    """What every page's HTML depends on besides its own source."""
    parts: list[str | bytes] = [tools_key(), Path(config.config_file_path).read_bytes(), issuers.read_bytes() if issuers.is_file() else b"",
                                json.dumps([config.site_url, config.use_directory_urls, list(config.extra_css),
                                            [str(s) for s in config.extra_javascript], preview, _nav(nav.items)], ensure_ascii=False)]
    for folder in map(Path, config.theme.dirs):
        folder = folder.resolve()
        if not _installed(folder):
            parts += [str(folder), *tree_parts(folder)]
    return content_key(*parts)


def page_key(site: str, file: File, converted: str, cleaned: bool) -> str:
    """A generated page's key: the site's key and what MkDocs reads of the page."""
    return content_key(site, file.src_uri, file.dest_uri, file.url, file.edit_uri or "", file.content_string, converted,
                       "cleaned" if cleaned else "")


def _identity(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def _unmodified() -> bool:
    return False


class Reuse:
    """One build's reuse of the live site ``live`` (None: nothing to reuse) into ``staging``."""

    def __init__(self, store: Store, live: Path | None, staging: Path):
        self.store = store
        self.live = live
        self.staging = staging
        self.keys: dict[str, str] = {}  # dest_uri → page key, every generated page of this build
        self.reused: set[str] = set()  # src_uri of the pages taken from the live site
        self.previous: dict[str, list] = {}
        if live is not None:
            data = store.get(KIND, self._manifest_key(live))
            try:
                self.previous = json.loads(data)["pages"] if data is not None else {}
            except (ValueError, KeyError, TypeError):
                self.previous = {}

    @staticmethod
    def _manifest_key(site: Path) -> str:
        return content_key("manifest", str(site.resolve()))

    def offer(self, file: File, key: str) -> bool:
        """Take ``file``'s page from the live site if it was made from the same key and is still
        the file that build wrote; then MkDocs skips it. False: MkDocs renders it."""
        dest = file.dest_uri
        self.keys[dest] = key
        was = self.previous.get(dest)
        if self.live is None or not isinstance(was, list) or len(was) != 4 or was[0] != key:
            return False
        source, target = self.live / dest, self.staging / dest
        if _identity(source) != was[1:]:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            try:
                shutil.copy2(source, target)
            except OSError:
                return False
        file.is_modified = _unmodified  # type: ignore[method-assign]  # MkDocs' --dirty: not read, not rendered
        self.reused.add(file.src_uri)
        return True

    def save(self, site: Path) -> None:
        """Record every generated page now in the staging folder, for the build after this one
        (which will find this staging folder as its live ``site``)."""
        pages = {}
        for dest, key in self.keys.items():
            identity = _identity(self.staging / dest)
            if identity is not None:
                pages[dest] = [key, *identity]
        self.store.put(KIND, self._manifest_key(site), json.dumps({"pages": pages}).encode("utf-8"))
