"""On ``build`` the generated pages other than notices' (archive years, issuers, kinds,
inspections, …) are converted ahead in the worker pool (prerender.py) rather than by MkDocs page
by page: the site written is byte for byte the one MkDocs' own conversion of those pages writes."""

from __future__ import annotations

import contextlib
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config


def _build(project: Path, site: Path, monkeypatch=None):
    """A real ``mkdocs build --strict``; the plugin. With ``monkeypatch``: no page converted
    ahead but the notices', MkDocs converts the others itself."""
    with contextlib.chdir(project):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        plugin = config.plugins["noticeboard"]
        if monkeypatch is not None:
            monkeypatch.setattr(plugin, "_listings", lambda plan: [])
        mkdocs_build(config)
    return plugin


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_pages_converted_ahead_are_written_as_mkdocs_converts_them(project: Path, tmp_path: Path, monkeypatch):
    ahead = _build(project, tmp_path / "ahead")
    assert any(uri.startswith("archive/") for uri in ahead.listings) and any(uri.startswith("issuers/") for uri in ahead.listings)
    by_mkdocs = _build(project, tmp_path / "mkdocs", monkeypatch)
    assert by_mkdocs.listings == {}
    written, expected = _files(tmp_path / "ahead"), _files(tmp_path / "mkdocs")
    assert written.keys() == expected.keys()
    assert [name for name in written if written[name] != expected[name]] == []
