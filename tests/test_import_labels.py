"""Items written with labels, as notices and pages copied from the web write them: the problem under
a label (问题：/存在问题：/主要问题：/反馈问题：/问题描述：/具体问题：), what was done under another
(整改情况：/整改措施：/整改落实情况：/整改进展：/整改结果：/完成情况：, and 整改时限： for the
deadline), with a full- or half-width colon, with or without numbering, on one line or with each
label on a line of its own, labels in 【】 or other brackets. The title is the problem's own words,
the measures what was done, the status what the measures say; and no text of an item is lost.
The texts are written for these tests (invented organisations)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from noticeboard.importers.assemble import import_text
from noticeboard.importers.command import import_command

IMPORTED = dt.date(2026, 1, 1)
HEAD = ("中共石桥县水利局党组关于巡察整改情况的通报\n2023年04月18日\n"
        "根据县委统一部署，2022年9月5日至10月28日，县委第二巡察组对县水利局党组进行了巡察，"
        "并于2022年12月9日反馈了巡察意见。现将整改情况通报如下：\n")
ORGANISED = "一、整改工作开展情况\n局党组成立整改工作领导小组，逐项制定整改措施。\n二、反馈问题整改情况\n"
TAIL = "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0831-7712345\n中共石桥县水利局党组\n2023年4月18日\n"


def _data(items: str, organised: str = ORGANISED) -> dict:
    return import_text(HEAD + organised + items + TAIL, "notice.txt", IMPORTED).data


def _items(data: dict) -> list[dict]:
    return [p for s in data.get("sections", []) for p in s.get("problems", [])] + list(data.get("problems", []))


def _read(data: dict) -> list[tuple]:
    return [(p["title"], p.get("status"), p.get("measures")) for p in _items(data)]


def _chars(text: str) -> str:
    """The words of a text: what must survive an import (labels, numbers and punctuation aside)."""
    return re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)


def _kept(data: dict, *pieces: str) -> None:
    """Each piece of the source's items is in its items' text (title, then measures), whole."""
    written = _chars("".join(p["title"] + (p.get("measures") or "") for p in _items(data)))
    for piece in pieces:
        assert _chars(piece) in written, piece


# the lead's misreads ---------------------------------------------------------------------------

def test_numbered_items_labelled_problem_keep_their_title_and_read_the_rectification():
    data = _data("1.问题：工程款拨付台账不健全。整改情况：已建立台账，完成整改。\n"
                 "2.问题：河道采砂监管不到位。整改情况：正在推进。\n")
    assert _read(data) == [("工程款拨付台账不健全", "done", "已建立台账，完成整改。\n"),
                           ("河道采砂监管不到位", "in_progress", "正在推进。\n")]
    assert "body" not in data["sections"][1]


def test_an_item_labelled_existing_problem_with_its_measures_on_the_line():
    data = _data("（一）存在问题：水库安全巡查记录缺失。整改措施：补齐巡查记录，已整改到位。\n"
                 "（二）存在问题：防汛物资储备不足。整改措施：采购物资，目前正在推进。\n")
    assert _read(data) == [("水库安全巡查记录缺失", "done", "补齐巡查记录，已整改到位。\n"),
                           ("防汛物资储备不足", "in_progress", "采购物资，目前正在推进。\n")]


# the label words and colons --------------------------------------------------------------------

@pytest.mark.parametrize("problem, done, colon", [
    ("主要问题", "整改落实情况", ":"),
    ("反馈问题", "整改进展", "："),
    ("问题描述", "整改结果", "："),
    ("具体问题", "完成情况", ":"),
    ("存在的问题", "整改情况", "："),
])
def test_problem_and_rectification_labels_however_named(problem, done, colon):
    data = _data(f"1、{problem}{colon}农田水利设施管护不力。{done}{colon}已完成整改。\n"
                 f"2、{problem}{colon}项目验收把关不严。{done}{colon}正在整改中。\n")
    assert _read(data) == [("农田水利设施管护不力", "done", "已完成整改。\n"),
                           ("项目验收把关不严", "in_progress", "正在整改中。\n")]


@pytest.mark.parametrize("first, second", [
    ("（1）", "（2）"), ("①", "②"), ("问题1：\n", "问题2：\n"), ("问题一：\n", "问题二：\n"), ("", ""),
])
def test_labelled_items_under_any_numbering_or_none(first, second):
    label = "" if first.startswith("问题") else "问题："   # 问题1： on its own line, the problem on the next
    data = _data("（一）工程建设方面\n"
                 f"{first}{label}招投标程序不规范。整改措施：修订招标管理办法，已完成整改。\n"
                 f"{second}{label}工程变更审批滞后。整改措施：建立变更台账，正在推进。\n")
    problems = data["sections"][1]["problems"]
    assert [(p["title"], p.get("category"), p.get("status"), p["measures"]) for p in problems] == [
        ("招投标程序不规范", "工程建设方面", "done", "修订招标管理办法，已完成整改。\n"),
        ("工程变更审批滞后", "工程建设方面", "in_progress", "建立变更台账，正在推进。\n"),
    ]


def test_labelled_items_in_a_text_without_any_numbering():
    data = _data("问题：水费征收不及时。\n整改情况：已追缴水费，完成整改。\n问题：会议记录不规范。\n整改情况：正在规范。\n",
                 organised="")
    assert _read(data) == [("水费征收不及时", "done", "已追缴水费，完成整改。\n"),
                           ("会议记录不规范", "in_progress", "正在规范。\n")]
    assert data["summary"].startswith("根据县委统一部署")


@pytest.mark.parametrize("first, second", [
    ("问题（一）：", "问题（二）："), ("存在问题1：", "存在问题2："), ("反馈问题(1)", "反馈问题(2)"), ("主要问题一、", "主要问题二、"),
])
@pytest.mark.parametrize("organised", [ORGANISED, ""], ids=["in a section", "no headings"])
def test_items_numbered_after_their_problem_label(first, second, organised):
    data = _data(f"{first}灌区渠道维护资金使用不规范。\n整改情况：修订资金管理办法，已完成整改。\n"
                 f"{second}基层站所人员配备不足。\n整改措施：招录专业人员4名，持续推进。\n", organised=organised)
    assert _read(data) == [("灌区渠道维护资金使用不规范", "done", "修订资金管理办法，已完成整改。\n"),
                           ("基层站所人员配备不足", "in_progress", "招录专业人员4名，持续推进。\n")]


def test_a_sentence_that_begins_with_the_word_problem_is_not_an_item():
    data = _data("问题整改工作由办公室统筹推进，定期调度。\n存在问题较多的单位由局领导包干督导。\n")
    assert _items(data) == []
    assert "问题整改工作由办公室统筹推进" in data["sections"][1]["body"]


# labels on lines of their own, labels in brackets ----------------------------------------------

def test_each_label_on_its_own_line_with_its_text_on_the_next():
    data = _data("1.问题：\n水利资金结余未及时清理。\n整改情况：\n已清理结余资金，完成整改。\n"
                 "2.问题：\n干部轮岗交流不够。\n整改情况：\n按计划推进。\n")
    assert _read(data) == [("水利资金结余未及时清理", "done", "已清理结余资金，完成整改。\n"),
                           ("干部轮岗交流不够", "in_progress", "按计划推进。\n")]


@pytest.mark.parametrize("open_, close", [("【", "】"), ("〖", "〗"), ("［", "］"), ("[", "]")])
def test_labels_in_brackets(open_, close):
    data = _data(f"1.{open_}问题{close}党组会议研究“三重一大”事项不规范。{open_}整改情况{close}已修订议事规则，完成整改。\n"
                 f"2.{open_}存在问题{close}：财务报销审核不严。\n{open_}整改措施{close}：\n开展专项检查，持续推进。\n")
    assert _read(data) == [("党组会议研究“三重一大”事项不规范", "done", "已修订议事规则，完成整改。\n"),
                           ("财务报销审核不严", "in_progress", "开展专项检查，持续推进。\n")]


def test_a_deadline_and_a_responsible_unit_after_the_measures_on_the_same_line():
    data = _data("1.问题：堤防工程维修养护不及时。整改措施：制定维修计划，正在推进。整改时限：2023年12月底前。责任单位：工程管理股\n")
    [item] = _items(data)
    assert (item["title"], item.get("status"), item["measures"]) == ("堤防工程维修养护不及时", "in_progress", "制定维修计划，正在推进。\n")
    assert (item["deadline"], item["department"]) == ("2023年12月底前。", "工程管理股")


def test_numbered_steps_after_a_label_on_its_own_line_stay_in_the_item():
    data = _data("1.问题：小型水库管护责任不落实。\n整改措施：\n1.明确管护责任人。\n2.开展管护培训。\n整改进展：已完成整改。\n"
                 "2.问题：水资源费减免审批不严。\n整改措施：\n1.修订审批流程。\n整改进展：正在推进。\n")
    assert _read(data) == [
        ("小型水库管护责任不落实", "done", "1.明确管护责任人。\n\n2.开展管护培训。\n\n整改进展：已完成整改。\n"),
        ("水资源费减免审批不严", "in_progress", "1.修订审批流程。\n\n整改进展：正在推进。\n"),
    ]


# nothing is lost -------------------------------------------------------------------------------

def test_a_long_problem_keeps_every_word_and_the_title_is_its_first_clause():
    problem = ("部分水利工程项目前期论证不充分，存在边设计边施工的情况，导致工程变更频繁、投资超概算，"
               "2021年以来累计增加投资1200余万元")
    data = _data(f"1.主要问题：{problem}。\n整改措施：开展项目复盘，已完成整改。\n")
    [item] = _items(data)
    assert item["title"] == "部分水利工程项目前期论证不充分"
    assert item["status"] == "done"
    _kept(data, problem, "开展项目复盘，已完成整改。")


def test_a_category_labelled_feedback_problem_keeps_its_numbered_items():
    data = _data("（一）【反馈问题】落实全面从严治党主体责任不到位\n1.廉政风险排查不深入。\n整改情况：已完成排查，整改到位。\n"
                 "2.警示教育不经常。\n整改情况：持续推进。\n")
    problems = data["sections"][1]["problems"]
    assert [(p["title"], p["category"], p.get("status")) for p in problems] == [
        ("廉政风险排查不深入", "落实全面从严治党主体责任不到位", "done"),
        ("警示教育不经常", "落实全面从严治党主体责任不到位", "in_progress"),
    ]


def test_the_import_summary_counts_the_items_of_every_section(runner, tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(HEAD + ORGANISED + "1.问题：工程款拨付台账不健全。整改情况：已完成整改。\n"
                      "2.问题：河道采砂监管不到位。整改情况：正在推进。\n" + TAIL, encoding="utf-8")
    out = tmp_path / "notices"
    result = runner.invoke(import_command, [str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = out / "2023" / "2023-04-18-shi-qiao-xian-shui-li-ju.yml"
    assert result.output.splitlines()[0] == f"wrote {written} (published, 2 sections, 2 problems, 0 review flags)"
    assert len(_items(yaml.safe_load(written.read_text(encoding="utf-8")))) == 2


# shapes of pages copied from the web ------------------------------------------------------------

def test_labels_without_a_colon_each_on_its_own_line():
    data = _data("（一）存在问题\n水费征收台账不全。\n整改情况\n已补齐台账，完成整改。\n"
                 "（二）存在问题\n会议记录不规范。\n整改情况\n正在推进。\n")
    assert _read(data) == [("水费征收台账不全", "done", "已补齐台账，完成整改。\n"),
                           ("会议记录不规范", "in_progress", "正在推进。\n")]
    # a heading that only looks like a label stays a heading
    data = _data("", organised="一、存在问题\n学习不够深入，调研不够扎实。\n二、整改措施\n制定学习计划，开展专题调研。\n")
    assert [(s["heading"], s.get("body")) for s in data["sections"]] == [
        ("一、存在问题", "学习不够深入，调研不够扎实。\n"), ("二、整改措施", "制定学习计划，开展专题调研。\n")]


def test_labels_run_on_after_the_problem_when_copying_closed_the_spaces():
    data = _data("问题：水费征收不及时 整改措施：追缴欠费 整改时限：2023年6月\n"
                 "问题：会议记录不规范 整改措施：规范记录，正在推进 整改时限：长期坚持\n", organised="")
    items = _items(data)
    assert [(p["title"], p.get("status"), p.get("deadline")) for p in items] == [
        ("水费征收不及时", None, "2023年6月"), ("会议记录不规范", "long_term", "长期坚持")]
    _kept(data, "追缴欠费", "规范记录，正在推进")


def test_a_table_whose_header_names_the_rectification_in_other_words():
    table = "序号\t存在问题\t整改落实情况\t整改时限\n1\t水费征收不及时\t已完成整改\t2023年6月\n2\t会议记录不规范\t正在推进\t2023年底\n"
    data = _data(table)
    assert [(p["title"], p.get("status"), p.get("deadline")) for p in _items(data)] == [
        ("水费征收不及时", "done", "2023年6月"), ("会议记录不规范", "in_progress", "2023年底")]


def test_a_category_heading_keeps_the_sentences_after_its_lead():
    data = _data("1.履行管理职责有差距。推进水价改革不够有力\n（1）水价调整滞后。\n整改情况：已完成整改。\n"
                 "（2）水费减免审批不严。\n整改情况：正在推进。\n")
    section = data["sections"][1]
    assert [(p["title"], p["category"]) for p in section["problems"]] == [
        ("水价调整滞后", "履行管理职责有差距"), ("水费减免审批不严", "履行管理职责有差距")]
    assert "推进水价改革不够有力" in section["body"]


def test_a_rectification_table_copied_one_cell_a_line():
    table = ("序号\n存在问题\n整改措施\n整改时限\n完成情况\n1\n水费征收不及时\n追缴欠费\n2023年6月\n已完成\n"
             "2\n会议记录不规范\n规范记录\n2023年底\n正在推进\n")
    data = _data(table + "三、下一步工作\n持续巩固整改成果。\n")
    assert [(p["title"], p.get("status"), p.get("deadline"), p["measures"]) for p in _items(data)] == [
        ("水费征收不及时", "done", "2023年6月", "追缴欠费\n\n完成情况：已完成\n"),
        ("会议记录不规范", "in_progress", "2023年底", "规范记录\n\n完成情况：正在推进\n")]
    assert data["sections"][-1] == {"heading": "三、下一步工作", "body": "持续巩固整改成果。\n"}


@pytest.mark.parametrize("after", ["三、下一步工作\n持续巩固整改成果。\n", ""], ids=["a heading after", "the contact after"])
def test_a_rectification_table_copied_one_cell_a_line_without_a_number_column(after):
    table = "反馈问题\n整改措施\n整改时限\n完成情况\n水费征收不及时\n追缴欠费\n2023年6月\n已完成\n会议记录不规范\n规范记录\n2023年底\n正在推进\n"
    data = _data(table + after)
    assert [(p["title"], p.get("status"), p.get("deadline"), p["measures"]) for p in _items(data)] == [
        ("水费征收不及时", "done", "2023年6月", "追缴欠费\n\n完成情况：已完成\n"),
        ("会议记录不规范", "in_progress", "2023年底", "规范记录\n\n完成情况：正在推进\n")]


def test_a_table_copied_one_cell_a_line_whose_cells_do_not_fill_its_rows_keeps_every_cell_and_no_header_labels_a_cell():
    table = "反馈问题\n整改措施\n整改时限\n完成情况\n水费征收不及时\n追缴欠费\n已完成\n会议记录不规范\n规范记录\n2023年底\n正在推进\n"
    data = _data(table)
    body = data["sections"][1]["body"]
    assert "完成情况：" not in body and "反馈问题、整改措施、整改时限、完成情况" in body
    assert _chars(table) in _chars(body)


def test_a_problem_label_alone_over_a_list_of_problems_and_a_list_of_measures():
    data = _data("（一）存在问题：\n1.水费征收不及时。\n2.水费减免审批不严。\n整改措施：\n1.追缴欠费。\n2.修订审批流程。\n"
                 "整改进展：已完成整改。\n（二）存在问题：\n1.公车管理不规范。\n整改措施：\n1.修订公车管理制度。\n整改进展：正在推进。\n")
    assert _read(data) == [
        ("水费征收不及时", "done", "2.水费减免审批不严。\n\n整改措施：\n\n1.追缴欠费。\n\n2.修订审批流程。\n\n整改进展：已完成整改。\n"),
        ("公车管理不规范", "in_progress", "1.修订公车管理制度。\n\n整改进展：正在推进。\n"),
    ]
    # a label alone over items that each have their rectification is their category
    data = _data("（一）反馈问题：\n1.水费征收不及时。\n整改情况：已完成整改。\n2.水费减免审批不严。\n整改情况：正在推进。\n")
    assert _read(data) == [("水费征收不及时", "done", "已完成整改。\n"), ("水费减免审批不严", "in_progress", "正在推进。\n")]
