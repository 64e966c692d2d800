"""Importer units: noise, year inference, encodings, .docx, e-mail repair, garbage inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from noticeboard.importers import ImportFailure, import_file
from noticeboard.importers.assemble import import_text
from noticeboard.importers.contact import normalise_phone, parse_contact, repair_email
from noticeboard.importers.date_mentions import find_dates, resolve
from noticeboard.importers.inspection import guess_inspection
from noticeboard.importers.noise import clean_text
from noticeboard.importers.progress import find_progress
from noticeboard.model import Notice
from paths import CORPUS

IMPORTED = dt.date(2026, 1, 1)
SAMPLE = """中共大庆市委统战部关于巡察整改进展情况的通报【更多公文素材， 微 信：abc123】
2021年07月05日
根据市委统一部署，2020年12月7日至1月8日，市委第二巡察组对市委统战部进行了巡察。2月24日，巡察组向市委统战部反馈了巡察意见。现将整改进展情况予以公布。
##paidbegin##一、整改工作组织情况
巡察反馈的1个具体问题，需要长期坚持整改1个。
二、巡察反馈问题整改情况
1.针对“差旅费控制不得力”问题
整改措施：严格差旅费审批。
责任领导：张三
责任人：李明
整改时限：立行立改，并长期坚持
欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。
联系电话：0459—4666176
电子邮箱：tzbdzz@163.com
通信地址：大庆市人民政府办公楼后楼4319房间
邮政编码：163000##paidend##
"""


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# noise ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, cleaned", [
    ("一、整改工作组织情况【更多公文素材， 微信：dadawk01】", "一、整改工作组织情况"),
    ("标题【更 多公文素 材，微信：d adawk01 】", "标题"),
    ("##paidbegin##一、在“某某”方面", "一、在“某某”方面"),
    ("2021年3月9 日向市公安局反馈", "2021年3月9日向市公安局反馈"),
    ("地    址：三亚市海棠区", "地址：三亚市海棠区"),
    ("学 习 贯 彻", "学习贯彻"),
    ("整改情况：已完成【附件1】", "整改情况：已完成【附件1】"),   # a bracket that is not an ad stays
])
def test_noise_removed_from_lines(line, cleaned):
    assert clean_text(line) == [cleaned]


@pytest.mark.parametrize("line", ["仅供学习 禁止外传", "会员群：        免费QQ群：   ", "【打击倒卖活动】",
                                  "举报倒卖会员资料的人，举报成功免费赠送一年会员材料！", "微信：abc_12345"])
def test_promotional_lines_dropped(line):
    assert [x for x in clean_text(line) if x] == []


@pytest.mark.parametrize("line, cleaned", [
    ("（三）加强督查问责【 海量材料，添加 V信：gw 2023 】", "（三）加强督查问责"),
    ("二、整改落实情况【更 多 精 品 范 文", "二、整改落实情况"),                      # a bracket left open
    ("整改情况：已完成。 威信：wen gao 88", "整改情况：已完成。"),
    ("中共清河县财政局 QQ:12345 6789", "中共清河县财政局"),
    ("局党委 召开 专题会议，把巡 察 整 改\u200b与业务工作同推进。", "局党委召开专题会议，把巡察整改与业务工作同推进。"),
    ("召开党委会&ldquo;专题研究&rdquo;部署", "召开党委会“专题研究”部署"),
])
def test_noise_in_new_spellings_removed_from_lines(line, cleaned):
    assert clean_text(line) == [cleaned]


@pytest.mark.parametrize("paragraph", [
    "想要更多精品材料？加入会员群+网盘群，每日更新述职报告、巡察整改方案等公文素材，添加微信：abc 12345 ，开通vip会员立享优惠。",
    "——以下为VIP内容——", "本文来源于网络，如有侵权请联系删除", "长按识别二维码，关注我们的公众号", "文档仅供学习交流，禁止外传",
])
def test_advertising_paragraphs_dropped(paragraph):
    assert [x for x in clean_text(paragraph) if x] == []


@pytest.mark.parametrize("line", [
    "欢迎通过微信公众号“清河发布”反映意见建议。联系电话：0123-4567890，电子邮箱：qhfb@163.com",
    "举报电话：12388，举报QQ：123456789",
    "通过“学习强国”APP、微信群、QQ群等平台组织党员学习，关注公众号推送。",
    "建立工会会员QQ群，方便会员交流。", "党报党刊订阅工作已完成。", "查处侵权假冒案件15起。",
])
def test_real_content_with_advertising_words_is_kept(line):
    assert clean_text(line) == [line.replace(" ", "")]


def test_noise_removed_everywhere_but_text_kept(tmp_path):
    result = import_file(_write(tmp_path, "a.txt", SAMPLE.encode()), IMPORTED)
    text = repr(result.data)
    for noise in ("微", "abc123", "paid", "【"):
        assert noise not in text
    assert result.data["title"] == "中共大庆市委统战部关于巡察整改进展情况的通报"
    assert "巡察反馈的1个具体问题，需要长期坚持整改1个" in result.data["sections"][0]["body"]


# dates and year inference ------------------------------------------------------------------

def _resolved(text, base=None):
    return resolve(find_dates(text), base)


def test_end_month_before_start_month_is_next_year():
    assert _resolved("2020年12月7日至1月8日") == [dt.date(2020, 12, 7), dt.date(2021, 1, 8)]


def test_date_without_year_takes_previous_year_rolled_forward():
    assert _resolved("2020年10月20日至12月9日，2月24日反馈") == [
        dt.date(2020, 10, 20), dt.date(2020, 12, 9), dt.date(2021, 2, 24)]
    assert _resolved("2021年4月26日至5月26日，7月28日反馈")[-1] == dt.date(2021, 7, 28)


def test_inspection_dates_and_feedback_from_opening():
    opening = "根据市委统一部署，2020年12月7日至1月8日，市委巡察五组对市政府驻京办开展了巡察。2月24日，巡察组向驻京办反馈了巡察意见。"
    data = guess_inspection("某某党组关于巡察整改情况的通报", opening, dt.date(2021, 7, 5)).data
    assert data == {"type": "巡察", "team": "市委巡察五组", "start": dt.date(2020, 12, 7),
                    "end": dt.date(2021, 1, 8), "feedback": dt.date(2021, 2, 24)}


def test_opening_without_any_year_uses_the_publication_date_and_flags_it():
    guess = guess_inspection("某局党组关于巡视整改进展情况的通报", "11月2日至12月20日，省委第三巡视组对某局开展了巡视，3月1日反馈了意见。", dt.date(2021, 7, 5))
    assert guess.data["start"] == dt.date(2020, 11, 2) and guess.data["end"] == dt.date(2020, 12, 20)
    assert guess.data["feedback"] == dt.date(2021, 3, 1)
    assert guess.doubts == ["inspection.start: 开头段落的日期没有写年份，按发布日期推定为2020年，请核对"]


# contact -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, fixed", [
    ("zzstlbgs126.com", "zzstlbgs@126.com"),
    ("zpszyydb163. com", "zpszyydb@163.com"),
    ("abc.qq.com", None),                   # 'abc.' + qq.com: the local part would end in '.'
    ("xzsfcmsina.cn", "xzsfcm@sina.cn"),
    ("fzzjb508＠163.com", "fzzjb508@163.com"),
    ("zyqwdcs.com", None),
    ("jssgajzhzx126", None),
])
def test_email_repair(raw, fixed):
    assert repair_email(raw, None)[0] == fixed


def test_gov_cn_repair_only_with_the_issuers_city():
    assert repair_email("dsjgljnj.gov.cn", "南京市")[0] == "dsjglj@nj.gov.cn"
    assert repair_email("dsjgljnj.gov.cn", None)[0] is None


def test_contact_on_one_line_and_phone_normalised():
    lines = ["欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。联系电话：0736—4240319；邮编850000；电子邮箱xzsfcmsina.cn"]
    guess = parse_contact(lines, None)
    assert guess.data == {"invitation": "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。",
                          "phones": ["0736-4240319"], "postcode": "850000", "emails": ["xzsfcm@sina.cn"]}
    assert guess.doubts == ["contact.emails[0]: 原文“xzsfcmsina.cn”缺少“@”，已按常见邮箱 sina.cn 补上，请核对"]
    assert normalise_phone("0459－4666176") == "0459-4666176"


def test_contact_on_several_lines_with_person(tmp_path):
    result = import_file(_write(tmp_path, "a.txt", SAMPLE.encode()), IMPORTED)
    assert result.data["contact"] == {
        "invitation": "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。",
        "phones": ["0459-4666176"], "emails": ["tzbdzz@163.com"],
        "address": "大庆市人民政府办公楼后楼4319房间", "postcode": "163000"}


# the whole sample --------------------------------------------------------------------------

def test_clean_sample_is_published_and_valid(tmp_path):
    result = import_file(_write(tmp_path, "a.txt", SAMPLE.encode()), IMPORTED)
    data = result.data
    assert result.review == [] and data["status"] == "published"
    Notice.model_validate(data)
    assert data["slug"] == "2021-07-05-da-qing-shi-wei-tong-zhan-bu"
    assert dict(data["issuer"]) == {"name": "中共大庆市委统战部", "region": "大庆市"}
    assert data["kind"] == "progress"
    assert data["inspection"]["feedback"] == dt.date(2021, 2, 24)
    assert dict(data["progress"]) == {"total": 1, "long_term": 1}
    assert "problems" not in data and "problems" not in data["sections"][0]
    assert data["sections"][1] == {"heading": "二、巡察反馈问题整改情况", "problems": [
        {"title": "差旅费控制不得力", "category": "巡察反馈问题整改情况", "status": "long_term", "measures": "严格差旅费审批。\n",
         "leader": "张三", "person": "李明", "deadline": "立行立改，并长期坚持"}]}


@pytest.mark.parametrize("text, total, done", [
    ("巡察反馈的25个具体问题，已完成8个", 25, 8),
    ("截至目前，巡视反馈的41项问题已经整改32项", 41, 32),
    ("巡察反馈的28个具体问题，已全部完成整改", 28, 28),
])
def test_progress_totals(text, total, done):
    assert find_progress(text).figures == {"total": total, "done": done}


@pytest.mark.parametrize("title, kind", [
    ("某局党组关于巡察整改进展情况的通报", "progress"), ("某局党组关于巡察整改落实情况的通报", "progress"),
    ("某局党组关于巡察整改情况的报告", "report"), ("某局党委关于巡察反馈意见整改方案的报告", "plan"),
    ("某局党组关于巡察整改情况的公示", "publicity"), ("领导班子巡察整改专题民主生活会对照检查材料", "review"),
])
def test_kind_from_title(title, kind):
    from noticeboard.importers.header import kind_of
    assert kind_of(title, "")[0] == kind


# encodings and .docx -----------------------------------------------------------------------

def test_gbk_and_gb18030_input_gives_the_same_notice(tmp_path):
    utf8 = import_file(_write(tmp_path, "u.txt", SAMPLE.encode("utf-8")), IMPORTED).data
    gbk = import_file(_write(tmp_path, "g.txt", SAMPLE.replace("—", "-").encode("gbk")), IMPORTED).data
    assert gbk["title"] == utf8["title"] and gbk["contact"] == utf8["contact"]
    bom = import_file(_write(tmp_path, "b.txt", b"\xef\xbb\xbf" + SAMPLE.encode()), IMPORTED).data
    assert bom["title"] == utf8["title"]


def test_docx_imports_to_the_same_result_as_txt(tmp_path):
    import docx

    source = CORPUS / "001_31241be4ef401e8a-05.txt"
    document = docx.Document()
    for line in source.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    path = tmp_path / source.with_suffix(".docx").name
    document.save(path)
    from_txt = import_file(source, IMPORTED).data
    from_docx = import_file(path, IMPORTED).data
    from_docx["source"] = from_txt["source"]
    assert from_docx == from_txt


def test_docx_table_becomes_problems(tmp_path):
    import docx

    document = docx.Document()
    for line in SAMPLE.split("\n")[:5]:
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=5)
    rows = [["序号", "存在问题", "整改措施", "责任领导", "整改时限"],
            ["1", "差旅费控制不得力", "严格审批", "张三", "2021年6月底"],
            ["2", "公车管理不规范", "建立台账", "李四", "长期坚持"]]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    path = tmp_path / "t.docx"
    document.save(path)
    problems = [p for s in import_file(path, IMPORTED).data["sections"] for p in s.get("problems", [])]
    assert [(p["title"], p["leader"], p["deadline"]) for p in problems] == [
        ("差旅费控制不得力", "张三", "2021年6月底"), ("公车管理不规范", "李四", "长期坚持")]


# garbage -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\n ", "the file is empty"),
    ("binary.txt", bytes(range(256)) * 8, "this is a binary file, not text"),
    ("novel.txt", "春天来了，花儿开了。\n小明去公园散步。\n".encode(), "not a rectification notice (no 巡视/巡察/整改 in the text)"),
    ("fake.docx", b"not a zip at all", "not a readable .docx file (PackageNotFoundError)"),
    ("photo.png", b"\x89PNG\r\n", "unsupported file type '.png' (use .txt or .docx)"),
])
def test_garbage_inputs_fail_with_a_clear_reason(tmp_path, name, data, message):
    with pytest.raises(ImportFailure) as info:
        import_file(_write(tmp_path, name, data), IMPORTED)
    assert str(info.value) == message


def test_text_about_rectification_without_a_title_is_a_draft_with_a_proposed_title(tmp_path):
    result = import_file(_write(tmp_path, "x.txt", "我们要抓好整改工作。\n这是一段普通的话。\n".encode()), IMPORTED)
    assert result.data["status"] == "draft"
    assert result.data["title"] == "关于整改情况的通报"
    assert result.data["summary"] == "我们要抓好整改工作。\n\n这是一段普通的话。\n"
    assert result.review[0] == "title: 原文没有标题行，标题“关于整改情况的通报”是根据正文拟定的，请按原文标题改正"


@pytest.mark.parametrize("raw, expected", [
    ("（0731）88770114", "0731-88770114"), ("(0731) 88770114", "0731-88770114"), ("0731—88770114", "0731-88770114"),
])
def test_phone_with_area_code_in_brackets(raw, expected):
    assert normalise_phone(raw) == expected
    guess = parse_contact([f"欢迎监督。联系电话：{raw}"], None)
    assert guess.data["phones"] == [expected]


@pytest.mark.parametrize("invitation, until", [
    ("如有意见建议，请在2022年1月18日至1月28日期间通过以下方式反映。", dt.date(2022, 1, 28)),
    ("公示时间为12月20日至次年1月3日。", dt.date(2022, 1, 3)),
    ("请于2月10日前反映。", dt.date(2022, 2, 10)),
    ("欢迎广大干部群众对巡察整改落实情况进行监督。", None),
])
def test_comment_deadline_from_the_invitation(invitation, until):
    guess = parse_contact([invitation, "联系电话：0731-88770114"], None, dt.date(2021, 12, 18))
    assert guess.data.get("until") == until


def test_closing_signature_is_not_part_of_the_last_section():
    text = SAMPLE.rstrip("\n") + "\n中共大庆市委统战部\n2021年7月5日\n"
    data = import_text(text, "a.txt", IMPORTED).data
    last = repr(data["sections"][-1])
    assert "2021年7月5日" not in last and "统战部" not in last
    assert import_text(SAMPLE, "a.txt", IMPORTED).data["sections"] == data["sections"]


def test_web_page_information_bar_gives_the_date_and_is_dropped():
    text = SAMPLE.replace("2021年07月05日", "发布时间：2021-07-05 来源：区纪委监委 浏览次数：1024")
    data = import_text(text, "a.txt", IMPORTED).data
    assert data["published"] == dt.date(2021, 7, 5)
    assert "浏览次数" not in data["summary"]


@pytest.mark.parametrize("heading, title", [
    ("（一）对巡察反馈的“意识形态工作责任制落实不到位”问题", "意识形态工作责任制落实不到位"),
    ("1.针对“差旅费控制不得力”问题", "差旅费控制不得力"),
    ("2.关于“公务接待不规范”问题的整改情况", "公务接待不规范"),
    ("3.“四风”问题时有存在", "“四风”问题时有存在"),
])
def test_problem_title_from_quoted_heading(heading, title):
    from noticeboard.importers.problems import problem_title

    assert problem_title(heading)[0] == title
