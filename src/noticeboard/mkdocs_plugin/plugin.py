"""The noticeboard MkDocs plugin: coordinates; the work lives in the core.

It loads and validates the notices, adds the generated pages as ``File.generated`` files, marks
preview builds, writes feeds and open data while the worker pool converts the pages, and after
the build the search index.
"""

from __future__ import annotations

import gc
import logging
import secrets
import tempfile
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TextIO

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..dates import today
from ..errors import NoticeErrors
from ..entry import Entry
from ..project import Project, load_project
from ..render.environment import render
from ..render.escape import html_numbers_whole
from ..render.sanitize import clean_page
from ..search.index import MANIFEST
from ..settings import ISSUERS_FILE, NOTICES_DIR
from ..site.background import Background, flag
from ..site.cache import CACHE_DIR, Store
from ..site.discard import discard
from ..stops import unstopped
from ..site.keep import Keep
from ..pool import cores
from ..series import group
from ..site.opendata import series_refs
from .site_text import clean_copyright, site_text_problems
from ..site.memo import Kept, Memo, entry_key, memo_call
from ..site.outputs import search_index_from, search_index_streamed, write_data, write_search_docs
from ..site.plan import MARKERS, Page as PlannedPage, archive_wide_pages, build_plan, home_blocks, notice_jobs, redirects
from ..site.assets import THEME_DIR, attachment_files, package_assets
from .. import urls
from ..urls import Urls
from ..stash import Stash, StashGone
from .material import Partials, Stylesheet, below, later
from .prerender import KIND as PAGES, Done, Job, Listing, Prerenderer, Settings, front_matter
from . import forked
from .forked import Forked, RenderFailed
from .progress import step
from .refresh import LastBuild
from .reuse import NoticeWork, Reuse, _unmodified, page_key, site_key
from .settings import settings_of

log = get_plugin_logger(__name__)


def _rendered_ahead(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``Page.render`` of a page converted ahead (prerender.py), whose Markdown is then empty:
    what MkDocs' own render of an empty page sets, without building a ``Markdown`` object with
    every extension for it (one per page: a twentieth of a large build's main process)."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


class PublisherConfig(Config):
    """The publisher, shown in every page's footer (a government site states who runs it and its
    registrations). Every field is optional; what is not set is not shown."""

    name = opt.Optional(opt.Type(str))
    """主办单位: the body that publishes the site, e.g. ``中共XX市委巡察工作领导小组办公室``."""

    operator = opt.Optional(opt.Type(str))
    """承办单位: the body that runs it, where it is another."""

    address = opt.Optional(opt.Type(str))
    """通信地址 (with the postcode if wanted)."""

    phone = opt.Optional(opt.Type(str))
    """联系电话, as it should be dialled, e.g. ``0591-12345678``."""

    email = opt.Optional(opt.Type(str))
    """电子邮箱."""

    site_code = opt.Optional(opt.Type(str))
    """网站标识码 (the government website identifier)."""

    icp = opt.Optional(opt.Type(str))
    """ICP 备案号, e.g. ``闽ICP备12345678号``; links to the MIIT register."""

    police = opt.Optional(opt.Type(str))
    """公安机关备案号, e.g. ``闽公网安备 35010202000001号``; links to the public-security register."""


class NoticeboardConfig(Config):
    notices_dir = opt.Dir(exists=True, default=NOTICES_DIR)
    """Folder of the notice YAML files (``<year>/<slug>.yml``) and ``issuers.yml``."""

    preview = opt.Optional(opt.Type(bool))
    """Include drafts and mark every page 预览. Unset: on under ``mkdocs serve``, off for builds."""

    search = opt.Type(bool, default=True)
    """Build the chunked Chinese full-text search index and the ``/search/`` page."""

    latest = opt.Type(int, default=10)
    """How many notices the home page lists (where ``<!-- noticeboard:latest -->`` stands)."""

    publisher = opt.SubConfig(PublisherConfig)
    """The publisher's name, contact and registration numbers for the footer (see PublisherConfig)."""

    cache = opt.Type(bool, default=True)
    """Keep converted pages in ``.cache/noticeboard/`` beside mkdocs.yml (safe to delete) so a
    rebuild converts only what changed. Off (or ``noticeboard build --clean``): a temporary
    folder, removed after the build."""


@contextmanager
def _failing_cleanly() -> Iterator[None]:
    """A notice's whole text gone from the build cache while it was needed (:class:`StashGone`,
    raised in a worker) as MkDocs' build error: the build fails saying what to do, no traceback."""
    try:
        yield
    except StashGone as exc:
        raise PluginError(f"noticeboard: {exc}") from None


class NoticeboardPlugin(BasePlugin[NoticeboardConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.project: Project | None = None
        self.entries: list[Entry] = []  # what this build shows (Project.visible)
        self.today = today()  # the build date, set again by each build
        self.prerenderer: Prerenderer | None = None
        self.scratch: Path | None = None  # this build's temporary folder (search documents; the cache when off)
        self.sources: dict[str, str] = {}  # src_uri → cache key of the converted notice pages
        self.listings: dict[str, str] = {}  # src_uri → cache key of the other generated pages converted in the pool (build)
        self.pending = None  # a warm build: the other generated pages to convert, once it is known which are reused (_reuse)
        self.unchecked: dict[str, Job] = {}  # a warm build: the notice jobs found in the cache, their pages not yet checked (_reuse)
        self.fronts: dict[str, str] = {}  # src_uri → front matter of the notice pages (MkDocs reads it)
        self.written = self.to_write = 0  # generated pages written so far, of how many (progress lines)
        self.notice_data: set[str] = set()  # src_uri of every generated page that holds notice values
        self.data_summary = ""  # what _write_data wrote, for the build's summary line
        self.held: dict[str, bytes] = {}  # src_uri → a listing page's HTML, compressed, from its conversion until it is written
        self.search_job: Background | None = None
        self.job_keys: dict[str, tuple] = {}  # src_uri → what each notice page was made from (_jobs)
        self.urls = Urls()  # the site's paths and links, as this build's config sets them (on_files)
        self.memo: Memo | None = None  # under serve: what the last build made (site/memo.py)
        self.last: LastBuild | None = None  # under serve: the last full build, for refresh()
        self.marked: set[str] = set()  # src_uri of hand-written pages with a noticeboard block
        self.lock = threading.RLock()  # serve: a refresh and the pages written after it, one at a time
        self.generated: set[str] = set()  # src_uri of every generated page
        self.live_site: Path | None = None  # set by noticeboard build: the site this build replaces (reuse.py)
        self.reuse: Reuse | None = None  # the last build's reuse of its live site's unchanged files
        self.work: NoticeWork | None = None  # the notice jobs' results kept in the build cache, and their keys
        self.kept: Kept | None = None  # a build's generated Markdown kept in the build cache (site/memo.py)
        self.dirty = False
        self.stylesheet: Stylesheet | None = None  # Material's, as this build's pages use it (material.py)
        # set by noticeboard build, whose MkDocs build skips the pages File.is_modified says are
        # done (driver.py): the generated pages are rendered by forked workers (forked.py)
        self.fork = False
        self.forked: Forked | None = None
        self.rendered_forked = 0  # pages the forked workers render in this build
        self.nav = None  # this build's navigation (on_nav)
        self.touched = False  # serve: the last refresh() changed what a page shows

    @property
    def preview(self) -> bool:
        return self.config.preview if self.config.preview is not None else self.command == "serve"

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        self.memo = Memo() if command == "serve" else None
        self.last = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        unsafe = site_text_problems(config)
        if unsafe:
            raise PluginError("mkdocs.yml: " + "\nmkdocs.yml: ".join(unsafe))
        clean_copyright(config)
        # Material's theme.font means Google Fonts: a render-blocking request to a host that is
        # blocked in mainland China (and Roboto has no Chinese). A page requests nothing outside
        # the site; noticeboard.css sets a system CJK font stack instead.
        config.theme["font"] = False
        if str(THEME_DIR) not in config.theme.dirs:
            # After the site's custom_dir (its overrides/ always win), before Material's own.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        # the search page's stylesheet and script: on that page only (theme/base.html)
        styles = [a for a in package_assets(False) if a.endswith(".css") and a not in config.extra_css]
        config.extra_css[:0] = styles  # first: a site's own stylesheets (extra_css) override noticeboard's
        for asset in package_assets(False):
            if asset.endswith(".js") and asset not in config.extra_javascript:
                config.extra_javascript.append(asset)
        return config

    @event_priority(-100)  # last: the workers (_fork) render with the environment as every plugin made it
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """What the theme templates get of noticeboard: the filter ``nb_numbers_whole`` (an address
        escaped, its numbers kept whole: the footer), and ``nb_paths``, the site's pages each as a
        URL from the site's root for MkDocs' ``url`` filter (``{{ nb_paths.archive | url }}``;
        ``search`` only where the site has its search page)."""
        env.filters["nb_numbers_whole"] = html_numbers_whole
        pages = {"home": urls.HOME, "archive": urls.ARCHIVE, **({"search": urls.SEARCH} if self.config.search else {})}
        env.globals["nb_paths"] = {name: self.urls.link(page) for name, page in pages.items()}
        self._load_material(env, config)
        if self.last is not None:
            self.last.env = env
        self._fork(env, config, files)
        return env

    def _fork(self, env, config: MkDocsConfig, files: Files) -> None:
        """On ``noticeboard build``: the generated pages MkDocs would render, none of them in the
        navigation, are shared out in runs, one for this process and one for a forked worker on
        each other core (forked.py); MkDocs skips the workers' pages and renders the others
        meanwhile. :meth:`_gather` waits for the workers."""
        self.forked, self.rendered_forked = None, 0
        if not self.fork or self.nav is None or self.stylesheet is None:
            return
        in_nav = {page.file.src_uri for page in self.nav.pages}
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # what MkDocs' build renders
        pages = [f.page for f in doc_files if f.src_uri in self.generated and f.src_uri not in in_nav and f.is_modified()]
        workers = cores()
        if workers < 2 or len(pages) < forked.THRESHOLD:
            return
        render = partial(_build_page, config=config, doc_files=doc_files, nav=self.nav, env=env)
        if self.search_job is not None:
            # the search-index child ends first: its heap and the forked worker's never add up at
            # the build's peak (the child indexes while the pool converts; what is left is mostly
            # writing its files). Meanwhile this process renders pages of its own share, from the
            # last one back (the pages shared out below are not touched here: not copied)
            waited, ahead = time.monotonic(), 0
            while ahead < len(pages) and not self.search_job.ended():
                page = pages[-1 - ahead]
                page.file.is_modified = _unmodified  # type: ignore[method-assign]  # rendered: MkDocs skips it
                render(page)
                ahead += 1
            self.search_job.wait()
            pages = pages[:len(pages) - ahead]
            log.info(f"search index finished before the pages are shared out ({time.monotonic() - waited:.1f} s, {ahead} pages written meanwhile)")
            if len(pages) < forked.THRESHOLD:
                return
        size = -(-len(pages) // workers)
        shares = [pages[at:at + size] for at in range(0, len(pages) - size, size)]  # the last run is this process's
        for share in shares:
            for page in share:  # before the fork: a worker's page object is not touched here afterwards (not copied)
                page.file.is_modified = _unmodified  # type: ignore[method-assign]  # MkDocs' --dirty: not rendered here
        if self.reuse is not None:
            self.reuse.finish()  # no thread of this process runs while it forks
        self.forked = Forked(shares, render, self.stylesheet.share)
        self.rendered_forked = sum(map(len, shares))

    def _gather(self) -> None:
        """Wait for the forked workers: their pages counted, their warnings and errors logged here
        (strict mode counts them), their pages' stylesheet names merged; a failure fails the build."""
        if self.forked is None:
            return
        workers, self.forked = self.forked, None
        try:
            self._take(workers.wait())
        except RenderFailed as exc:
            raise PluginError(f"noticeboard: {exc}") from None

    def _take(self, messages) -> None:
        """What the forked workers sent (forked.py): pages written, logged records, results."""
        assert self.stylesheet is not None
        for message in messages:
            if message[0] == "pages":
                for uri in message[1]:
                    if uri in self.notice_data:
                        self.written += 1
                        step(log, "writing pages", self.written, self.to_write)
            elif message[0] == "log":
                logging.getLogger(message[1]).log(message[2], message[3])
            else:
                self.stylesheet.merge(message[1])

    def _load_material(self, env, config: MkDocsConfig) -> None:
        """How a page loads Material and the search page's files (material.py, theme/base.html)."""
        assert self.stylesheet is not None
        env.loader = self.stylesheet.loader(env.loader)
        env.globals["nb_material"] = self.stylesheet.globals()
        search = {a.rsplit(".", 1)[-1]: a for a in package_assets(True) if a not in package_assets(False)} if self.config.search else {}
        env.globals["nb_search_page"] = urls.SEARCH if search else None
        env.globals["nb_search_page_assets"] = search
        env.globals["nb_search_manifest"] = urls.SEARCH_INDEX + MANIFEST if search else None
        env.filters["nb_later"] = later
        Partials().install(env)

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.nav = nav
        if self.last is not None:
            self.last.nav = nav
        if self.reuse is not None:
            with _failing_cleanly():
                self._reuse(nav, files, config)
        return nav

    def _reuse(self, nav, files: Files, config: MkDocsConfig) -> None:
        """The generated pages whose key is unchanged are taken from the live site, not rendered
        (reuse.py); the pages of the navigation and those with a noticeboard block always are."""
        reuse = self.reuse
        assert reuse is not None
        site = site_key(config, nav, Path(self.config.notices_dir) / ISSUERS_FILE, preview=self.preview)
        in_nav = {page.file.src_uri for page in nav.pages}
        for file in files.documentation_pages():
            uri = file.src_uri
            if uri in self.generated and uri not in in_nav and not any(marker in file.content_string for marker in MARKERS):
                uses = reuse.offer(file, page_key(site, file, self.sources.get(uri, ""), uri in self.notice_data))
                if uses and self.stylesheet is not None:
                    self.stylesheet.recall(file.abs_dest_path, uses, reuse.store)
        self.to_write -= len(reuse.reused & self.notice_data)
        if self.pending is not None:  # a warm build converts only the other generated pages it renders
            assert self.prerenderer is not None and self.work is not None
            store = self.prerenderer.store
            bad = [job for uri, job in self.unchecked.items() if uri not in reuse.reused and not store.has(PAGES, self.sources[uri])]
            if bad:
                reuse.finish()  # their open-data files, if taken, are in the staging folder before they are removed
            todo: list = [self.work.again(job) for job in bad]  # gone bad: made again
            todo += [listing for listing in self.pending() if listing.src_uri not in reuse.reused]
            self.pending, self.unchecked = None, {}
            for done in self.prerenderer.run(todo, self._settings(config)):
                if done.src_uri in self.sources:
                    self.sources[done.src_uri] = done.key
                else:
                    self.listings[done.src_uri] = done.key
        log.info(f"reused {len(reuse.reused)} unchanged pages of the site, rendering the other {len(self.generated) - len(reuse.reused)}")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Load the notices (lean on a build: :mod:`noticeboard.stash`), make the notice pages in
        the worker pool, then add every generated file to MkDocs' files."""
        self._release_scratch()
        self._new_scratch()
        self.last = None
        self.reuse = None
        self.pending, self.unchecked = None, {}
        self.marked = set()
        material = below(config.theme.dirs)
        if material is None:
            raise PluginError("noticeboard: the theme must be Material for MkDocs (theme: name: material)")
        self.stylesheet = Stylesheet(material, trimmed=self.command == "build" and not self.dirty)
        for unused in filter(None, map(files.get_file_from_path, self.stylesheet.replaced())):
            files.remove(unused)
        self.held = {}
        self._load(config)
        with _failing_cleanly():
            plan = self._prerender(config)
        self._add_pages(plan, files, config)
        self._add_redirects(files, config)
        self._add_static_files(files, config)
        if self.memo is not None:
            self.last = LastBuild(config, files, plan, redirects(self.entries, self.urls), self._static_uris(), self.job_keys)
        return files

    def _load(self, config: MkDocsConfig, changed: Collection[str] | None = None) -> None:
        """Read and check every notice (all errors at once); keep what this build shows.
        ``changed`` (serve): the paths changed since the last load; only those are looked at."""
        settings = settings_of(config)
        self.urls = settings.urls
        self.today = today()
        assert self.scratch is not None
        # a build holds lean notices (memory bounded at any size); the preview server keeps them
        # whole between its rebuilds
        stash = Stash(self._stash_file) if self.command != "serve" else None
        try:
            cache = Store(settings.root / CACHE_DIR) if self.config.cache else None  # notices read and checked, by their bytes
            self.project = load_project(settings.root, settings.notices_dir, today=self.today, stash=stash, memo=self.memo, cache=cache,
                                        progress=partial(step, log, "reading notices"), changed=changed)
        except NoticeErrors as exc:
            raise PluginError(f"noticeboard: invalid notices\n{exc.report()}") from exc
        finally:
            if stash is not None:
                stash.close()
        for note in self.project.notes:
            log.info(str(note))
        self.entries = self.project.visible(self.preview, self.today)
        if self.command == "build":
            # what was loaded lives until the build ends: no cyclic collection walks it again (a
            # json.loads of a 10,000-notice site's manifest took 0.7-1.5 s with them walked, 0.3 without)
            gc.freeze()

    @contextmanager
    def _start_search_index(self, config: MkDocsConfig) -> Iterator[TextIO]:
        """The file of search documents the workers make, open for writing. On ``build`` the index
        is built meanwhile by a fresh process that reads the file as it grows (so the index is
        mostly made while the pages are converted, on the core the conversion leaves, and not
        while MkDocs writes the pages); it is told when the file is whole."""
        # line-buffered: each document reaches the index as soon as it is written
        with open(self._search_docs, "w", encoding="utf-8", buffering=1) as docs:
            whole = None
            if self.config.search and self.command == "build":
                live = self.live_site if self.reuse is not None else None  # its index is patched, or its unchanged files linked
                whole = flag()
                self.search_job = Background(search_index_streamed, self._search_docs, whole, Path(config.site_dir), live,
                                             self._index_cache, len(self.entries))
            yield docs
        if whole is not None:
            whole.set()

    @property
    def _index_cache(self) -> Path | None:
        """The build cache's folder, where the search index records what patches it (search/update.py)."""
        return self.prerenderer.store.root if self.prerenderer is not None and self.config.cache else None

    @property
    def _stash_file(self) -> Path:
        assert self.scratch is not None
        return self.scratch / "notices.stash"

    @property
    def _search_docs(self) -> Path:
        assert self.scratch is not None
        return self.scratch / "search-docs.jsonl"

    def _plan(self) -> dict[str, PlannedPage]:
        """Every generated page but the notices' (site/plan.py)."""
        assert self.project is not None
        plan = build_plan(self.project, self.today, self.urls, preview=self.preview, search=self.config.search, notices=False,
                          memo=self._memo)  # type: ignore[arg-type]
        if self.kept is not None:
            self.kept.save()
        log.info(f"loaded {len(self.project.entries)} notices; planned {len(plan) + len(self.entries)} pages")
        return plan

    def _prerender(self, config: MkDocsConfig) -> dict[str, PlannedPage]:
        """Make the notice pages, their open data and search documents in the worker pool, the
        pages through the build cache (prerender.py), and on ``build`` convert the other generated
        pages there too; meanwhile plan the other pages (then converted after the notices') and
        write the feeds and open data here. Returns the plan."""
        assert self.scratch is not None
        # MkDocs keeps a plugin instance across configs loaded in one process: the store follows the project
        root = settings_of(config).root / CACHE_DIR if self.config.cache else self.scratch / "cache"
        self.prerenderer = Prerenderer(Store(root))
        self.sources, self.fronts = {}, {}
        settings = self._settings(config)
        kept = self.work = NoticeWork(self.prerenderer.store, settings, settings_of(config).root, Path(self.config.notices_dir) / ISSUERS_FILE)
        # a build with the cache: the generated Markdown made from the same notices as last time
        # (each notice's series block, the listings) is not made again; saved once planned (_plan)
        self.kept = None
        if self.memo is None and self.config.cache:
            assert self.project is not None
            self.kept = Kept(kept.store, kept.salt, self.project.digests, str(self.project.root))
        jobs, self.job_keys = self._jobs()
        if self.live_site is not None and self.config.cache:  # noticeboard build: the live site's unchanged files are taken (reuse.py)
            self.reuse = Reuse(self.prerenderer.store, self.live_site, Path(config.site_dir))
            gc.freeze()  # its manifest too (a list per file of the site)
        # the search index orders its documents itself (by date and URL): each is written to the
        # file as soon as it is had, and no build holds every notice's search text
        # a warm build (the live site has a manifest) checks the converted pages it finds and
        # converts the other generated pages once it is known which are taken from the live site (_reuse)
        warm = self.reuse is not None and bool(self.reuse.previous)
        with self._start_search_index(config) as docs:
            found: dict[str, Done] = {}
            for job in jobs if self.config.cache else []:
                done = kept.found(job, PAGES, self.reuse, self.project.digests.get(job.entry.source), checked=not warm)
                if done is not None:
                    if warm:
                        self.unchecked[job.src_uri] = job
                    docs.write(done.search or "")
                    found[job.src_uri] = replace(done, search=None)
            plan: dict[str, PlannedPage] = {}

            def meanwhile() -> None:
                plan.update(self._plan())
                self._write_data(config)

            listings = partial(self._listings, plan)
            self.pending = listings if warm else None
            made = self.prerenderer.run([kept.to_keep(job) for job in jobs if job.src_uri not in found], settings,
                                        listings if self.pending is None else None, meanwhile=meanwhile)
            for job in jobs:
                done = found.get(job.src_uri)
                if done is None:
                    done = next(made)
                    docs.write(done.search or "")
                self.sources[done.src_uri] = done.key
                self.fronts[done.src_uri] = done.front_matter
        self.listings = {done.src_uri: done.key for done in made}
        log.info(f"converted {self.prerenderer.converted} notice pages, {len(self.sources) - self.prerenderer.converted} from the cache")
        self.notice_data = {uri for uri, page in plan.items() if page.notice_data} | set(self.sources)
        self.written, self.to_write = 0, len(self.notice_data)
        return plan

    def _write_data(self, config: MkDocsConfig) -> None:
        """Feeds and open data, written by this process while the workers convert the pages."""
        keep = Keep(self.reuse.take, self.work.keys, self.work.store) if self.reuse is not None and self.work is not None else None
        self.data_summary = write_data(self.entries, Path(config.site_dir), self.urls, config.site_name, each=False, keep=keep)

    def _listings(self, plan: dict[str, PlannedPage]) -> list[Listing]:
        """On ``build``, the generated pages the pool converts as MkDocs would (with their title
        in their front matter, and no noticeboard block, which :meth:`on_page_markdown` fills);
        the preview server re-renders changed pages itself (:meth:`refresh`)."""
        if self.memo is not None:
            return []
        return [Listing(uri, page.markdown, page.notice_data) for uri, page in plan.items()
                if "\ntitle:" in front_matter(page.markdown) and not any(marker in page.markdown for marker in MARKERS)]

    def _jobs(self) -> tuple[list[Job], dict[str, tuple]]:
        """The notice pages' jobs, and for each page what it is made from (its notice by
        identity, series block and series reference: :meth:`refresh` compares them)."""
        series, _ = memo_call(self.memo, "group", self.entries, None, partial(group, self.entries, self.memo))
        refs = series_refs(series, self.urls, self.memo)
        jobs = [Job(e.page, e, block, refs.get(e.slug)) for e, block in notice_jobs(self.entries, series, self.urls, self._memo)]
        return jobs, {j.src_uri: (entry_key(j.entry), j.block, j.series and tuple(sorted(j.series.items()))) for j in jobs}

    @property
    def _memo(self):
        """What keeps generated Markdown here: the preview server's memo, or on a build with the
        cache the build's :class:`Kept`."""
        return self.memo if self.memo is not None else self.kept

    def _settings(self, config: MkDocsConfig) -> Settings:
        assert self.prerenderer is not None
        return Settings(config.markdown_extensions, config.mdx_configs, self.prerenderer.store.root, self._stash_file, self.today,
                        self.preview, Path(config.site_dir), self.urls, self.config.search)

    def _add_pages(self, plan: dict[str, PlannedPage], files: Files, config: MkDocsConfig) -> None:
        """The generated pages, each notice's page editing its YAML; a page of docs/ is never replaced."""
        pages = [(e.page, self.fronts[e.page], e.source) for e in self.entries]
        pages += [(uri, page.markdown, page.source) for uri, page in plan.items()]
        self.generated = set()
        for uri, content, source in pages:
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"noticeboard: docs/{uri} would be replaced by a generated page; move or rename it")
            file = File.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
            if source:
                file.edit_uri = "../" + source
            files.append(file)
            self.generated.add(uri)

    def _add_redirects(self, files: Files, config: MkDocsConfig) -> None:
        """A page at each former URL of a notice, sending visitors to its current one."""
        for uri, html in redirects(self.entries, self.urls).items():
            files.append(File.generated(config, uri, content=html, inclusion=InclusionLevel.NOT_IN_NAV))

    def _add_static_files(self, files: Files, config: MkDocsConfig) -> None:
        """The package's assets (CSS, search.js) and the attachments of the notices shown."""
        for uri, path in self._static().items():
            files.append(File.generated(config, uri, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV))

    def _static(self) -> dict:
        assert self.project is not None
        return {**package_assets(self.config.search), **attachment_files(self.project, self.entries)}

    def _static_uris(self) -> dict[str, str]:
        return {uri: str(path) for uri, path in self._static().items()}

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.sources or page.file.src_uri in self.listings:
            page.render = partial(_rendered_ahead, page)  # type: ignore[method-assign]  # no Markdown object made for it
            return ""  # converted ahead (prerender.py); on_page_context puts the HTML in
        if any(marker in markdown for marker in MARKERS):
            self.marked.add(page.file.src_uri)
        if self.project is not None:
            markdown = home_blocks(markdown, self.entries, self.today, self.urls, limit=self.config.latest, here=page.file.src_uri,
                                   search=self.config.search)
        return markdown

    def _converted(self, page: Page):
        assert self.prerenderer is not None
        uri = page.file.src_uri
        rendered = self.prerenderer.get(self.sources[uri] if uri in self.sources else self.listings[uri])
        if rendered is None:
            raise PluginError(f"noticeboard: the converted {page.file.src_uri} left the cache during the build; build again")
        return rendered

    def _marked(self, html: str) -> str:
        return render("preview.html.j2") + html if self.preview else html

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.sources or page.file.src_uri in self.listings:
            # a converted page: its table of contents now, its HTML (allowlisted in prerender)
            # only when it is written (on_page_context), so the build never holds every page's HTML
            page.toc = get_toc(self._converted(page).toc_tokens)
            return ""
        if page.file.src_uri in self.notice_data:
            html = clean_page(html)  # defence in depth: the page allowlist over what notice data made
        if page.file.src_uri not in self.notice_data:
            return self._marked(html)
        # MkDocs converts every page before it writes any: a generated page's HTML waits compressed
        # (a quarter of its size) and its Markdown is let go; the page keeps its title (meta or render)
        self.held[page.file.src_uri] = zlib.compress(self._marked(html).encode("utf-8"), 1)
        page.markdown = ""
        return ""

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if page.file.src_uri in self.sources or page.file.src_uri in self.listings:
            page.content = self._marked(self._converted(page).html)
        elif page.file.src_uri in self.held:
            page.content = zlib.decompress(self.held.pop(page.file.src_uri)).decode("utf-8")
        return context

    @event_priority(-100)  # after other plugins': what is read of the page is what is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # written: let its text go (MkDocs keeps every page to the end); its title is kept (meta,
        # or the render's), which the pages written after it show in their navigation
        page.content, page.markdown = None, ""
        if self.stylesheet is not None:
            self.stylesheet.written(page.file.abs_dest_path, output)
        if page.file.src_uri in self.notice_data:
            self.written += 1
            step(log, "writing pages", self.written, self.to_write)
        if self.forked is not None:
            self._take(self.forked.poll())
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.reuse is not None:
            self.reuse.finish()  # the files taken from the live site are in the site: it is read and put in place now
        self._gather()
        if self.project is None:
            return
        site_dir = Path(config.site_dir)
        summary = self.data_summary
        if self.search_job is not None:
            job, self.search_job = self.search_job, None
            try:
                summary += ", " + job.result()
            except RuntimeError as exc:
                raise PluginError(f"noticeboard: building the search index failed: {exc}") from exc
        elif self.config.search:
            summary += ", " + search_index_from(self._search_docs, site_dir, None, self._index_cache)
        if self.stylesheet is not None:
            files = [*(Path(config.docs_dir) / str(s) for s in [*config.extra_javascript, *config.extra_css]), *package_assets(True).values()]
            scripts = [f for f in files if f.suffix == ".js"]
            store = self.work.store if self.config.cache and self.work is not None else None  # the trimmed stylesheet kept by the pages' uses
            summary += ", " + self.stylesheet.write(site_dir, scripts, [f for f in files if f.suffix == ".css"], store)
        log.info(f"{len(self.entries)} notices; wrote {summary}")
        if self.reuse is not None and self.live_site is not None:
            self.reuse.save(self.live_site, self.stylesheet.keep(self.reuse.store) if self.stylesheet is not None else {})
        self.live_site = None  # the next build is told its site again (driver.py)
        self._release_scratch()
        if self.last is not None:
            self.last.complete = True

    def refresh(self, changed: Collection[str] | None = None) -> bool:
        """Under serve, after the notice files ``changed`` changed (None: any may have): load
        again (only those files are read, site/memo.py), and re-render the changed notices' own
        pages and their redirects into the last build's site: what the saved file shows, at once. The listing pages they are on, the
        hand-written pages with a noticeboard block, the pages about the whole archive, feeds,
        open data and the search index follow in :meth:`write_outputs`. False when that cannot
        give the site a full build would make (notice pages, redirects or attachments came or
        went, or there is no complete last build): then build in full. Invalid notices raise
        PluginError, as a build does. ``self.touched`` says whether the site changed."""
        self.touched = False
        with self.lock:
            last = self.last
            if last is None or not last.complete or self.memo is None or self.prerenderer is None:
                return False
            config = last.config
            if self.scratch is None:  # released after the last build; loading and the workers' settings name it
                self._new_scratch()
            self._load(config, changed)
            jobs, keys = self._jobs()
            moved = redirects(self.entries, self.urls)
            if keys.keys() != last.jobs.keys() or moved.keys() != last.redirects.keys() or self._static_uris() != last.static:
                return False
            self.last = None  # until every page it must is written
            redo = [job for job in jobs if keys[job.src_uri] != last.jobs[job.src_uri]]
            for done in self.prerenderer.run(redo, self._settings(config)):  # in this process: a few pages
                self.sources[done.src_uri] = done.key
                self.fronts[done.src_uri] = done.front_matter
                last.files.get_file_from_path(done.src_uri).content_string = done.front_matter
            last.jobs = keys
            self._rerender(last, {}, [job.src_uri for job in redo])
            for uri, html in moved.items():
                if html != last.redirects[uri]:  # it names the notice's title
                    file = last.files.get_file_from_path(uri)
                    file.content_string = html
                    file.copy_file()
            self.touched = bool(redo) or moved != last.redirects
            last.redirects = moved
            return True

    def _rerender(self, last: LastBuild, plan: dict[str, PlannedPage], also: list[str]) -> None:
        """Re-render the pages of ``plan`` that differ from ``last.plan``, and the pages ``also``."""
        self.last = None  # until every page it must is written
        config, files = last.config, last.files
        changed = [uri for uri, page in plan.items() if page != last.plan[uri]]
        for uri in changed:
            files.get_file_from_path(uri).content_string = plan[uri].markdown
        pages = [files.get_file_from_path(uri).page for uri in changed + [u for u in also if u not in changed]]
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self.written, self.to_write = 0, sum(p.file.src_uri in self.notice_data for p in pages)
        for page in pages:
            _populate_page(page, config, files)
        for page in pages:
            _build_page(page, config, doc_files, last.nav, last.env)
        last.plan = {**last.plan, **plan}
        self.last = last
        if pages:
            log.info(f"re-rendered {len(pages)} pages: {', '.join(p.file.src_uri for p in pages)}")

    def write_outputs(self) -> str | None:
        """After :meth:`refresh`: the listing pages and the hand-written pages with a noticeboard
        block, the pages about the whole archive (each re-rendered where it changed), then feeds,
        open data and the search index of the notices it loaded. None when the listings' pages
        came or went (a notice's kind or issuer changed): then build in full."""
        entries, today = self.entries, self.today
        with self.lock:
            last = self.last
            if last is None or entries is not self.entries:
                return "nothing (a newer save is being shown)"
            plan = build_plan(self.project, today, self.urls, preview=self.preview, search=self.config.search, notices=False,
                              memo=self.memo, later=last.plan)
            if plan.keys() != last.plan.keys():
                return None
            self._rerender(last, plan, sorted(self.marked))
        wide = archive_wide_pages(entries, today, self.urls, self.memo)  # the slow part, outside the lock
        with self.lock:
            last = self.last
            if last is None or entries is not self.entries:
                return "nothing (a newer save is being shown)"
            if wide.keys() <= last.plan.keys():
                self._rerender(last, wide, [])
            site_dir, config = Path(last.config.site_dir), last.config
        summary = write_data(entries, site_dir, self.urls, config.site_name, each=False)
        if self.config.search:
            with tempfile.TemporaryDirectory(prefix="noticeboard-") as scratch:
                docs = Path(scratch) / "search-docs.jsonl"
                write_search_docs(entries, docs, self.urls)
                summary += ", " + Background(search_index_from, docs, site_dir, site_dir, self._index_cache).result()  # patched in place
        return summary

    def on_build_error(self, *, error: Exception) -> None:
        self.live_site = None
        self.on_shutdown()

    def on_shutdown(self) -> None:
        """The command ends, however it ends: the search child, the page workers and the linking
        of the live site's files are stopped, the scratch folder removed."""
        if self.reuse is not None:
            self.reuse.stop()
        if self.forked is not None:
            self.forked.stop()
            self.forked = None
        if self.search_job is not None:
            self.search_job.cancel()
            self.search_job = None
        self._release_scratch()
        if self.command == "build":
            gc.unfreeze()  # what _load froze may be collected again (a process that builds again: tests, scripts)

    def _new_scratch(self) -> Path:
        """A new scratch folder for this build, named in ``self.scratch`` before it is made: a stop
        (Ctrl-C, SIGTERM) that comes while it is made, even inside the call that makes it, still
        finds it to remove (:meth:`on_shutdown`)."""
        while True:
            path = Path(tempfile.gettempdir()) / f"noticeboard-{secrets.token_hex(8)}"
            self.scratch = path
            try:
                path.mkdir(mode=0o700)
            except FileExistsError:
                continue
            return path

    def _release_scratch(self) -> None:
        """The scratch folder removed by a process of its own (with ``--clean`` it holds a whole
        build cache: seconds to remove at 10,000 notices, which no one should wait for)."""
        if self.scratch is not None:
            with unstopped():  # renamed and handed over whole, or not at all: a stop comes after
                discard(self.scratch, self.scratch.with_name(self.scratch.name + ".gone"), "scratch")
                self.scratch = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(self.config.notices_dir)
        return server
