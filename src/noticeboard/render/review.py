"""A draft's review flags as the preview shows them: each beside the field it concerns.

A flag is a string that names its field first, ``contact.phones[0]: …`` (or with a full-width
colon); the wording after it is the importer's and is shown as written. The field is named in
Chinese, with its place in the file, and its current value is shown next to it, so that the
reviewer compares the two without opening the YAML. A flag that names no field of the notice
(a remark on the whole text) is shown as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..labels import CONTACT_LABELS, FIELD_LABELS, INSPECTION_LABELS
from ..model import Notice

_PATH = re.compile(r"\s*([A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*)\s*[:：]\s*", re.ASCII)
_STEP = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]", re.ASCII)
VALUE_MAX = 80

#: Chinese names of the schema's fields; (parent, field) first where a name means two things
_NAMES: dict[Any, str] = {
    **FIELD_LABELS, **INSPECTION_LABELS, **CONTACT_LABELS,
    "title": "标题", "slug": "网址名", "former_slugs": "原网址名", "status": "发布状态", "withdrawn_reason": "撤回原因",
    "summary": "导语", "sections": "正文部分", "heading": "小标题", "body": "正文", "problems": "整改问题",
    "category": "问题类别", "measures": "整改措施", "leader": "责任领导", "department": "责任单位",
    "deadline": "整改时限", "total": "问题总数", "done": "已完成", "in_progress": "正在推进", "long_term": "长期坚持",
    "contact": "联系方式", "invitation": "监督邀请", "until": "反馈截止日期", "inspection": "巡视/巡察情况",
    "type": "巡视/巡察", "team": "巡视/巡察组", "start": "开始日期", "end": "结束日期", "attachments": "附件",
    "file": "文件", "revisions": "修订记录", "date": "日期", "note": "说明", "source": "来源", "name": "名称",
    "region": "地区", "review": "待核对",
    ("problems", "title"): "问题", ("problems", "status"): "整改状态", ("problems", "person"): "责任人",
    ("attachments", "title"): "附件名称", ("issuer", "slug"): "网址名",
}


@dataclass(frozen=True)
class Flag:
    message: str
    field: str | None = None  # the field in Chinese, e.g. 联系方式 › 电话（第 1 个）
    path: str | None = None  # as the flag names it, e.g. contact.phones[0]
    value: str | None = None  # the field's current value, as text


def _steps(path: str) -> list[str | int]:
    return [m.group(1) if m.group(1) else int(m.group(2)) for m in _STEP.finditer(path)]


def _label(steps: list[str | int]) -> str:
    parts: list[str] = []
    parent = None
    for step in steps:
        if isinstance(step, int):
            parts[-1] += f"（第 {step + 1} 个）"
            continue
        parts.append(_NAMES.get((parent, step)) or _NAMES.get(step) or step)
        parent = step
    return " › ".join(parts)


def _value(data: Any, steps: list[str | int]) -> Any:
    """The value at ``steps`` in the notice's data, or None where the file has none."""
    for step in steps:
        if isinstance(step, int) and isinstance(data, list) and step < len(data):
            data = data[step]
        elif isinstance(step, str) and isinstance(data, dict) and step in data:
            data = data[step]
        else:
            return None
    return data


def _text(value: Any) -> str | None:
    """A value as one line: a list of plain values joined with 、, a record's plain fields named."""
    if isinstance(value, dict):
        value = "；".join(f"{_NAMES.get(k, k)}：{v}" for k, v in value.items() if not isinstance(v, (dict, list))) or None
    elif isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        value = "、".join(str(v) for v in value)
    if value is None or isinstance(value, list):
        return None
    text = " ".join(str(value).split())
    return text if len(text) <= VALUE_MAX else text[:VALUE_MAX] + "…"


def review_flags(notice: Notice) -> list[Flag]:
    """The notice's review flags, each with the field it names and that field's value."""
    data = notice.model_dump(mode="json", exclude_none=True)
    out = []
    for flag in notice.review:
        m = _PATH.match(flag)
        steps = _steps(m.group(1)) if m else []
        if not steps or steps[0] not in Notice.model_fields:
            out.append(Flag(flag.strip()))
            continue
        value = _text(_value(data, steps))
        out.append(Flag(flag[m.end():].strip() or flag.strip(), _label(steps), m.group(1), value))
    return out
