"""Make every notice's page, open-data file and search document ahead of MkDocs, in one pool of
worker processes, through the build cache.

Python-Markdown is two thirds of a MkDocs build (measured on the synthetic archives of
scripts/benchmark.py). MkDocs converts pages one by one in one process, building a new
``Markdown`` object per page; here the same conversion (the site's ``markdown_extensions`` and
``mdx_configs``) runs in a pool of workers that each reuse one ``Markdown`` object, whose raw
HTML blocks (what the templates wrote) are stashed as its own preprocessor would stash them but
without its HTML parser (:mod:`.htmlblocks`), followed by the page allowlist
(:func:`noticeboard.render.sanitize.clean_page`).

Memory stays bounded: the build holds lean entries (:mod:`noticeboard.stash`) and the workers
are started fresh (``spawn``). A worker is sent a lean entry; it reads the full notice back from
the stash, renders its page's Markdown, converts it into the build cache
(:mod:`noticeboard.site.cache`) unless a sound entry is there, writes the notice's open-data
file, and sends back only the cache key, the page's front matter and the search document's line,
which the plugin appends to a file at once. The plugin reads one page's HTML from the cache when
MkDocs writes that page and lets it go afterwards. Keys hash the page's Markdown and the Markdown
settings, so a warm build or a ``mkdocs serve`` rebuild reconverts only the pages whose Markdown
changed. On ``build``, the other generated pages (listings, issuers, inspections: :class:`Listing`)
are converted in the same pool after the notices', so that MkDocs' one process only renders
their templates. Only generated pages go this way: their links are raw HTML, which MkDocs' link
rewriting leaves alone anyway, and their titles are in their front matter.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from mkdocs.utils.meta import get_data

from ..entry import Entry
from ..pool import pool_iter
from ..render.sanitize import clean_page
from ..site.cache import Store, content_key
from ..site.keep import keep_job
from ..site.opendata import write_notice_data
from ..site.outputs import search_line
from ..site.plan import notice_page
from ..stash import Stash
from ..urls import Urls
from . import htmlblocks

KIND = "pages"


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_tokens: list[dict[str, Any]]


@dataclass(frozen=True)
class Settings:
    """What every page of one build shares (sent once to each worker)."""

    extensions: list
    configs: dict
    store: Path  # the build cache's folder
    stash: Path  # the build's stash of full notices
    today: dt.date
    preview: bool
    site_dir: Path  # where each notice's open-data file goes
    site: Urls  # the site's paths and links
    search: bool  # make each notice's search document


@dataclass(frozen=True)
class Job:
    """One notice page: its lean entry, its series block and series reference."""

    src_uri: str
    entry: Entry
    block: str
    series: dict[str, str] | None
    keep: str | None = None  # the build cache's key under which the worker keeps what it made (site/keep.py)


@dataclass(frozen=True)
class Listing:
    """A generated page that is no notice's (an archive year, an issuer, an inspection, …): its
    Markdown (front matter included), converted as MkDocs would, then the page allowlist where
    it holds notice values (``clean``)."""

    src_uri: str
    markdown: str
    clean: bool


@dataclass(frozen=True)
class Done:
    """What a worker sends back for a :class:`Job`."""

    src_uri: str
    key: str  # of the converted page in the build cache
    front_matter: str
    search: str | None  # the search document's JSON line
    converted: bool  # False: the cache had it


class _Worker:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.md = markdown.Markdown(extensions=settings.extensions, extension_configs=settings.configs)
        htmlblocks.install(self.md)  # the raw HTML the templates wrote is stashed without Python-Markdown's HTML parser
        self.store = Store(settings.store)
        self.stash = Stash(settings.stash, self.store)
        self.salt = (repr(settings.extensions), json.dumps(settings.configs, sort_keys=True, default=repr))

    def __call__(self, job: Job | Listing) -> Done:
        if isinstance(job, Listing):
            key, converted = self._convert(job.markdown, clean=job.clean)
            return Done(job.src_uri, key, "", None, converted)
        s = self.settings
        entry = self.stash.full(job.entry)
        source = notice_page((entry, job.block), today=s.today, preview=s.preview, site=s.site)
        key, converted = self._convert(source, clean=True)
        opendata = write_notice_data(entry, s.site_dir, s.site, job.series)
        done = Done(job.src_uri, key, front_matter(source), search_line(entry, s.site) if s.search else None, converted)
        if job.keep is not None:
            keep_job(self.store, job.keep, key, done.front_matter, done.search, opendata)
        return done

    def _convert(self, source: str, *, clean: bool) -> tuple[str, bool]:
        """``source`` converted into the store (unless a sound entry is there): its key, and
        whether it was converted now. ``clean``: through the page allowlist (render/sanitize.py)."""
        key = content_key(source, *self.salt) if clean else content_key(source, *self.salt, "as converted")
        if self.store.has(KIND, key):
            return key, False
        self.md.reset()
        body, _meta = get_data(source)
        html = self.md.convert(body)
        if clean:
            html = clean_page(html)  # here on every core
        toc = list(getattr(self.md, "toc_tokens", []))
        self.store.put(KIND, key, json.dumps({"html": html, "toc": toc}, ensure_ascii=False).encode("utf-8"))
        return key, True


_worker: _Worker | None = None


def _init(settings: Settings) -> None:
    global _worker
    _worker = _Worker(settings)


def _run(job: Job | Listing) -> Done:
    assert _worker is not None
    return _worker(job)


def front_matter(source: str) -> str:
    """The YAML front matter block of ``source`` (what MkDocs needs of a prerendered page)."""
    if source.startswith("---\n"):
        end = source.find("\n---\n", 4)
        if end >= 0:
            return source[: end + 5]
    return ""


class Prerenderer:
    """Makes the notice pages into ``store``; :meth:`get` reads one back."""

    def __init__(self, store: Store):
        self.store = store
        self.converted = 0  # pages the last run converted (the rest came from the store)

    def run(self, jobs: list[Job], settings: Settings, listings: Callable[[], list[Listing]] | None = None,
            meanwhile: Callable[[], Any] | None = None) -> Iterator[Done]:
        """Each job's :class:`Done`, in order, as the workers finish them, then each of the
        ``listings()`` that ``meanwhile()`` makes: it runs in this process while the workers
        start on the jobs."""
        self.converted = 0
        for i, done in enumerate(pool_iter(_run, jobs, initializer=_init, initargs=(settings,), meanwhile=meanwhile, then=listings)):
            self.converted += done.converted and i < len(jobs)
            yield done

    def get(self, key: str) -> Rendered | None:
        """The converted page under ``key``; None if its entry is gone or went bad since
        :meth:`run` (the cache folder deleted during the build)."""
        data = self.store.get(KIND, key)
        if data is None:
            return None
        value = json.loads(data)
        return Rendered(value["html"], value["toc"])
