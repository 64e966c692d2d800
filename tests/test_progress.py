"""``noticeboard build`` says what it is doing and how far it is: phases and counts as plain
lines in a log (CI), a bar redrawn in place on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

BUILD = [sys.executable, "-m", "noticeboard.cli", "build", "--site-dir"]


def test_build_in_a_log_prints_phases_and_counts_as_lines(project: Path, tmp_path: Path):
    done = subprocess.run(BUILD + [str(tmp_path / "site")], cwd=project, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert "\r" not in done.stderr and "\x1b" not in done.stderr
    assert "INFO    -  noticeboard: reading notices: 4 of 4" in lines
    assert any(line.startswith("INFO    -  noticeboard: loaded 4 notices; planned ") for line in lines)
    [writing] = [line for line in lines if "writing pages:" in line]  # one line at the end for a small site
    total = writing.rsplit(" of ", 1)[1]
    assert writing == f"INFO    -  noticeboard: writing pages: {total} of {total}" and int(total) > 3
    assert done.stdout.strip() == f"built 3 notices into {tmp_path / 'site'}"


def test_build_on_a_terminal_draws_a_bar(project: Path, tmp_path: Path):
    pid, fd = pty.fork()
    if pid == 0:  # the child: a build whose output is a terminal
        os.chdir(project)
        os.execv(sys.executable, BUILD + [str(tmp_path / "site")])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closed: the build ended
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    text = out.decode("utf-8")
    assert os.waitstatus_to_exitcode(status) == 0, text
    bar = [part for part in text.split("\r") if part.startswith("\x1b[Kwriting pages [")]
    assert bar and bar[-1].startswith("\x1b[Kwriting pages [" + "#" * 30 + "]")
    assert "noticeboard: loaded 4 notices" in text and "built 3 notices into" in text


def test_the_program_says_why_a_build_failed_and_leaves_the_site(project: Path, tmp_path: Path):
    # the program ends at once after a build (cli._leave): what it said is still all out, and the exit code is the build's
    site = tmp_path / "site"
    assert subprocess.run(BUILD + [str(site)], cwd=project, capture_output=True, timeout=600).returncode == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    notice = sorted(p for p in (project / "notices").rglob("*.yml") if p.name != "issuers.yml")[0]
    notice.write_text(notice.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    failed = subprocess.run(BUILD + [str(site)], cwd=project, capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.rstrip().endswith(f"build failed; the previous site in {site} is unchanged.")
    assert notice.relative_to(project).as_posix() in failed.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
