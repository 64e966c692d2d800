"""mkdocs.yml's own words and links, which the theme writes into every page (some unescaped):
``check`` and ``build`` refuse what would break out of the HTML it is written into, and links of
another scheme, with one line each; ``copyright`` keeps its links and markup, nothing else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from noticeboard.cli import main


def _configure(project: Path, **settings) -> None:
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for key, value in settings.items():
        if key == "extra":
            config.setdefault("extra", {}).update(value)
        else:
            config[key] = value
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("settings, message", [
    ({"site_name": "站点</title><script>alert(1)</script>"},
     "site_name: '站点</title><script>alert(1)</script>' holds '<', '>' or '\"'; the theme writes site_name into every "
     "page's HTML as it is: write plain text (“” 《》 are fine)"),
    ({"site_description": '描述"><img src=x onerror=alert(1)>'},
     "site_description: '描述\"><img src=x onerror=alert(1)>' holds '<', '>' or '\"'; the theme writes site_description "
     "into every page's HTML as it is: write plain text (“” 《》 are fine)"),
    ({"extra": {"homepage": "java&#115;cript:alert(1)"}},
     "extra.homepage: 'java&#115;cript:alert(1)' is a javascript: link; a link on the site's pages must be http, https, "
     "mailto or tel, or a path on the site"),
    ({"extra": {"social": [{"icon": "fontawesome/brands/weixin", "link": " data:text/html,<script>alert(1)</script>"}]}},
     "extra.social[0].link: ' data:text/html,<script>alert(1)</script>' is a data: link; a link on the site's pages must be "
     "http, https, mailto or tel, or a path on the site"),
    ({"repo_url": "https://git.example.gov.cn/site/", "edit_uri": "vbscript:msgbox(1)"},
     "edit_uri: 'vbscript:msgbox(1)/' is a vbscript: link; a link on the site's pages must be http, https, mailto or tel, "
     "or a path on the site"),
    ({"extra": {"consent": {"description": "<img src=x onerror=alert(1)>"}}},
     "extra.consent.description: '<img src=x onerror=alert(1)>' holds HTML; the theme writes extra values into pages as "
     "they are: write text"),
])
def test_check_refuses_site_settings_a_page_cannot_show_safely(project, settings, message):
    _configure(project, **settings)
    result = CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert result.output == f"Error: {project / 'mkdocs.yml'}: {message}\n"


def test_build_refuses_them_too_and_leaves_no_site(project):
    _configure(project, site_name="站点</title><script>alert(1)</script>", extra={"homepage": "javascript:alert(1)"})
    run = subprocess.run([sys.executable, "-m", "noticeboard.cli", "build", "-f", str(project / "mkdocs.yml")],
                         capture_output=True, text=True, cwd=project, timeout=600)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert "site_name: '站点</title><script>alert(1)</script>' holds '<', '>' or '\"'" in run.stderr
    assert "extra.homepage: 'javascript:alert(1)' is a javascript: link" in run.stderr
    assert not (project / "site").exists()


def test_plain_words_and_site_links_pass(project):
    _configure(project, site_name="XX市巡察整改通报 · “公开”《栏目》", site_description="巡视巡察整改情况公开: 通报、方案与进展",
               extra={"homepage": "https://www.example.gov.cn/", "note": "备注: 以公开为原则", "social": [{"link": "mailto:a@example.gov.cn"}]})
    result = CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("settings, message", [
    ({"site_name": "XX市\u202e通报公开"}, "site_name: character 4 is U+202E (a bidirectional control: text would display in another "
                                         "order than it reads): delete it"),
    ({"copyright": "版权所有\u2028XX市"}, "copyright: character 5 is U+2028 (line separator): this field is one line; use a space"),
])
def test_invisible_instructions_in_site_settings_are_refused(project, settings, message):
    _configure(project, **settings)
    result = CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert result.output == f"Error: {project / 'mkdocs.yml'}: {message}\n"


def test_invisible_instructions_in_the_footers_publisher_are_refused(project):
    from sites import set_plugin_options

    set_plugin_options(project, publisher={"name": "XX市\u202e巡察办"})
    result = CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "plugins.noticeboard.publisher.name: character 4 is U+202E" in result.output
