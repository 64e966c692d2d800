"""Shared fixtures: pinned time and locale, project copies, a built site, a real browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"
CORPUS = REPO.parent / "shared" / "corpus"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# 2026-01-01T00:00:00Z: "now" for every build in the tests.
PINNED_EPOCH = "1767225600"

os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH
os.environ["TZ"] = "Asia/Shanghai"
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["NO_MKDOCS_2_WARNING"] = "1"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the fixture project (mkdocs.yml, docs/, notices/, attachments/)."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, target)
    return target


def build(project_dir: Path, site_dir: Path) -> None:
    """A real ``mkdocs build --strict`` of a project, in-process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with contextlib.chdir(project_dir):
        mkdocs_build(load_config(str(project_dir / "mkdocs.yml"), site_dir=str(site_dir), strict=True))


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture project built once with ``mkdocs build --strict``."""
    root = tmp_path_factory.mktemp("fixture") / "project"
    shutil.copytree(FIXTURE_SITE, root)
    build(root, root / "site")
    return root / "site"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The bundled sample site (the repository's mkdocs.yml and notices/) built with --strict."""
    out = tmp_path_factory.mktemp("sample") / "site"
    build(REPO, out)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_dir(directory: Path):
    """Serve ``directory`` on a free loopback port; yield the base URL; always shut down."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (its own browser download does not work here)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    ARTIFACTS.mkdir(exist_ok=True)  # screenshots, for a person to look at
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            yield b
        finally:
            b.close()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.md from the current output")
