"""Material's navigation and footer (partials/nav.html, tabs.html, footer.html) are made once for
the pages they show alike and reused, and its texts (lang.t) once a build
(mkdocs_plugin/material.py: Partials): the site written is byte for byte the one Material's
templates write when each page makes its own, whatever the navigation's shape (sections, indexes,
a section over generated pages, an outside link) and features."""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from noticeboard.mkdocs_plugin import material

NAV = [
    {"首页": "index.md"},
    {"通报": [{"通报归档": "archive/index.md"}, {"发布机构": "issuers/index.md"}, {"通报类型": "kinds/index.md"}]},
    {"外部链接": "https://example.gov.cn/?a=1&b=<2>"},
]
FEATURES = [
    ["navigation.tabs"],
    ["navigation.sections", "navigation.indexes", "navigation.expand", "navigation.footer"],
    ["navigation.tabs", "navigation.tabs.sticky", "navigation.sections", "navigation.prune", "toc.integrate"],
]


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(project: Path, site: Path) -> None:
    with contextlib.chdir(project):
        mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))


@pytest.mark.parametrize("features", FEATURES, ids=lambda f: "+".join(f))
def test_the_navigation_made_once_is_what_each_page_makes(project: Path, tmp_path: Path, monkeypatch, features):
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = NAV
    config["theme"]["features"] = features
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shown = material.Partials.shown
    made = Counter()

    def counted(self, name, page, nav, features, caller):
        def making():
            made[name, "made"] += 1
            return caller()
        made[name, "shown"] += 1
        return shown(self, name, page, nav, features, making)

    monkeypatch.setattr(material.Partials, "shown", counted)
    _build(project, tmp_path / "reused")
    for name in ("nav", "footer", *(("tabs",) if "navigation.tabs" in features else ())):
        assert made[name, "shown"] - made[name, "made"] >= 5, made  # pages reuse what another made

    monkeypatch.setattr(material.Partials, "shown", lambda self, name, page, nav, features, caller: caller())
    monkeypatch.setattr(material.Partials, "translation", lambda self, language, primary, fallback: lambda key: (
        "zh-CN" if key == "language" and language == "zh" else str(primary(key) or fallback(key) or key)))
    _build(project, tmp_path / "each")
    reused, each = _files(tmp_path / "reused"), _files(tmp_path / "each")
    assert reused.keys() == each.keys()
    assert [p for p in reused if reused[p] != each[p]] == []
