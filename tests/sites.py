"""Building a project with a real ``mkdocs build --strict`` and serving a folder over loopback."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
import os
import http.server
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml


def build(project_dir: Path, site_dir: Path) -> None:
    """A real ``mkdocs build --strict`` of a project, in-process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with contextlib.chdir(project_dir):
        mkdocs_build(load_config(str(project_dir / "mkdocs.yml"), site_dir=str(site_dir), strict=True))


def copy_project(source: Path, folder: Path) -> Path:
    """A copy of the project ``source`` (mkdocs.yml, docs/, notices/, …) made at ``folder/project``."""
    project = folder / "project"
    shutil.copytree(source, project)
    return project


def built_copy(source: Path, folder: Path) -> Path:
    """:func:`copy_project`, built there with :func:`build`; the built site (``folder/project/site``)."""
    project = copy_project(source, folder)
    build(project, project / "site")
    return project / "site"


def set_plugin_options(project: Path, **options) -> None:
    """Set options of the noticeboard plugin in the project's mkdocs.yml (others kept)."""
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    [entry] = [p for p in config["plugins"] if isinstance(p, dict) and "noticeboard" in p]
    entry["noticeboard"] = {**(entry["noticeboard"] or {}), **options}
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_hook(project: Path, source: str) -> None:
    """Give the project a site's own MkDocs hook (``hooks.py`` holding ``source``, listed under
    ``hooks:`` in its mkdocs.yml), as a webmaster adds one."""
    (project / "hooks.py").write_text(source, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")


def build_on(day: dt.date, project_dir: Path, site_dir: Path) -> None:
    """:func:`build` as on ``day``: ``SOURCE_DATE_EPOCH`` at its midnight (UTC), then restored."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    try:
        build(project_dir, site_dir)
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under ``prefix`` (a deployment under a sub-path); like a web server, it
    answers a missing path with the site's 404.html, status 404. Without ``folders`` it serves
    files only, as a server (or a portal) that does not map a folder to its index.html."""

    prefix = "/"
    folders = True

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".nb-outside-the-site")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_head(self):
        if not self.folders and Path(self.translate_path(self.path)).is_dir():
            self.send_error(404)
            return None
        return super().send_head()

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve_dir(directory: Path, prefix: str = "/", *, folders: bool = True):
    """Serve ``directory`` at ``prefix`` on a free loopback port; yield the base URL (ending in
    ``prefix``); always shut down. ``folders=False``: a folder's address is not found (404)."""
    handler = functools.partial(type("_Handler", (_QuietHandler,), {"prefix": prefix, "folders": folders}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except urllib.error.HTTPError:
                break  # it answers (a folder, when folders are not served)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A port free on loopback now, for a server that must be given one (``mkdocs serve``)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def messages(output: str) -> str:
    """A build's ``output`` without its progress lines (``INFO    -  noticeboard: …``,
    mkdocs_plugin/progress.py): what it says about the build's outcome."""
    return "".join(line for line in output.splitlines(keepends=True) if not line.startswith("INFO    -  "))
