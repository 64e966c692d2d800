"""The body of the ``/search/`` page.

The page holds ``<div id="nb-search" data-index=… data-root=…>``; ``search.js`` (loaded on every
page through ``extra_javascript``) acts only where that element exists. Both attributes are URLs
relative to the page, ``search/index.html``: ``data-index`` is the folder
:func:`~noticeboard.search.index.build_index` wrote (``./``: the index lives in ``site/search/``),
``data-root`` is the site root that notice URLs are relative to (``../``).
"""

from __future__ import annotations

from html import escape

SORT_OPTIONS = (("", "相关度（有关键词时）"), ("date", "发布日期（新→旧）"), ("relevance", "相关度"))


def search_page_markdown() -> str:
    """Markdown (one raw HTML block) for the search page."""
    options = "".join(f'<option value="{v}">{escape(label)}</option>' for v, label in SORT_OPTIONS)
    return (
        '<div id="nb-search" class="nb-search" data-index="./" data-root="../">\n'
        '<form class="nb-search-form" role="search" action="" method="get">\n'
        '<label for="nb-q" class="nb-q-label">搜索通报全文</label>\n'
        '<div class="nb-q-row">'
        '<input id="nb-q" name="q" type="search" autocomplete="off" enterkeyhint="search" '
        'aria-describedby="nb-q-help" placeholder="例如：公务用车 差旅费">'
        '<button type="submit" class="md-button md-button--primary">搜索</button></div>\n'
        '<p id="nb-q-help" class="nb-help">查找包含这些字词的通报；多个词用空格分开（须全部出现）。</p>\n'
        '<div class="nb-controls"><div class="nb-facets" role="group" aria-label="筛选"></div>'
        f'<div class="nb-sort"><label for="nb-sort">排序</label><select id="nb-sort" name="sort">{options}</select></div></div>\n'
        '</form>\n'
        '<p class="nb-status" role="status" aria-live="polite" tabindex="-1"></p>\n'
        '<ol class="nb-results"></ol>\n'
        '<nav class="nb-pager" aria-label="搜索结果分页"></nav>\n'
        '<noscript><p>搜索需要启用 JavaScript。也可以按年份、发布机构浏览<a href="../archive/">通报归档</a>。</p></noscript>\n'
        '</div>\n'
    )
