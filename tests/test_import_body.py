"""The importer reads a notice's body: sections and items whatever numbering level starts, each
item's text once, the status its wording states, and the totals the text states (flagged when they
and the items disagree). The texts are written for these tests in the shapes notices take."""

from __future__ import annotations

import datetime as dt

import pytest

from noticeboard.importers.assemble import import_text
from noticeboard.importers.progress import find_progress
from noticeboard.model import Notice

IMPORTED = dt.date(2026, 1, 1)
HEAD = """中共青溪县农业农村局党组关于县委巡察整改进展情况的通报
2022年03月15日
根据县委统一部署，2021年9月6日至10月29日，县委第三巡察组对县农业农村局党组开展了巡察，并于11月20日反馈了巡察意见。现将整改进展情况予以公布。
"""
TAIL = """欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。
联系电话：0736-5212345
"""


def _import(body: str) -> dict:
    return import_text(HEAD + body + TAIL, "notice.txt", IMPORTED).data


def _result(body: str):
    return import_text(HEAD + body + TAIL, "notice.txt", IMPORTED)


def _items(data: dict) -> list[dict]:
    return [p for s in data.get("sections", []) for p in s.get("problems", [])] + list(data.get("problems", []))


# numbering hierarchies ------------------------------------------------------------------------

WITHOUT_TOP_HEADINGS = """(一)在落实乡村振兴决策部署方面
1.关于“高标准农田建设进度滞后”问题的整改
(1)约谈未按期开工的两个项目的施工单位，调整施工计划。
(2)建立项目周调度制度。
目前，该问题已整改到位。
2.关于“涉农资金拨付不及时”问题的整改
整改情况：正在推进，已拨付资金1200万元，剩余资金年底前拨付完毕。
(二)在全面从严治党方面
针对巡察指出的作风问题，局党组专题研究部署。
1.关于“公务用车管理不规范”问题的整改
整改情况：已完成整改。制定《公务用车使用管理办法》，实行派车单制度。
责任领导：王某
整改时限：2022年1月
(三)下一步工作打算
持续巩固整改成果，建立健全长效机制。
"""


def test_sections_and_items_when_the_text_starts_at_the_second_level():
    data = _import(WITHOUT_TOP_HEADINGS)
    assert [s["heading"] for s in data["sections"]] == [
        "(一)在落实乡村振兴决策部署方面", "(二)在全面从严治党方面", "(三)下一步工作打算"]
    first, second, third = data["sections"]
    assert "body" not in first
    assert [(p["title"], p.get("status")) for p in first["problems"]] == [
        ("高标准农田建设进度滞后", "done"), ("涉农资金拨付不及时", "in_progress")]
    assert first["problems"][0]["category"] == "在落实乡村振兴决策部署方面"
    assert first["problems"][0]["measures"] == (
        "(1)约谈未按期开工的两个项目的施工单位，调整施工计划。\n\n(2)建立项目周调度制度。\n\n目前，该问题已整改到位。\n")
    assert second["body"] == "针对巡察指出的作风问题，局党组专题研究部署。\n"
    assert second["problems"] == [{
        "title": "公务用车管理不规范", "category": "在全面从严治党方面", "status": "done",
        "measures": "已完成整改。制定《公务用车使用管理办法》，实行派车单制度。\n", "leader": "王某", "deadline": "2022年1月"}]
    assert third == {"heading": "(三)下一步工作打算", "body": "持续巩固整改成果，建立健全长效机制。\n"}
    assert "summary" in data and "高标准农田" not in data["summary"]


def test_full_width_numbers_and_circled_items_below_a_category():
    body = """一、巡察反馈问题整改情况
（一）关于财务管理方面的问题
１．资金使用不规范
①部分项目资金未专款专用
整改情况：已全部整改到位。
②报销凭证不齐全
整改情况：尚未完成，正在补齐凭证。
２．政府采购程序不严的问题
整改情况：已整改。
"""
    data = _import(body)
    items = data["sections"][0]["problems"]
    assert [(p["title"], p["category"], p.get("status")) for p in items] == [
        ("部分项目资金未专款专用", "资金使用不规范", "done"),
        ("报销凭证不齐全", "资金使用不规范", "in_progress"),
        ("政府采购程序不严", "财务管理方面", "done"),
    ]
    assert data["sections"][0]["body"] == "### （一）关于财务管理方面的问题\n"  # the area its sub-groups belong to


def test_a_text_numbered_1_2_3_at_the_top_gives_items_not_sections():
    body = """市委第五巡察组共指出问题3个。截至目前，已完成整改2个，其余1个正在推进。
1．统计数据审核把关不严的问题
整改情况：已整改完毕。修订《统计数据审核细则》。
2．统计执法检查覆盖面不足的问题
整改情况：按计划推进，今年已检查企业45家。
3．机关党建与业务融合不够的问题
整改情况：已完成。
"""
    result = _result(body)
    data = result.data
    assert "sections" not in data
    assert [(p["title"], p.get("status")) for p in data["problems"]] == [
        ("统计数据审核把关不严", "done"), ("统计执法检查覆盖面不足", "in_progress"), ("机关党建与业务融合不够", "done")]
    assert dict(data["progress"]) == {"total": 3, "done": 2, "in_progress": 1}
    assert result.review == [] and data["status"] == "published"
    Notice.model_validate(data)


def test_a_list_restarting_inside_a_section_does_not_open_sections():
    body = WITHOUT_TOP_HEADINGS.replace("(三)下一步工作打算\n持续巩固整改成果，建立健全长效机制。\n",
                                        "(三)下一步工作打算\n(一)压实责任。\n(二)建章立制。\n")
    data = _import(body)
    assert [s["heading"] for s in data["sections"]][-1] == "(三)下一步工作打算"
    assert data["sections"][-1]["body"] == "(一)压实责任。\n\n(二)建章立制。\n"


def test_each_item_text_is_written_once():
    data = _import(WITHOUT_TOP_HEADINGS)
    text = repr(data)
    for sentence in ("建立项目周调度制度", "已拨付资金1200万元", "实行派车单制度", "高标准农田建设进度滞后"):
        assert text.count(sentence) == 1, sentence


def test_numbered_steps_after_an_item_s_labelled_lines_stay_in_its_measures():
    body = """一、整改落实情况
1.落实意识形态工作责任制不到位
整改情况：已完成整改并长期坚持
（1）制定意识形态工作责任清单。
（2）固定资产账实不符问题，已全面清查。
2.党建工作存在薄弱环节
整改情况：未全部完成，持续推进。
通过以上整改，局党组管党治党责任进一步压实。
"""
    data = _import(body)
    section = data["sections"][0]
    assert [(p["title"], p["status"]) for p in section["problems"]] == [
        ("落实意识形态工作责任制不到位", "done"), ("党建工作存在薄弱环节", "in_progress")]
    assert "固定资产账实不符问题" in section["problems"][0]["measures"]
    assert section["body"] == "通过以上整改，局党组管党治党责任进一步压实。\n"


# status wording ---------------------------------------------------------------------------------

def _status_of(wording: str) -> str | None:
    body = f"一、整改落实情况\n1.关于“村级财务公开不及时”问题\n整改情况：{wording}\n"
    return _items(_import(body))[0].get("status")


@pytest.mark.parametrize("wording", [
    "已完成整改。", "该问题已整改到位。", "已办结。", "现已整改完毕。", "整改已全部落实到位。",
    "已于2021年12月完成整改，建立公开台账。", "完成整改并长期坚持。", "已整改，建立了台账。", "此项整改已销号。",
])
def test_done_wordings(wording):
    assert _status_of(wording) == "done"


@pytest.mark.parametrize("wording", [
    "正在整改。", "持续推进中。", "按计划推进，已完成一半。", "尚未完成。", "未完成整改，正在协调。", "基本完成整改。",
    "整改中。", "取得阶段性成效，仍需深化整改。", "目前正在开展清理工作。", "没有完成，正在推进。", "仍未整改到位。",
    "未于2021年底前完成整改。",
])
def test_in_progress_wordings_and_negated_completion(wording):
    assert _status_of(wording) == "in_progress"


@pytest.mark.parametrize("wording", ["需长期坚持。", "长期整改。", "常态化推进。", "久久为功，持续整改。", "长抓不懈。"])
def test_long_term_wordings(wording):
    assert _status_of(wording) == "long_term"


@pytest.mark.parametrize("wording", [
    "制定了学习计划，组织集中学习3次。", "将于2022年底前完成整改。", "确保按期完成整改。", "2022年6月底前完成整改。",
    "一是已完成3个村的清理，二是建立台账。", "对未整改到位的问题建立了台账。", "约谈责任单位，督促其整改到位。",
    "建立问题清单，限期完成整改任务。",
])
def test_no_wording_no_status(wording):
    assert _status_of(wording) is None


def test_results_reported_mean_done_and_a_permanent_deadline_means_long_term():
    body = """一、整改落实情况
1.学习教育流于形式
整改措施：制定年度学习计划。
整改成效：全年开展集中学习12次，学习质量明显提升。
2.公务接待审批不严
整改措施：修订公务接待管理办法。
整改时限：立行立改，长期坚持
3.会议记录不规范
整改措施：统一会议记录格式。
整改时限：2022年6月底前
"""
    items = _items(_import(body))
    assert [p.get("status") for p in items] == ["done", "long_term", None]


def test_measure_counts_give_the_status():
    body = """一、整改落实情况
1.关于党建工作抓而不实的问题：采取了3项措施，其中，已完成2项：一是加强督查。二是开展培训。
2.关于财务制度执行不严的问题：采取了2项措施，其中，已完成2项：一是专项督查。二是修订制度。
"""
    assert [p.get("status") for p in _items(_import(body))] == ["in_progress", "done"]


def test_group_headings_give_their_items_a_status():
    body = """二、整改落实情况
（一）已完成整改的问题（2个）
1.关于“村务公开不及时”问题的整改
建立村务公开台账，每月公开一次。
2.关于“项目验收把关不严”问题的整改
修订项目验收办法。
（二）尚未完成整改的问题（1个）
3.关于“历史欠款清理缓慢”问题的整改
已清理欠款60%。
（三）需要长期坚持整改的问题
4.关于“干部作风不实”问题的整改
开展作风建设年活动。
"""
    data = _import(body)
    section = data["sections"][0]
    assert [(p["title"], p.get("status")) for p in section["problems"]] == [
        ("村务公开不及时", "done"), ("项目验收把关不严", "done"), ("历史欠款清理缓慢", "in_progress"),
        ("干部作风不实", "long_term")]
    assert all(p["category"] == "整改落实情况" for p in section["problems"])
    assert section["body"] == "### （一）已完成整改的问题（2个）\n\n### （二）尚未完成整改的问题（1个）\n\n### （三）需要长期坚持整改的问题\n"


def test_a_later_list_of_unfinished_items_updates_them_and_stays_prose():
    body = """二、反馈问题整改情况
1.关于“村级财务公开不及时”问题
整改情况：已完成整改。
2.关于“项目验收把关不严”问题
整改情况：修订项目验收办法，开展专项检查。
三、需要进一步整改的事项及措施
（一）关于“项目验收把关不严”事项
未完成整改原因：部分项目尚在审计。
下一步整改措施：审计结束后完成验收。
"""
    data = _import(body)
    assert [(p["title"], p.get("status")) for p in _items(data)] == [
        ("村级财务公开不及时", "done"), ("项目验收把关不严", "in_progress")]
    assert data["sections"][1]["body"].startswith("### （一）关于“项目验收把关不严”事项")
    assert "部分项目尚在审计" in data["sections"][1]["body"]


# totals -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, progress", [
    ("巡察共反馈问题25个，截至目前，已完成整改20个，其余5个正在推进。", {"total": 25, "done": 20, "in_progress": 5}),
    ("巡察组反馈的3个方面12项问题，已全部整改到位。", {"total": 12, "done": 12}),
    ("巡视反馈问题18个，整改完成率100%。", {"total": 18, "done": 18}),
    ("巡视反馈问题15个，整改完成率86.7%。", {"total": 15, "done": 13}),
    ("巡视反馈的30个问题中，已完成整改24个，基本完成4个，需长期坚持2个。", {"total": 30, "done": 24, "in_progress": 4, "long_term": 2}),
    ("截至6月底，31个问题已完成整改，2个问题正在整改。", {"done": 31, "in_progress": 2}),
    ("巡察指出的16个具体问题，已销号14个，未完成整改2个。", {"total": 16, "done": 14, "in_progress": 2}),
    ("巡察反馈问题20个，目前已基本完成整改。", {"total": 20}),
    ("反馈的41项问题已经整改32项。提出整改措施118条，已经完成105条。", {"total": 41, "done": 32}),
    ("巡察反馈的16个问题，已完成整改13个。巡察移交的4个立行立改问题，已完成整改3个，正在整改1个。", {"total": 16, "done": 13}),
    ("巡察反馈问题18个，已完成整改18个，其中7个需要长期坚持。", {"total": 18, "done": 18}),
    ("巡察反馈问题25个，其中已完成整改20个，正在推进5个。", {"total": 25, "done": 20, "in_progress": 5}),
    ("制定整改措施56条，已完成50条。", None),
    ("局党组高度重视巡察整改工作。", None),
])
def test_totals_however_phrased(text, progress):
    assert find_progress(text).figures == progress


def test_figures_beyond_the_total_are_left_out_and_flagged():
    stated = find_progress("巡察反馈的37个问题，已完成整改35个，正在整改4个。")
    assert stated.figures == {"total": 37, "done": 35}
    assert stated.doubts == ["progress: 通报称推进中4个，与其他数字合计超过总数37个，未收入，请核对原文"]


def test_totals_that_disagree_with_the_items_are_flagged_in_chinese():
    body = """一、整改工作总体情况
巡察共反馈问题5个，已全部完成整改。
二、整改落实情况
1.关于“会议记录不规范”问题
整改情况：已完成整改。
2.关于“档案管理混乱”问题
整改情况：正在整改。
3.关于“公车使用登记不全”问题
整改情况：已完成整改。
4.关于“学习计划不落实”问题
整改情况：已完成整改。
"""
    result = _result(body)
    assert dict(result.data["progress"]) == {"total": 5, "done": 5}
    assert result.review == [
        "progress.total: 通报称共5个问题，正文列出4项，请核对",
        "progress.done: 通报称已完成5个，正文中注明已完成的有3项，请核对",
    ]
    assert result.data["status"] == "draft"


def test_totals_that_agree_raise_no_flag_and_unstated_items_are_not_counted_against_them():
    body = """一、整改工作总体情况
巡察共反馈问题2个，已完成整改2个。
二、整改落实情况
1.关于“会议记录不规范”问题
整改情况：统一会议记录格式。
2.关于“档案管理混乱”问题
整改情况：开展档案清理。
"""
    result = _result(body)
    assert dict(result.data["progress"]) == {"total": 2, "done": 2}
    assert [p.get("status") for p in _items(result.data)] == [None, None]
    assert result.review == []


def test_totals_inside_an_item_are_not_the_notice_s_totals():
    body = """一、整改落实情况
1.关于“对下属企业监督不够”问题
整改情况：开展专项督查，督查发现的12个问题已有10个完成整改。
"""
    assert "progress" not in _import(body)
