"""The suite refuses skips: a run in which a test is skipped exits non-zero and names it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent


def run_pytest(folder: Path, source: str) -> subprocess.CompletedProcess:
    (folder / "test_sample.py").write_text(source, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no_skips", "-p", "no:cacheprovider", "-q", "test_sample.py"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def test_a_skipped_test_fails_the_run(tmp_path):
    run = run_pytest(tmp_path, "import pytest\n\ndef test_ok():\n    pass\n\n"
                               "@pytest.mark.skipif(True, reason='nothing beside the clone')\ndef test_corpus():\n    pass\n")
    assert run.returncode == 1, run.stdout
    assert "test_sample.py::test_corpus: nothing beside the clone" in run.stdout
    assert "1 passed, 1 skipped" in run.stdout


def test_a_module_skipped_at_collection_fails_the_run(tmp_path):
    run = run_pytest(tmp_path, "import pytest\n\npytest.skip('no browser', allow_module_level=True)\n")
    assert run.returncode == 1, run.stdout
    assert "no browser" in run.stdout


def test_a_run_without_skips_passes(tmp_path):
    run = run_pytest(tmp_path, "def test_ok():\n    pass\n")
    assert run.returncode == 0, run.stdout
