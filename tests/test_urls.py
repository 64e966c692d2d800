"""noticeboard.urls places and links every page and file exactly as MkDocs itself does
(``mkdocs.structure.files.File``), with and without directory URLs, names needing percent-encoding
included; absolute URLs under a sub-path."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from noticeboard import urls
from noticeboard.urls import Urls

PATHS = ["index.md", "about.md", "guide/README.md", "中文 页面.md", urls.ARCHIVE, urls.listing_page(urls.archive_year(2021), 2),
         urls.notice(2021, "x"), urls.issuer("a"), urls.feed("atom", urls.issuer("a")), urls.API_NOTICES,
         "attachments/2021/q?x=1#f.pdf", "attachments/2021/整改 清单 100%.pdf"]


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_paths_and_links_are_mkdocs_own(directory_urls):
    site = Urls(directory_urls)
    files = {path: File(path, "/docs", "/site", directory_urls) for path in PATHS}
    assert {p: site.file(p) for p in PATHS} == {p: f.dest_uri for p, f in files.items()}
    assert {p: site.link(p) or "./" for p in PATHS} == {p: f.url for p, f in files.items()}
    for here in filter(urls.is_page, PATHS):
        assert {to: site.href(here, to) for to in PATHS} == {to: f.url_relative_to(files[here]) for to, f in files.items()}


def test_without_directory_urls_pages_are_files():
    site = Urls(directory_urls=False)
    assert site.file(urls.notice(2021, "x")) == "notices/2021/x.html"
    assert site.href(urls.notice(2021, "x"), urls.ARCHIVE) == "../../archive/index.html"
    assert site.href(urls.HOME, urls.issuer("a")) == "issuers/a/index.html"
    assert site.root(urls.notice(2021, "x")) == "../../" and site.root(urls.HOME) == ""


def test_absolute_urls_under_a_sub_path():
    site = Urls(True, "https://www.example.gov.cn/xxgk/tzgg")
    assert site.absolute(urls.HOME) == "https://www.example.gov.cn/xxgk/tzgg/"
    assert site.absolute(urls.notice(2021, "x")) == "https://www.example.gov.cn/xxgk/tzgg/notices/2021/x/"
    assert Urls(False, "https://www.example.gov.cn/xxgk/tzgg/").absolute(urls.feed("xml")) == "https://www.example.gov.cn/xxgk/tzgg/feed.xml"
    assert Urls(False).absolute(urls.notice(2021, "x")) == "/notices/2021/x.html"  # no site_url: from the host's root


def test_relative_paths_are_posixpaths_own():
    """urls.relpath, which spares posixpath.relpath its trips to the working folder, gives what
    it gives for every shape of path: the site's, and any other (absolute, ./, ../, //, empty
    steps), which it leaves to posixpath."""
    import itertools
    import posixpath
    steps = ["a", "b", "中 文", "%41", ".", "..", "", "...", "a.b"]
    relative = sorted({"/".join(p) for n in range(1, 4) for p in itertools.product(steps, repeat=n)} - {""})
    paths = sorted({*relative, *("/" + p for p in relative[::5]), *(p + "/" for p in relative[::5])})
    assert len(paths) > 800
    for path in paths:
        for start in paths[::23]:
            assert urls.relpath(path, start) == posixpath.relpath(path, start), (path, start)
