"""The one error shape users see: ``path:line:col: field: message``."""

from __future__ import annotations

from dataclasses import dataclass

from .characters import FORBIDDEN_IN_LINE


def shown(text: str) -> str:
    """``text`` safe to print on a terminal: control characters written as Python escapes (``\\x1b``)."""
    return FORBIDDEN_IN_LINE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Finding:
    """What ``check`` found wrong (or notes) at one place of one input file: a user's error, not
    a rectification item (that is :class:`noticeboard.model.Problem`). Lines and columns are 1-based."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{shown(self.path)}:{self.line}:{self.col}"
        what = f"{shown(self.field)}: {shown(self.message)}" if self.field else shown(self.message)
        return f"{where}: {what}"


class NoticeErrors(Exception):
    """Raised when input is invalid; carries every problem found, sorted by place."""

    def __init__(self, problems: list[Finding]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found.")
        return "\n".join(lines)
