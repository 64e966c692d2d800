"""The body of the ``/search/`` page.

The page holds ``<div id="nb-search" data-index=… data-root=…>``; ``search.js`` (loaded on every
page through ``extra_javascript``) acts only where that element exists. Both attributes are URLs
relative to the page, ``search/index.html``: ``data-index`` is the folder
:func:`~noticeboard.search.index.build_index` wrote (``./``: the index lives in ``site/search/``),
``data-root`` is the site root that notice URLs are relative to (``../``).
"""

from __future__ import annotations

from ..render.environment import render

SORT_OPTIONS = (("", "相关度（有关键词时）"), ("date", "发布日期（新→旧）"), ("relevance", "相关度"))
TITLE = "检索通报"


def search_page_markdown() -> str:
    """The search page's body: one raw HTML block (template ``_search_form.md.j2``)."""
    return render("_search_form.md.j2", sort_options=SORT_OPTIONS)


def search_page() -> str:
    """The whole ``/search/`` page: front matter, title and the body (template ``search.md.j2``)."""
    return render("search.md.j2", title=TITLE, sort_options=SORT_OPTIONS)
