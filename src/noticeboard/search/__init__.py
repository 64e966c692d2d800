"""Full-text Chinese search of the archive: a chunked static index and its page.

* :mod:`.documents` — :class:`SearchDoc`, :func:`search_doc` (a notice flattened to text)
* :mod:`.index` — :func:`build_index` writes the index (see its docstring for the file formats)
* :mod:`.query` — the query algorithm in Python (the reference the browser's JS follows)
* :mod:`.page` — :func:`search_page_markdown`, the body of ``/search/``
* assets: ``noticeboard/assets/search/search.js`` and ``search.css``
"""

from .documents import SearchDoc, search_doc
from .index import IndexStats, build_index
from .page import search_page_markdown

__all__ = ["IndexStats", "SearchDoc", "build_index", "search_doc", "search_page_markdown"]
