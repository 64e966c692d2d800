"""Labels have one home (noticeboard.labels), checked against the model; the search page gets them
from the index's metadata and has none of its own."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from noticeboard import labels
from noticeboard.model import Kind, Notice, ProblemStatus, Revision
from noticeboard.render.review import review_flags
from noticeboard.search.documents import SearchDoc
from noticeboard.search.index import FACET_LABELS, build_index

SEARCH_JS = Path(labels.__file__).parent / "assets" / "search" / "search.js"


def test_a_kind_without_a_label_is_refused():
    with pytest.raises(RuntimeError, match=r"labels for Kind do not match the model \(missing: \['review'\]\)"):
        labels._every(Kind, {k: "x" for k in Kind if k is not Kind.review})


def test_a_field_without_a_label_or_a_label_without_a_field_is_refused():
    with pytest.raises(RuntimeError, match=r"labels for Revision do not match its fields \(missing: \['note'\], unknown: \['remark'\]\)"):
        labels._fields(Revision, {"date": "日期", "remark": "说明"})


def test_a_review_flag_names_any_field_in_chinese_by_walking_the_schema():
    notice = Notice.model_validate({
        "title": "关于巡察整改进展情况的通报", "issuer": {"name": "中共某局党组", "slug": "mou"}, "published": "2021-07-05",
        "kind": "progress", "status": "draft",
        "sections": [{"heading": "一、整改情况", "problems": [{"title": "差旅费控制不得力"}, {"title": "制度不健全", "person": "张三"}]}],
        "attachments": [{"title": "清单", "file": "attachments/a.pdf"}], "source": {"file": "a.txt", "imported": "2026-01-01"},
        "review": ["sections[0].problems[1].person: 责任人 read from a table; confirm", "issuer.slug: confirm",
                   "source.imported: confirm", "attachments[0]: confirm", "whole text: check the headings"],
    })
    assert [(f.field, f.value) for f in review_flags(notice)] == [
        ("正文部分（第 1 个） › 整改问题（第 2 个） › 责任人", "张三"),
        ("发布机构 › 网址名", "mou"),
        ("来源 › 导入日期", "2026-01-01"),
        ("附件（第 1 个）", "附件名称：清单；文件：attachments/a.pdf"),
        (None, None),
    ]


def test_lookups_by_enum_and_by_value_agree():
    assert labels.KIND_LABELS[Kind.review] == labels.KIND_LABELS["review"] == "对照检查材料"
    assert list(labels.PROBLEM_STATUS_LABELS) == [*ProblemStatus, "unstated"]
    assert labels.PROBLEM_STATUS_LABELS["unstated"] == "未注明"


def test_the_search_metadata_ships_the_labels(tmp_path):
    doc = SearchDoc(url="notices/2021/a/", title="关于整改的通报", date="2021-07-05", issuer="中共某局党组", issuer_slug="mou",
                    region="某省", kind="plan", kind_label="整改方案", inspection_type="巡视", statuses=("done", "unstated"),
                    progress="1/2", text="严格公务用车管理。")
    build_index([doc], tmp_path)
    meta = json.loads(gzip.decompress((tmp_path / "meta.json.gz").read_bytes()))
    assert meta["labels"] == {
        "facets": {"year": "年份", "kind": "类型", "type": "巡视/巡察", "issuer": "发布机构", "region": "地区", "status": "整改状态"},
        "status": {"done": "已完成", "in_progress": "推进中", "long_term": "长期坚持", "unstated": "未注明"},
        "progress": "整改进度",
    }
    assert meta["statuses"] == ["done", "in_progress", "long_term", "unstated"] and meta["types"] == ["巡视", "巡察"]


def test_search_js_has_no_labels_of_its_own():
    script = SEARCH_JS.read_text(encoding="utf-8")
    shown = [*labels.KIND_LABELS.values(), *labels.PROBLEM_STATUS_LABELS.values(), *FACET_LABELS.values(), labels.FIELD_LABELS["progress"]]
    assert [text for text in shown if text in script] == []
