"""Labels have one home (noticeboard.labels), checked against the model; the search page gets them
from the index's metadata and has none of its own."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from noticeboard import labels
from noticeboard.model import Kind, Notice, ProblemStatus
from noticeboard.search.documents import SearchDoc
from noticeboard.search.index import build_index

SEARCH_JS = Path(labels.__file__).parent / "assets" / "search" / "search.js"


def test_a_kind_without_a_label_is_refused():
    with pytest.raises(RuntimeError, match=r"labels for Kind do not match the model \(missing: \['review'\]\)"):
        labels._every(Kind, {k: "x" for k in Kind if k is not Kind.review})


def test_a_label_for_a_field_the_model_lacks_is_refused():
    with pytest.raises(RuntimeError, match=r"labels for fields Notice does not have: \['publisher'\]"):
        labels._fields(Notice, {"publisher": "发布机构"})


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
    tables = [labels.KIND_LABELS, labels.PROBLEM_STATUS_LABELS, labels.FIELD_LABELS, labels.INSPECTION_LABELS,
              labels.ISSUER_LABELS, labels.PROBLEM_LABELS, labels.CONTACT_LABELS]
    assert [text for table in tables for text in table.values() if text in script] == []
