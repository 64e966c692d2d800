"""The search page in real Chromium on notices written for these tests: the shapes of query a
citizen types (one character, traditional characters, a phone number without its hyphen, no
result) and what the page says back."""

from __future__ import annotations

import urllib.parse

import pytest

from noticeboard.search.documents import SearchDoc
from sites import serve_dir
from test_search_browser import make_site, settled, status, titles


def note(n: int, title: str, text: str, date: str, issuer: str = "某县交通运输局") -> SearchDoc:
    return SearchDoc(url=f"notices/{date[:4]}/t{n}/", title=title, date=date, issuer=issuer, issuer_slug=f"i{n % 2}",
                     region=None, kind="progress", kind_label="整改进展情况通报", inspection_type="巡察",
                     statuses=("done",), progress=None, text=text)


CAR = "关于公车使用问题整改进展的通报"
COMMITTEE = "某镇党委巡察整改情况通报"
APP = "政务APP整改方案"
TRAD = "關於黨組書記帶頭整改的報告"
TRAVEL = "财务报销问题整改报告"

DOCS = [
    note(1, CAR, "按照巡视整改要求，规范公务用车管理，严禁私自驾驶单位车辆外出。\n监督电话：0571-8765432（工作日）\n车辆统一停放、统一调度。", "2023-05-08"),
    note(2, COMMITTEE, "落实“三重一大”集体决策制度。\n党委书记履行第一责任人责任。\n举报电话 0571 2345678\n"
         "余下问题于二〇二三年六月前整改到位。", "2022-11-20",
         issuer="中共某镇委员会"),
    note(3, APP, "推进APP政务服务事项整改，邮箱 jubao@example.cn。\n咨询电话02086001234。\n"
         "清理十二三年前的旧系统。", "2024-01-15"),
    note(4, TRAD, "巡視組反饋的公務用車問題，黨組書記帶頭整改。\n聯繫電話：０２０－８６００１２３４", "2021-03-02"),
    note(5, TRAVEL, "差旅费报销不规范，已退回多报金额。\n局党组书记带队逐笔核查。\n2020年07月30日印发", "2020-07-30"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("queries") / "site"
    make_site(root, DOCS)
    with serve_dir(root) as base:
        yield base.rstrip("/")


def ask(page, base: str, q: str) -> str:
    page.goto(base + "/search/?q=" + urllib.parse.quote(q))
    settled(page)
    return status(page)


def test_one_character_is_searched(site, page):
    said = ask(page, site, "车")
    assert said.startswith("找到 2 篇") and "约" not in said
    assert sorted(titles(page)) == sorted([CAR, TRAD])
    said = ask(page, site, "党")
    assert said.startswith("找到 3 篇")
    assert sorted(titles(page)) == sorted([COMMITTEE, TRAD, TRAVEL])
    marks = page.locator(".nb-hit mark").all_inner_texts()
    assert marks and set(marks) <= {"党", "黨"}
    assert ask(page, site, "鑫").startswith("没有找到")


def test_traditional_characters_find_simplified_text_and_back(site, page):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    assert ask(page, site, "差旅费").startswith("找到 1 篇")
    assert not any("t2s" in u for u in fetched)  # simplified query and text: the table is not fetched
    for q, expected in [("巡視整改", [CAR]), ("巡视组", [TRAD]), ("黨組書記", [TRAD, TRAVEL]), ("公務用車", [CAR, TRAD]),
                        ("党组书记", [TRAD, TRAVEL]), ("帶頭整改", [TRAD])]:
        said = ask(page, site, q)
        assert said.startswith(f"找到 {len(expected)} 篇") and "约" not in said, (q, said)
        assert sorted(titles(page)) == sorted(expected), q
        marks = page.locator(".nb-hit mark").all_inner_texts()
        assert marks, q
    assert any("t2s" in u for u in fetched)
    # a longer phrase, checked against the text of a notice written in traditional characters
    said = ask(page, site, "黨組書記帶頭整改")
    assert said.startswith("找到 1 篇") and titles(page) == [TRAD]
    assert set(page.locator(".nb-hit mark").all_inner_texts()) == {"黨組書記帶頭整改"}  # in the title and the text


def test_the_page_folds_exactly_as_the_index(site, page):
    """Every character of the table, and characters around it, fold the same in search.js as in
    analysis.py (which the index was built with)."""
    from noticeboard.search.analysis import T2S, fold

    sample = "".join(T2S) + "".join(T2S.values()) + "巡察整改ＡＰＰ２０２１ｱｲｳ㈱①Ⅻ ﬁ"
    got = page.goto(site + "/search/") and page.evaluate("s => window.noticeboardSearch.fold(s)", sample)
    assert got == fold(sample)
    assert fold("巡視整改黨組書記公務用車") == "巡视整改党组书记公务用车"


@pytest.mark.parametrize("q, expected", [
    ("05718765432", [CAR]),  # written 0571-8765432
    ("0571 8765432", [CAR]),
    ("0571－8765432", [CAR]),  # a full-width hyphen typed
    ("0571-2345678", [COMMITTEE]),  # written with a space: 0571 2345678
    ("05712345678", [COMMITTEE]),
    ("020-86001234", [APP, TRAD]),  # written 02086001234, and ０２０－８６００１２３４
    ("8765432", [CAR]),  # the number without its area code
    ("0571", [CAR, COMMITTEE]),
])
def test_phone_numbers_match_across_hyphens_and_spaces(site, page, q, expected):
    said = ask(page, site, q)
    assert said.startswith(f"找到 {len(expected)} 篇"), (q, said)
    assert sorted(titles(page)) == sorted(expected), q
    marks = [m for m in page.locator(".nb-excerpt mark").all_inner_texts()]
    assert marks and all(m.replace("-", "").replace(" ", "").replace("－", "") for m in marks)


def test_two_numbers_that_are_not_one_are_both_searched(site, page):
    # "2345678 0571" is no number written anywhere: the two are searched as two words
    said = ask(page, site, "2345678 0571")
    assert said == "找到 1 篇包含“2345678”和“0571”的通报" and titles(page) == [COMMITTEE]
    assert ask(page, site, "0571 8765433").startswith("没有找到")


def test_what_was_typed_is_what_the_page_says(site, page):
    said = ask(page, site, "APP")
    assert said == "找到 1 篇包含“APP”的通报"  # not lower-cased; an exact count without 约
    said = ask(page, site, "“三重一大”")
    assert said == "找到 1 篇包含“三重一大”的通报"  # quoted once
    said = ask(page, site, "\"集体决策\" 党委书记")
    assert said == "找到 1 篇包含“集体决策”和“党委书记”的通报"
    said = ask(page, site, "黨組書記")
    assert "“黨組書記”" in said


def test_no_result_says_so_and_offers_a_way_on(site, page):
    said = ask(page, site, "公车 差旅费")
    assert said == "没有找到包含“公车”和“差旅费”的通报。"
    empty = page.locator(".nb-empty")
    assert empty.is_visible()
    parts = page.locator(".nb-empty .nb-parts a")
    assert parts.all_inner_texts() == ["公车", "差旅费"]
    parts.nth(1).click()
    page.wait_for_function("new URL(location.href).searchParams.get('q') === '差旅费'")
    settled(page)
    assert status(page).startswith("找到 1 篇") and titles(page) == [TRAVEL]
    assert not page.locator(".nb-empty").is_visible()
    # one word: no parts to offer, but the archive and the issuers
    said = ask(page, site, "火星探测")
    assert said.startswith("没有找到")
    assert page.locator(".nb-empty").is_visible() and not page.locator(".nb-fewer").is_visible()
    links = page.locator(".nb-empty li:not([hidden]) a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert links == ["../archive/", "../issuers/"]


def test_punctuation_typed_with_the_words_is_not_searched(site, page):
    assert ask(page, site, "党委书记：") == "找到 1 篇包含“党委书记”的通报"
    assert ask(page, site, "《集体决策》，党委书记。") == "找到 1 篇包含“集体决策”和“党委书记”的通报"
    assert ask(page, site, "APP？") == "找到 1 篇包含“APP”的通报" and titles(page) == [APP]
    assert ask(page, site, "（0571）8765432") == "找到 1 篇包含“0571”和“8765432”的通报" and titles(page) == [CAR]
    assert ask(page, site, "-差旅费") == "找到 1 篇包含“差旅费”的通报"


def test_a_date_is_found_with_or_without_the_zero_of_its_month_and_day(site, page):
    # the notice writes 2020年07月30日; people type 2020年7月30日, 7月30日, 2020年7月
    for q, marked in [("2020年7月30日", "2020年07月30日"), ("7月30日", "07月30日"), ("2020年7月", "2020年07月"),
                      ("2020年07月30日", "2020年07月30日")]:
        said = ask(page, site, q)
        assert said == f"找到 1 篇包含“{q}”的通报", (q, said)
        assert titles(page) == [TRAVEL]
        assert page.locator(".nb-excerpt mark").all_inner_texts() == [marked], q  # the zero marked with its digit
    # a month is not another month that ends in its digit
    assert ask(page, site, "2020年10月").startswith("没有找到")


def test_a_year_in_chinese_digits_is_found_as_people_type_it(site, page):
    # the notice writes 二〇二三年; 十二三年前 (another) holds 二 and 二三年, but no year
    for q in ("二〇二三年", "2023年", "2023", "二零二三年"):
        assert ask(page, site, q) == f"找到 1 篇包含“{q}”的通报", q
        assert titles(page) == [COMMITTEE]
        assert page.locator(".nb-excerpt mark").all_inner_texts() == ["二〇二三年" if "年" in q else "二〇二三"], q


def test_no_result_names_the_word_that_is_in_no_notice(site, page):
    said = ask(page, site, "公车 火星探测")
    assert said == "没有找到包含“公车”和“火星探测”的通报。其中“火星探测”在所有通报中都没有出现。"
    assert page.locator(".nb-empty .nb-parts a").all_inner_texts() == ["公车"]  # not a search that finds nothing
    said = ask(page, site, "火星 探测器 差旅费")
    assert said.endswith("其中“火星”和“探测器”在所有通报中都没有出现。")
    assert page.locator(".nb-empty .nb-parts a").all_inner_texts() == ["差旅费"]
    # every word is somewhere, only not together: nothing to name, each offered
    assert ask(page, site, "公车 差旅费") == "没有找到包含“公车”和“差旅费”的通报。"
    assert page.locator(".nb-empty .nb-parts a").all_inner_texts() == ["公车", "差旅费"]


def test_a_character_typed_once_too_often_still_finds_the_notice(site, page):
    # 差旅费报销销 is in no notice, nor in pieces of two or more: 差旅费报销 and 销 are searched
    said = ask(page, site, "差旅费报销销")
    assert said == "找到 1 篇包含“差旅费报销”和“销”的通报" and titles(page) == [TRAVEL]
    assert ask(page, site, "火星探测") == "没有找到包含“火星探测”的通报。"  # four characters: none left on its own


def test_a_query_that_finds_nothing_under_filters_says_so_and_offers_it_without_them(site, page):
    """Nothing found with a year chosen: the page says it is under the filters (the words are in
    other notices) and offers the same query without them, which finds what it can."""
    page.goto(site + "/search/?" + urllib.parse.urlencode({"q": "公车", "year": "2020"}))
    settled(page)
    said = status(page)
    assert said == "在所选的筛选条件下没有找到包含“公车”的通报。"
    unfilter = page.locator(".nb-empty .nb-unfilter a")
    assert unfilter.is_visible()
    unfilter.click()
    page.wait_for_function("new URL(location.href).searchParams.get('year') === null")
    settled(page)
    assert new_query(page) == "公车" and status(page) == "找到 1 篇包含“公车”的通报" and titles(page) == [CAR]
    assert not page.locator(".nb-empty").is_visible()
    # with no filter chosen, nothing found is said as before, and not offered again
    assert ask(page, site, "火星探测") == "没有找到包含“火星探测”的通报。"
    assert not page.locator(".nb-unfilter").is_visible() and page.locator(".nb-unfilter a").count() == 0  # no hidden link either


def new_query(page) -> str | None:
    return page.evaluate("new URL(location.href).searchParams.get('q')")
