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
from dataclasses import replace
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from ..render import environment as render_environment
from ..site.cache import PACKAGE, Store, code_key, content_key, digest, tree_parts
from ..site.keep import JOBS, OPENDATA
from ..urls import api_notice
from ..yamlread import read_regular
from .linker import Linker
from .prerender import Done, Job, Settings

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


def markdown_templates_key() -> str:
    """The Markdown templates the pages are rendered from, as the render environment loads them."""
    env = render_environment.environment()  # looked up when called: the one the pages are rendered with
    return content_key(*(part for name in sorted(env.list_templates()) for part in (name, env.loader.get_source(env, name)[0])))


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


def _identity(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
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
        self.taken: set[str] = set()  # dest_uri of every file taken from the live site
        self.linked: dict[str, list[int]] = {}  # dest_uri → identity, of the files linked from the live site
        self.links = Linker()  # puts the files taken into the staging folder, beside the main thread
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

    def offer(self, file: File, key: str) -> str | None:
        """Take ``file``'s page from the live site if it was made from the same key and is still
        the file that build wrote; then MkDocs skips it. None: MkDocs renders it. Else the key of
        the page's uses of the stylesheet, as that build recorded them ("" if it did not)."""
        if not self.take([file.dest_uri], key):
            return None
        file.is_modified = _unmodified  # type: ignore[method-assign]  # MkDocs' --dirty: not read, not rendered
        self.reused.add(file.src_uri)
        was = self.previous[file.dest_uri]
        return was[4] if len(was) == 5 and isinstance(was[4], str) else ""

    def expect(self, dests: list[str], key: str) -> None:
        """The files ``dests`` will be written in this build, made from ``key`` (:meth:`save` records them)."""
        for dest in dests:
            self.keys[dest] = key

    def take(self, dests: list[str], key: str) -> bool:
        """Take the files ``dests`` of the site (a page, a feed's two files, an open-data file)
        from the live site, all or none: each made from ``key`` by the last build and still the
        file it wrote. False: the caller writes them (new files: nothing taken is ever written
        into, it is the live site's file too). Each is checked here and put into the staging
        folder by the :class:`~.linker.Linker`'s thread, there once :meth:`finish` returns. Paths
        as strings: a warm build of 10,000 notices takes some 58,000 files."""
        self.expect(dests, key)
        if self.live is None:
            return False
        live, staging = os.fspath(self.live), os.fspath(self.staging)
        for dest in dests:
            was = self.previous.get(dest)
            if not isinstance(was, list) or len(was) not in (4, 5) or was[0] != key:
                return False
            try:
                st = os.stat(f"{live}/{dest}")
            except OSError:
                return False
            if [st.st_ino, st.st_size, st.st_mtime_ns] != was[1:4]:
                return False
        for dest in dests:
            self.linked[dest] = self.previous[dest][1:4]  # the very file: its identity as just checked
        self.links.link([(f"{live}/{dest}", f"{staging}/{dest}") for dest in dests])
        self.taken.update(dests)
        return True

    def finish(self) -> None:
        """Wait until every file taken is in the staging folder: before anything reads it, and
        before it is put in place. A file that could be linked from the live site is linked, else
        copied (then recorded with the copy's identity); one that could be neither fails the build
        (MkDocs skipped its page: the site would lack it), saying what to do."""
        self.links.finish()
        cut = len(os.fspath(self.staging)) + 1
        for target in self.links.copied:
            self.linked.pop(target[cut:], None)
        self.links.copied.clear()
        if self.links.failed:
            target, exc = self.links.failed[0]
            more = f" (and {len(self.links.failed) - 1} more)" if len(self.links.failed) > 1 else ""
            raise PluginError(f"noticeboard: cannot take {target[cut:]}{more} from the site {self.live} into the new one: "
                              f"{exc.strerror or exc}; check the space and permissions there, or build again with --clean")

    def stop(self) -> None:
        """The build ends without this site: the files not yet taken are not, and nothing is
        left writing into the staging folder."""
        self.links.stop()

    def save(self, site: Path, uses: dict[str, str]) -> None:
        """Record every file made from a key now in the staging folder, for the build after this
        one (which will find this staging folder as its live ``site``); with a page, the key of its
        uses of the stylesheet (``uses``, by the page's path: material.py). A file linked from the
        live site is recorded with the identity it was taken by (the same file; were it changed
        since, its identity no longer matches and the next build makes it again)."""
        pages = {}
        staging = os.fspath(self.staging)
        for dest, key in self.keys.items():
            path = os.path.normpath(f"{staging}/{dest}")  # strings, as take's: some 58,000 files at 10,000 notices
            identity = self.linked.get(dest) or _identity(path)
            if identity is not None:
                used = uses.get(path)
                pages[dest] = [key, *identity, *([used] if used is not None else [])]
        self.store.put(KIND, self._manifest_key(site), json.dumps({"pages": pages}).encode("utf-8"))


class NoticeWork:
    """What the worker pool made for each notice (prerender.py: its converted page's key, front
    matter, search document and open-data file), kept in the build cache by everything it is made
    from: the notice file's bytes and path, its series block and reference, and the build's
    settings (noticeboard's code, issuers.yml, the day, preview, search, the site's URLs, the
    Markdown settings). A warm build sends only the other notices to the pool, whose workers keep
    what they make (:meth:`to_keep`); for these it writes the open-data file kept (or takes the
    live site's) and reads the rest back. An entry whose converted page is no longer
    sound in the cache is not used."""

    def __init__(self, store: Store, settings: Settings, root: Path, issuers: Path):
        self.store = store
        self.settings = settings
        self.root = root
        self.salt = content_key(code_key(), markdown_templates_key(), issuers.read_bytes() if issuers.is_file() else b"", settings.today.isoformat(),
                                json.dumps([settings.preview, settings.search, settings.site.site_url, settings.site.directory_urls]),
                                repr(settings.extensions), json.dumps(settings.configs, sort_keys=True, default=repr))
        self.keys: dict[str, str] = {}  # src_uri → key of the job

    def _data_path(self, job: Job) -> Path:
        return self.settings.site_dir / api_notice(job.entry.year, job.entry.slug)

    def found(self, job: Job, page_kind: str, reuse: Reuse | None = None, bytes_digest: str | None = None,
              checked: bool = True) -> Done | None:
        """The job's result from the cache (its open-data file written into the site, or taken
        from the live site by ``reuse`` when the last build made it from the same key), or None.
        ``bytes_digest``: the digest of the notice file's bytes as this build loaded them
        (:attr:`noticeboard.project.Project.digests`); None: the file is read for it.
        ``checked``: only if its converted page is sound in the cache; False: the caller checks
        that where it renders the page (a warm build takes most pages from the live site), and
        makes it :meth:`again` where it is not."""
        if bytes_digest is None:
            raw = read_regular(self.root / job.entry.source)[0]
            if raw is None:
                return None
            bytes_digest = digest(raw)
        key = self.keys[job.src_uri] = content_key(self.salt, job.src_uri, job.entry.source, bytes_digest, job.block,
                                                   json.dumps(job.series, sort_keys=True))
        if reuse is not None:
            reuse.expect([api_notice(job.entry.year, job.entry.slug)], key)  # whoever writes it: the manifest names it
        data = self.store.get(JOBS, key)
        if data is None:
            return None
        try:
            value = json.loads(data)
            page, front, search = value["page"], value["front"], value["search"]
        except (ValueError, KeyError, TypeError):
            return None
        if checked and not self.store.has(page_kind, page):
            return None
        if reuse is None or not reuse.take([api_notice(job.entry.year, job.entry.slug)], key):
            opendata = self.store.get(OPENDATA, key)  # read only where the live site's file is not taken
            if opendata is None:
                return None
            path = self._data_path(job)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(opendata)
        return Done(job.src_uri, page, front, search, False)

    def again(self, job: Job) -> Job:
        """``job`` to be made again although :meth:`found` had it (its converted page went bad):
        its open-data file in the site is removed first (it may be the live site's file, linked:
        never written into)."""
        self._data_path(job).unlink(missing_ok=True)
        return self.to_keep(job)

    def to_keep(self, job: Job) -> Job:
        """``job`` with the key under which its worker keeps what it makes (site/keep.py), where
        :meth:`found` gave it one."""
        return replace(job, keep=self.keys.get(job.src_uri))
