"""The importer validates what it writes the way ``check`` does: one set of messages, as flags."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from noticeboard.cli import main

HEAD = "中共清河县统计局党组关于巡察整改进展情况的通报\n{date}\n"
OPENING = ("根据县委统一部署，2021年3月1日至4月30日，县委第二巡察组对县统计局党组进行了巡察。"
           "6月1日反馈了巡察意见。现将整改进展情况予以公布。\n")
BODY = "一、整改工作组织情况\n局党组成立整改工作领导小组{mark}，逐项落实。\n"


@pytest.mark.parametrize("text", [
    HEAD.format(date="2021年07月10日") + OPENING + BODY.format(mark="\x1b[2J"),  # a control character in the body
    HEAD.format(date="2021年05月10日") + OPENING + BODY.format(mark=""),  # published before the feedback
])
def test_what_check_refuses_in_an_import_is_flagged_with_checks_own_message(project, tmp_path, monkeypatch, text):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    source = tmp_path / "received.txt"
    source.write_text(text, encoding="utf-8")
    imported = CliRunner().invoke(main, ["import", str(source), "--out", str(project / "notices")], catch_exceptions=False)
    assert imported.exit_code == 0
    flags = [line.removeprefix("  review: ") for line in imported.output.splitlines() if line.startswith("  review: ")]
    checked = CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")], catch_exceptions=False)
    assert checked.exit_code == 1
    refused = [re.sub(r"^notices/2021/[^:]+\.yml:\d+:\d+: ", "", line) for line in checked.output.splitlines()[:-1]]
    assert refused and all(line.startswith("notices/2021/") for line in checked.output.splitlines()[:-1])
    for line in refused:
        field, message = line.split(": ", 1)
        assert f"{field}: 未通过检查：{message}" in flags, (line, flags)
    assert "\x1b" not in imported.output
