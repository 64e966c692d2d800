"""Validate YAML data against the schema; turn pydantic's errors into user problems placed on
the YAML marks, with the field named by its path in the file (``contact.emails[0]``)."""

from __future__ import annotations

import calendar
import difflib
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Finding
from .model import field_model
from .yamlread import Document, Loc

_EXPECTED = {
    "string_type": "text",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "list_type": "a list (lines starting with '- ')",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
}


def field_name(loc: Loc) -> str:
    """``("contact", "emails", 0)`` → ``contact.emails[0]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _data_loc(data: Any, loc: tuple) -> Loc:
    """Drop pydantic's union tags from ``loc``, keeping only steps that exist in the data
    (plus a final missing or unknown key)."""
    kept: list[str | int] = []
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(data, dict) and isinstance(part, str) and (part in data or last):
            kept.append(part)
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            kept.append(part)
            data = data[part]
    return tuple(kept)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The schema class that holds the mapping at ``loc`` (used to suggest field names)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        current = field_model(current, part)
        if current is None:
            return None
    return current


def _message(err: dict, model: type[BaseModel], loc: Loc) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        holder = _model_at(model, loc[:-1])
        field = holder.model_fields.get(str(loc[-1])) if holder else None
        return f"required field is missing; add {field.description[0].lower()}{field.description[1:]}" if field and field.description else "required field is missing"
    if kind == "extra_forbidden":
        holder = _model_at(model, loc[:-1])
        allowed = list(holder.model_fields) if holder else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(allowed)}"
        return f"unknown field '{loc[-1]}'; {hint}"
    if kind == "enum":
        return f"{value!r} is not allowed; use one of: {err['ctx']['expected'].replace(chr(39), '')}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("greater_than_equal",):
        return f"must be at least {err['ctx']['ge']}"
    if kind in _EXPECTED:
        shown = ("a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list)
                 else "nothing (the key has no value): write the value after the colon, or remove the key" if value is None
                 else repr(value))
        hint = _date_hint(value) if _EXPECTED[kind] == _EXPECTED["date_type"] else ""
        return f"expected {_EXPECTED[kind]}, got {shown}{hint}"
    return err["msg"]


_DATE_PARTS = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _date_hint(value: object) -> str:
    """What is wrong with a date written with a year, a month and a day, and how to write it."""
    m = _DATE_PARTS.match(value) if isinstance(value, str) else None
    if not m:
        return ""
    year, month, day = (int(part) for part in m.groups())
    if not 1 <= month <= 12:
        return f": there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f": {calendar.month_name[month]} {year} has {days} days"
    return f": write it as {year:04d}-{month:02d}-{day:02d}"


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], doc: Document, loc: Loc = ()) -> tuple[M | None, list[Finding]]:
    """The value at ``loc`` of ``doc`` as a ``model``, or None with every problem, placed in the file."""
    value = doc.data
    for part in loc:
        value = value[part]
    try:
        return model.model_validate(value), []
    except ValidationError as exc:
        return None, _problems(exc, doc, model, loc)


MAX_LISTED = 30   # schema problems listed per file; a file with more is counted past these


def _problems(exc: ValidationError, doc: Document, model: type[BaseModel], base: Loc) -> list[Finding]:
    found: list[Finding] = []
    errors = exc.errors(include_url=False)
    for err in errors[:MAX_LISTED + 1]:
        loc = _data_loc(doc.data, base + tuple(err["loc"]))
        line, col = doc.marks.find(loc, key=err["type"] == "extra_forbidden")
        found.append(Finding(doc.path, line, col, field_name(loc), _message(err, model, loc[len(base):])))
    if len(errors) > MAX_LISTED:   # thousands of unknown keys: a file that is no notice, not a page of errors
        last = found.pop()
        found.append(Finding(doc.path, last.line, last.col, "", f"and {len(errors) - MAX_LISTED} more problems in this file "
                             f"(the first {MAX_LISTED} are listed): is this a notice file?"))
    return found


def at(doc: Document, loc: Loc, message: str) -> Finding:
    """A problem about the value at ``loc`` of ``doc``."""
    line, col = doc.marks.find(loc)
    return Finding(doc.path, line, col, field_name(loc), message)
