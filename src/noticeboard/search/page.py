"""The body of the ``/search/`` page.

The page holds ``<div id="nb-search" data-index=… data-root=…>``; ``search.js`` (loaded on this
page only, in its container: ``theme/partials/javascripts/content.html``; the page's head has
already asked for the index's manifest: ``theme/base.html``) acts only where that element exists. Both attributes are URLs
relative to the page (:data:`noticeboard.urls.SEARCH`): ``data-index`` is the folder
:func:`~noticeboard.search.index.build_index` wrote (:data:`noticeboard.urls.SEARCH_INDEX`),
``data-root`` is the site root that the index's notice URLs (:meth:`noticeboard.urls.Urls.link`)
are relative to.
"""

from __future__ import annotations

from .. import urls
from ..render.environment import render
from ..urls import Urls

SORT_OPTIONS = (("", "相关度（有关键词时）"), ("date", "发布日期（新→旧）"), ("relevance", "相关度"))
TITLE = "检索通报"


def _links(site: Urls) -> dict[str, str]:
    here = urls.SEARCH
    # archive and issuers: where the page sends a search that found nothing
    return dict(index=site.href(here, urls.SEARCH_INDEX), root=site.root(here) or "./", archive=site.href(here, urls.ARCHIVE),
                issuers=site.href(here, urls.ISSUERS))


def search_page_markdown(site: Urls = Urls()) -> str:
    """The search page's body: one raw HTML block (template ``_search_form.md.j2``)."""
    return render("_search_form.md.j2", sort_options=SORT_OPTIONS, **_links(site))


def search_page(site: Urls) -> str:
    """The whole ``/search/`` page: front matter, title and the body (template ``search.md.j2``)."""
    return render("search.md.j2", title=TITLE, sort_options=SORT_OPTIONS, **_links(site))
