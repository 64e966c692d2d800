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

from pydantic import BaseModel

from ..labels import MODEL_LABELS
from ..model import Notice, field_model

_PATH = re.compile(r"\s*([A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*)\s*[:：]\s*", re.ASCII)
_STEP = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]", re.ASCII)
VALUE_MAX = 80


@dataclass(frozen=True)
class Flag:
    message: str
    field: str | None = None  # the field in Chinese, e.g. 联系方式 › 电话（第 1 个）
    path: str | None = None  # as the flag names it, e.g. contact.phones[0]
    value: str | None = None  # the field's current value, as text


def _steps(path: str) -> list[str | int]:
    return [m.group(1) if m.group(1) else int(m.group(2)) for m in _STEP.finditer(path)]


def _label(steps: list[str | int]) -> tuple[str, type[BaseModel] | None]:
    """The field named in Chinese, walking the schema from the notice, and the schema object it
    holds (None for a plain value)."""
    parts: list[str] = []
    model: type[BaseModel] | None = Notice
    for step in steps:
        if isinstance(step, int):
            parts[-1] += f"（第 {step + 1} 个）"
            continue
        parts.append(MODEL_LABELS.get(model, {}).get(step, step))
        model = field_model(model, step) if model else None
    return " › ".join(parts), model


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


def _text(value: Any, model: type[BaseModel] | None) -> str | None:
    """A value as one line: a list of plain values joined with 、, a record's plain fields named."""
    if isinstance(value, dict):
        names = MODEL_LABELS.get(model, {})
        value = "；".join(f"{names.get(k, k)}：{v}" for k, v in value.items() if not isinstance(v, (dict, list))) or None
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
        label, model = _label(steps)
        out.append(Flag(flag[m.end():].strip() or flag.strip(), label, m.group(1), _text(_value(data, steps), model)))
    return out
