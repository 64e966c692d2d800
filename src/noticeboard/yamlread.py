"""Read a YAML file into plain data while keeping where every key and value stands.

Scalars stay the strings written in the file (``null``/``~``/empty become ``None``): the model
converts them, so ``postcode: 010000`` is never read as an octal number and ``deadline: 2021-12-31``
stays the text the webmaster wrote. Aliases are refused (no YAML bombs), and so are files too big
to be a notice.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .characters import FORBIDDEN_IN_FILE, advice
from .errors import Finding

MAX_BYTES = 2 * 1024 * 1024
NULL_TAG = "tag:yaml.org,2002:null"

Loc = tuple[str | int, ...]


@dataclass
class Marks:
    """Where each path of the data stands in the file: value positions and key positions."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def find(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of ``loc``, or of its nearest parent that has one."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


@dataclass
class Document:
    path: str
    data: Any
    marks: Marks


MAX_REPORTED = 10  # forbidden characters reported per file; the rest are counted


def read_regular(path: Path) -> tuple[bytes | None, str]:
    """The bytes of ``path`` if it is a regular file of at most MAX_BYTES, else None and why.
    Opened without blocking and checked on the open file, so a FIFO or a device is never read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, f"{kind_of(info.st_mode)}, not a file: a notice is a .yml text file; remove it"
        if info.st_size > MAX_BYTES:
            return None, f"file is {info.st_size // 1024} KiB; a notice is at most {MAX_BYTES // 1024} KiB — is this the right file?"
        try:
            raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            return None, f"cannot read file: {exc.strerror or exc}"
    if len(raw) > MAX_BYTES:
        return None, f"file is more than {MAX_BYTES // 1024} KiB; a notice is at most {MAX_BYTES // 1024} KiB — is this the right file?"
    return raw, ""


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words: ``a FIFO (named pipe)``, ``a folder``, …"""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "a special file"


def _forbidden_characters(text: str, shown: str) -> list[Finding]:
    """Each character the file may not hold, at its line and column (the first MAX_REPORTED)."""
    found = list(FORBIDDEN_IN_FILE.finditer(text))
    problems = []
    for match in found[:MAX_REPORTED]:
        start = match.start()
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        problems.append(Finding(shown, line, col, "", advice(match.group(), multiline=True)))
    if len(found) > MAX_REPORTED:
        last = problems[-1]
        problems.append(Finding(shown, last.line, last.col, "",
                                f"and {len(found) - MAX_REPORTED} more such characters after this one: is this a text file?"))
    return problems


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message) for a YAML syntax error: where it is, what PyYAML found, and
    what to do about the usual causes (a quote or bracket left open, a tab, a ': ' in a value,
    a value starting with a character YAML reserves, a line indented out of step)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or exc.context or "invalid YAML"
    opened = exc.context_mark
    at = f"line {opened.line + 1}, column {opened.column + 1}" if opened else ""
    context = exc.context or ""
    char = text[mark.index] if mark and mark.index < len(text) else ""
    if "quoted scalar" in context and opened:
        return opened.line + 1, opened.column + 1, f"YAML syntax error: the quoted value that starts here is never closed: add its closing {text[opened.index]}"
    if "flow" in context and opened:
        start = max(text.rfind("[", 0, opened.index + 1), text.rfind("{", 0, opened.index + 1))
        bracket = "]" if start >= 0 and text[start] == "[" else "}"
        if start >= 0:
            at = f"line {text.count(chr(10), 0, start) + 1}, column {start - text.rfind(chr(10), 0, start)}"
        return line, col, (f"YAML syntax error: {what}: the {'list' if bracket == ']' else 'mapping'} opened at {at} is not "
                           f"closed: add '{bracket}' (or put a value holding ',', '[' or '{{' in quotes)")
    if "simple key" in context and opened:   # a line without 'key:' among keyed lines
        line, col = opened.line + 1, opened.column + 1
    if "cannot start any token" in what and char == "\t":
        advice = "a tab indents this line: indent with spaces"
    elif "cannot start any token" in what or "undefined alias" in what:
        advice = f"a value cannot start with '{char}': put the whole value in quotes"
    elif "mapping values are not allowed" in what:
        advice = "a ': ' inside a value: put the whole value in quotes, or indent the line under its key"
    elif "expected key" in what or "expected ':'" in what or "block end" in what:
        advice = "this line is not indented as the lines around it, or lacks its 'key:'; indent it as its neighbours (spaces), or quote a value that starts with '-'"
    else:
        advice = "check the indentation and the quotes on this line and the lines above"
    return line, col, f"YAML syntax error: {what}: {advice}"


class _Reject(Exception):
    def __init__(self, line: int, col: int, message: str):
        self.line, self.col, self.message = line, col, message


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, loc: Loc, marks: Marks, seen: set[int], twice: list[Finding] | None = None) -> Any:
    """The plain data of ``node``; a key written twice in one mapping is added to ``twice``
    (its first value kept), so that the file's other problems are found too."""
    twice = [] if twice is None else twice
    if id(node) in seen:
        raise _Reject(*_pos(node), "YAML aliases (*name) are not supported: write the value out")
    seen.add(id(node))
    marks.values[loc] = _pos(node)
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == NULL_TAG else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), marks, seen, twice) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == NULL_TAG:
            raise _Reject(*_pos(key_node), "a key must be a plain name")
        key = key_node.value
        if key == "<<":
            raise _Reject(*_pos(key_node), "YAML merge keys (<<) are not supported: write the fields out")
        if key in result:
            line, col = _pos(key_node)
            first = marks.keys[loc + (key,)][0]
            twice.append(Finding("", line, col, "", f"{key}: appears twice in the same mapping (first on line {first}); keep one"))
            continue
        marks.keys[loc + (key,)] = _pos(key_node)
        result[key] = _build(value_node, loc + (key,), marks, seen, twice)
    return result


NOTICE_SHAPE = "a notice is a mapping of fields (title:, published:, …)"
ISSUERS_SHAPE = "issuers.yml is a mapping of issuer keys to their records (key: {name: …, region: …})"


def read_yaml(path: Path, display: str | None = None, shape: str = NOTICE_SHAPE) -> tuple[Document | None, list[Finding]]:
    """Parse one file. Returns the document, or None with the problems that stopped it; a
    document with problems (keys written twice) must not be used as it stands. ``shape`` says
    what the file must hold, for a file that holds something else."""
    shown = display or str(path)

    def fail(line: int, col: int, message: str) -> tuple[None, list[Finding]]:
        return None, [Finding(shown, line, col, "", message)]

    raw, reason = read_regular(path)
    if raw is None:
        return fail(1, 1, reason)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(line, col, "not UTF-8 text: save the file as UTF-8")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return fail(line, 1, "binary data (NUL byte): this is not a YAML text file")
    bad = _forbidden_characters(text, shown)
    if bad:
        return None, bad
    try:
        nodes = list(yaml.compose_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.MarkedYAMLError as exc:
        return fail(*syntax_error(exc, text))
    except yaml.YAMLError as exc:  # reader errors (characters are checked above): one line
        return fail(1, 1, "YAML error: " + " ".join(str(exc).split()))
    except RecursionError:
        return fail(1, 1, "YAML nesting too deep")
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return fail(1, 1, f"file is empty: {shape}")
    if len(nodes) > 1:
        return fail(*_pos(nodes[1]), "more than one YAML document ('---'): keep one notice per file")
    root = nodes[0]
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        return fail(*_pos(root), f"the file holds {kind}; {shape}")
    marks = Marks()
    twice: list[Finding] = []
    try:
        data = _build(root, (), marks, set(), twice)
    except _Reject as exc:
        return fail(exc.line, exc.col, exc.message)
    except RecursionError:
        return fail(1, 1, "YAML nesting too deep")
    # a key written twice: the document is read (its other problems are worth reporting) but is no notice
    return Document(shown, data, marks), [Finding(shown, f.line, f.col, f.field, f.message) for f in twice]
