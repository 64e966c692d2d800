"""``noticeboard import``: exact output lines, exit codes, no overwrite without --force."""

from __future__ import annotations

from pathlib import Path

import yaml

from noticeboard.importers.command import import_command

NOTICE = """中共清河县财政局党组关于巡察整改进展情况的通报
2021年07月05日
根据县委统一部署，2021年3月1日至4月30日，县委第一巡察组对县财政局党组进行了巡察。6月1日反馈了巡察意见。现将整改进展情况予以公布。
一、整改工作组织情况
局党组成立整改工作领导小组。
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0123-4567890；电子邮箱：czj@163.com
"""
DRAFT = NOTICE.replace("czj@163.com", "czj163.com")


def _files(tmp_path: Path) -> dict[str, Path]:
    files = {"ok": tmp_path / "ok.txt", "draft": tmp_path / "draft.txt", "empty": tmp_path / "empty.txt"}
    files["ok"].write_text(NOTICE, encoding="utf-8")
    files["draft"].write_text(DRAFT.replace("财政局", "税务局"), encoding="utf-8")
    files["empty"].write_bytes(b"")
    return files


def test_import_writes_one_file_per_input_and_reports(runner, tmp_path):
    files = _files(tmp_path)
    out = tmp_path / "notices"
    result = runner.invoke(import_command, [str(files["ok"]), str(files["draft"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    ok = out / "2021" / "2021-07-05-qing-he-xian-cai-zheng-ju.yml"
    draft = out / "2021" / "2021-07-05-qing-he-xian-shui-wu-ju.yml"
    assert result.output.splitlines() == [
        f"wrote {ok} (published, 1 sections, 0 problems, 0 review flags)",
        f"wrote {draft} (draft, 1 sections, 0 problems, 1 review flag)",
        "  review: contact.emails[0]: 原文“czj163.com”缺少“@”，已按常见邮箱 163.com 补上，请核对",
        "imported 2 of 2 files",
    ]
    data = yaml.safe_load(ok.read_text(encoding="utf-8"))
    assert data["source"] == {"file": "ok.txt", "imported": __import__("datetime").date(2026, 1, 1)}
    assert data["status"] == "published"
    assert yaml.safe_load(draft.read_text(encoding="utf-8"))["status"] == "draft"


def test_failed_input_exits_1_with_one_line_reason(runner, tmp_path):
    files = _files(tmp_path)
    out = tmp_path / "notices"
    result = runner.invoke(import_command, [str(files["empty"]), str(files["ok"]), "--out", str(out)])
    assert result.exit_code == 1
    ok = out / "2021" / "2021-07-05-qing-he-xian-cai-zheng-ju.yml"
    assert result.stdout.splitlines() == [
        f"wrote {ok} (published, 1 sections, 0 problems, 0 review flags)",
        "imported 1 of 2 files",
    ]
    assert result.stderr.splitlines() == [f"error: {files['empty']}: the file is empty"]
    assert "Traceback" not in result.output


def test_existing_file_not_overwritten_without_force(runner, tmp_path):
    files = _files(tmp_path)
    out = tmp_path / "notices"
    target = out / "2021" / "2021-07-05-qing-he-xian-cai-zheng-ju.yml"
    target.parent.mkdir(parents=True)
    target.write_text("keep me\n", encoding="utf-8")
    result = runner.invoke(import_command, [str(files["ok"]), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {files['ok']}: {target} already exists (use --force to overwrite)"]
    assert result.stdout.splitlines() == ["imported 0 of 1 file"]
    assert target.read_text(encoding="utf-8") == "keep me\n"
    forced = runner.invoke(import_command, [str(files["ok"]), "--out", str(out), "--force"])
    assert forced.exit_code == 0
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["title"] == "中共清河县财政局党组关于巡察整改进展情况的通报"


def test_two_inputs_for_one_path_write_it_once(runner, tmp_path):
    files = _files(tmp_path)
    copy = tmp_path / "copy.txt"
    copy.write_text(NOTICE, encoding="utf-8")
    out = tmp_path / "notices"
    result = runner.invoke(import_command, [str(files["ok"]), str(copy), "--out", str(out)])
    assert result.exit_code == 1
    target = out / "2021" / "2021-07-05-qing-he-xian-cai-zheng-ju.yml"
    assert result.stderr.splitlines() == [f"error: {copy}: {target} would also be written for {files['ok']}; not written"]


def test_main_cli_has_import(runner, tmp_path):
    from noticeboard.cli import main

    files = _files(tmp_path)
    result = runner.invoke(main, ["import", str(files["ok"]), "--out", str(tmp_path / "n")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "n" / "2021" / "2021-07-05-qing-he-xian-cai-zheng-ju.yml"
    assert result.output.splitlines() == [
        f"wrote {written} (published, 1 sections, 0 problems, 0 review flags)",
        "imported 1 of 1 file",
    ]
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["title"] == "中共清河县财政局党组关于巡察整改进展情况的通报"
