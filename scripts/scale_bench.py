"""Issue 10's rows: cold build, warm rebuild after one changed notice, peak tree PSS, against
plain MkDocs + Material (cold and ``--dirty``), Hugo and Zensical on the same rendered pages, side
by side in one run.

    .venv/bin/python scripts/scale_bench.py [--sizes 1000,10000] [--repeat 3] [--work DIR] [--edits 3] [--no-build]

Hugo is Debian's (``apt-get install hugo``, as ``make bench`` does); Zensical is installed from
PyPI into a virtualenv of its own under the work folder (``pip install zensical``); a tool that is
missing or fails gets a row saying why. Last, the preview latency of one saved edit under
``noticeboard serve`` (``--edits`` saves; an HTTP poll of the page from the save to the new text,
then until the banner no longer says the search index is being updated).

Prints one JSON line per measurement (scripts/benchmark.py's ``measure``: wall time, peak summed
PSS and RSS of the process tree); BENCHMARKS.md's "Scale" section is written from them by hand,
with the load the machine was under.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import benchmark
import synth

BIN = benchmark.BIN


def touch_one(folder: Path, pattern: str) -> None:
    """One notice's title changed, as a webmaster's edit (of its YAML, or of its rendered page)."""
    path = sorted((folder / "notices").rglob(pattern))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正 ", 1), encoding="utf-8")


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=600) as r:  # the server answers when its build is done
            return r.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _poll(url: str, until, limit: float, every: float = 0.05) -> float:
    """Seconds until the page at ``url`` satisfies ``until``."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        body = _get(url)
        if body is not None and until(body):
            return time.perf_counter() - t0
        time.sleep(every)
    raise RuntimeError(f"{url} did not change within {limit:.0f} s")


UPDATING = "搜索索引正在更新"


def preview_latency(n: int, project: Path, work: Path, edits: int) -> dict:
    """``noticeboard serve`` on the project; after its first build, ``edits`` saves of one notice's
    title (a different notice each time), each timed from the write to the page showing the new
    title (HTTP poll every 50 ms), and on until the banner no longer says the search index is
    being updated."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(work / f"serve{n}.log", "wb")
    proc = subprocess.Popen([str(BIN / "noticeboard"), "serve", "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        base = f"http://127.0.0.1:{port}/"
        t0 = time.perf_counter()
        _poll(base, lambda body: "nb-preview" in body, 7200, every=1)
        first = time.perf_counter() - t0
        shown, indexed = [], []
        paths = sorted((project / "notices").rglob("n*.yml"))
        for i in range(edits):
            path = paths[(i * 7919) % len(paths)]  # spread over the archive
            slug, year = path.stem, path.parent.name
            url = f"{base}notices/{year}/{slug}/"
            mark = f"编辑{i}号{time.time_ns() % 10**6}"
            _poll(url, lambda body: UPDATING not in body, 1800, every=0.2)  # the last edit's outputs are done
            text = path.read_text(encoding="utf-8")
            t0 = time.perf_counter()
            path.write_text(text.replace("title: ", f"title: {mark}", 1), encoding="utf-8")
            shown.append(_poll(url, lambda body: mark in body, 600))
            indexed.append(shown[-1] + _poll(url, lambda body: UPDATING not in body, 1800, every=0.2))
        return {"first_build_s": first, "shown_s": shown, "shown_median_s": benchmark.med(shown),
                "search_s": indexed, "search_median_s": benchmark.med(indexed)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def zensical(work: Path) -> tuple[Path | None, str]:
    """Zensical's command, installed from PyPI into ``work/zensical-venv`` if it is not there yet;
    None and why when it does not install."""
    venv = work / "zensical-venv"
    exe = venv / "bin" / "zensical"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        r = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "zensical"], capture_output=True, text=True)
        if r.returncode or not exe.exists():
            return None, "pip install zensical failed: " + " ".join((r.stderr or r.stdout).split())[-300:]
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    return exe, "zensical " + r.stdout.strip()


def run(n: int, work: Path, repeat: int = 1, edits: int = 3, builds: bool = True) -> None:
    def out(name: str, cmd: list[str], before=None, cwd: Path | None = None) -> None:
        """``cmd`` measured ``repeat`` times (``before()`` ahead of each run); each run and the medians."""
        runs = []
        for i in range(repeat):
            if before is not None:
                before()
            try:
                runs.append(benchmark.measure(cmd, work / f"{name}-{i}.log", cwd=cwd))
            except RuntimeError as exc:  # a tool that cannot build these pages: say why
                print(json.dumps({"n": n, "row": name, "error": str(exc)[-600:]}, ensure_ascii=False), flush=True)
                return
        summary = benchmark.summarize(runs)
        row = {"n": n, "row": name, "runs": len(runs), "s": summary["s"], "pss_mb": summary["pss_mb"], "peak_mb": summary["peak_mb"],
               "main_maxrss_mb": summary["main_maxrss_mb"], "each_s": [r["s"] for r in runs], "git": runs[0]["git"]}
        print(json.dumps({k: round(v, 1) if isinstance(v, float) else [round(x, 1) for x in v] if k == "each_s" else v
                          for k, v in row.items()}, ensure_ascii=False), flush=True)

    project = work / f"p{n}"
    if not (project / "mkdocs.yml").is_file():
        synth.generate(n, project)
    if builds:
        _builds(n, project, work, out)
    if edits:
        r = preview_latency(n, project, work, edits)
        print(json.dumps({"n": n, "row": "noticeboard serve, one notice saved",
                          **{k: [round(x, 2) for x in v] if isinstance(v, list) else round(v, 2) for k, v in r.items()}}), flush=True)


def _builds(n: int, project: Path, work: Path, out) -> None:
    build = [str(BIN / "noticeboard"), "build", "-f", str(project / "mkdocs.yml"), "--site-dir"]
    out("noticeboard cold", build + [str(work / "cold")], before=lambda: shutil.rmtree(project / ".cache", ignore_errors=True))
    md = work / f"md{n}"
    subprocess.run([str(BIN / "noticeboard"), "render", "-f", str(project / "mkdocs.yml"), "--out", str(md), "--force"], check=True)
    plain = benchmark.plain_project(md, work / f"plain{n}")
    mk = [str(BIN / "mkdocs"), "build", "--quiet", "-f", str(plain / "mkdocs.yml"), "-d", str(work / "plain-site")]
    out("plain MkDocs cold", mk)
    out("noticeboard warm, one notice changed", build + [str(work / "warm")], before=lambda: touch_one(project, "n*.yml"))
    out("plain MkDocs --dirty, one page changed", mk + ["--dirty"], before=lambda: touch_one(plain / "docs", "n*.md"))

    hugo = benchmark.hugo_project(md, work / f"hugo{n}")
    if shutil.which(benchmark.HUGO):
        out("Hugo cold", [benchmark.HUGO, "--quiet", "-s", str(hugo), "-d", str(hugo / "public")],
            before=lambda: shutil.rmtree(hugo / "public", ignore_errors=True))
    else:
        print(json.dumps({"n": n, "row": "Hugo cold", "error": f"{benchmark.HUGO} not installed (apt-get install hugo)"}), flush=True)

    exe, why = zensical(work)
    if exe is None:
        print(json.dumps({"n": n, "row": "Zensical cold", "error": why}, ensure_ascii=False), flush=True)
        return
    zen = benchmark.plain_project(md, work / f"zensical{n}")  # the same project as plain MkDocs'
    cmd = [str(exe), "build", "-f", str(zen / "mkdocs.yml")]
    out(f"Zensical cold ({why})", cmd, cwd=zen,
        before=lambda: [shutil.rmtree(zen / d, ignore_errors=True) for d in (".cache", "site")])
    out("Zensical, one page changed (its cache)", cmd, cwd=zen, before=lambda: touch_one(zen / "docs", "n*.md"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--work", type=Path, help="keep the projects here (an existing one is reused)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each row (medians reported)")
    ap.add_argument("--edits", type=int, default=3, help="saved edits timed under serve (0: none)")
    ap.add_argument("--no-build", action="store_true", help="only the preview latency")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="nb-scale-"))
    try:
        for n in map(int, args.sizes.split(",")):
            run(n, work, args.repeat, args.edits, not args.no_build)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
