"""More shapes of pasted notices (tests/fixtures/pasted/, written for these tests): a title set on
three lines, a whole notice as one paragraph, two notices in one text, a text hard-wrapped inside
its sentences (with a byte-order mark, CR LF, full-width and no-break spaces), items numbered
一是/二是. Each must import to what the text states, or be refused with what to do."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from noticeboard.cli import main
from noticeboard.importers import import_file
from noticeboard.importers.assemble import import_text
from noticeboard.importers.reading import ImportFailure
from paths import FIXTURES

PASTED = FIXTURES / "pasted"
IMPORTED = dt.date(2026, 1, 1)


def _import(name: str) -> dict:
    return import_file(PASTED / f"{name}.txt", IMPORTED).data


def test_a_title_set_on_three_lines_is_one_title_and_the_issuer_is_not_dropped():
    data = _import("title_three_lines")
    assert data["title"] == "中共南湖市住房和城乡建设局党组关于十四届市委第三轮巡察整改进展情况的通报"
    assert data["issuer"] == {"name": "中共南湖市住房和城乡建设局党组", "region": "南湖市"}
    assert data["inspection"]["round"] == "十四届市委第三轮巡察"
    assert "review" not in data and data["status"] == "published"


def test_a_notice_pasted_as_one_paragraph_keeps_its_body_out_of_the_contact_block():
    data = _import("one_paragraph")
    assert data["summary"].startswith("根据区委统一部署，区委第六巡察组于2021年9月1日至10月30日")
    assert "清理不符合条件低保对象56户，已完成。" in data["summary"]
    assert data["contact"]["invitation"] == "欢迎广大干部群众对巡察整改落实情况进行监督。"
    assert data["contact"]["phones"] == ["021-66123456", "021-66123457"]
    assert data["contact"]["postcode"] == "200438"
    assert data["inspection"] == {"type": "巡察", "team": "区委第六巡察组", "start": dt.date(2021, 9, 1),
                                  "end": dt.date(2021, 10, 30), "feedback": dt.date(2021, 12, 3)}
    assert "review" not in data


def test_a_long_one_paragraph_notice_still_has_its_contact_block_read():
    text = (PASTED / "one_paragraph.txt").read_text(encoding="utf-8")
    longer = text.replace("二、关于低保", "二、" + "关于低保审核的问题。整改情况：开展排查，已完成。" * 30 + "关于低保")
    data = import_text(longer, "long.txt", IMPORTED).data
    assert data["contact"]["emails"] == ["jwqmzj@163.com"]
    assert "欢迎" not in data["summary"]


def test_two_notices_pasted_into_one_text_are_refused_naming_the_second_title():
    with pytest.raises(ImportFailure) as failure:
        import_file(PASTED / "two_notices.txt", IMPORTED)
    assert "more than one notice" in str(failure.value)
    assert "中共北沙县卫生健康局党组关于巡察整改进展情况的通报" in str(failure.value)


def test_the_import_command_refuses_two_notices_and_writes_nothing(tmp_path):
    result = CliRunner().invoke(main, ["import", str(PASTED / "two_notices.txt"), "--out", str(tmp_path / "notices")])
    assert result.exit_code == 1
    assert "split the text there and import each notice from its own file" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "notices").exists() or not any((tmp_path / "notices").rglob("*.yml"))


def test_a_hard_wrapped_text_is_read_as_whole_sentences():
    raw = (PASTED / "hard_wrapped_crlf_bom.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\xc2\xa0" in raw  # the fixture's shape
    data = _import("hard_wrapped_crlf_bom")
    assert data["summary"] == ("根据区委统一部署，2022年5月9日至6月30日，区委第一巡察组对区文化旅游局党组开展了巡察，"
                               "2022年8月2日反馈了巡察意见。现将巡察整改进展情况予以公布。\n")
    assert data["inspection"]["feedback"] == dt.date(2022, 8, 2)
    assert data["contact"]["phones"] == ["0451-86123456"]
    assert [(p["title"], p.get("status")) for p in data["problems"]] == [("意识形态工作责任制落实不到位", "done"), ("文物安全监管薄弱", None)]
    assert data["problems"][1]["measures"] == "开展文物安全大检查，整改隐患8处。\n"
    # a short unnumbered heading with a comma, above a longer paragraph, is no wrapped line
    text = ("中共东坡区审计局党组关于巡察整改进展情况的通报\n"
            "根据区委统一部署，区委第二巡察组于2022年3月1日至4月15日对区审计局党组开展了巡察。现将整改进展情况公布如下。\n"
            "坚持问题导向，狠抓整改落实\n"
            "局党组逐条梳理反馈问题，制定整改措施，明确责任领导、责任科室和完成时限，建立整改台账，实行销号管理。\n")
    summary = import_text(text, "heading.txt", IMPORTED).data["summary"]
    assert summary.split("\n\n")[1:] == ["坚持问题导向，狠抓整改落实",
                                         "局党组逐条梳理反馈问题，制定整改措施，明确责任领导、责任科室和完成时限，建立整改台账，实行销号管理。\n"]


def test_items_numbered_yi_shi_have_titles_without_their_numbers():
    data = _import("enumerated_shi")
    assert [p["title"] for p in data["problems"]] == ["统计数据质量管控不严", "统计执法检查不深入", "干部教育培训不足"]
    assert data["inspection"]["start"] == dt.date(2023, 3, 6)
    assert data["published"] == dt.date(2023, 10, 10)



def test_items_numbered_di_yi_are_problems_with_their_status():
    data = _import("numbered_di_yi")
    assert [(p["title"], p.get("status")) for p in data["problems"]] == [
        ("落实安全生产责任不到位", "done"), ("项目招投标监管不严", "in_progress")]
    assert "第一" not in data["summary"]


def test_a_wechat_articles_credits_and_prompts_stay_out_of_the_last_item():
    data = _import("wechat_credits")
    last = data["sections"][-1]["problems"][-1]
    assert last == {"title": "特种设备监管存在盲区", "category": "反馈问题整改情况", "measures": "建立特种设备动态台账。\n"}
    assert "review" not in data


def test_a_signature_dated_by_its_month_is_no_part_of_the_last_section():
    data = _import("signed_by_month")
    assert data["problems"] == [{"title": "社区治理服务不精细", "status": "done", "measures": "推行网格化管理，已完成。\n"}]
    assert "published" not in data and data["review"] == ["published: 原文没有发布日期，请填写"]


def test_a_title_marked_with_a_symbol_is_read_without_it():
    data = _import("title_star")
    assert data["title"] == "中共龙门县教育局党组关于巡察整改进展情况的通报"
    assert data["issuer"] == {"name": "中共龙门县教育局党组", "region": "龙门县"}
    assert data["slug"] == "2023-12-01-long-men-xian-jiao-yu-ju"


def test_a_place_written_with_a_rare_character_is_the_issuers_region():
    raw = (PASTED / "gb18030_rare_place.txt").read_bytes()
    assert raw.decode("gb18030").startswith("中共\u48ba川县")  # the fixture: GB18030 bytes, an extension-A character
    data = _import("gb18030_rare_place")
    assert data["issuer"] == {"name": "中共\u48ba川县文化广电旅游局党组", "region": "\u48ba川县"}


def test_problems_numbered_at_the_top_with_their_rectification_are_problems():
    data = _import("problems_at_top")
    assert [p["title"] for p in data["problems"]] == ["审计整改督促不力", "审计质量控制薄弱"]
    assert data["problems"][0]["measures"] == "建立审计整改台账，督促整改问题资金1.2亿元。\n"
    assert all("status" not in p for p in data["problems"])   # the text states no status: none is recorded
    assert "sections" not in data


def test_a_notice_pasted_as_html_source_is_read_as_the_page_shows_it():
    result = import_file(PASTED / "html_source.txt", IMPORTED)
    data = result.data
    assert data["title"] == "中共桐江县应急管理局党组关于巡察整改进展情况的通报"
    assert data["published"] == dt.date(2023, 11, 2)
    assert data["summary"].startswith("根据县委统一部署，2023年4月17日至6月9日")
    assert [(p["title"], p.get("status")) for p in data["problems"]] == [("安全生产监管执法不严", "done"), ("应急物资储备不足", None)]
    assert data["problems"][0]["measures"] == "开展“安全生产”执法检查156次，已完成。\n"
    assert data["contact"]["emails"] == ["tjyjj@163.com"] and data["contact"]["phones"] == ["0571-64123456"]
    everything = repr(data)
    for gone in ("alert", "tracker", "color:red", "编辑器注释", "<", "&ldquo;"):
        assert gone not in everything
    assert data["review"] == ["source: 原文是网页源代码（HTML），已按网页显示的文字读取（脚本、样式不收入），请对照原网页核对"]


def test_a_mobile_number_written_in_groups_is_one_phone():
    data = _import("phones_grouped")
    assert data["contact"]["phones"] == ["0731-84123456", "84123457", "13907312345"]
    assert data["contact"]["person"] == "周先生" and data["contact"]["postcode"] == "410011"
    assert "review" not in data
