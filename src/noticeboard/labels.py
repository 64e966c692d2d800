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

from .model import (Attachment, Contact, Inspection, Issuer, Kind, Notice, Problem, ProblemStatus, Progress, Revision,
                    Section, Source, Status)
from .series import Stage

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
    """``labels`` of ``model``'s fields, in its order, after checking that each field has one."""
    if set(labels) != set(model.model_fields):
        missing = [name for name in model.model_fields if name not in labels]
        unknown = [name for name in labels if name not in model.model_fields]
        raise RuntimeError(f"labels for {model.__name__} do not match its fields (missing: {missing}, unknown: {unknown})")
    return {name: labels[name] for name in model.model_fields}


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

#: a notice's place in its inspection's course (:mod:`noticeboard.series`)
STAGE_LABELS: dict[Stage, str] = _every(Stage, {
    Stage.feedback: "反馈", Stage.plan: "整改方案", Stage.progress: "进展", Stage.complete: "完成",
})

#: a problem's stated status, then :data:`UNSTATED`
PROBLEM_STATUS_LABELS: dict[ProblemStatus | str, str] = {
    **_every(ProblemStatus, {ProblemStatus.done: "已完成", ProblemStatus.in_progress: "推进中", ProblemStatus.long_term: "长期坚持"}),
    UNSTATED: "未注明",
}

FIELD_LABELS = _fields(Notice, {
    "title": "标题",
    "slug": "网址名",
    "former_slugs": "原网址名",
    "issuer": "发布机构",
    "published": "发布日期",
    "updated": "更新日期",
    "kind": "类型",
    "status": "发布状态",
    "withdrawn_reason": "撤回原因",
    "doc_number": "文号",
    "index_code": "索引号",
    "inspection": "巡视/巡察情况",
    "series": "所属巡视巡察",
    "summary": "导语",
    "sections": "正文部分",
    "problems": "整改问题",
    "progress": "整改进度",
    "contact": "联系方式",
    "attachments": "附件",
    "revisions": "修订记录",
    "source": "来源",
    "review": "待核对",
})

ISSUER_LABELS = _fields(Issuer, {"name": "名称", "region": "地区", "slug": "网址名"})

INSPECTION_LABELS = _fields(Inspection, {
    "type": "巡视/巡察",
    "round": "轮次",
    "team": "巡视/巡察组",
    "start": "开始日期",
    "end": "结束日期",
    "feedback": "反馈时间",
})

SECTION_LABELS = _fields(Section, {"heading": "小标题", "body": "正文", "problems": "整改问题"})

PROBLEM_LABELS = _fields(Problem, {
    "id": "问题编号",
    "title": "问题",
    "category": "问题类别",
    "status": "整改状态",
    "measures": "整改措施",
    "leader": "责任领导",
    "person": "责任人",
    "department": "责任单位",
    "deadline": "整改时限",
})

#: the figures as a notice states them (its terms: 共…个问题，已完成…个，正在推进…个)
PROGRESS_LABELS = _fields(Progress, {"total": "问题总数", "done": "已完成", "in_progress": "正在推进", "long_term": "长期坚持"})

CONTACT_LABELS = _fields(Contact, {
    "invitation": "监督邀请",
    "phones": "电话",
    "emails": "电子邮箱",
    "address": "通信地址",
    "postcode": "邮政编码",
    "person": "联系人",
    "hours": "受理时间",
    "until": "反馈截止日期",
})

ATTACHMENT_LABELS = _fields(Attachment, {"title": "附件名称", "file": "文件"})
REVISION_LABELS = _fields(Revision, {"date": "日期", "note": "说明"})
SOURCE_LABELS = _fields(Source, {"file": "文件", "imported": "导入日期"})

#: every schema object's field labels, by model (see :func:`noticeboard.model.field_model` to walk a path)
MODEL_LABELS: dict[type[BaseModel], dict[str, str]] = {
    Notice: FIELD_LABELS, Issuer: ISSUER_LABELS, Inspection: INSPECTION_LABELS, Section: SECTION_LABELS,
    Problem: PROBLEM_LABELS, Progress: PROGRESS_LABELS, Contact: CONTACT_LABELS, Attachment: ATTACHMENT_LABELS,
    Revision: REVISION_LABELS, Source: SOURCE_LABELS,
}
