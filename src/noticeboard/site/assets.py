"""Static files the site needs besides pages: the package's CSS/JS and the notices' attachments."""

from __future__ import annotations

from importlib.resources import files as package_files
from pathlib import Path

from .. import urls
from ..entry import Entry
from ..project import Project

PACKAGE = Path(str(package_files("noticeboard")))
THEME_DIR = PACKAGE / "theme"
ASSET_DIR = PACKAGE / "assets"


def package_assets(include_search: bool = True) -> dict[str, Path]:
    """``{site path: package file}`` for the CSS and JavaScript the pages load."""
    found = {}
    for path in sorted(ASSET_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".css", ".js"):
            if not include_search and "search" in path.relative_to(ASSET_DIR).parts:
                continue
            found[urls.asset(path.name)] = path
    return found


def attachment_files(project: Project, entries: list[Entry]) -> dict[str, Path]:
    """``{site path: file}`` for the attachments of ``entries`` (those the build shows)."""
    return {a.file: project.root / a.file for e in entries for a in e.notice.attachments}
