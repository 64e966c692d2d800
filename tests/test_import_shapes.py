"""Shapes of received notices the importer met on texts written for the red team (invented
organisations, not copied from any notice): a title broken after the issuer's line, dates in
Chinese numerals or with dots, items whose title does not say 问题, a heading over the contact
block, tables copied as tab-separated lines, full-width digits and letters, an '@' spelt out,
a fax number, a comment period. Each is asserted field by field, as a reviewer would read it."""

from __future__ import annotations

import datetime as dt

import pytest

from noticeboard.importers.assemble import import_text
from noticeboard.importers.reading import read_document

IMPORTED = dt.date(2026, 1, 1)
OPENING = ("根据县委统一部署，2022年3月7日至4月22日，县委第一巡察组对县教育体育局党组进行了巡察，"
           "并于2022年6月10日反馈了巡察意见。现将整改情况通报如下：")
ITEMS = """一、整改工作开展情况
局党组成立整改领导小组，制定整改方案。
二、反馈问题整改情况
（一）党的建设方面
①理论学习流于形式。整改措施：制定年度学习计划。整改进展：已完成。
②基层党组织建设薄弱。整改措施：逐一整顿软弱涣散党支部。整改进展：正在整改。
"""
SIGNATURE = "中共西岭县教育体育局党组\n2022年8月25日\n"


def _import(text: str):
    return import_text(text, "x.txt", IMPORTED)


def test_a_title_broken_after_the_issuers_line_is_one_title():
    result = _import("中共西岭县教育体育局党组\n关于巡察整改情况的通报\n\n" + OPENING + "\n" + ITEMS + SIGNATURE)
    assert result.data["title"] == "中共西岭县教育体育局党组关于巡察整改情况的通报"
    assert result.data["issuer"] == {"name": "中共西岭县教育体育局党组", "region": "西岭县"}
    assert result.data["summary"] == OPENING + "\n"
    assert result.review == []


@pytest.mark.parametrize("opening", [
    "根据县委统一部署，县委第一巡察组于二〇二二年三月七日至四月二十二日对县教育体育局党组进行了巡察，并于二〇二二年六月十日反馈了巡察意见。",
    "根据县委统一部署，县委第一巡察组于2022.3.7至2022.4.22对县教育体育局党组进行了巡察，并于2022.06.10反馈了巡察意见。",
    "根据县委统一部署，县委第一巡察组于2022-03-07至2022-04-22对县教育体育局党组进行了巡察，2022-06-10反馈了巡察意见。",
    "根据县委统一部署，县委第一巡察组于2022年3月7日至四月二十二日对县教育体育局党组进行了巡察，并于六月十日反馈了巡察意见。",
])
def test_inspection_dates_however_written(opening):
    result = _import("中共西岭县教育体育局党组关于巡察整改情况的通报\n" + opening + "\n" + ITEMS + SIGNATURE)
    inspection = result.data["inspection"]
    assert (inspection["start"], inspection["end"], inspection["feedback"]) == (
        dt.date(2022, 3, 7), dt.date(2022, 4, 22), dt.date(2022, 6, 10))


def test_an_item_whose_measures_follow_on_its_line_is_an_item_even_without_the_word_problem():
    result = _import("中共西岭县教育体育局党组关于巡察整改情况的通报\n" + OPENING + "\n" + ITEMS
                     + "（二）作风建设方面\n1.公务接待管理不规范。整改情况：建立接待审批台账。该问题已整改。\n" + SIGNATURE)
    problems = result.data["sections"][1]["problems"]
    assert [(p["title"], p["category"], p.get("status")) for p in problems] == [
        ("理论学习流于形式", "党的建设方面", "done"),
        ("基层党组织建设薄弱", "党的建设方面", "in_progress"),
        ("公务接待管理不规范", "作风建设方面", "done"),
    ]
    assert problems[0]["measures"] == "制定年度学习计划。整改进展：已完成。\n"
    assert "body" not in result.data["sections"][1]   # each item's text once, in the item


def test_a_heading_that_names_the_contact_block_leaves_no_empty_section():
    contact = "三、联系方式\n欢迎社会各界对巡察整改工作进行监督。\n电子邮箱：xljyj@126.com\n联系电话：0832-4567890\n"
    result = _import("中共西岭县教育体育局党组关于巡察整改情况的通报\n" + OPENING + "\n" + ITEMS + contact + SIGNATURE)
    assert [s["heading"] for s in result.data["sections"]] == ["一、整改工作开展情况", "二、反馈问题整改情况"]
    assert result.data["contact"] == {"invitation": "欢迎社会各界对巡察整改工作进行监督。", "phones": ["0832-4567890"],
                                      "emails": ["xljyj@126.com"]}


RECTIFICATION_TABLE = "序号\t问题\t整改措施\t完成情况\n1\t道路养护资金使用不规范\t开展专项审计\t已完成\n2\t超限超载治理力度不够\t开展集中整治\t持续推进\n"


def test_a_rectification_table_copied_as_tab_separated_lines_becomes_items():
    text = ("中共安远市交通运输局党组关于巡察整改进展情况的通报\n2022年12月2日\n" + OPENING + "\n一、整改工作开展情况\n成立领导小组。\n"
            "二、整改落实情况\n" + RECTIFICATION_TABLE)
    result = _import(text)
    section = result.data["sections"][1]
    assert [(p["title"], p.get("status"), p["measures"]) for p in section["problems"]] == [
        ("道路养护资金使用不规范", "done", "开展专项审计\n\n完成情况：已完成\n"),
        ("超限超载治理力度不够", "in_progress", "开展集中整治\n\n完成情况：持续推进\n"),
    ]
    assert "body" not in section


def test_any_other_table_keeps_its_cells_apart_and_its_header_row():
    table = "单位\t检查次数\t发现问题\n县交通局\t12\t8\n县公路中心\t9\t3\n"
    text = ("中共安远市交通运输局党组关于巡察整改进展情况的通报\n2022年12月2日\n" + OPENING + "\n一、整改工作开展情况\n成立领导小组。\n"
            "二、专项检查情况\n" + table)
    body = _import(text).data["sections"][1]["body"]
    assert body == "单位｜检查次数｜发现问题\n\n县交通局｜12｜8\n\n县公路中心｜9｜3\n"


def test_a_docx_table_keeps_its_cells_apart(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("中共安远市交通运输局党组关于巡察整改进展情况的通报")
    document.add_paragraph(OPENING)
    document.add_paragraph("一、专项检查情况")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["单位", "检查次数", "发现问题"], ["县交通局", "12", "8"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "t.docx"
    document.save(str(path))
    body = _import(read_document(path)).data["sections"][0]["body"]
    assert body == "单位｜检查次数｜发现问题\n\n县交通局｜12｜8\n"


def test_full_width_digits_and_letters_in_the_bar_and_the_contact_block():
    text = ("中共北川县林业局党组关于巡察整改进展情况的通报\n发布时间：２０２３年５月１２日　来源：县林业局\n" + OPENING + "\n" + ITEMS
            + "欢迎监督。联系电话：０８１６－４８２１２３４；电子邮箱：ｂｃｌｙ＠１６３．ｃｏｍ；邮政编码：６２２７５０\n"
            + "中共北川县林业局党组\n2023年5月11日\n")
    result = _import(text)
    assert result.data["published"] == dt.date(2023, 5, 12)
    assert result.data["summary"] == OPENING + "\n"
    assert result.data["contact"] == {"invitation": "欢迎监督。", "phones": ["0816-4821234"], "emails": ["bcly@163.com"],
                                      "postcode": "622750"}


@pytest.mark.parametrize("written, spelt", [("bclyj#163.com", "#"), ("bclyj(at)163.com", "(at)"),
                                            ("bclyj［at］163.com", "［at］"), ("bclyj AT 163.com", "AT")])
def test_an_at_sign_spelt_out_is_restored_and_flagged(written, spelt):
    result = _import("中共北川县林业局党组关于巡察整改情况的通报\n" + OPENING + "\n" + ITEMS
                     + f"欢迎监督。联系电话：0816-4821234；电子邮箱：{written}\n")
    assert result.data["contact"]["emails"] == ["bclyj@163.com"]
    assert f"contact.emails[0]: 原文把“@”写作“{spelt}”，已改为“@”，请核对" in result.review


def test_a_fax_number_is_flagged_not_passed_off_as_a_phone():
    result = _import("中共北川县林业局党组关于巡察整改情况的通报\n" + OPENING + "\n" + ITEMS
                     + "欢迎监督。联系电话：0816-4821234　　传真：0816-4821235\n")
    assert result.data["contact"]["phones"] == ["0816-4821234", "0816-4821235"]
    assert "contact.phones[1]: “0816-4821235”在原文中是传真号码，请核对是否作为联系电话公布" in result.review
    assert not any(flag.startswith("contact.phones[0]") for flag in result.review)
    assert result.data["status"] == "draft"


def test_a_comment_period_and_an_invitation_that_ends_in_a_colon_belong_to_the_contact_block():
    text = ("中共某某省广播电视局党组关于巡视整改情况的公示\n2020年11月30日\n" + OPENING + "\n" + ITEMS
            + "公示期间，如有意见建议，请通过以下方式反映：\n邮箱：gdjzg@126.com\n电话：028-86123456\n"
              "公示时间：2020年11月30日至12月6日\n")
    result = _import(text)
    assert result.data["contact"] == {"invitation": "公示期间，如有意见建议，请通过以下方式反映", "phones": ["028-86123456"],
                                      "emails": ["gdjzg@126.com"], "until": dt.date(2020, 12, 6)}
    last = result.data["sections"][-1]["problems"][-1]
    assert last["measures"] == "逐一整顿软弱涣散党支部。整改进展：正在整改。\n"


@pytest.mark.parametrize("name, region", [("中共青山区城市管理局党组", "青山区"), ("中共津市市教育局党组", "津市市"),
                                          ("中共福州市台江区民政局党组", "福州市台江区"), ("中共黑龙江省大庆市统战部", "黑龙江省大庆市")])
def test_the_region_is_the_place_the_name_starts_with(name, region):
    result = _import(f"{name}关于巡察整改情况的通报\n2022年5月10日\n" + OPENING + "\n" + ITEMS)
    assert result.data["issuer"] == {"name": name, "region": region}


def test_an_invitation_after_the_comment_period_on_its_line_is_kept():
    result = _import("中共青山区城市管理局党组关于巡察整改方案的公示\n2022年5月10日\n" + OPENING + "\n" + ITEMS
                     + "公示时间：2022年5月10日—5月16日。公示期间，如有意见建议，请与我们联系。\n联系人：张某　联系电话：027-86901234\n")
    assert result.data["contact"] == {"invitation": "公示期间，如有意见建议，请与我们联系", "phones": ["027-86901234"],
                                      "person": "张某", "until": dt.date(2022, 5, 16)}


@pytest.mark.parametrize("listed, flagged", [
    ("附件：1.巡察反馈问题整改任务清单\n2.整改工作领导小组名单\n", "“附件：1.巡察反馈问题整改任务清单”、“2.整改工作领导小组名单”"),
    ("附件：某某局党委落实巡察反馈问题\n整改责任清单\n", "“附件：某某局党委落实巡察反馈问题”、“整改责任清单”"),
])
def test_a_list_of_attachments_at_the_end_leaves_the_last_section_and_is_flagged(listed, flagged):
    result = _import("中共西岭县教育体育局党组关于巡察整改情况的通报\n" + OPENING + "\n" + ITEMS
                     + "三、下一步工作\n持续巩固整改成果。\n" + listed + SIGNATURE)
    assert result.data["sections"][-1]["body"] == "持续巩固整改成果。\n"
    assert result.review == [f"attachments: 原文列有附件{flagged}，未收入正文；请把附件文件放在 attachments/ 下并写入 attachments，或删去本条"]


@pytest.mark.parametrize("block, contact, flags", [
    ("欢迎监督。电子邮箱地址：xljyj@126.com\n", {"invitation": "欢迎监督。", "emails": ["xljyj@126.com"]}, []),
    ("监督举报电话：12388；来信请寄：西岭县文昌路12号（邮编642150）\n",
     {"phones": ["12388"], "address": "西岭县文昌路12号", "postcode": "642150"}, []),
    ("意见反馈邮箱：xl_zg@126.com\n", {"emails": ["xl_zg@126.com"]}, []),
    ("联系电话：0832-456 7890\n", {"phones": ["0832-4567890"]}, []),
    ("热线电话：0832-4567890\n网上信箱：https://www.example.gov.cn/xf\n", {"phones": ["0832-4567890"]},
     ["contact: 原文“网上信箱”“https://www.example.gov.cn/xf”没有对应的字段，未收入；如需公布，请写入 invitation"]),
])
def test_contact_labels_as_notices_write_them(block, contact, flags):
    result = _import("中共西岭县教育体育局党组关于巡察整改情况的通报\n2022年8月25日\n" + OPENING + "\n" + ITEMS + block)
    assert result.data["contact"] == contact
    assert result.review == flags


def test_a_sites_greeting_and_tools_above_the_title_are_page_not_notice():
    head = ("欢迎访问临江市人民政府网站！ 今天是：2023年3月9日 星期四\n无障碍浏览 | 长者模式 | 繁體 | English\n"
            "首页 » 政务公开 » 巡察整改\n关于市委第一巡察组巡察反馈意见整改进展情况的通报\n"
            "关于市委第一巡察组巡察反馈意见整改进展情况的通报\n信息来源：临江市审计局　发布时间：2023-03-08 15:02　【字体：大 中 小】【收藏】【打印】\n")
    result = _import(head + OPENING + "\n" + ITEMS + "中共临江市审计局党组\n2023年3月8日\n")
    assert result.data["title"] == "关于市委第一巡察组巡察反馈意见整改进展情况的通报"
    assert result.data["published"] == dt.date(2023, 3, 8)
    assert result.data["summary"] == OPENING + "\n"
    assert result.review == ["issuer: 标题未写发布机关，发布机关取自落款“中共临江市审计局党组”，请核对"]


def test_a_sentence_of_the_page_above_the_title_does_not_hide_the_title():
    result = _import("本站已启用新版，旧版网站将于6月30日停止访问。\n中共西岭县教育体育局党组关于巡察整改情况的通报\n2022年8月25日\n"
                     + OPENING + "\n" + ITEMS)
    assert result.data["title"] == "中共西岭县教育体育局党组关于巡察整改情况的通报"
    assert result.data["summary"] == OPENING + "\n"
    assert result.review == ["summary: 开头1行不像通报正文（网页栏目、站名等），未收入：“本站已启用新版，旧版网站将于6月30日停止访问。”；如属正文请补回"]


def test_a_title_holding_markup_is_kept_as_text_and_flagged_not_taken_for_a_breadcrumb():
    title = "中共西岭县<script>alert(1)</script>教育体育局党组关于巡察整改情况的通报"
    result = _import(title + "\n2022年8月25日\n" + OPENING + "\n" + ITEMS)
    assert result.data["title"] == title
    assert result.data["status"] == "draft"
    assert any(flag.startswith("title: 含有像链接、标记或脚本的文字") for flag in result.review)


def test_items_numbered_in_words_with_their_status_in_brackets():
    body = ("一、反馈问题整改情况\n问题一：农业项目资金监管不严（已完成）\n整改措施：开展涉农资金专项审计。\n"
            "问题二：高标准农田建设质量不高（正在整改）\n整改措施：责令返工。\n整改时限：2021年12月底\n"
            "第三个问题：干部作风不实（长期坚持）\n整改措施：开展作风建设专项整治。\n")
    result = _import("中共西岭县教育体育局党组关于巡察整改情况的报告\n" + OPENING + "\n" + body + SIGNATURE)
    problems = result.data["sections"][0]["problems"]
    assert [(p["title"], p.get("status"), p.get("deadline")) for p in problems] == [
        ("农业项目资金监管不严", "done", None), ("高标准农田建设质量不高", "in_progress", "2021年12月底"),
        ("干部作风不实", "long_term", None)]
    assert "body" not in result.data["sections"][0]


def test_an_article_copied_from_a_social_media_account():
    head = ("关于十三届县委第二轮巡察整改情况的通报\n原创 清溪发布 清溪发布 2022-07-05 18:00 发表于浙江\n点击蓝字 关注我们\n"
            "中共西岭县教育体育局党组\n")
    tail = "欢迎监督。联系电话：0832-4567890。\n来源：县教育体育局\n编辑：张三　审核：李四\n阅读 1234\n分享 点赞 在看\n"
    result = _import(head + OPENING + "\n" + ITEMS + tail)
    assert result.data["published"] == dt.date(2022, 7, 5)
    assert result.data["issuer"] == {"name": "中共西岭县教育体育局党组", "region": "西岭县"}
    assert result.data["summary"] == OPENING + "\n"
    assert result.data["sections"][-1]["problems"][-1]["measures"] == "逐一整顿软弱涣散党支部。整改进展：正在整改。\n"
    assert result.review == []


def test_a_closing_formula_and_a_person_with_a_number_under_one_label():
    result = _import("中共西岭县教育体育局党组关于巡察整改情况的通报\n2022年8月25日\n" + OPENING + "\n" + ITEMS
                     + "特此通报。\n联系人及电话：王某 0832-4567890\n" + SIGNATURE)
    last = result.data["sections"][-1]["problems"][-1]
    assert last["measures"] == "逐一整顿软弱涣散党支部。整改进展：正在整改。\n"
    assert result.data["contact"] == {"phones": ["0832-4567890"], "person": "王某"}
    assert result.review == []


def test_a_closing_formula_does_not_hide_the_last_items_status():
    result = _import("中共西岭县教育体育局党组关于巡察整改情况的通报\n2022年8月25日\n" + OPENING + "\n一、整改情况\n"
                     + "1.党风廉政建设责任制落实不到位的问题\n签订责任书68份。已整改完成。\n特此通报。\n" + SIGNATURE)
    [item] = result.data["sections"][0]["problems"]
    assert (item["status"], item["measures"]) == ("done", "签订责任书68份。已整改完成。\n")


def test_items_written_one_shi_two_shi_with_their_rectification_on_the_line():
    body = ("一、关于基层党建方面\n一是村级组织换届后续工作不到位。整改情况：完成培训，已整改完成。\n"
            "二是党员发展程序不规范。整改情况：开展专项检查，正在整改中。\n"
            "二、关于作风建设方面\n局党组召开会议，一是学习文件，二是部署整改。\n")
    result = _import("中共西岭县教育体育局党组关于巡察整改情况的通报\n" + OPENING + "\n" + body + SIGNATURE)
    first, second = result.data["sections"]
    assert [(p["title"], p.get("status")) for p in first["problems"]] == [
        ("村级组织换届后续工作不到位", "done"), ("党员发展程序不规范", "in_progress")]
    assert second == {"heading": "二、关于作风建设方面", "body": "局党组召开会议，一是学习文件，二是部署整改。\n"}
