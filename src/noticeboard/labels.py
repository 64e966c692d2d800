"""Chinese labels shown on pages, keyed by the model's enums and field names.

Each table is checked against the model when this module is imported: an enum value or a field
without a label, or a label for something the model does not have, stops the program at once
(templates, listings, feeds, open data and the search page all read their labels from here; the
search page gets them through the index's metadata).
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from pydantic import BaseModel

from .model import Contact, Inspection, Issuer, Kind, Notice, Problem, ProblemStatus, Status

E = TypeVar("E", bound=Enum)

#: the label key of a problem whose status the text does not state (``status`` omitted)
UNSTATED = "unstated"


def _every(enum: type[E], labels: dict[E, str]) -> dict[E, str]:
    """``labels`` in the enum's order, after checking that every member has one."""
    if set(labels) != set(enum):
        missing = [m.value for m in enum if m not in labels]
        raise RuntimeError(f"labels for {enum.__name__} do not match the model (missing: {missing})")
    return {member: labels[member] for member in enum}


def _fields(model: type[BaseModel], labels: dict[str, str]) -> dict[str, str]:
    """``labels`` of some of ``model``'s fields, after checking that each is one of them."""
    unknown = [name for name in labels if name not in model.model_fields]
    if unknown:
        raise RuntimeError(f"labels for fields {model.__name__} does not have: {unknown}")
    return labels


KIND_LABELS: dict[Kind, str] = _every(Kind, {
    Kind.plan: "整改方案",
    Kind.progress: "整改进展情况通报",
    Kind.report: "整改情况报告",
    Kind.publicity: "整改情况公示",
    Kind.review: "对照检查材料",
})

STATUS_LABELS: dict[Status, str] = _every(Status, {
    Status.draft: "草稿", Status.published: "已发布", Status.withdrawn: "已撤回", Status.scheduled: "定时发布",
})

#: a problem's stated status, then :data:`UNSTATED`
PROBLEM_STATUS_LABELS: dict[ProblemStatus | str, str] = {
    **_every(ProblemStatus, {ProblemStatus.done: "已完成", ProblemStatus.in_progress: "推进中", ProblemStatus.long_term: "长期坚持"}),
    UNSTATED: "未注明",
}

FIELD_LABELS = _fields(Notice, {
    "title": "标题",
    "issuer": "发布机构",
    "published": "发布日期",
    "updated": "更新日期",
    "kind": "类型",
    "doc_number": "文号",
    "index_code": "索引号",
    "progress": "整改进度",
})

INSPECTION_LABELS = _fields(Inspection, {
    "type": "巡视/巡察",
    "round": "轮次",
    "feedback": "反馈时间",
})

ISSUER_LABELS = _fields(Issuer, {"region": "地区"})

PROBLEM_LABELS = _fields(Problem, {
    "status": "整改状态",
    "measures": "整改措施",
    "leader": "责任领导",
    "person": "责任人",
    "department": "责任单位",
    "deadline": "整改时限",
})

CONTACT_LABELS = _fields(Contact, {
    "phones": "电话",
    "emails": "电子邮箱",
    "address": "通信地址",
    "postcode": "邮政编码",
    "person": "联系人",
    "hours": "受理时间",
})
