"""``noticeboard build`` writes only a site, and never leaves a moment without a complete one.

Real processes and real file systems: builds run as subprocesses and are killed with SIGKILL;
a full disk is a tiny tmpfs and an unwritable parent a read-only bind mount, both mounted in a
private mount namespace (``unshare``), so nothing outside the test's folders is touched.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeboard.cli import main
from noticeboard.site.publish import MARKER, MARKER_TEXT, Publication, replace_by_renames
from sites import add_hook, messages, set_plugin_options

NOTICE = "notices/2021/2021-07-05-nanjing-dsj.yml"


def run(project: Path, *args: str):
    name, *rest = args
    return CliRunner().invoke(main, [name, "-f", str(project / "mkdocs.yml"), *rest], catch_exceptions=False)


def command(project: Path, *args: str) -> list[str]:
    name, *rest = args
    return [sys.executable, "-m", "noticeboard.cli", name, "-f", str(project / "mkdocs.yml"), *rest]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) with a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _removed(folder: Path, going) -> None:
    """Waits (up to a minute) until nothing in ``folder`` whose name ``going`` tells is there:
    what a build handed over to a process of its own to remove (noticeboard.site.discard)."""
    deadline = time.monotonic() + 60
    while any(going(p.name) for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.01)


def remaining(folder: Path) -> list[str]:
    """What is in the temporary folder ``folder`` once the scratch folders a build handed over to
    be removed (``noticeboard-….gone``) are removed."""
    _removed(folder, lambda name: name.endswith(".gone"))
    return sorted(p.name for p in folder.iterdir())


def leftovers(parent: Path, name: str = "site") -> list[str]:
    """The copies of the site beside it, once the previous site a build replaced is removed
    (a process of its own removes it after the build)."""
    _removed(parent, lambda entry: entry.startswith(f".{name}.gone-"))
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def with_search(project: Path) -> Path:
    """The fixture project with the search index on (built by a forked child process)."""
    set_plugin_options(project, search=True)
    return project


def edit_notice(project: Path) -> None:
    target = project / NOTICE
    target.write_text(target.read_text(encoding="utf-8").replace("title: ", "title: 更新：", 1), encoding="utf-8")


# -- where a site may go --------------------------------------------------------------------

@pytest.mark.parametrize("folder, reason", [
    ("notices", "{p}/notices is the project's notices folder"),
    ("notices/2021", "{p}/notices/2021 lies inside the project's notices folder ({p}/notices)"),
    ("docs", "{p}/docs is the project's docs folder"),
    ("attachments", "{p}/attachments is the project's attachments folder"),
    ("overrides", "{p}/overrides is the project's overrides folder"),
    (".git", "{p}/.git is the project's .git folder"),
    (".", "{p} is the project folder"),
    ("..", "{parent} contains the project folder {p}"),
])
def test_site_dir_refuses_the_projects_own_folders_and_touches_nothing(project, folder, reason):
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    before = snapshot(project.parent)
    result = run(project, "build", "--site-dir", str(project / folder))
    assert result.exit_code == 1
    expected = reason.format(p=project, parent=project.parent)
    assert result.output == (f"Error: {expected}; a build replaces everything in its site folder: "
                             "choose another --site-dir (by default site/ in the project)\n")
    assert snapshot(project.parent) == before
    assert sorted(p.name for p in project.parent.iterdir()) == ["project"]


def test_site_dir_refuses_a_folder_that_is_not_a_site_it_built(project, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.docx").write_bytes(b"a user's file")
    result = run(project, "build", "--site-dir", str(mine))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {mine} is not empty and is not a site noticeboard built (it has no {MARKER}); a build would "
        "replace everything in it: choose another --site-dir, or move that folder away yourself\n")
    assert sorted(p.name for p in mine.iterdir()) == ["report.docx"]
    assert leftovers(tmp_path, "mine") == []
    # an empty folder may become a site, and a site it built may be built again
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(project, "build", "--site-dir", str(empty)).exit_code == 0
    assert (empty / MARKER).is_file() and (empty / "index.html").is_file()
    assert run(project, "build", "--site-dir", str(empty)).exit_code == 0


@pytest.mark.parametrize("umask, mode", [(0o022, 0o755), (0o027, 0o750)])
def test_site_is_created_with_the_umask_like_mkdocs_build(project, umask, mode):
    done = subprocess.run(command(project, "build"), capture_output=True, text=True,
                          preexec_fn=lambda: os.umask(umask), timeout=300)
    assert done.returncode == 0, done.stderr
    assert (project / "site").stat().st_mode & 0o777 == mode
    assert (project / "site" / "notices").stat().st_mode & 0o777 == mode


# -- true messages ----------------------------------------------------------------------------

def test_a_failed_build_says_what_became_of_the_site(project):
    site = project / "site"
    (project / "attachments/2021/list.pdf").unlink()
    failed = run(project, "build")
    assert failed.exit_code == 1
    assert messages(failed.output) == (
        "noticeboard: invalid notices\n"
        f"{NOTICE}:49:27: attachments[0].file: 'attachments/2021/list.pdf' does not exist\n"
        "1 problem found.\n"
        f"build failed; no site was written to {site}.\n")
    assert not site.exists() and leftovers(project) == []
    (project / "attachments/2021/list.pdf").write_bytes(b"%PDF-1.4\n")
    assert run(project, "build").exit_code == 0
    before = snapshot(site)
    (project / "attachments/2021/list.pdf").unlink()
    failed = run(project, "build")
    assert failed.exit_code == 1
    assert failed.output.endswith(f"build failed; the previous site in {site} is unchanged.\n")
    assert snapshot(site) == before and leftovers(project) == []


# -- two builds at once ---------------------------------------------------------------------

def wait_for_staging(proc: subprocess.Popen, parent: Path, seconds: float = 60) -> bool:
    """Poll until the build ``proc`` has made its staging folder; False if it ended first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(n.startswith(".site.new-") for n in os.listdir(parent)):
            return True
        try:
            proc.wait(timeout=0.005)
            return False
        except subprocess.TimeoutExpired:
            continue
    raise AssertionError("the build made no staging folder")


def test_a_second_build_at_the_same_time_is_refused_in_one_line(project):
    site = project / "site"
    assert run(project, "build").exit_code == 0
    before = snapshot(site)
    edit_notice(project)
    first = subprocess.Popen(command(project, "build"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for_staging(first, project)
        first.send_signal(signal.SIGSTOP)  # the first build holds the site while the second starts
        second = run(project, "build")
        assert second.exit_code == 1
        assert second.output == (
            f"build failed: another build is writing {site} (process {first.pid}); wait until it has finished, "
            f"then build again; the previous site in {site} is unchanged.\n")
        assert snapshot(site) == before
    finally:
        first.send_signal(signal.SIGCONT)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert out == f"built 3 notices into {site}\n"
    assert snapshot(site) != before and leftovers(project) == []


# -- kills at any moment ----------------------------------------------------------------------

def test_a_build_killed_at_any_moment_leaves_a_complete_site_and_no_leftovers(project):
    project = with_search(project)
    site = project / "site"
    started = time.monotonic()
    assert run(project, "build").exit_code == 0
    duration = time.monotonic() - started
    previous = snapshot(site)
    edit_notice(project)
    new_copy = project.parent / "reference"
    assert run(project, "build", "--site-dir", str(new_copy)).exit_code == 0
    new = snapshot(new_copy)
    assert new != previous
    rng = random.Random()
    seed = rng.randrange(1 << 30)
    rng.seed(seed)
    kills = 12
    for k in range(kills):
        proc = subprocess.Popen(command(project, "build"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if k % 4 == 0:
            wait_for_staging(proc, project)  # the moment its staging folder appears
        else:  # any moment of the build, the swap at its end included
            delay = duration * 1.2 * (k + rng.random()) / kills
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                pass
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = snapshot(site)
        assert now in (previous, new), f"kill {k} (seed {seed}) left an incomplete site"
    finished = run(project, "build")
    assert finished.exit_code == 0, finished.output
    assert snapshot(site) == new
    assert leftovers(project) == [], f"seed {seed}"


# -- stopped as a user or a service manager stops it ---------------------------------------

@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_a_build_stopped_keeps_the_site_and_leaves_no_temporary_files(project, tmp_path, stop):
    """Ctrl-C (SIGINT) or a CI runner's or service manager's stop (SIGTERM) in the middle of a
    build: the previous site stays, and the build's scratch folder (its notices and converted
    pages, 500 MB at 10,000 notices) does not stay behind in the temporary folder."""
    project = with_search(project)
    site = project / "site"
    assert run(project, "build").exit_code == 0
    before = snapshot(site)
    edit_notice(project)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    for _ in range(5):  # until the signal comes while the build is under way
        proc = subprocess.Popen(command(project, "build", "--clean"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env={**os.environ, "TMPDIR": str(tmp)})
        while proc.poll() is None and not any(tmp.glob("noticeboard-*")):
            time.sleep(0.005)
        proc.send_signal(signal.SIGSTOP)
        if proc.poll() is None:
            break
        proc.communicate()
    else:
        raise AssertionError("each build ended before it could be stopped")
    proc.send_signal(getattr(signal, stop))
    proc.send_signal(signal.SIGCONT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1 and err.endswith("Aborted!\n") and out == ""
    assert snapshot(site) == before and leftovers(project) == []
    assert remaining(tmp) == []


def test_a_stop_python_swallowed_still_keeps_the_site(project):
    """Ctrl-C that Python could not raise where it came: the handler ran inside a finalizer
    (``__del__``), where an exception is printed and dropped. The stop was still asked: it is
    raised again as soon as the finalizer is over (nothing printed), the build does not go on to
    its end nor put its site in place, and says it stopped."""
    site = project / "site"
    assert run(project, "build").exit_code == 0
    before = snapshot(site)
    edit_notice(project)
    finalized, went_on = project / "finalized", project / "went-on"
    add_hook(project,
        "import os, signal\n"
        "class Stop:\n"
        "    def __del__(self):\n"
        f"        open({str(finalized)!r}, 'w').close()\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        sum(range(100000))  # the handler runs here, inside the finalizer\n"
        "def on_post_build(config):\n"
        "    Stop()\n"
        "    for _ in range(10000000):  # the stop comes again here\n"
        "        pass\n"
        f"    open({str(went_on)!r}, 'w').close()\n")
    done = subprocess.run(command(project, "build"), capture_output=True, text=True, timeout=300)
    assert finalized.exists() and not went_on.exists(), done.stderr[-3000:]  # the interrupt came in the finalizer, and again after it
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 1 and done.stderr.endswith("Aborted!\n"), done.stderr[-2000:]
    assert snapshot(site) == before and leftovers(project) == []


def test_a_build_killed_while_removing_an_old_copy_leaves_one_the_next_build_removes(tmp_path, monkeypatch):
    """Killed at any step of removing a staging or old copy (simulated: an interrupt at the k-th
    file removal), the copy still carries the marker or is empty, so the next build removes it."""
    site = tmp_path / "site"
    real_unlink = os.unlink
    for k in range(100):  # until a build removes everything without being interrupted
        with Publication(site) as pub:
            for i in range(3):
                (pub.staging / f"d{i}").mkdir()
                (pub.staging / f"d{i}" / "index.html").write_text("x")
            (pub.staging / "feed.xml").write_text("x")
            pub.publish()
        count = 0

        def unlink(*args, **kwargs):
            nonlocal count
            count += 1
            if count > k:
                raise KeyboardInterrupt  # the moment of the kill
            return real_unlink(*args, **kwargs)

        monkeypatch.setattr(os, "unlink", unlink)
        try:
            with Publication(site) as pub:
                (pub.staging / "index.html").write_text("new")
                pub.publish()
        except KeyboardInterrupt:
            pass
        else:
            assert k > 5 and leftovers(tmp_path) == []  # the old site's 5 files and the lock file
            break
        finally:
            monkeypatch.setattr(os, "unlink", real_unlink)
        left = [p for p in tmp_path.iterdir() if p.name.startswith(".site.") and p.name != ".site.lock"]
        assert all((p / MARKER).is_file() or not any(p.iterdir()) for p in left), f"kill at removal {k}"
        with Publication(site) as pub:
            pub.publish()
        assert leftovers(tmp_path) == [], f"kill at removal {k}"


def test_the_previous_site_is_removed_after_the_build_by_a_process_of_its_own(tmp_path):
    """A build does not wait while the previous site's files are unlinked (at 10,000 notices,
    seconds): publish returns with the new site in place and the previous one renamed
    ``.site.gone-…``, which another process removes; a copy that process could not finish (it
    was killed) is removed by the next build."""
    site = tmp_path / "site"
    with Publication(site) as pub:
        for i in range(200):
            (pub.staging / f"d{i}").mkdir()
            (pub.staging / f"d{i}" / "index.html").write_text("old", encoding="utf-8")
        pub.publish()
    with Publication(site, background=True) as pub:
        (pub.staging / "index.html").write_text("new", encoding="utf-8")
        pub.publish()
        assert (site / "index.html").read_text(encoding="utf-8") == "new" and not (site / "d0").exists()
        assert leftovers(tmp_path) == [".site.lock"]  # the lock is held until the block ends
    assert leftovers(tmp_path) == []
    killed = tmp_path / ".site.gone-0badc0de"
    (killed / "d0").mkdir(parents=True)
    (killed / MARKER).write_text("", encoding="utf-8")
    with Publication(site, background=True) as pub:
        pub.publish()
    assert leftovers(tmp_path) == []



def test_the_removing_process_removes_only_folders_of_ours(tmp_path):
    """A build hands the folders it leaves (a replaced site, a staging folder not put in place,
    its scratch folder) to a process of their own to remove, which is given a path on its
    command line: it removes a folder only of our naming, a site copy only with its marker, and
    never follows a link."""
    def discard_process(kind: str, path: Path) -> None:
        done = subprocess.run([sys.executable, "-m", "noticeboard.site.discard", kind, str(path)], capture_output=True, text=True)
        assert done.returncode == 0 and done.stderr == "", done.stderr

    someone = tmp_path / "notes"
    someone.mkdir()
    (someone / "keep.txt").write_text("mine", encoding="utf-8")
    unmarked = tmp_path / ".site.gone-0badc0de"
    unmarked.mkdir()
    (unmarked / "keep.txt").write_text("mine", encoding="utf-8")
    misnamed = tmp_path / "noticeboard-not-ours.gone"
    misnamed.mkdir()
    (misnamed / "keep.txt").write_text("mine", encoding="utf-8")
    link = tmp_path / "noticeboard-0123456789abcdef.gone"
    link.symlink_to(someone, target_is_directory=True)
    marked = tmp_path / "marked"  # a folder of someone's that happens to hold the marker
    marked.mkdir()
    (marked / MARKER).write_text("", encoding="utf-8")
    (marked / "keep.txt").write_text("mine", encoding="utf-8")
    site_link = tmp_path / ".site.gone-1inked00"
    site_link.symlink_to(marked, target_is_directory=True)
    for kind, path in [("site", someone), ("scratch", someone), ("site", unmarked), ("scratch", misnamed), ("scratch", link),
                       ("site", link), ("scratch", unmarked), ("site", site_link), ("site", marked)]:
        discard_process(kind, path)
    assert [(p / "keep.txt").read_text(encoding="utf-8") for p in (someone, unmarked, misnamed, link, marked)] == ["mine"] * 5

    scratch = tmp_path / "noticeboard-fedcba9876543210.gone"
    (scratch / "cache").mkdir(parents=True)
    copy = tmp_path / ".site.gone-12345678"
    (copy / "d0").mkdir(parents=True)
    (copy / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    discard_process("scratch", scratch)
    discard_process("site", copy)
    assert not scratch.exists() and not copy.exists()

# -- no moment without a site -------------------------------------------------------------

OBSERVER = """
import os, sys
site, stop = sys.argv[1], sys.argv[2]
seen = missing = 0
while not os.path.exists(stop):
    seen += 1
    if not os.path.exists(os.path.join(site, "index.html")):
        missing += 1
print(seen, missing)
"""


def test_the_exchange_leaves_no_moment_without_a_site(tmp_path):
    site = tmp_path / "site"
    stop = tmp_path / "stop"
    with Publication(site) as pub:
        (pub.staging / "index.html").write_text("0", encoding="utf-8")
        pub.publish()
    observer = subprocess.Popen([sys.executable, "-c", OBSERVER, str(site), str(stop)], stdout=subprocess.PIPE, text=True)
    try:
        for i in range(1, 300):
            with Publication(site) as pub:
                (pub.staging / "index.html").write_text(str(i), encoding="utf-8")
                pub.publish()
    finally:
        stop.touch()
        out, _ = observer.communicate(timeout=60)
    seen, missing = map(int, out.split())
    assert seen > 1000 and missing == 0
    assert (site / "index.html").read_text(encoding="utf-8") == "299"
    assert leftovers(tmp_path) == []


def test_a_kill_between_the_fallbacks_two_renames_is_repaired_by_the_next_build(project):
    site = project / "site"
    assert run(project, "build").exit_code == 0
    before = snapshot(site)
    # the state a kill leaves between the two renames where no atomic exchange exists
    staging = project / ".site.new-0badc0de"
    shutil.copytree(site, staging)
    old = project / ".site.old-0badc0de"
    site.rename(old)
    assert not site.exists()
    (project / "notices/2021/bad.yml").write_text("title: x\n", encoding="utf-8")
    failed = run(project, "build")
    assert failed.exit_code == 1
    assert failed.output.endswith(f"build failed; the previous site in {site} is unchanged.\n")
    assert snapshot(site) == before and leftovers(project) == []
    # and the fallback itself: the staging folder takes the site's place
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    replace_by_renames(staging, site, old)
    assert (site / "index.html").read_text(encoding="utf-8") == "new" and snapshot(old) == before


# -- full disk, unwritable parent ------------------------------------------------------------

# what the scripts below need beyond coreutils, and the Debian package each comes in
PRIVATE_MOUNT_TOOLS = {"unshare": "util-linux", "fallocate": "util-linux", "mount": "mount"}


def in_private_mounts(script: str) -> subprocess.CompletedProcess:
    """Run a shell script as root of a new user and mount namespace: its mounts are its own.
    Where that cannot be done the test fails saying what to install or allow (never a skip)."""
    missing = [tool for tool in PRIVATE_MOUNT_TOOLS if shutil.which(tool) is None]
    if missing:
        packages = " ".join(sorted({PRIVATE_MOUNT_TOOLS[tool] for tool in missing}))
        pytest.fail(f"the full-disk and read-only tests need {', '.join(missing)}, which this machine "
                    f"lacks: install {packages} (Debian: apt-get install {packages})", pytrace=False)
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-euc", script],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0 and done.stderr.startswith("unshare:"):
        pytest.fail(f"the full-disk and read-only tests need a private user and mount namespace, and "
                    f"unshare could not make one: {done.stderr.strip()}; run them where user namespaces "
                    f"are allowed (sysctl user.max_user_namespaces > 0, and on Debian "
                    f"kernel.unprivileged_userns_clone=1)", pytrace=False)
    return done


def test_a_full_disk_fails_in_one_line_and_keeps_the_previous_site(project, tmp_path):
    project = with_search(project)
    disk = tmp_path / "disk"
    disk.mkdir()
    nb = " ".join(command(project, "build", "--site-dir", str(disk / "site")))
    # a previous site, then the disk filled but for FREE bytes, at several points of the build
    script = f"""
mount -t tmpfs -o size=8m tmpfs {disk}
{nb} >/dev/null
find {disk}/site -type f | sort | xargs sha1sum > {tmp_path}/before
for free in 0 3000 30000 300000 1000000 2000000; do
  rm -f {disk}/filler
  avail=$(df --output=avail -B1 {disk} | tail -1)
  fallocate -l $((avail - free)) {disk}/filler
  set +e; {nb} 2>&1; echo "exit $?"; set -e
  find {disk}/site -type f | sort | xargs sha1sum | cmp -s - {tmp_path}/before && echo "site kept" || echo "site changed"
  for wait in $(seq 600); do ls -A {disk} | grep -q '^[.]site[.]gone-' || break; sleep 0.1; done  # the staging folder's removal: a process of its own
  ls -A {disk}
done
"""
    done = in_private_mounts(script)
    assert done.returncode == 0, done.stderr
    line = (f"build failed: cannot write {disk}/site: No space left on device; free some space on that disk, "
            f"or choose another --site-dir. The previous site in {disk}/site is unchanged.")
    assert messages(done.stdout) == f"{line}\nexit 1\nsite kept\nfiller\nsite\n" * 6


def test_an_unwritable_site_parent_fails_in_one_line(project, tmp_path):
    web = tmp_path / "web"
    web.mkdir()
    nb = " ".join(command(project, "build"))
    script = f"""
{nb} --site-dir {web}/site >/dev/null
mount --bind {web} {web}
mount -o remount,bind,ro {web}
set +e
{nb} --site-dir {web}/site 2>&1; echo "exit $?"
{nb} --site-dir {web}/other 2>&1; echo "exit $?"
"""
    done = in_private_mounts(script)
    assert done.returncode == 0, done.stderr
    assert messages(done.stdout) == (
        f"build failed: cannot write in {web}: Read-only file system; choose another --site-dir. "
        f"The previous site in {web}/site is unchanged.\nexit 1\n"
        f"build failed: cannot write in {web}: Read-only file system; choose another --site-dir. "
        f"No site was written to {web}/other.\nexit 1\n")
    assert sorted(p.name for p in web.iterdir()) == ["site"]


def test_the_namespace_tests_say_what_to_install_when_unshare_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with none of the tools
    with pytest.raises(pytest.fail.Exception) as failed:
        in_private_mounts("true")
    assert str(failed.value) == ("the full-disk and read-only tests need unshare, fallocate, mount, which this "
                                 "machine lacks: install mount util-linux (Debian: apt-get install mount "
                                 "util-linux)")
