"""A build stopped by a signal, sent to it or to its whole process group (``kill -TERM -<pgid>``;
a closed terminal's SIGHUP; Ctrl-C's SIGINT), at any phase: it says ``Aborted!`` and exits 1,
prints no traceback, leaves no process of its group behind, the previous site as it was, no
scratch folder and no staging folder.

Real builds of a synthetic project of a few hundred notices (scripts/synth.py), big enough for
each phase to be under way when its first log line comes: the signal is sent then.
Before the fix, a group's SIGTERM killed pool workers holding the task queue's lock, and the
build hung in ``multiprocessing.Pool.terminate`` (2 of 15 tries).
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paths import REPO
from test_publish import leftovers, remaining, snapshot

NOTICES = 300

#: the first log line of each phase of a ``build --clean``, in order
PHASES = ["reading notices", "loaded", "converted", "writing pages", "search index finished", "notices; wrote"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A synthetic project of :data:`NOTICES` notices with its site built, then one notice's
    title changed (a build that went through would replace the site); the site's snapshot."""
    spec = importlib.util.spec_from_file_location("synth", REPO / "scripts" / "synth.py")
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    project = synth.generate(NOTICES, tmp_path_factory.mktemp("stop") / "project")
    done = subprocess.run(_command(project), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    notice = sorted((project / "notices").rglob("*.yml"))[-1]
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text.replace("title: ", "title: 更正 ", 1), encoding="utf-8")
    return project, snapshot(project / "site")


def _command(project: Path) -> list[str]:
    return [sys.executable, "-m", "noticeboard.cli", "build", "--clean", "-f", str(project / "mkdocs.yml")]


def _group(pgid: int) -> list[str]:
    """The processes of process group ``pgid`` that are alive (not zombies): pid and command."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, pgrp, …
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(f"{entry} {command}")
    return found


def _gone(pgid: int, seconds: float = 10) -> list[str]:
    """Waits until no process of group ``pgid`` is alive (a process the build ended may take a
    moment to go); what is still there after ``seconds``."""
    deadline = time.monotonic() + seconds
    while (alive := _group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


CASES = [(phase, stop, "group") for phase, stop in zip(PHASES, ["SIGTERM", "SIGHUP", "SIGINT"] * 2)]
CASES[-1:-1] = [("converted", "SIGTERM", "main"), ("writing pages", "SIGHUP", "main")]  # the last phase's last: it may finish the build


@pytest.mark.parametrize(("phase", "stop", "to"), CASES)
def test_a_build_stopped_at_any_phase_ends_cleanly(built, tmp_path, phase, stop, to):
    project, before = built
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(_command(project), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(tmp)}, start_new_session=True)
    said = []
    try:
        for line in proc.stderr:
            said.append(line)
            if phase in line:
                break
        else:
            raise AssertionError(f"the build ended before its phase '{phase}':\n{''.join(said)[-3000:]}")
        (os.killpg if to == "group" else os.kill)(proc.pid, getattr(signal, stop))
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the build hung after {stop} to its {to} in '{phase}': {_group(proc.pid)}") from None
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = "".join(said) + err
    assert "Traceback" not in err and "Error" not in err, err[-3000:]
    assert _gone(proc.pid) == []
    if phase == PHASES[-1] and proc.returncode == 0:  # it came once the site was put in place: the build finished (last case)
        assert out == f"built {NOTICES} notices into {project / 'site'}\n" and snapshot(project / "site") != before
    else:
        assert proc.returncode == 1 and out == "" and err.endswith("\nAborted!\n"), err[-3000:]
        assert snapshot(project / "site") == before
    assert leftovers(project) == []
    assert remaining(tmp) == []
