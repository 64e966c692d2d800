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
from ..render.channels import OPEN_URL, open_block, open_page
from ..render.listing import Link, index_page, latest, paginated
from ..render.series import series_block, series_index, series_page
from ..render.stats import STATS_URL, stats_page
from ..render.environment import render
from ..render.notice import notice_markdown
from ..search.page import search_page
from ..series import SERIES_URL, Series, by_notice, group

LATEST_MARKER = "<!-- noticeboard:latest -->"
OPEN_MARKER = "<!-- noticeboard:open -->"
DATA_MARKER = "<!-- noticeboard:data -->"


@dataclass(frozen=True)
class Page:
    markdown: str
    source: str | None = None  # the YAML file the page comes from (for edit links)
    notice_data: bool = True  # holds notice values: its HTML gets the page allowlist pass (render.sanitize)


def src_uri(url: str) -> str:
    """``notices/2021/x/`` → ``notices/2021/x.md``; ``archive/`` → ``archive/index.md``."""
    url = url.strip("/")
    if not url:
        return "index.md"
    if url.startswith("notices/"):
        return url + ".md"
    return url + "/index.md"


def _pages(markdown_by_url: dict[str, str]) -> dict[str, Page]:
    return {src_uri(url): Page(md) for url, md in markdown_by_url.items()}


def notice_pages(entries: list[Entry], today: dt.date, preview: bool, series: list[Series]) -> dict[str, Page]:
    """Each notice's page, with its place in its series; converting notice text is most of a
    build's rendering: on every core."""
    of = by_notice(series)
    blocks = [series_block(of[e.slug], e) if e.slug in of else "" for e in entries]
    pages = pool_map(partial(_notice_page, today=today, preview=preview), list(zip(entries, blocks)))
    return {src_uri(e.url): Page(markdown, e.source) for e, markdown in zip(entries, pages)}


def _notice_page(item: tuple[Entry, str], *, today: dt.date, preview: bool) -> str:
    entry, block = item
    return notice_markdown(entry, today, preview=preview, series_block=block)


def stats_pages(entries: list[Entry], today: dt.date) -> dict[str, Page]:
    """``stats/``: the archive in figures. Its charts are SVG, which the page allowlist does not
    hold; the page holds no notice text (counts, years and the site's own labels, every text
    escaped where the SVG is written: :mod:`noticeboard.render.charts`), so it is not a
    notice-data page."""
    return {src_uri(STATS_URL): Page(stats_page(entries, today), notice_data=False)}


def series_pages(series: list[Series]) -> dict[str, Page]:
    """``inspections/`` and a page per series (:mod:`noticeboard.render.series`)."""
    return _pages({SERIES_URL: series_index(series), **{s.url: series_page(s) for s in series}})


def archive_pages(entries: list[Entry]) -> dict[str, Page]:
    by_year: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        by_year[e.year].append(e)
    years = sorted(by_year, reverse=True)
    out = {}
    links = [Link(f"{y} 年", f"{y}/", len(by_year[y])) for y in years]
    out["archive/"] = index_page("通报归档", f"共 {len(entries)} 篇通报，按发布年份浏览。", links)
    for year in years:
        base = urls.archive_year(year)
        year_links = [Link(str(y), urls.archive_year(y), len(by_year[y]), y == year) for y in years]
        out.update(paginated(f"{year} 年发布的通报", base, by_year[year], links=year_links))
    return _pages(out)


def issuer_pages(entries: list[Entry]) -> dict[str, Page]:
    by_issuer: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_issuer[e.issuer.slug].append(e)
    names = {e.issuer.slug: e.issuer for e in entries}
    order = sorted(by_issuer, key=lambda s: (-len(by_issuer[s]), names[s].name))
    out = {"issuers/": index_page("发布机构", f"共 {len(order)} 个发布机构。",
                                  [Link(names[s].name, f"{s}/", len(by_issuer[s])) for s in order])}
    for slug in order:
        info = names[slug]
        intro = f"地区：{info.region}" if info.region else ""
        page = urls.issuer(slug)
        feeds = [Link("RSS 订阅", urls.feed("xml", page)), Link("Atom 订阅", urls.feed("atom", page))]
        out.update(paginated(info.name, page, by_issuer[slug], intro=intro, links=feeds))
    return _pages(out)


def kind_pages(entries: list[Entry]) -> dict[str, Page]:
    counts = Counter(e.notice.kind for e in entries)
    kinds = [k for k in KIND_LABELS if counts[k]]
    out = {"kinds/": index_page("通报类型", "", [Link(KIND_LABELS[k], f"{k.value}/", counts[k]) for k in kinds])}
    for kind in kinds:
        chosen = [e for e in entries if e.notice.kind is kind]
        out.update(paginated(KIND_LABELS[kind], f"kinds/{kind.value}/", chosen))
    return _pages(out)


def redirects(entries: list[Entry]) -> dict[str, str]:
    """``{site path: HTML}``: a notice's former URLs send visitors to its current one."""
    out = {}
    for e in entries:
        for old in e.notice.former_slugs:
            target = f"../{e.slug}/"
            out[f"notices/{e.year}/{old}/index.html"] = render("redirect.html.j2", target=target, title=e.notice.title)
    return out


def open_pages(entries: list[Entry], today: dt.date) -> dict[str, Page]:
    """``open/``: the notices whose channel is open on ``today`` (:mod:`noticeboard.render.channels`)."""
    return _pages({OPEN_URL: open_page(entries, today)})


def search_pages() -> dict[str, Page]:
    """The search page; its index is written after the build (:mod:`noticeboard.site.outputs`)."""
    return {"search/index.md": Page(search_page(), notice_data=False)}


def build_plan(project: Project, today: dt.date, *, preview: bool = False, search: bool = True) -> dict[str, Page]:
    """Every generated page: of the notices :meth:`Project.visible` shows on ``today``."""
    entries = project.visible(preview, today)
    series, _ = group(entries)
    plan: dict[str, Page] = {}
    parts = [notice_pages(entries, today, preview, series), archive_pages(entries), issuer_pages(entries), kind_pages(entries),
             open_pages(entries, today), series_pages(series), stats_pages(entries, today)]
    if search:
        parts.append(search_pages())
    for part in parts:
        clash = plan.keys() & part.keys()
        if clash:
            raise ValueError(f"two generated pages want the same path: {sorted(clash)[0]}")
        plan.update(part)
    return plan


def home_blocks(markdown: str, entries: list[Entry], today: dt.date, *, limit: int = 10, page_url: str = "") -> str:
    """A hand-written page (placed at ``page_url``) with each block marker replaced:
    ``<!-- noticeboard:latest -->`` by the latest ``limit`` of ``entries`` (those the build shows),
    ``<!-- noticeboard:open -->`` by the channels open on ``today``, ``<!-- noticeboard:data -->``
    by links to the feeds and open data."""
    if LATEST_MARKER in markdown:
        markdown = markdown.replace(LATEST_MARKER, latest(entries, page_url, limit))
    if OPEN_MARKER in markdown:
        markdown = markdown.replace(OPEN_MARKER, open_block(entries, today, page_url))
    if DATA_MARKER in markdown:
        markdown = markdown.replace(DATA_MARKER, data_links(page_url))
    return markdown


def data_links(page_url: str) -> str:
    """``<!-- noticeboard:data -->``: the site's feeds and open data, linked from ``page_url``."""
    def at(path: str) -> str:
        return urls.href(page_url, path)
    return render("data_links.md.j2", notices=at(urls.API_NOTICES), schema=at(urls.API_SCHEMA),
                  rss=at(urls.feed("xml")), atom=at(urls.feed("atom")))
