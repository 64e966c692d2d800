"""A notice's list of attachments at its end (附件：1.整改任务清单 / 2.领导小组名单).

The list names files that came with the notice; its lines are no part of the last section. They
are taken out of the body and named in a review flag, so that the reviewer puts the files under
``attachments/`` and lists them in ``attachments:`` (the importer has only the text, not the files).
"""

from __future__ import annotations

import re

from noticeboard.importers.date_mentions import parse_date_line
from noticeboard.importers.issuer import is_org_name

_HEAD = re.compile(r"^附\s*件\s*(?:\d{1,2}|[一二三四五六七八九十])?\s*[:：]?\s*(?P<name>.*)$")
_MORE = re.compile(r"^(?:附\s*件\s*)?(?:\d{1,2}|[一二三四五六七八九十])\s*[.．、:：]\s*\S")
_DOCUMENT_END = re.compile(r"(清单|名单|一览表|汇总表|统计表|台账|明细|表|方案|报告|通知|办法|制度|意见|目录)$")
_SENTENCE = re.compile(r"[。！？!?；;，,]")
NEAR_END = 15      # the list stands among the last lines (before or after the contact block and signature)
MAX_NAME = 60


def _continues(line: str) -> bool:
    """A line that ends an attachment's name begun on the line above (not the signature)."""
    text = line.strip()
    return (_is_name(text) and len(text) <= 30 and not _MORE.match(text) and bool(_DOCUMENT_END.search(text))
            and not is_org_name(text) and parse_date_line(text) is None)


def _is_name(line: str) -> bool:
    text = line.strip().rstrip("。")
    return 0 < len(text) <= MAX_NAME and not _SENTENCE.search(text)


# a page's attachment box that holds none (相关附件：无, 附件下载： / 暂无): no part of the notice
_NO_ATTACHMENT = re.compile(r"^(?:相关|下载)?附\s*件(?:下载|列表)?\s*[:：]?\s*(?P<none>[（(]?(?:无|暂无)(?:附件)?[)）]?)?$")
_NONE = re.compile(r"^[（(]?(?:无|暂无)(?:附件)?[)）]?$")


def _without_empty_box(lines: list[str]) -> list[str]:
    for i in range(max(0, len(lines) - NEAR_END), len(lines)):
        box = _NO_ATTACHMENT.match(lines[i].strip())
        if box and box["none"]:
            return lines[:i] + lines[i + 1:]
        if box and i + 1 < len(lines) and _NONE.match(lines[i + 1].strip()):
            return lines[:i] + lines[i + 2:]
    return lines


def split_attachments(lines: list[str]) -> tuple[list[str], list[str]]:
    """``lines`` without the attachment list near their end, and the list's lines (a page's
    attachment box that says there is none is dropped)."""
    lines = _without_empty_box(lines)
    start = max(0, len(lines) - NEAR_END)
    for i in range(start, len(lines)):
        head = _HEAD.match(lines[i].strip())
        if not head or head["name"] and not _is_name(head["name"]):
            continue
        end = i + 1
        if head["name"] and not _DOCUMENT_END.search(head["name"]) and end < len(lines) and _continues(lines[end]):
            end += 1   # a name broken over two lines (附件：XX局落实巡察反馈问题 / 整改责任清单)
        while end < len(lines) and _MORE.match(lines[end].strip()) and _is_name(lines[end]):
            end += 1
        if not head["name"] and end == i + 1:
            continue   # 附件： alone with no names after it
        return lines[:i] + lines[end:], [line.strip() for line in lines[i:end]]
    return lines, []
