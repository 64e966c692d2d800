"""The page plan: every generated page as ``{src_uri: Page}``, built from a loaded project.

The MkDocs plugin turns it into ``File.generated`` files; ``noticeboard render --out DIR`` writes
it as Markdown files for any MkDocs-compatible builder.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial

from .. import urls
from ..labels import KIND_LABELS
from ..entry import Entry
from ..pool import pool_map
from ..project import Project
from ..render.channels import open_block, open_page
from ..render.listing import Link, index_page, latest, paginated
from ..render.series import series_block, series_index, series_page
from ..render.stats import stats_page
from ..render.environment import render
from ..render.notice import notice_markdown
from ..search.page import search_page
from ..series import Series, by_notice, group
from ..urls import Urls
from .memo import Memo, memo_call

LATEST_MARKER = "<!-- noticeboard:latest -->"
OPEN_MARKER = "<!-- noticeboard:open -->"
DATA_MARKER = "<!-- noticeboard:data -->"
MARKERS = (LATEST_MARKER, OPEN_MARKER, DATA_MARKER)


@dataclass(frozen=True)
class Page:
    markdown: str
    source: str | None = None  # the YAML file the page comes from (for edit links)
    notice_data: bool = True  # holds notice values: its HTML gets the page allowlist pass (render.sanitize)


def notice_jobs(entries: list[Entry], series: list[Series], site: Urls, memo: Memo | None = None) -> list[tuple[Entry, str]]:
    """Each notice with the block its page shows of its place in its series ("" if none); with a
    ``memo`` (serve), a block whose series' notices are as last time is not made again."""
    of = by_notice(series)
    return [(e, memo_call(memo, "series_block", of[e.slug].entries, (of[e.slug].slug, e.slug, site), partial(series_block, of[e.slug], e, site))
             if e.slug in of else "") for e in entries]


def notice_pages(entries: list[Entry], today: dt.date, preview: bool, series: list[Series], site: Urls) -> dict[str, Page]:
    """Each notice's page, with its place in its series; converting notice text is most of a
    build's rendering: on every core. (The MkDocs plugin makes these pages in its own worker
    pool from lean entries: :mod:`noticeboard.mkdocs_plugin.prerender`.)"""
    pages = pool_map(partial(notice_page, today=today, preview=preview, site=site), notice_jobs(entries, series, site))
    return {e.page: Page(markdown, e.source) for e, markdown in zip(entries, pages)}


def notice_page(item: tuple[Entry, str], *, today: dt.date, preview: bool, site: Urls) -> str:
    """The Markdown of one page of :func:`notice_jobs` (a full entry)."""
    entry, block = item
    return notice_markdown(entry, today, site, preview=preview, series_block=block)


def stats_pages(entries: list[Entry], today: dt.date, site: Urls, memo: Memo | None = None) -> dict[str, Page]:
    """``stats/``: the archive in figures. Its charts are SVG, which the page allowlist does not
    hold; the page holds no notice text (counts, years and the site's own labels, every text
    escaped where the SVG is written: :mod:`noticeboard.render.charts`), so it is not a
    notice-data page."""
    return {urls.STATS: Page(memo_call(memo, "stats", entries, (today, site), partial(stats_page, entries, today, site)), notice_data=False)}


def series_pages(series: list[Series], site: Urls, memo: Memo | None = None) -> dict[str, Page]:
    """``inspections/`` and a page per series (:mod:`noticeboard.render.series`)."""
    shape = (tuple((s.slug, s.pinned, len(s.entries)) for s in series), site)
    index = memo_call(memo, "series_index", [e for s in series for e in s.entries], shape, partial(series_index, series, site))
    return _pages({urls.INSPECTIONS: index, **{s.page: memo_call(memo, "series", s.entries, (s.slug, s.pinned, site), partial(series_page, s, site))
                                               for s in series}})


def _pages(markdown_by_page: dict[str, str]) -> dict[str, Page]:
    return {page: Page(md) for page, md in markdown_by_page.items()}


def archive_pages(entries: list[Entry], site: Urls, memo: Memo | None = None) -> dict[str, Page]:
    by_year: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        by_year[e.year].append(e)
    years = sorted(by_year, reverse=True)
    links = [Link(f"{y} 年", urls.archive_year(y), len(by_year[y])) for y in years]
    out = {urls.ARCHIVE: index_page("通报归档", f"共 {len(entries)} 篇通报，按发布年份浏览。", urls.ARCHIVE, links, site)}
    for year in years:
        year_links = [Link(str(y), urls.archive_year(y), len(by_year[y]), y == year) for y in years]
        out.update(paginated(f"{year} 年发布的通报", urls.archive_year(year), by_year[year], site, links=year_links, memo=memo))
    return _pages(out)


def issuer_pages(entries: list[Entry], site: Urls, memo: Memo | None = None) -> dict[str, Page]:
    by_issuer: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_issuer[e.issuer.slug].append(e)
    names = {e.issuer.slug: e.issuer for e in entries}
    order = sorted(by_issuer, key=lambda s: (-len(by_issuer[s]), names[s].name))
    out = {urls.ISSUERS: index_page("发布机构", f"共 {len(order)} 个发布机构。", urls.ISSUERS,
                                    [Link(names[s].name, urls.issuer(s), len(by_issuer[s])) for s in order], site)}
    for slug in order:
        info = names[slug]
        intro = f"地区：{info.region}" if info.region else ""
        page = urls.issuer(slug)
        feeds = [Link("RSS 订阅", urls.feed("xml", page)), Link("Atom 订阅", urls.feed("atom", page))]
        out.update(paginated(info.name, page, by_issuer[slug], site, intro=intro, links=feeds, memo=memo))
    return _pages(out)


def kind_pages(entries: list[Entry], site: Urls, memo: Memo | None = None) -> dict[str, Page]:
    counts = Counter(e.notice.kind for e in entries)
    kinds = [k for k in KIND_LABELS if counts[k]]
    out = {urls.KINDS: index_page("通报类型", "", urls.KINDS, [Link(KIND_LABELS[k], urls.kind(k.value), counts[k]) for k in kinds], site)}
    for kind in kinds:
        chosen = [e for e in entries if e.notice.kind is kind]
        out.update(paginated(KIND_LABELS[kind], urls.kind(kind.value), chosen, site, memo=memo))
    return _pages(out)


def redirects(entries: list[Entry], site: Urls) -> dict[str, str]:
    """``{file of the site: HTML}``: a notice's former URLs send visitors to its current one."""
    out = {}
    for e in entries:
        for old in e.notice.former_slugs:
            former = urls.notice(e.year, old)
            target = site.href(former, e.page)
            # the canonical address is absolute where the site's address is known (site_url)
            canonical = site.absolute(e.page) if site.site_url else target
            out[site.file(former)] = render("redirect.html.j2", target=target, canonical=canonical, title=e.notice.title)
    return out


def open_pages(entries: list[Entry], today: dt.date, site: Urls, memo: Memo | None = None) -> dict[str, Page]:
    """``open/``: the notices whose channel is open on ``today`` (:mod:`noticeboard.render.channels`)."""
    return _pages({urls.OPEN: memo_call(memo, "open", entries, (today, site), partial(open_page, entries, today, site))})


def search_pages(site: Urls) -> dict[str, Page]:
    """The search page; its index is written after the build (:mod:`noticeboard.site.outputs`)."""
    return {urls.SEARCH: Page(search_page(site), notice_data=False)}


def archive_wide_pages(entries: list[Entry], today: dt.date, site: Urls, memo: Memo | None = None) -> dict[str, Page]:
    """The pages about the whole archive: open channels, the inspections and their index, the
    figures. Under serve they follow a saved notice a moment later (:func:`build_plan`'s ``later``)."""
    series, _ = memo_call(memo, "group", entries, None, partial(group, entries, memo))
    return {**open_pages(entries, today, site, memo), **series_pages(series, site, memo), **stats_pages(entries, today, site, memo)}


def build_plan(project: Project, today: dt.date, site: Urls, *, preview: bool = False, search: bool = True,
               notices: bool = True, memo: Memo | None = None, later: dict[str, Page] | None = None) -> dict[str, Page]:
    """Every generated page (``{page: Page}``, pages named as :mod:`noticeboard.urls` names
    them: their Markdown source), of the notices :meth:`Project.visible` shows on ``today``.
    ``notices=False``: all but the notice pages (which the MkDocs plugin makes in its worker
    pool from lean entries, :mod:`noticeboard.mkdocs_plugin.prerender`). With a ``memo``
    (``noticeboard serve``), a page whose notices are the same objects as last time is not made
    again (:mod:`noticeboard.site.memo`). ``later`` (serve): the last plan, whose
    :func:`archive_wide_pages` are kept as they were, to be made again afterwards; a page of
    them it lacks (a new inspection) is planned empty."""
    entries = project.visible(preview, today)
    series, _ = memo_call(memo, "group", entries, None, partial(group, entries, memo))
    if later is None:
        wide = archive_wide_pages(entries, today, site, memo)
    else:
        wide = {page: later.get(page, Page("")) for page in [urls.OPEN, urls.INSPECTIONS, *(s.page for s in series), urls.STATS]}
    plan: dict[str, Page] = {}
    parts = [archive_pages(entries, site, memo), issuer_pages(entries, site, memo), kind_pages(entries, site, memo), wide]
    if notices:
        parts.insert(0, notice_pages(entries, today, preview, series, site))
    if search:
        parts.append(search_pages(site))
    for part in parts:
        clash = plan.keys() & part.keys()
        if clash:
            raise ValueError(f"two generated pages want the same path: {sorted(clash)[0]}")
        plan.update(part)
    return plan


def home_blocks(markdown: str, entries: list[Entry], today: dt.date, site: Urls, *, limit: int = 10, here: str = urls.HOME,
                search: bool = True) -> str:
    """A hand-written page (``here``, its source in docs/) with each block marker replaced:
    ``<!-- noticeboard:latest -->`` by the latest ``limit`` of ``entries`` (those the build shows),
    ``<!-- noticeboard:open -->`` by the channels open on ``today``, ``<!-- noticeboard:data -->``
    by links to the feeds and open data; ``search``: the site has a search page to link."""
    if LATEST_MARKER in markdown:
        markdown = markdown.replace(LATEST_MARKER, latest(entries, here, site, limit, search))
    if OPEN_MARKER in markdown:
        markdown = markdown.replace(OPEN_MARKER, open_block(entries, today, here, site))
    if DATA_MARKER in markdown:
        markdown = markdown.replace(DATA_MARKER, data_links(here, site))
    return markdown


def data_links(here: str, site: Urls) -> str:
    """``<!-- noticeboard:data -->``: the site's feeds and open data, linked from the page ``here``."""
    def at(path: str) -> str:
        return site.href(here, path)
    return render("data_links.md.j2", notices=at(urls.API_NOTICES), schema=at(urls.API_SCHEMA),
                  rss=at(urls.feed("xml")), atom=at(urls.feed("atom")))
