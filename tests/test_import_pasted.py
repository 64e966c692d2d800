"""Notices pasted from web pages (tests/fixtures/pasted/, written for these tests): no title line,
date/source bars, page furniture, a numbered heading first, advertising in new spellings, a
mistyped phone number. Each must import, field by field, to what the text states, with review
flags in Chinese for what had to be proposed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from click.testing import CliRunner

from noticeboard.cli import main
from noticeboard.importers import import_file
from noticeboard.importers.assemble import import_text
from noticeboard.importers.command import import_command
from noticeboard.importers.writing import dump_notice
from paths import FIXTURES

PASTED = FIXTURES / "pasted"
IMPORTED = dt.date(2026, 1, 1)
D = dt.date

EXPECTED = {
    "bar_no_title": {
        "title": "中共湘南市自然资源和规划局党组关于巡察整改进展情况的通报",
        "issuer": {"name": "中共湘南市自然资源和规划局党组", "region": "湘南市"},
        "published": D(2022, 3, 18), "kind": "progress", "status": "draft",
        "inspection": {"type": "巡察", "team": "市委第四巡察组", "start": D(2021, 9, 6), "end": D(2021, 10, 29),
                       "feedback": D(2021, 12, 10)},
        "summary": "根据市委统一部署，2021年9月6日至10月29日，市委第四巡察组对市自然资源和规划局党组进行了常规巡察。"
                   "2021年12月10日，市委第四巡察组向市自然资源和规划局党组反馈了巡察意见。按照党务公开原则和巡察工作有关要求，"
                   "现将巡察整改进展情况予以公布。\n",
        "headings": ["一、整改工作组织开展情况", "二、巡察反馈问题整改落实情况", "三、下一步工作打算"],
        "last_body": "局党组将持续巩固整改成果，建立健全长效机制，防止问题反弹。\n",
        "contact": {"invitation": "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。",
                    "phones": ["0745-723658"], "emails": ["xnzrzyj@163.com"]},
        "review": [
            "title: 原文没有标题行，标题“中共湘南市自然资源和规划局党组关于巡察整改进展情况的通报”是根据正文拟定的，请按原文标题改正",
            "issuer: 原文没有标题行，发布机关取自落款“中共湘南市自然资源和规划局党组”，请核对",
            "contact.phones[0]: 电话号码“0745-723658”位数不对（区号0745后应为7或8位号码，这里是6位），请核对原文",
        ],
    },
    "site_bar_noise": {
        "title": "中共清河县卫生健康局党组关于县委巡察整改情况的通报",
        "issuer": {"name": "中共清河县卫生健康局党组", "region": "清河县"},
        "published": D(2021, 11, 2), "kind": "progress", "status": "published",
        "inspection": {"type": "巡察", "team": "县委第三巡察组", "start": D(2021, 4, 12), "end": D(2021, 5, 28),
                       "feedback": D(2021, 7, 9)},
        "summary": "根据县委统一部署，2021年4月12日至5月28日，县委第三巡察组对县卫生健康局党组开展了巡察，"
                   "并于2021年7月9日反馈了巡察意见。现将巡察整改情况予以公布。\n",
        "headings": ["一、提高政治站位，压实整改责任", "二、聚焦反馈问题，逐项抓好整改"],
        "first_body": "局党组第一时间召开巡察整改专题会议，制定整改方案和问题清单，党组书记履行第一责任人职责，"
                      "班子成员按照分工抓好分管领域整改。\n",
        "contact": {"invitation": "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。",
                    "phones": ["0315-5512345"], "emails": ["qhxwjj@126.com"], "address": "清河县人民路18号",
                    "postcode": "064300"},
        "review": None,
    },
    "heading_first": {
        "title": "区市场监督管理局党组关于巡察整改进展情况的通报",
        "issuer": {"name": "区市场监督管理局党组"},
        "published": None, "kind": "progress", "status": "draft",
        "inspection": {"type": "巡察", "team": "区委第二巡察组", "start": D(2022, 3, 1), "end": D(2022, 4, 15),
                       "feedback": D(2022, 5, 20)},
        "summary": "根据区委巡察工作统一部署，2022年3月1日至4月15日，区委第二巡察组对区市场监督管理局党组进行了巡察，"
                   "2022年5月20日反馈了巡察意见。按照巡察工作有关要求，现将巡察整改进展情况予以公布。\n",
        "headings": ["一、巡视整改组织领导情况", "二、巡察反馈问题整改情况"],
        "contact": None,
        "review": [
            "title: 原文没有标题行，标题“区市场监督管理局党组关于巡察整改进展情况的通报”是根据正文拟定的，请按原文标题改正",
            "issuer: 原文没有标题行，发布机关取自正文“区市场监督管理局党组”（被巡视巡察的单位），请核对全称",
            "published: 原文没有发布日期，请填写",
        ],
    },
    "disclosure_table": {
        "title": "中共江北市司法局党组关于巡察整改进展情况的通报",
        "issuer": {"name": "中共江北市司法局党组", "region": "江北市"},
        "published": D(2022, 7, 1), "kind": "progress", "status": "published",
        "doc_number": "江司〔2022〕15号", "index_code": "11330100002502345X/2022-00056",
        "inspection": {"type": "巡察", "team": "市委第一巡察组", "start": D(2021, 10, 11), "end": D(2021, 12, 3),
                       "feedback": D(2022, 2, 25)},
        "summary": "根据市委统一部署，2021年10月11日至12月3日，市委第一巡察组对市司法局党组开展了巡察。2022年2月25日，"
                   "市委第一巡察组向市司法局党组反馈了巡察意见。按照党务公开原则和巡察工作有关要求，现将巡察整改进展情况予以公布。\n",
        "headings": ["一、整改工作总体情况", "二、反馈问题整改情况"],
        "contact": {"invitation": "欢迎广大干部群众对巡察整改落实情况进行监督。", "phones": ["0571-87654321"],
                    "emails": ["jbsfj@jiangbei.gov.cn"]},
        "review": None,
    },
    "ads_and_spaces": {
        "title": "中共北岭县交通运输局委员会关于巡察整改进展情况的通报",
        "issuer": {"name": "中共北岭县交通运输局委员会", "region": "北岭县"},
        "published": D(2021, 8, 12), "kind": "progress", "status": "published",
        "inspection": {"type": "巡察", "team": "县委第一巡察组", "start": D(2021, 3, 8), "end": D(2021, 4, 30),
                       "feedback": D(2021, 6, 3)},
        "summary": "根据县委统一部署，2021年3月8日至4月30日，县委第一巡察组对县交通运输局党委开展了巡察。2021年6月3日，"
                   "县委第一巡察组向县交通运输局党委反馈了巡察意见。现将巡察整改进展情况予以公布。\n",
        "headings": ["一、整改工作总体情况", "二、反馈问题整改情况"],
        "first_body": "局党委召开专题会议研究部署，把巡察整改与业务工作同谋划、同推进。\n",
        "contact": {"invitation": "欢迎广大干部群众对巡察整改落实情况进行监督，也可通过微信公众号“北岭交通”留言反映。",
                    "phones": ["0391-6123456"], "emails": ["blxjtj@126.com"]},
        "review": None,
    },
    "first_paragraph_only": {
        "title": "中共云岭省林业和草原局党组关于巡视整改进展情况的通报",
        "issuer": {"name": "中共云岭省林业和草原局党组", "region": "云岭省"},
        "published": None, "kind": "progress", "status": "draft",
        "inspection": {"type": "巡视", "team": "省委第五巡视组", "start": D(2021, 10, 18), "end": D(2021, 12, 17),
                       "feedback": D(2022, 1, 21)},
        "summary": "按照省委统一部署，2021年10月18日至12月17日，省委第五巡视组对中共云岭省林业和草原局党组开展了常规巡视，"
                   "2022年1月21日向省林业和草原局党组反馈了巡视意见。按照巡视工作有关要求，现将巡视整改进展情况予以公布。\n",
        "headings": ["一、提高政治站位，扛牢巡视整改政治责任", "二、聚焦突出问题，推动整改落地见效"],
        "contact": {"invitation": "欢迎广大干部群众对巡视整改落实情况进行监督。如有意见建议，请及时向我们反映。",
                    "phones": ["0871-65551234"], "emails": ["ylslcj@126.com"], "postcode": "650224"},
        "review": [
            "title: 原文没有标题行，标题“中共云岭省林业和草原局党组关于巡视整改进展情况的通报”是根据正文拟定的，请按原文标题改正",
            "issuer: 原文没有标题行，发布机关取自正文“中共云岭省林业和草原局党组”（被巡视巡察的单位），请核对全称",
            "published: 原文没有发布日期，请填写",
        ],
    },
    "menu_table_cells": {
        "title": "关于十三届区委第五轮巡察整改情况的通报",
        "issuer": {"name": "中共东湖区教育体育局委员会", "region": "东湖区"},
        "published": D(2022, 9, 15), "kind": "progress", "status": "published",
        "index_code": "004521367/2022-01833",
        "inspection": {"type": "巡察", "round": "十三届区委第五轮巡察", "team": "区委第五巡察组", "start": D(2022, 3, 21),
                       "end": D(2022, 5, 20), "feedback": D(2022, 6, 28)},
        "summary": "根据区委统一部署，2022年3月21日至5月20日，区委第五巡察组对区教育体育局党委开展了巡察，6月28日反馈了巡察意见。"
                   "现将整改情况通报如下：\n",
        "headings": ["一、整改工作开展情况", "二、反馈问题整改情况"],
        "first_body": "（一）加强组织领导。召开党委会“专题研究”部署整改工作。\n",
        "contact": {"phones": ["0791-86661234"]},
        "review": None,
    },
    "signature_cn_date": {
        "title": "中共北平省发展和改革委员会党组关于巡视整改落实情况的报告",
        "issuer": {"name": "中共北平省发展和改革委员会党组", "region": "北平省"},
        "published": D(2020, 12, 31), "kind": "report", "status": "draft",
        "inspection": {"type": "巡视", "team": "省委第三巡视组", "start": D(2020, 4, 20), "end": D(2020, 6, 19),
                       "feedback": D(2020, 8, 6)},
        "summary": "为深入贯彻落实省委巡视反馈意见，省委第三巡视组于2020年4月20日至6月19日对我委开展了巡视，"
                   "并于2020年8月6日反馈了巡视意见。现将巡视整改落实情况报告如下：\n",
        "headings": ["一、关于党的领导弱化方面的问题"],
        "last_body": None,  # the section holds one item (its text is the item's, written once)
        "contact": {"invitation": "欢迎广大干部群众对巡视整改落实情况进行监督。", "phones": ["010-8312345", "13912345678"]},
        "review": [
            "title: 原文没有标题行，标题“中共北平省发展和改革委员会党组关于巡视整改落实情况的报告”是根据正文拟定的，请按原文标题改正",
            "issuer: 原文没有标题行，发布机关取自落款“中共北平省发展和改革委员会党组”，请核对",
            "contact.phones[0]: 电话号码“010-8312345”位数不对（区号010后应为8位号码，这里是7位），请核对原文",
        ],
    },
}
# what the pages and advertisements around these notices say; none of it may reach a notice
PAGE_AND_ADS = ("来源", "浏览", "点击", "作者", "发布时间", "字体", "字号", "打印", "关闭", "分享", "纠错", "首页", "门户网站",
                "上一篇", "下一篇", "版权所有", "ICP", "标识码", "索引号", "发布机构", "成文日期", "名称：", "素材", "会员",
                "网盘", "vip", "V信", "wen", "gw", "微信：", "付费", "仅供学习", "外传", "倒卖", "09:15", "16:20", "位置", "机构概况",
                "数据开放", "相关阅读", "网站地图", "使用帮助", "_东湖区", "&nbsp;", "&ldquo;", "星期", "本网", "二〇二〇",
                "安全大检查")


def _imported(name: str):
    return import_file(PASTED / f"{name}.txt", IMPORTED)


SIGNATURE = "中共湘南市自然资源和规划局党组\n2022年3月16日\n"


def _bar_no_title(head: str, signature: str = SIGNATURE) -> str:
    """bar_no_title.txt with its first two lines (the date/source bar, the font-size buttons)
    replaced by ``head`` and its signature by ``signature``."""
    body = (PASTED / "bar_no_title.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    assert SIGNATURE in body
    return head + "\n" + body.replace(SIGNATURE, signature)


def _fields(data: dict) -> dict:
    sections = data.get("sections", [])
    return {
        "title": data["title"], "issuer": data.get("issuer"), "published": data.get("published"),
        "kind": data["kind"], "status": data["status"], "doc_number": data.get("doc_number"),
        "index_code": data.get("index_code"), "inspection": data.get("inspection"), "summary": data.get("summary"),
        "headings": [s["heading"] for s in sections], "first_body": sections[0].get("body") if sections else None,
        "last_body": sections[-1].get("body") if sections else None, "contact": data.get("contact"),
        "review": data.get("review"),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pasted_page_fields(name):
    got = _fields(_imported(name).data)
    expected = EXPECTED[name]
    wrong = {key: (value, got[key]) for key, value in expected.items() if got[key] != value}
    assert wrong == {}
    for key in ("doc_number", "index_code"):  # only where the page states them
        if key not in expected:
            assert got[key] is None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_page_furniture_or_advertising_survives(name):
    data = _imported(name).data
    notice = {key: value for key, value in data.items() if key not in ("review", "source")}
    text = dump_notice(notice)
    assert [word for word in PAGE_AND_ADS if word.lower() in text.lower()] == []


def test_a_numbered_heading_is_never_the_title_and_the_paragraph_above_it_stays():
    text = (PASTED / "heading_first.txt").read_text(encoding="utf-8")
    data = import_text(text, "h.txt", IMPORTED).data
    assert data["title"] != "一、巡视整改组织领导情况" and data["sections"][0]["heading"] == "一、巡视整改组织领导情况"
    assert data["summary"].startswith("根据区委巡察工作统一部署")
    # the heading says 巡视, the statements about the inspection say 巡察
    assert data["inspection"]["type"] == "巡察"


@pytest.mark.parametrize("bar", [
    "2021-02-23 12:42:06来源:湘南市自然资源和规划局",
    "发布时间：2021-02-23　　来源：湘南市自然资源和规划局　　浏览次数：88",
    "来源: 湘南市自然资源和规划局 发布日期: 2021年02月23日 【字体：大 中 小】【打印本页】",
    "[ 点击数：12 ] [ 发布日期：2021/2/23 ] [ 信息来源：湘南市自然资源和规划局 ]",
    "作者：办公室|时间：2021-02-23 09:00|来源：湘南市自然资源和规划局|阅读：7",
])
def test_date_and_source_bars_in_any_spelling(bar):
    text = _bar_no_title(bar + "\n【字体：大 中 小】【打印本页】", signature="")
    data = import_text(text, "b.txt", IMPORTED).data
    assert data["published"] == dt.date(2021, 2, 23)
    assert data["summary"].startswith("根据市委统一部署")
    # no signature: the issuer comes from the text's account of the inspection, the city from the page
    assert data["issuer"] == {"name": "市自然资源和规划局党组", "region": "湘南市"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_flag_names_its_field_and_is_written_in_chinese(name):
    for line in _imported(name).review:
        field, _, message = line.partition(": ")
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+|\[\d+\])*", field), line
        assert re.search(r"[\u4e00-\u9fff]", message) and not re.search(r"\b(the|is|confirm|fill)\b", message), line


def test_a_mistyped_phone_is_kept_and_the_draft_passes_check(project):
    out = project / "notices"
    result = CliRunner().invoke(import_command, [str(PASTED / "bar_no_title.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = out / "2022" / "2022-03-18-xiang-nan-shi-zi-ran-zi-yuan-he-gui.yml"
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["status"] == "draft" and data["contact"]["phones"] == ["0745-723658"]
    checked = CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")])
    assert checked.exit_code == 0, checked.output
    assert checked.output == "5 notices checked (2 drafts): no problems.\n"


@pytest.mark.parametrize("first_lines", [
    "中共湘南市自然资源和规划局党组关于巡察整改进展情况的通报 2022-03-18 09:15",
    "中共湘南市自然资源和规划局党组关于巡察整改进展情况的通报【发布时间：2022-03-18】【来源：市自然资源和规划局】",
    "中共湘南市自然资源和规划局党组关于巡察整改进展情况的通报_湘南市人民政府网\n日期：2022-03-18",
    "首页  机构概况  政务公开  互动交流\n当前位置：首页 > 通知公告\n中共湘南市自然资源和规划局党组关于巡察整改进展情况的通报\n（2022年3月18日）",
    "中共湘南市自然资源和规划局党组关于巡察\n整改进展情况的通报\n2022年03月18日",
])
def test_a_title_line_as_pages_give_it(first_lines):
    result = import_text(_bar_no_title(first_lines), "t.txt", IMPORTED)
    assert result.data["title"] == "中共湘南市自然资源和规划局党组关于巡察整改进展情况的通报"
    assert result.data["published"] == dt.date(2022, 3, 18)
    assert result.data["summary"].startswith("根据市委统一部署")
    assert [flag.split(":")[0] for flag in result.review] == ["contact.phones[0]"]


@pytest.mark.parametrize("closing", ["中共湘南市自然资源和规划局党组　2022年3月16日\n", "中共湘南市自然资源和规划局党组\n二〇二二年三月十六日\n"])
def test_signature_gives_issuer_and_date_and_leaves_the_last_section(closing):
    result = import_text(_bar_no_title("", signature=closing), "s.txt", IMPORTED)
    assert result.data["issuer"] == {"name": "中共湘南市自然资源和规划局党组", "region": "湘南市"}
    assert result.data["published"] == dt.date(2022, 3, 16)
    assert "published: 发布日期取自落款日期2022-03-16，请按原网页核对" in result.review
    assert result.data["sections"][-1]["body"] == "局党组将持续巩固整改成果，建立健全长效机制，防止问题反弹。\n"


@pytest.mark.parametrize("table", [
    "索引号：\t11430000MB0012345X/2022-00456\t分类：\t党务公开\n发布机构：\t中共湘南市自然资源和规划局党组\t发文日期：\t2022-03-18\n"
    "标题：\t中共湘南市自然资源和规划局党组关于巡察反馈意见\n整改进展情况的通报",
    "索引号：11430000MB0012345X/2022-00456　所属栏目：党务公开\n发布机构：中共湘南市自然资源和规划局党组　发文日期：2022-03-18\n"
    "标题：中共湘南市自然资源和规划局党组关于巡察反馈意见\n整改进展情况的通报",
])
def test_a_disclosure_table_whose_title_runs_onto_a_second_line(table):
    result = import_text(_bar_no_title(table), "t.txt", IMPORTED)
    assert result.data["title"] == "中共湘南市自然资源和规划局党组关于巡察反馈意见整改进展情况的通报"
    assert result.data["index_code"] == "11430000MB0012345X/2022-00456"
    assert result.data["published"] == dt.date(2022, 3, 18)
    assert result.data["summary"].startswith("根据市委统一部署")


@pytest.mark.parametrize("box", ["相关附件：\n无", "附件下载：暂无", "附件：无"])
def test_a_page_attachment_box_that_holds_none_is_not_text_of_the_notice(box):
    result = import_text(_bar_no_title("") + box + "\n", "a.txt", IMPORTED)
    assert result.data["sections"][-1]["body"] == "局党组将持续巩固整改成果，建立健全长效机制，防止问题反弹。\n"
    assert not any(flag.startswith("attachments") for flag in result.review)


@pytest.mark.parametrize("after, hours", [
    ("（工作日8:00-12:00，14:30-17:30）", "工作日8:00-12:00，14:30-17:30"),
    ("，周一至周五上午受理", "周一至周五上午受理"),
])
def test_when_a_phone_is_answered_is_kept_as_hours(after, hours):
    text = _bar_no_title("").replace("0745-723658", "0745-7236581" + after)
    data = import_text(text, "p.txt", IMPORTED).data
    assert data["contact"]["phones"] == ["0745-7236581"] and data["contact"]["hours"] == hours


def test_words_after_a_phone_that_no_field_holds_are_flagged_not_dropped():
    text = _bar_no_title("").replace("0745-723658", "0745-7236581（局办公室）")
    result = import_text(text, "p.txt", IMPORTED)
    assert any(flag.startswith("contact.phones") and "局办公室" in flag for flag in result.review)
