"""Issue 10's rows: cold build, warm rebuild after one changed notice, peak tree PSS, against
plain MkDocs + Material (cold and ``--dirty``), Hugo and Zensical on the same rendered pages, side
by side in one run, and the preview latency of one saved edit under ``noticeboard serve``.

    .venv/bin/python scripts/scale_bench.py [--sizes 1000,10000] [--repeat 3] [--work DIR] [--edits 3]
                                            [--no-build] [--zensical-limit 600] [--report-only]

Hugo is Debian's (``apt-get install hugo``, as ``make bench`` does); Zensical is installed from
PyPI into a virtualenv of its own under the work folder (``pip install zensical``) and stopped
after ``--zensical-limit`` seconds at 10,000 notices and more; a tool that is missing, fails or is
stopped gets a row saying so. The warm rebuild builds into the site the cold build wrote, after
one notice's title changed (as a webmaster rebuilds). The preview latency: ``--edits`` saves of a
different notice's title, each timed by an HTTP poll of the page from the save to the new text,
then until the banner no longer says the search index is being updated.

Each measurement is printed as a JSON line (scripts/benchmark.py's ``measure``: wall time, peak
summed PSS and RSS of the process tree). The results are kept by size in
scripts/scale-results.json (a later run at one size replaces that size's builds or preview) and
BENCHMARKS.md's section between the scale_bench markers is written from them: medians, runs,
ratios, the git HEAD and the load average while measuring. ``--report-only`` rewrites that section
from the JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import benchmark
import synth

BIN = benchmark.BIN
RESULTS = benchmark.ROOT / "scripts" / "scale-results.json"
REPORT = benchmark.REPORT
BEGIN = "<!-- scale_bench.py: begin (written from scripts/scale-results.json by scripts/scale_bench.py; edits here are lost) -->"
END = "<!-- scale_bench.py: end -->"

COLD = "noticeboard cold"
PLAIN = "plain MkDocs cold"
WARM = "noticeboard warm, one notice changed"
DIRTY = "plain MkDocs --dirty, one page changed"
HUGO = "Hugo cold"
ZENSICAL = "Zensical cold"
ZENSICAL_WARM = "Zensical, one page changed (its cache)"
PREVIEW = "noticeboard serve, one notice saved"
#: what each row shows, in the table's order
SHOWN = {
    COLD: "**noticeboard build**, cold (no `.cache/`; pages, listings, feeds, open data, search index)",
    PLAIN: "plain MkDocs + Material, cold, the same rendered pages",
    WARM: "**noticeboard build**, warm: one notice's title changed, into the site of the cold build",
    DIRTY: "plain MkDocs + Material `--dirty`, one page changed",
    HUGO: "Hugo, cold, the same pages (minimal layout)",
    ZENSICAL: "Zensical, cold, the plain MkDocs project",
    ZENSICAL_WARM: "Zensical, one page changed (its own cache)",
}
#: each row's time and PSS compared with which rows
AGAINST = {COLD: [PLAIN], WARM: [COLD, DIRTY], DIRTY: [PLAIN], HUGO: [PLAIN], ZENSICAL: [PLAIN], ZENSICAL_WARM: [ZENSICAL]}
SHORT = {COLD: "noticeboard cold", PLAIN: "plain MkDocs cold", DIRTY: "plain `--dirty`", ZENSICAL: "Zensical cold"}


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


class Load:
    """The machine's 1-minute load average, sampled every 10 s while a size is measured."""

    def __init__(self) -> None:
        self.samples: list[float] = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(10):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        xs = self.samples
        return {"min": min(xs), "median": benchmark.med(xs), "max": max(xs)}


class Rows:
    """The measured rows of one size, each also printed as a JSON line as it is done."""

    def __init__(self, n: int, work: Path, repeat: int) -> None:
        self.n, self.work, self.repeat = n, work, repeat
        self.rows: list[dict] = []

    def _record(self, row: dict) -> dict:
        print(json.dumps(row, ensure_ascii=False), flush=True)
        self.rows.append(row)
        return row

    def fail(self, name: str, why: str) -> dict:
        """A row that could not be measured, and why."""
        return self._record({"n": self.n, "row": name, "error": why})

    def measure(self, name: str, cmd: list[str], before=None, cwd: Path | None = None, limit_s: float | None = None) -> dict:
        """``cmd`` measured ``repeat`` times (``before()`` ahead of each run): the medians and each
        run's time; a run that fails or is stopped at ``limit_s`` ends the row, saying so."""
        runs = []
        for i in range(self.repeat):
            if before is not None:
                before()
            try:
                r = benchmark.measure(cmd, self.work / f"{name}-{i}.log", cwd=cwd, limit_s=limit_s)
            except RuntimeError as exc:  # a tool that cannot build these pages: say why
                return self.fail(name, str(exc)[-600:])
            if r["timed_out"]:
                return self._record({"n": self.n, "row": name, "stopped_after_s": round(r["s"], 1), "limit_s": limit_s,
                                     "pss_mb": round(r["pss_mb"], 1)})
            runs.append(r)
        summary = benchmark.summarize(runs)
        return self._record({"n": self.n, "row": name, "runs": len(runs), "s": round(summary["s"], 2), "pss_mb": round(summary["pss_mb"], 1),
                             "peak_mb": round(summary["peak_mb"], 1), "main_maxrss_mb": summary["main_maxrss_mb"],
                             "each_s": [round(r["s"], 2) for r in runs], "git": runs[0]["git"]})


def _measured(fn) -> dict:
    """``fn()``'s result with when, which code (git HEAD) and under what load it was measured."""
    part: dict = {"started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "git": benchmark.git_state()}
    load = Load()
    try:
        part.update(fn())
    finally:
        part["load"] = {k: round(v, 1) for k, v in load.stop().items()}
        part["finished"] = dt.datetime.now(dt.timezone.utc).strftime("%H:%M UTC")
    return part


def run(n: int, work: Path, repeat: int = 1, edits: int = 3, builds: bool = True, zensical_limit: float | None = None) -> dict:
    """What was measured at ``n`` notices: ``builds`` (the rows) and ``preview`` (the latency of
    saved edits), each with its git HEAD, times and the load average while it ran."""
    project = work / f"p{n}"
    if not (project / "mkdocs.yml").is_file():
        synth.generate(n, project)
    result: dict = {}
    if builds:
        rows = Rows(n, work, repeat)

        def measure_builds() -> dict:
            _builds(n, project, work, rows, zensical_limit)
            return {"repeat": repeat, "rows": rows.rows}

        result["builds"] = _measured(measure_builds)
    if edits:
        def measure_preview() -> dict:
            r = preview_latency(n, project, work, edits)
            r = {k: [round(x, 2) for x in v] if isinstance(v, list) else round(v, 2) for k, v in r.items()}
            print(json.dumps({"n": n, "row": PREVIEW, **r}, ensure_ascii=False), flush=True)
            return {"edits": edits, **r}

        result["preview"] = _measured(measure_preview)
    return result


def _builds(n: int, project: Path, work: Path, rows: Rows, zensical_limit: float | None) -> None:
    build = [str(BIN / "noticeboard"), "build", "-f", str(project / "mkdocs.yml"), "--site-dir", str(work / f"site{n}")]
    rows.measure(COLD, build, before=lambda: shutil.rmtree(project / ".cache", ignore_errors=True))
    md = work / f"md{n}"
    subprocess.run([str(BIN / "noticeboard"), "render", "-f", str(project / "mkdocs.yml"), "--out", str(md), "--force"], check=True)
    plain = benchmark.plain_project(md, work / f"plain{n}")
    mk = [str(BIN / "mkdocs"), "build", "--quiet", "-f", str(plain / "mkdocs.yml"), "-d", str(work / "plain-site")]
    rows.measure(PLAIN, mk)
    # into the site the cold build wrote, as a webmaster rebuilds: the unchanged pages are reused
    rows.measure(WARM, build, before=lambda: touch_one(project, "n*.yml"))
    rows.measure(DIRTY, mk + ["--dirty"], before=lambda: touch_one(plain / "docs", "n*.md"))

    hugo = benchmark.hugo_project(md, work / f"hugo{n}")
    if shutil.which(benchmark.HUGO):
        rows.measure(HUGO, [benchmark.HUGO, "--quiet", "-s", str(hugo), "-d", str(hugo / "public")],
            before=lambda: shutil.rmtree(hugo / "public", ignore_errors=True))
    else:
        rows.fail(HUGO, f"{benchmark.HUGO} not installed (apt-get install hugo)")

    exe, why = zensical(work)
    if exe is None:
        rows.fail(ZENSICAL, why)
        return
    zen = benchmark.plain_project(md, work / f"zensical{n}")  # the same project as plain MkDocs'
    cmd = [str(exe), "build", "-f", str(zen / "mkdocs.yml")]
    row = rows.measure(ZENSICAL, cmd, cwd=zen, limit_s=zensical_limit,
              before=lambda: [shutil.rmtree(zen / d, ignore_errors=True) for d in (".cache", "site")])
    row["version"] = why
    if "s" not in row:
        rows.fail(ZENSICAL_WARM, "not run: its cold build did not finish")
        return
    rows.measure(ZENSICAL_WARM, cmd, cwd=zen, limit_s=zensical_limit, before=lambda: touch_one(zen / "docs", "n*.md"))


# ---------------------------------------------------------------- BENCHMARKS.md's section

def _n(n: int) -> str:
    return f"{n:,}"


def _cell_time(row: dict) -> tuple[str, str]:
    """The time and the runs cells of a row."""
    if "error" in row:
        last = [line for line in row["error"].splitlines() if line.strip()][-1:] or [""]  # the exception, not its traceback
        return "—", "not measured: " + " ".join(last[0].split())[:300]
    if "stopped_after_s" in row:
        return f"stopped after {row['stopped_after_s']:.0f} s", f"time limit {row['limit_s']:.0f} s"
    each = ", ".join(f"{x:.1f}" for x in row["each_s"])
    return f"{row['s']:.1f} s", f"{row['runs']} ({each})"


def _ratios(row: dict, by_name: dict[str, dict]) -> str:
    out = []
    for other in AGAINST.get(row["row"], []):
        base = by_name.get(other)
        if base is None or "s" not in base or "s" not in row:
            continue
        pss = f", PSS {row['pss_mb'] / base['pss_mb']:.2f}×" if base.get("pss_mb") else ""
        out.append(f"time **{row['s'] / base['s']:.2f}×**{pss} {SHORT[other]}")
    return "; ".join(out)


def _meta(part: dict, what: str) -> str:
    load = part["load"]
    return (f"{what}: {part['started']}–{part['finished']}, git {part['git']}, load average {load['min']:.1f}–{load['max']:.1f} "
            f"(median {load['median']:.1f}) on {os.cpu_count()} cores")


def report(data: dict) -> str:
    """The section of BENCHMARKS.md written from ``data`` (scripts/scale-results.json)."""
    L = [BEGIN, "", "### Measured by `scripts/scale_bench.py` (issue 10: cold, warm, preview, memory)", ""]
    sizes = sorted(data.get("sizes", {}).items(), key=lambda kv: int(kv[0]))
    for n, entry in sizes:
        n = int(n)
        for key in ("builds", "preview"):
            if key in entry:
                L.append(f"* {_n(n)} notices, {_meta(entry[key], key)}; `{entry[key].get('command', 'scale_bench.py')}`.")
    L += ["", "Wall time: median of the runs (each run's time in brackets); memory: peak summed PSS of the process tree "
          "(`benchmark.measure`, sampled every 0.25 s). Times swing with the load average given above; the ratios are "
          "of rows measured in the same run.", "",
          "| notices | row | wall time (median) | runs (each, s) | peak tree PSS | compared |",
          "|---:|---|---:|---|---:|---|"]
    for n, entry in sizes:
        n = int(n)
        rows = entry.get("builds", {}).get("rows", [])
        by_name = {r["row"]: r for r in rows}
        for name in SHOWN:
            row = by_name.get(name)
            if row is None:
                continue
            t, runs = _cell_time(row)
            label = SHOWN[name] + (f" ({row['version']})" if row.get("version") else "") + (f"; *{row['note']}*" if row.get("note") else "")
            pss = f"{row['pss_mb']:,.0f} MiB" if row.get("pss_mb") and "error" not in row else "—"
            L.append(f"| {_n(n)} | {label} | {t} | {runs} | {pss} | {_ratios(row, by_name)} |")
        preview = entry.get("preview")
        if preview:
            shown = ", ".join(f"{x:.2f}" for x in preview["shown_s"])
            L.append(f"| {_n(n)} | **noticeboard serve**: one notice saved → its page shows the edit | **{preview['shown_median_s']:.2f} s** "
                     f"| {len(preview['shown_s'])} ({shown}) | | search index, feeds and archive-wide pages updated "
                     f"{preview['search_median_s']:.1f} s after the save (median); first preview build {preview['first_build_s']:.0f} s |")
    L += ["", END]
    return "\n".join(L) + "\n"


def write_report(data: dict, out: Path) -> None:
    """Put the section between its markers in ``out`` (after the Scale heading the first time)."""
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    section = report(data)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1:]
    else:
        mark = benchmark.SCALE_MARK
        if mark not in text:
            text = text.rstrip("\n") + "\n" + mark + " (issue 10)\n"
        at = text.index("\n", text.index(mark) + 1) + 1
        text = text[:at] + "\n" + section + text[at:]
    out.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--work", type=Path, help="keep the projects here (an existing one is reused)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each row (medians reported)")
    ap.add_argument("--edits", type=int, default=3, help="saved edits timed under serve (0: none)")
    ap.add_argument("--no-build", action="store_true", help="only the preview latency")
    ap.add_argument("--zensical-limit", type=float, default=600,
                    help="seconds after which Zensical is stopped, at 10,000 notices and more (0: never)")
    ap.add_argument("--json", type=Path, default=RESULTS, help="results by size, kept between runs")
    ap.add_argument("--out", type=Path, default=REPORT, help="the Markdown file whose scale_bench section is written")
    ap.add_argument("--report-only", action="store_true", help="only rewrite the section from --json")
    args = ap.parse_args()
    data = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else {"sizes": {}}
    if args.report_only:
        write_report(data, args.out)
        return
    command = "scale_bench.py " + " ".join(sys.argv[1:])
    work = args.work or Path(tempfile.mkdtemp(prefix="nb-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in map(int, args.sizes.split(",")):
            limit = args.zensical_limit if args.zensical_limit and n >= 10000 else None
            result = run(n, work, args.repeat, args.edits, not args.no_build, limit)
            for part in result.values():
                part["command"] = command
            data["sizes"].setdefault(str(n), {}).update(result)
            args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            write_report(data, args.out)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
