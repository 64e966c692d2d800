"""The search page in a real browser (Debian chromium through Playwright) on a small static site."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from noticeboard.search.analysis import fold
from noticeboard.search.index import build_index, searchable
from noticeboard.search.page import search_page_markdown
from sites import serve_dir
from search_corpus import corpus_docs

ASSETS = Path(__file__).resolve().parents[1] / "src" / "noticeboard" / "assets" / "search"


def make_site(root: Path, docs) -> None:
    (root / "assets").mkdir(parents=True)
    for name in ("search.js", "search.css"):
        shutil.copy(ASSETS / name, root / "assets" / name)
    build_index(docs, root / "search")
    page = (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>搜索</title><link rel="stylesheet" href="../assets/search.css"></head><body>'
        + search_page_markdown() + '<script src="../assets/search.js"></script></body></html>'
    )
    (root / "search" / "index.html").write_text(page, encoding="utf-8")


@pytest.fixture
def server(tmp_path):
    docs = corpus_docs(80)
    make_site(tmp_path / "site", docs)
    with serve_dir(tmp_path / "site") as base:
        yield base.rstrip("/"), docs


def rare_phrase(docs, rng):
    """A 4-character CJK phrase from the middle of some notice that 2–8 notices contain."""
    texts = [fold(searchable(d.title, d.issuer, d.text)) for d in docs]
    while True:
        d = rng.randrange(len(docs))
        t = texts[d]
        mid = rng.randrange(len(t) // 4, 3 * len(t) // 4)
        m = re.search(r"[\u4e00-\u9fff]{4}", t[mid:])
        if not m:
            continue
        phrase = m.group()
        hits = [i for i, x in enumerate(texts) if phrase in x]
        years = {docs[i].date[:4] for i in hits}
        if 2 <= len(hits) <= 8 and len(years) >= 2:
            return phrase, d, hits


def status(page) -> str:
    return page.locator(".nb-status").inner_text()


def titles(page) -> list[str]:
    return page.locator(".nb-hit-title a").all_inner_texts()


def test_type_phrase_facet_reload_back(server, page):
    base, docs = server
    phrase, d, hits = rare_phrase(docs, random.Random(3))
    page.goto(base + "/search/")
    page.wait_for_selector(".nb-status:has-text('共')")
    page.fill("#nb-q", phrase)
    page.wait_for_selector(".nb-hit")
    page.wait_for_function("document.querySelector('.nb-status').textContent.includes('找到')")
    assert f"找到 {len(hits)} 篇" in status(page)
    assert docs[d].title in titles(page)
    marks = page.locator(".nb-hit mark").all_inner_texts()
    assert marks and all(fold(m) == phrase for m in marks)
    assert "q=" in page.url

    year = docs[d].date[:4]
    expected = [i for i in hits if docs[i].date[:4] == year]
    assert page.locator("label[for=nb-f-year]").inner_text() == "年份"  # labels come with the index's metadata
    option = page.locator("#nb-f-year option", has_text=f"{year}年")
    assert f"（{len(expected)}）" in option.inner_text()
    page.select_option("#nb-f-year", year)
    page.wait_for_function(f"location.search.includes('year={year}')")
    page.wait_for_function(f"document.querySelector('.nb-status').textContent.includes('找到 {len(expected)} 篇')")
    shown = titles(page)
    assert sorted(shown) == sorted(docs[i].title for i in expected)
    # the year facet still offers the other years (its own selection is not applied to it)
    assert page.locator("#nb-f-year option").count() > 2

    deep = page.url
    page.reload()
    page.wait_for_selector(".nb-hit")
    assert page.input_value("#nb-q") == phrase
    assert page.input_value("#nb-f-year") == year
    assert titles(page) == shown

    page.go_back()
    page.wait_for_function("!location.search.includes('year=')")
    page.wait_for_function(f"document.querySelector('.nb-status').textContent.includes('找到 {len(hits)} 篇')")
    page.go_forward()
    page.wait_for_function(f"document.querySelector('.nb-status').textContent.includes('找到 {len(expected)} 篇')")
    assert page.url == deep


def test_browse_mode_and_escaping(server, page):
    base, docs = server
    page.goto(base + "/search/?kind=progress&sort=date")
    page.wait_for_selector(".nb-hit")
    n = sum(d.kind == "progress" for d in docs)
    assert f"找到 {n} 篇" in status(page)
    assert page.locator("label[for=nb-f-status]").inner_text() == "整改状态"
    assert "已完成（" in page.locator("#nb-f-status").inner_text()
    progress = {d.title: d.progress for d in docs}
    expected = [f"整改进度：{progress[t]}" if progress[t] else None for t in titles(page)]
    metas = page.locator(".nb-hit-meta").all_inner_texts()
    assert any(expected) and [e in m if e else "整改进度" not in m for e, m in zip(expected, metas, strict=True)] == [True] * len(metas)
    dates = page.locator(".nb-hit-meta").all_inner_texts()
    assert [x[:10] for x in dates] == sorted((x[:10] for x in dates), reverse=True)
    # a query with markup is shown as text, never parsed
    page.goto(base + "/search/?q=" + urllib.parse.quote("<img src=x onerror=alert(1)>整改"))
    page.wait_for_function("document.querySelector('.nb-status').textContent.length > 0")
    assert page.locator(".nb-search img").count() == 0


def test_browser_agrees_with_python_reference(server, page, tmp_path):
    """The JS and query.py run the same algorithm: same words, count and first page."""
    from noticeboard.search.query import Index

    base, docs = server
    ix = Index(tmp_path / "site" / "search")
    rng = random.Random(8)
    p1, _, _ = rare_phrase(docs, rng)
    p2, _, _ = rare_phrase(docs, rng)
    cases = [
        ("公务用车", {}), ("三重一大 差旅费", {}), (p1 + p2, {}), ("公务用车差旅费", {}), ("巡察整改工作", {}),
        ("2021", {"kind": "progress"}), ("整改 落实", {"status": "done", "year": "2021"}), ("", {"type": "巡视"}),
        ("加强监督", {"sort": "date"}), ("《公务用车》，差旅费。", {}), ("2021年7月", {}), ("二〇三五年", {}), ("公务用车车", {}),
    ]
    for q, extra in cases:
        sort = extra.pop("sort", None)
        res = ix.search(q, facets=extra, sort=sort)
        params = {"q": q, **extra, **({"sort": sort} if sort else {})}
        page.goto(base + "/search/?" + urllib.parse.urlencode({k: v for k, v in params.items() if v}))
        page.wait_for_function("document.querySelector('.nb-status').textContent.length > 0 && "
                               "!document.getElementById('nb-search').hasAttribute('aria-busy')")
        text = status(page)
        if res.total:
            shown = re.match(r"找到 (?:约 )?(\d+) 篇", text)
            assert shown and int(shown.group(1)) == res.total, (q, extra, text)
            if res.mode == "query":
                assert "“" + "”和“".join(res.shown) + "”" in text, (q, text)
        else:
            assert "没有找到" in text, (q, text)
        assert titles(page) == [h.title for h in res.page], (q, extra)
        assert ("约" in text) == (not res.exact and res.total > 0), (q, text)


def settled(page, timeout: float = 30_000) -> None:
    """Wait until the page has answered the query in its URL."""
    page.wait_for_function("document.querySelector('.nb-status').textContent.length > 0 && "
                           "!document.getElementById('nb-search').hasAttribute('aria-busy')", timeout=timeout)


LONG_QUERY_PAGE = """
import json, sys
from playwright.sync_api import sync_playwright
from paths import CHROMIUM, CHROMIUM_ARGS
url, phrase, hits = sys.argv[1], sys.argv[2], sys.argv[3]
SETTLED = ("document.querySelector('.nb-status').textContent.length > 0 && "
           "!document.getElementById('nb-search').hasAttribute('aria-busy')")
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page()
    page.goto(url)
    page.wait_for_function(SETTLED)
    first = page.locator(".nb-status").inner_text()
    typed = page.input_value("#nb-q")
    page.fill("#nb-q", phrase)
    page.wait_for_function(f"document.querySelector('.nb-status').textContent.includes('找到 {hits} 篇')")
    print(json.dumps({"first": first, "typed": typed, "then": page.locator(".nb-status").inner_text()}))
    browser.close()
"""


@pytest.mark.browser
def test_a_very_long_query_is_bounded_and_the_page_says_so(server, tmp_path):
    """2,000 characters of phrases from different notices (none occurs as a whole, so every run
    is cut into pieces): answered at once, on its first 100 characters, and the page says so;
    then the tab still answers a new query. In a process of its own with a time limit: a tab
    whose script hangs also hangs Playwright's calls into it."""
    from noticeboard.search.analysis import MAX_QUERY
    from noticeboard.search.query import Index

    base, docs = server
    rng = random.Random(11)
    texts = [re.findall(r"[\u4e00-\u9fff]{6,}", d.text) for d in docs]
    query = ""
    while len(query) < 2000:
        runs = texts[rng.randrange(len(docs))]
        query += runs[rng.randrange(len(runs))][:6]
    query = query[:2000]
    phrase, _, hits = rare_phrase(docs, rng)
    url = base + "/search/?q=" + urllib.parse.quote(query)
    proc = subprocess.Popen([sys.executable, "-c", LONG_QUERY_PAGE, url, phrase, str(len(hits))],
                            cwd=Path(__file__).parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the browser too
        proc.communicate()
        raise AssertionError("the search page did not answer a 2,000-character query within 60 s") from None
    assert proc.returncode == 0, err
    seen = json.loads(out)
    res = Index(tmp_path / "site" / "search").search(query)
    assert res.truncated and len("".join(res.words)) <= MAX_QUERY
    assert seen["first"].endswith(f"（检索词过长，只按前 {MAX_QUERY} 个字检索）")
    assert ("没有找到" in seen["first"]) == (res.total == 0)
    assert seen["typed"] == query  # what was typed stays as typed
    assert f"找到 {len(hits)} 篇" in seen["then"] and "检索词过长" not in seen["then"]


def test_facet_values_and_pages_from_the_url_that_do_not_exist_are_ignored(server, page):
    base, docs = server
    page.goto(base + "/search/")
    settled(page)
    idle = status(page)
    assert idle.startswith(f"共 {len(docs)} 篇通报")
    for query in ("status=constructor", "status=__proto__", "kind=toString", "year=abc", "year=2021.0",
                  "issuer=hasOwnProperty", "region=valueOf", "type=__proto__", "status=constructor&sort=constructor"):
        page.goto(base + "/search/?" + query)
        settled(page)
        assert status(page) == idle, query
        options = " ".join(page.locator(".nb-facets option").all_inner_texts())
        assert "function" not in options and "[object" not in options and "（0）" not in options, query
        for select in page.locator(".nb-facets select").all():
            assert select.input_value() == "", query
    # with a query: the same results as without the unknown value
    page.goto(base + "/search/?q=" + urllib.parse.quote("整改"))
    settled(page)
    plain = (status(page), titles(page))
    page.goto(base + "/search/?q=" + urllib.parse.quote("整改") + "&status=constructor&kind=__proto__")
    settled(page)
    assert (status(page), titles(page)) == plain
    # a page past the last is the last page; one before the first is the first
    total = int(re.search(r"找到 (?:约 )?(\d+) 篇", plain[0]).group(1))
    last = -(-total // 10)
    assert last > 1
    page.goto(base + "/search/?q=" + urllib.parse.quote("整改") + "&page=999")
    settled(page)
    assert f"第 {last}/{last} 页" in status(page) and titles(page)
    assert page.locator(".nb-pager a[rel=next]").count() == 0
    page.goto(base + "/search/?q=" + urllib.parse.quote("整改") + "&page=-3")
    settled(page)
    assert f"第 1/{last} 页" in status(page) and titles(page) == plain[1]


def test_a_cold_query_fetches_only_what_it_needs(server, page, tmp_path):
    """The bytes of a first query: the manifest, the metadata, the shards of the query's keys and
    the documents of the first page (as query.py reads them), nothing else; the shards are small."""
    from noticeboard.search.query import Index

    base, docs = server
    phrase, _, hits = rare_phrase(docs, random.Random(21))
    fetched: dict[str, int] = {}
    page.on("requestfinished", lambda r: fetched.__setitem__(urllib.parse.urlsplit(r.url).path, r.sizes()["responseBodySize"]))
    page.goto(base + "/search/?q=" + urllib.parse.quote(phrase))
    settled(page)
    assert f"找到 {len(hits)} 篇" in status(page)
    ix = Index(tmp_path / "site" / "search")
    ix.search(phrase)
    data = {p.split("/search/", 1)[1]: n for p, n in fetched.items() if "/search/" in p and not p.endswith("/search/")}
    assert set(data) == {"manifest.json", "meta.json.gz"} | ix.fetched
    shards = [n for rel, n in data.items() if rel.startswith("s/")]
    assert shards and max(shards) < 5_000, data
