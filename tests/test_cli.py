"""The CLI's messages are a contract: exact output and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from noticeboard.cli import main
from noticeboard.importers.writing import dump_notice
from test_publish import leftovers


def run(project: Path, *args: str):
    command, *rest = args
    return CliRunner().invoke(main, [command, "-f", str(project / "mkdocs.yml"), *rest], catch_exceptions=False)


def test_check_clean(project):
    result = run(project, "check")
    assert result.exit_code == 0
    assert result.output == "4 notices checked (1 drafts): no problems.\n"


def test_check_reports_every_problem_and_exits_1(project):
    target = project / "notices" / "2021" / "2021-04-01-withdrawn.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("kind: publicity", "kind: publicty"), encoding="utf-8")
    (project / "notices" / "2021" / "broken.yml").write_text("title: [\n", encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 1
    assert result.output == (
        "notices/2021/2021-04-01-withdrawn.yml:4:7: kind: 'publicty' is not allowed; use one of: plan, progress, report, publicity or review\n"
        "notices/2021/broken.yml:2:1: YAML syntax error: did not find expected node content: the list opened at line 1,"
        " column 8 is not closed: add ']' (or put a value holding ',', '[' or '{' in quotes)\n"
        "2 problems found.\n"
    )
    assert "Traceback" not in result.output


def test_new_scaffolds_from_issuer_defaults_and_refuses_to_overwrite(project):
    result = run(project, "new", "--issuer", "nanjing-dsj", "--date", "2022-05-06")
    assert result.exit_code == 0
    assert result.output == "wrote notices/2022/2022-05-06-nanjing-dsj.yml (status: draft; set status: published when it is ready)\n"
    path = project / "notices" / "2022" / "2022-05-06-nanjing-dsj.yml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["status"] == "draft" and data["issuer"] == "nanjing-dsj" and data["kind"] == "progress"
    assert data["published"] == dt.date(2022, 5, 6) and data["contact"]["phones"] == ["025-68786874"]
    assert text == dump_notice(data)  # written the one way a notice is written (as the importer writes)
    assert "  phones: [025-68786874]\n" in text
    assert run(project, "check").output == "5 notices checked (2 drafts): no problems.\n"  # a valid draft
    before = path.read_bytes()
    again = run(project, "new", "--issuer", "nanjing-dsj", "--date", "2022-05-06")
    assert again.exit_code == 1
    assert again.output == "Error: notices/2022/2022-05-06-nanjing-dsj.yml already exists; not overwritten (choose another --slug)\n"
    assert path.read_bytes() == before


def test_new_unknown_issuer(project):
    result = run(project, "new", "--issuer", "nope")
    assert result.exit_code == 1
    assert result.output == "Error: unknown issuer key 'nope'; known keys: nanjing-dsj\n"


def test_render_writes_markdown_without_drafts_and_refuses_non_empty(project, tmp_path):
    out = tmp_path / "md"
    result = run(project, "render", "--out", str(out))
    assert result.exit_code == 0
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert "notices/2021/2021-07-05-nanjing-dsj.md" in pages and "archive/2021/index.md" in pages
    assert not any("draft" in p for p in pages)
    assert result.output == f"wrote {len(pages)} pages to {out}\n"
    again = run(project, "render", "--out", str(out))
    assert again.exit_code == 1 and again.output == f"Error: {out} is not empty; pass --force to write into it\n"
    with_drafts = run(project, "render", "--out", str(out), "--drafts", "--force")
    assert with_drafts.exit_code == 0
    assert (out / "notices/2021/2021-05-01-draft-secret.md").exists()


@pytest.mark.parametrize("out, clash", [
    ("notices", "{p}/notices is the project's notices folder"),
    ("docs", "{p}/docs is the project's docs folder"),
    ("docs/notices", "{p}/docs/notices lies inside the project's docs folder ({p}/docs)"),
    (".", "{p} is the project folder"),
])
def test_render_refuses_to_write_among_the_projects_sources_even_with_force(project, out, clash):
    """--force replaces files in an output folder; it must not let render write its Markdown over
    hand-written pages in docs/ or beside the notices."""
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = run(project, "render", "--out", str(project / out), "--force")
    assert result.exit_code == 1
    assert result.output == (f"Error: {clash.format(p=project)}; render would write its Markdown pages among your files: "
                             "choose another --out\n")
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_build_replaces_site_only_on_success(project):
    site = project / "site"
    ok = run(project, "build")
    assert ok.exit_code == 0 and ok.stdout == f"built 3 notices into {site}\n"  # progress lines go to stderr
    page = site / "notices/2021/2021-07-05-nanjing-dsj/index.html"
    assert page.exists()
    before = page.read_bytes()
    # a broken notice: the build fails with the problem listed; the old site stays as it was
    (project / "notices/2021/bad.yml").write_text("title: x\n", encoding="utf-8")
    failed = run(project, "build")
    assert failed.exit_code == 1
    assert "notices/2021/bad.yml:1:1: published: required field is missing; add the publication date, YYYY-MM-DD; a draft's is the date it is planned for (a draft stays out of the public site whatever its date)" in failed.output
    assert page.read_bytes() == before
    # a MkDocs failure after validation (a broken nav link under --strict) also leaves the site
    (project / "notices/2021/bad.yml").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("archive/index.md", "nowhere.md"), encoding="utf-8")
    failed = run(project, "build")
    assert failed.exit_code == 1
    assert "build failed; the previous site in" in failed.output
    assert page.read_bytes() == before
    assert leftovers(project) == []


def test_schema_is_the_models_json_schema():
    result = CliRunner().invoke(main, ["schema"], catch_exceptions=False)
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"title", "issuer", "published", "kind"}
    assert schema["properties"]["kind"]["$ref"].endswith("Kind")


def test_control_characters_fail_check_and_build_with_the_place_never_a_traceback(project):
    target = project / "notices" / "2021" / "2021-07-05-nanjing-dsj.yml"
    text = target.read_text(encoding="utf-8")
    for escape, code in ((r"\e", "001B"), (r"\x7f", "007F"), (r"\x9b", "009B"), (r"\uFFFE", "FFFE")):
        target.write_text(text.replace("title: 中共南京市", f'title: "中共南京{escape}市', 1).replace("的通报\n", '的通报"\n', 1), encoding="utf-8")
        expected = f"notices/2021/2021-07-05-nanjing-dsj.yml:1:8: title: character 5 is U+{code}"
        checked = run(project, "check")
        assert checked.exit_code == 1 and checked.output.startswith(expected), checked.output
        built = run(project, "build")
        assert built.exit_code == 1 and expected in built.output and "Traceback" not in built.output
        assert not (project / "site").exists()


def _set_notices_dir(project: Path, folder: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - noticeboard:\n", f"  - noticeboard:\n      notices_dir: {folder}\n"), encoding="utf-8")


def test_every_command_uses_the_notices_folder_mkdocs_yml_names(project):
    _set_notices_dir(project, "data")
    (project / "notices").rename(project / "data")
    (project / "notices").mkdir()
    (project / "notices" / "stray.yml").write_text("title: [\n", encoding="utf-8")  # not this project's folder
    (project / "data" / "2021" / "bad.yml").write_text("title: x\n", encoding="utf-8")
    expected = "data/2021/bad.yml:1:1: published: required field is missing; add the publication date, YYYY-MM-DD; a draft's is the date it is planned for (a draft stays out of the public site whatever its date)\n"
    checked = run(project, "check")
    assert checked.exit_code == 1 and expected in checked.output and "stray" not in checked.output
    built = run(project, "build")
    assert built.exit_code == 1 and expected in built.output and "stray" not in built.output
    (project / "data" / "2021" / "bad.yml").unlink()
    assert run(project, "check").output == "4 notices checked (1 drafts): no problems.\n"
    made = run(project, "new", "--issuer", "nanjing-dsj", "--date", "2022-05-06")
    assert made.output.startswith("wrote data/2022/2022-05-06-nanjing-dsj.yml ")
    assert run(project, "build").stdout == f"built 3 notices into {project / 'site'}\n"


def test_render_follows_the_plugin_options(project, tmp_path):
    out = tmp_path / "md"
    assert run(project, "render", "--out", str(out)).exit_code == 0  # the fixture sets search: false
    assert (out / "archive" / "index.md").exists() and not (out / "search").exists()


def test_the_config_file_defaults_to_mkdocs_yml_here(project, monkeypatch):
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert result.output == "4 notices checked (1 drafts): no problems.\n"


def test_config_errors_name_mkdocs_yml_and_say_what_to_do(project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert missing.exit_code == 1
    assert missing.output == "Error: mkdocs.yml: Config file 'mkdocs.yml' does not exist.\n"
    _set_notices_dir(project, "nowhere")
    config = str(project / "mkdocs.yml")
    result = CliRunner().invoke(main, ["check", "-f", config], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output == (f"Error: {config}: Config value 'plugins': Plugin 'noticeboard' option 'notices_dir': "
                             f"The path '{project / 'nowhere'}' isn't an existing directory.\n")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - noticeboard:\n      notices_dir: nowhere\n      search: false\n", "  - search\n")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-f", config], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output == f"Error: {config}: the noticeboard plugin is not in plugins:; add '- noticeboard' there\n"


def test_build_and_serve_do_not_import_the_importers():
    """``import``'s readers (python-docx, lxml's document model) take a second to import, which a
    build or a preview does not use; ``noticeboard import`` still finds them."""
    code = ("import sys; from noticeboard.cli import main; import noticeboard.mkdocs_plugin.plugin, noticeboard.mkdocs_plugin.preview; "
            "print(sorted(m for m in sys.modules if m.startswith(('noticeboard.importers', 'docx'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"
    result = CliRunner().invoke(main, ["import", "--help"])
    assert result.exit_code == 0 and "--out" in result.output
