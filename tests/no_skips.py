"""A pytest plugin: a run in which any test is skipped fails.

On a supported machine every test runs (``make test`` installs the browser rather than letting
its tests skip); a skipped test checks nothing while the run looks green. Loaded by conftest.py.
"""

from __future__ import annotations

import pytest


class NoSkips:
    def __init__(self) -> None:
        self.skipped: list[str] = []

    def _note(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        if report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.skipped.append(f"{report.nodeid}: {reason.removeprefix('Skipped: ')}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._note(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._note(report)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.skipped and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.skipped:
            terminalreporter.section("skipped tests fail the run", sep="=", red=True, bold=True)
            for line in self.skipped:
                terminalreporter.line(line)
            terminalreporter.line("every test must run: install what it needs (make test) or fix the test, never skip it")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(NoSkips(), "noticeboard-no-skips")
