"""What a search costs and what it says, in real Chromium: a repeated phrase, a very long query, a
phrase whose keys meet in many notices that do not hold it, a word of Latin letters and Chinese,
a query with nothing searchable, the page opened as a file. Counts and texts are what a user
reads; requests are what the page fetched (shards = keys looked up, documents = texts checked)."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from noticeboard.search.analysis import QUERY_KEYS, fold
from noticeboard.search.index import HEAD, searchable
from noticeboard.search.query import VERIFY_MAX, Index
from search_corpus import corpus_docs
from sites import serve_dir
from test_search_browser import make_site, settled, status, titles
from test_search_queries import note

#: a phrase of ten characters whose seven 4-grams all stand in each of the crowd's notices, in two
#: places, while the phrase itself stands in one older notice only
PHRASE = "专项督查台账管理制度"
CROWD = 40
FILLER = ["对照反馈意见逐条制定措施，明确责任单位和完成时限。", "召开专题民主生活会，班子成员逐一作对照检查。",
          "建立问题清单、任务清单、责任清单，实行销号管理。", "严格落实中央八项规定精神，坚决纠治四风问题。"]
LONG = ("今年三月起，区里组织十二个街道的网格员上门走访独居老人，登记用药需求和紧急联系人；"
        "社区卫生服务站每周派医生随访，发现高血压控制不佳的及时转诊；对行动不便的，由志愿者代购生活用品，"
        "费用从民生实事专项资金中列支，账目每季度在公示栏张贴接受监督。")
#: a long notice (about 6,000 characters) with a phrase across the end of its head and one further on
EDGE, LATE = "智慧停车试点", "流动书记工作站"
BODY = "".join(f"第{n}条，{FILLER[n % 4]}\n" for n in range(200))
LONG_NOTICE = BODY[:HEAD - 3] + EDGE + BODY[HEAD - 3:2500] + LATE + BODY[2500:4000] + "巡察整改" + BODY[4000:]
OWN = [
    note(107, "某区城管局整改进展情况通报", LONG_NOTICE, "2025-01-02"),
    note(101, "某街道巡察整改情况通报", "宣传栏里的口号写着巡察整改巡察整改常抓不懈。\n" + FILLER[0], "2025-03-01"),
    note(102, "某局政务服务整改方案", "推进APP政务服务事项整改，办事指南统一发布。", "2025-02-01"),
    note(103, "某局数据管理整改报告", "清理APP下载统计口径。\n政务服务大厅改造完成。", "2025-01-15"),
    note(104, "某镇年度整改报告", "2023年巡察整改任务全部完成，转入常态化监督。", "2025-01-10"),
    note(105, "某区民政局整改进展情况通报", LONG, "2025-01-05"),
    note(106, "某县审计局整改报告", f"修订{PHRASE}，印发全系统执行。", "2010-06-01"),
] + [
    note(200 + i, f"某单位第{i}次巡察整改进展情况通报",
         f"本单位巡察整改工作由主要负责人牵头。\n开展专项督查台账清理。\n{FILLER[i % 4]}\n同时修订检查台账管理制度。",
         f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}")
    for i in range(CROWD)
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    docs = corpus_docs(80) + OWN  # a haystack of real texts, and the shapes written here
    root = tmp_path_factory.mktemp("cost") / "site"
    make_site(root, docs)
    texts = [fold(searchable(d.title, d.issuer, d.text)) for d in docs]
    with serve_dir(root) as base:
        yield base.rstrip("/"), Index(root / "search"), texts


def ask(page, base: str, q: str, extra: str = "") -> dict[str, int]:
    """Open the search page cold on ``q``; the shards and documents it fetched (path → bytes)."""
    fetched: dict[str, int] = {}

    def done(r):
        path = urllib.parse.urlsplit(r.url).path
        if "/search/s/" in path or "/search/d/" in path:
            fetched[path.split("/search/", 1)[1]] = r.sizes()["responseBodySize"]

    page.on("requestfinished", done)
    page.goto(base + "/search/?q=" + urllib.parse.quote(q) + extra)
    settled(page)
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", done)
    return fetched


def shards(fetched):
    return [k for k in fetched if k.startswith("s/")]


def documents(fetched):
    """The notices fetched (whole or their heads, or both)."""
    return sorted({re.sub(r"(\.h)?\.json\.gz$", "", k) for k in fetched if k.startswith("d/")})


def holding(texts, phrase: str) -> int:
    return sum(fold(phrase) in t for t in texts)


def test_a_repeated_phrase_looks_up_its_distinct_4_grams_and_fetches_no_crowd(site, page):
    base, ix, texts = site
    assert holding(texts, "巡察整改") > VERIFY_MAX  # the one 4-gram of the phrase is everywhere
    fetched = ask(page, base, "巡察整改" * 25)
    assert status(page) == f"没有找到包含“{'巡察整改' * 25}”的通报。"
    # four distinct 4-grams (巡察整改 察整改巡 整改巡察 改巡察整) meet only where the phrase stands twice
    assert len(shards(fetched)) <= 4, fetched
    assert len(documents(fetched)) <= holding(texts, "巡察整改巡察整改") == 1, fetched
    fetched = ask(page, base, "巡察整改巡察整改")
    assert status(page) == "找到 1 篇包含“巡察整改巡察整改”的通报" and titles(page) == ["某街道巡察整改情况通报"]
    assert len(documents(fetched)) == 1


def test_a_long_query_costs_no_more_keys_than_a_short_one(site, page):
    base, ix, texts = site
    query = LONG[:100]
    fetched = ask(page, base, query)
    assert status(page).startswith("找到 1 篇包含") and titles(page) == ["某区民政局整改进展情况通报"]
    marks = "".join(page.locator(".nb-excerpt mark").all_inner_texts())
    assert "网格员上门走访独居老人" in marks
    assert len(shards(fetched)) <= QUERY_KEYS and len(documents(fetched)) == 1, fetched
    # 100 characters that stand nowhere together: not cut (too long), said so, no document fetched
    nowhere = "".join(re.findall(r"[\u4e00-\u9fff]", LONG))[::-1][:100]
    fetched = ask(page, base, nowhere)
    said = status(page)
    assert said.startswith("没有找到") and "较长的连续文字按整句检索" in said and "空格分开" in said
    assert len(shards(fetched)) <= QUERY_KEYS and not documents(fetched), fetched


def test_a_phrase_whose_keys_meet_in_many_notices_is_checked_in_at_most_a_bounded_number(site, page):
    base, ix, texts = site
    assert holding(texts, PHRASE) == 1
    fetched = ask(page, base, PHRASE)
    res = ix.search(PHRASE)
    candidates = len(res.ids)
    assert candidates > VERIFY_MAX and res.capped and res.checked == VERIFY_MAX and not res.page
    # not "none found": what was checked, and that the rest was not
    assert status(page) == (f"逐篇核对了索引给出的 {VERIFY_MAX} 篇通报，都不含“{PHRASE}”原文；"
                            f"其余约 {candidates - VERIFY_MAX} 篇未逐篇核对。可以减少或分开检索词再试。")
    assert titles(page) == []
    assert len(documents(fetched)) == VERIFY_MAX, fetched
    # with a facet that leaves the one notice holding it among few: found, and counted exactly
    fetched = ask(page, base, PHRASE, "&year=2010")
    assert status(page) == f"找到 1 篇包含“{PHRASE}”的通报" and titles(page) == ["某县审计局整改报告"]


@pytest.mark.parametrize("q, expected", [
    ("APP政务服务", ["某局政务服务整改方案"]),  # both notices hold APP and 政务服务; one as written
    ("app政务服务事项", ["某局政务服务整改方案"]),
    ("2023年巡察整改", ["某镇年度整改报告"]),
    ("APP政务服务 2023年", []),
])
def test_latin_and_chinese_in_one_word_match_as_written(site, page, q, expected):
    base, ix, texts = site
    fetched = ask(page, base, q)
    said = status(page)
    if expected:
        assert said.startswith(f"找到 {len(expected)} 篇") and "约" not in said, said
    else:
        assert said.startswith("没有找到"), said
    assert titles(page) == expected
    assert len(documents(fetched)) <= VERIFY_MAX


@pytest.mark.parametrize("q, said", [
    ("😀", "已忽略检索词“😀”：其中没有汉字、字母或数字（标点、符号和表情不参与检索）。"),
    ("-", "已忽略检索词“-”：其中没有汉字、字母或数字（标点、符号和表情不参与检索）。"),
    ("《》……", "已忽略检索词“《》……”：其中没有汉字、字母或数字（标点、符号和表情不参与检索）。"),
])
def test_a_query_with_nothing_searchable_is_said_to_be_ignored(site, page, q, said):
    base, ix, texts = site
    ask(page, base, q)
    assert status(page) == said + f"共 {len(texts)} 篇通报。输入关键词搜索，或选择筛选条件浏览。"
    assert ix.search(q).ignored and ix.search(q).mode == "idle"


def test_spaces_typed_are_said_to_be_ignored(site, page):
    base, ix, texts = site
    page.goto(base + "/search/")
    settled(page)
    page.fill("#nb-q", "   ")
    page.wait_for_function("document.querySelector('.nb-status').textContent.startsWith('检索词只有空格')")
    assert status(page) == f"检索词只有空格，已忽略。共 {len(texts)} 篇通报。输入关键词搜索，或选择筛选条件浏览。"


def test_opened_as_a_file_the_page_says_to_open_it_over_http(site, page, tmp_path_factory):
    base, ix, texts = site
    page.goto(ix.root.joinpath("index.html").as_uri() + "?q=" + urllib.parse.quote("巡察整改"))
    page.wait_for_function("document.querySelector('.nb-status').textContent.length > 0")
    said = status(page)
    assert "file://" in said and "noticeboard serve" in said and "http://" in said, said


def test_a_result_is_fetched_only_as_far_as_its_words(site, page):
    """A notice has a head beside it (what a result shows and the first characters of its text).
    A word most notices hold is looked for in the heads first; a rare one in whole notices at once.
    A phrase across the head's end is still found and marked."""
    base, ix, texts = site
    i = next(i for i in range(ix.n) if ix.doc(i).title == "某区城管局整改进展情况通报")
    head, whole = f"d/{i // 1000}/{i}.h.json.gz", f"d/{i // 1000}/{i}.json.gz"

    def mine(fetched):
        return sorted(k for k in fetched if k in (head, whole))

    fetched = ask(page, base, "整改")  # in every notice, in this one's title: its head is enough
    assert holding(texts, "整改") == len(texts) and "某区城管局整改进展情况通报" in titles(page)
    assert mine(fetched) == [head]
    for phrase in (EDGE, LATE):
        fetched = ask(page, base, phrase)
        assert status(page) == f"找到 1 篇包含“{phrase}”的通报"
        assert page.locator(".nb-excerpt mark").all_inner_texts() == [phrase]
        assert mine(fetched) == [whole]
    assert page.locator(".nb-excerpt").inner_text().startswith("第85条")  # the paragraph around it
    # a word in half the notices or more that this one holds past its head only: head, then whole
    assert 2 * holding(texts, "巡察整改") >= len(texts)
    fetched = ask(page, base, "巡察整改", "&year=2025")
    assert "某区城管局整改进展情况通报" in titles(page) and mine(fetched) == sorted([head, whole])
    assert "巡察整改" in page.locator(".nb-hit", has_text="某区城管局").locator("mark").all_inner_texts()
