"""Review flags: how every importer step tells the reviewer what to check.

A flag is one line, written in Chinese for the reviewers, that starts with the path of the field
it concerns (``contact.phones[0]: 电话号码位数不对，请核对原文``), so that a reviewer, and the
preview, can put it next to that field. Every importer module makes its flags with :func:`flag`.
"""

from __future__ import annotations

from collections.abc import Iterable


def field_path(*parts: str | int) -> str:
    """``("contact", "phones", 0)`` → ``contact.phones[0]``."""
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "notice"


def flag(field: str | Iterable[str | int], message: str) -> str:
    """A review flag for ``field`` (a path such as ``contact.phones[0]``, or its parts)."""
    where = field if isinstance(field, str) else field_path(*field)
    return f"{where}: {message}"


def quote(text: str, limit: int = 40) -> str:
    """Text from the source, quoted for a flag (shortened when long)."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit] + '…'}”"
