"""Shared fixtures: pinned time and locale, project copies, a built site, a real browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from paths import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, FIXTURE_SITE, RECORD_SITE, REPO
from sites import build, built_copy, copy_project

pytest_plugins = ["no_skips"]  # a skipped test fails the run

# 2026-01-01T00:00:00Z: "now" for every build in the tests.
PINNED_EPOCH = "1767225600"

os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH
os.environ["TZ"] = "Asia/Shanghai"
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["NO_MKDOCS_2_WARNING"] = "1"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the fixture project (mkdocs.yml, docs/, notices/, attachments/)."""
    return copy_project(FIXTURE_SITE, tmp_path)


@pytest.fixture
def runner() -> CliRunner:
    """Click's runner for the commands in-process ("now" is the pinned date above)."""
    return CliRunner()


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture project built once with ``mkdocs build --strict``."""
    return built_copy(FIXTURE_SITE, tmp_path_factory.mktemp("fixture"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The bundled sample site (the repository's mkdocs.yml and notices/) built with --strict."""
    out = tmp_path_factory.mktemp("sample") / "site"
    build(REPO, out)
    return out


@pytest.fixture(scope="session")
def record_site(tmp_path_factory) -> Path:
    """The notices-across-time project (tests/fixtures/record) built with --strict on the pinned
    date, 2026-01-01: its scheduled notice not yet out, some channels open."""
    return built_copy(RECORD_SITE, tmp_path_factory.mktemp("record"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the browser (directly or through another fixture) is marked ``browser``,
    so ``-m "not browser"`` leaves out exactly the tests that need chromium."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (its own browser download does not work here)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    ARTIFACTS.mkdir(exist_ok=True)  # screenshots, for a person to look at
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A fresh page of the session's browser, closed after the test."""
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.md from the current output")
