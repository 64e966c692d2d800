"""Benchmark of issue 4: noticeboard against plain MkDocs + Material, Hugo, Material's search and
Pagefind on synthetic archives; writes BENCHMARKS.md and scripts/benchmark-results.json.

    .venv/bin/python scripts/benchmark.py [--sizes 100,1000,10000] [--repeat 3] [--repeat-large 2]
    .venv/bin/python scripts/benchmark.py --quick        # 100,1000 once each, for trying it
    .venv/bin/python scripts/benchmark.py --report-only  # rewrite BENCHMARKS.md from the JSON

For each size N, ``scripts/synth.py`` makes a project of N valid notices recombined from the
bundled samples, and ``noticeboard render`` writes its Markdown. Then, each command in its own
process, timed by wall clock, memory = peak of the summed RSS of the process tree (psutil, sampled
every 50 ms; the fork pool's children included, so shared copy-on-write pages count more than
once: an upper bound) and GNU time's max RSS of the main process:

* ``noticeboard build`` (check + ``mkdocs build --strict`` + search index);
* plain MkDocs + Material on the same rendered Markdown (no plugins, notice pages not in the nav);
* the same plain project with Material's ``search`` plugin (as configured by ``language: zh``,
  and with a separator that cuts between every CJK character);
* Hugo on the same Markdown with a minimal baseof/single/list layout;
* Pagefind (extended) indexing the built noticeboard site.

At the search sizes (N >= 1000 by default) the noticeboard site is served by http.server and, in
headless Debian chromium, each query runs in a fresh browser context (cold cache) against
noticeboard's ``/search/`` page and against Pagefind's JS API; bytes are the sizes of the
responses (body + headers) and time is from putting the query in the box (noticeboard: one input
event, searched at once; the 60 ms typing pause is only between quick keystrokes) or calling the
API (Pagefind) to the first result shown/loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts")]

import synth  # noqa: E402
from search_bench import ARGS, CHROMIUM, MEASURE, Server  # noqa: E402

BIN = ROOT / ".venv" / "bin"
PY = BIN / "python"
HUGO = "/usr/bin/hugo"
RESULTS = ROOT / "scripts" / "benchmark-results.json"
REPORT = ROOT / "BENCHMARKS.md"
CJK = re.compile(r"[\u4e00-\u9fff]+")
PAGEFIND_MAX_GB = 12.0

TARGETS = {"build_s": 60, "peak_mb": 2048, "ratio": 1.25, "bytes": 300_000, "ms": 300}


# ---------------------------------------------------------------- measuring a command

def _pss(pid: int) -> int:
    """Proportional set size (shared pages divided among their sharers), from smaps_rollup."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def measure(cmd: list[str], log: Path, cwd: Path | None = None, limit_mb: float | None = None, limit_s: float | None = None) -> dict:
    """Run ``cmd``; wall time, peak summed RSS and PSS of its process tree, GNU time's max RSS.
    Above ``limit_mb`` of memory or ``limit_s`` seconds the tree is killed (``killed``; ``timed_out``
    for the time limit)."""
    tfile = log.with_suffix(".time")
    full = ["/usr/bin/time", "-f", "%e %M", "-o", str(tfile), *cmd]
    peak = peak_pss = 0
    tick = 0
    killed = timed_out = False
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            for p in procs:
                if p.pid == proc.pid:  # /usr/bin/time itself
                    continue
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            if tick % 5 == 0:  # PSS every 0.25 s (reading smaps_rollup costs more than statm)
                peak_pss = max(peak_pss, sum(_pss(p.pid) for p in procs if p.pid != proc.pid))
            tick += 1
            timed_out = timed_out or bool(limit_s and time.perf_counter() - t0 > limit_s)
            if ((limit_mb and total > limit_mb * 2**20) or timed_out) and not killed:
                killed = True
                for p in reversed(procs):
                    if p.pid != proc.pid:
                        try:
                            p.kill()
                        except psutil.Error:
                            pass
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
    if proc.returncode and not killed:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail}")
    main_mb = None
    try:
        main_mb = int(tfile.read_text().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return {"s": seconds, "peak_mb": peak / 2**20, "pss_mb": peak_pss / 2**20, "main_maxrss_mb": main_mb,
            "killed": killed, "timed_out": timed_out, "git": git_state()}


def git_state() -> str:
    """HEAD and whether src/ has uncommitted changes: others commit to this tree while we measure."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--short", "--", "src"], capture_output=True, text=True).stdout.strip()
    return head + ("+dirty" if dirty else "")


def tree_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            total += os.path.getsize(os.path.join(dirpath, name))
            files += 1
    return total, files


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def p90(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    return xs[min(len(xs) - 1, round(0.9 * (len(xs) - 1)))]


def summarize(runs: list[dict]) -> dict:
    return {"runs": runs, "n_runs": len(runs), "s": med(r["s"] for r in runs),
            "peak_mb": med(r["peak_mb"] for r in runs), "pss_mb": med(r.get("pss_mb") for r in runs),
            "main_maxrss_mb": med(r["main_maxrss_mb"] for r in runs)}


# ---------------------------------------------------------------- the projects

def repo_config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def copy_markdown(md: Path, dest: Path, hugo: bool = False) -> None:
    """The rendered Markdown + the repo's docs/*.md, without noticeboard's search page and
    ``template: notice.html`` (a noticeboard theme template)."""
    shutil.copytree(md, dest)
    shutil.rmtree(dest / "search", ignore_errors=True)
    for name in ("index.md", "about.md", "report.md"):
        shutil.copy(ROOT / "docs" / name, dest / name)
    for path in dest.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        new = text.replace("\ntemplate: notice.html\n", "\n", 1) if text.startswith("---\n") else text
        if hugo and path.name == "index.md":
            path.unlink()
            path = path.with_name("_index.md")
            new = new if new.startswith("---\n") else f"---\ntitle: {path.parent.name}\n---\n\n" + new
        elif new == text:
            continue
        path.write_text(new, encoding="utf-8")


def plain_project(md: Path, out: Path, search: dict | None | bool = False) -> Path:
    """MkDocs + Material on the rendered Markdown: the repo's theme and extensions, no
    noticeboard plugin, optionally Material's search plugin (``search`` = its config)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_markdown(md, out / "docs")
    cfg = repo_config()
    theme = dict(cfg["theme"])
    theme.pop("custom_dir", None)
    nav = [item for item in cfg["nav"] if "search/index.md" not in item.values()]
    if search is False:
        plugins: list = []
    elif not search:
        plugins = ["search"]
    else:
        plugins = [{"search": search}]
    conf = {"site_name": cfg["site_name"], "site_url": cfg["site_url"], "docs_dir": "docs", "theme": theme,
            "nav": nav, "plugins": plugins, "markdown_extensions": cfg["markdown_extensions"],
            "not_in_nav": "/notices/\n/archive/*/\n/issuers/*/\n/kinds/*/\n"}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(conf, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


HUGO_LAYOUT = {
    "baseof.html": """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}</head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Menus.main }}<a href="{{ .URL }}">{{ .Name }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n',
    "list.html": '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n',
}


def hugo_project(md: Path, out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    (out / "layouts" / "_default").mkdir(parents=True)
    copy_markdown(md, out / "content", hugo=True)
    for name, text in HUGO_LAYOUT.items():
        (out / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    cfg = repo_config()
    menu = "".join(
        f'[[menu.main]]\nname = "{k}"\nurl = "/{v.replace("index.md", "").replace(".md", "/")}"\nweight = {i}\n'
        for i, item in enumerate(cfg["nav"]) for k, v in item.items() if "search" not in v)
    (out / "hugo.toml").write_text(
        f'baseURL = "{cfg["site_url"]}"\nlanguageCode = "zh"\ntitle = "{cfg["site_name"]}"\n'
        'disableKinds = ["taxonomy", "term", "RSS"]\n'
        '[markup.goldmark.renderer]\nunsafe = true\n' + menu, encoding="utf-8")
    return out


# ---------------------------------------------------------------- queries and truth

def notice_texts(md: Path) -> dict[str, str]:
    """``notices/<year>/<slug>/`` → the page's text (front matter dropped, tags → spaces)."""
    out = {}
    for path in sorted((md / "notices").rglob("*.md")):
        text = FRONT.sub("", path.read_text(encoding="utf-8"))
        text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\\", "")
        rel = path.relative_to(md).with_suffix("").as_posix() + "/"
        out[rel] = text
    return out


def pick_queries(texts: dict[str, str], n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    keys = list(texts)
    out: list[dict] = []
    seen = set()
    while len(out) < n:
        src = keys[rng.randrange(len(keys))]
        t = texts[src]
        runs = [m for m in CJK.finditer(t, len(t) // 4, 3 * len(t) // 4)]
        if not runs:
            continue
        if len(out) % 5 == 4:  # two-word query: two short phrases from different runs of the notice
            a, b = rng.sample(runs, 2) if len(runs) > 1 else (runs[0], runs[0])
            if len(a.group()) < 2 or len(b.group()) < 3:
                continue
            i = rng.randrange(len(a.group()) - 1)
            j = rng.randrange(len(b.group()) - 2)
            words = [a.group()[i:i + 2], b.group()[j:j + 3]]
        else:
            size = 2 + len(out) % 5
            m = runs[rng.randrange(len(runs))]
            if len(m.group()) < size:
                continue
            i = rng.randrange(len(m.group()) - size + 1)
            words = [m.group()[i:i + size]]
        q = " ".join(words)
        if q in seen or len(set(words)) < len(words):
            continue
        seen.add(q)
        truth = [k for k, v in texts.items() if all(w in v for w in words)]
        out.append({"q": q, "words": words, "source": src, "truth": len(truth), "truth_set": set(truth)})
    return out


def notice_key(url: str) -> str | None:
    m = re.search(r"(notices/\d{4}/[^/]+/)", url)
    return m.group(1) if m else None


# ---------------------------------------------------------------- browser

PAGEFIND = """async (q) => {
  const t0 = performance.now();
  const pf = await import(new URL('/pagefind/pagefind.js', location.href).href);
  const s = await pf.search(q);
  const t1 = performance.now();
  let first = null, urls = [];
  if (s.results.length) {
    const d0 = await s.results[0].data();
    first = performance.now() - t0;
    const rest = await Promise.all(s.results.slice(1, 5).map((r) => r.data()));
    urls = [d0, ...rest].map((d) => d.url);
  }
  return {ms: first, search_ms: t1 - t0, top5_ms: performance.now() - t0, total: s.results.length, urls};
}"""


def _collect(page):
    sizes: list[tuple[str, int]] = []

    def done(req):
        try:
            s = req.sizes()
            sizes.append((req.url, s["responseBodySize"] + s["responseHeadersSize"]))
        except Exception:  # noqa: BLE001 - a request of a closed page
            pass

    page.on("requestfinished", done)
    return sizes


def score(q: dict, urls: list[str]) -> dict:
    keys = [notice_key(u) for u in urls]
    top = [k for k in keys[:5]]
    return {"first_ok": bool(top) and top[0] in q["truth_set"],
            "top5_ok": bool(top) and all(k in q["truth_set"] for k in top),
            "source_in_top5": q["source"] in top,
            "top5_notices": sum(k is not None for k in top)}


def browse_noticeboard(browser, base: str, q: dict) -> dict:
    ctx = browser.new_context()
    page = ctx.new_page()
    sizes = _collect(page)
    page.goto(base + "/search/")
    page.wait_for_function("document.querySelector('.nb-status').textContent.length > 0")
    page.wait_for_load_state("networkidle")
    before = len(sizes)
    got = page.evaluate(MEASURE, q["q"])
    urls = page.evaluate("[...document.querySelectorAll('.nb-hit-title a')].map((a) => a.href)")
    page.wait_for_load_state("networkidle")
    ctx.close()
    search_load = sum(s for u, s in sizes[:before] if "/search/" in u and not u.split("?")[0].endswith("/search/"))
    after = sum(s for _, s in sizes[before:])
    shown = re.search(r"找到 (约 )?(\d+) 篇", got["status"])
    total = int(shown.group(2)) if shown else 0
    return {"q": q["q"], "ms": got["ms"], "bytes_after_typing": after, "bytes_search_cold": search_load + after,
            "bytes_page_load": sum(s for _, s in sizes[:before]), "requests_after_typing": len(sizes) - before,
            "shown": total, "about": bool(shown and shown.group(1)), "truth": q["truth"],
            **score(q, urls)}


def browse_pagefind(browser, base: str, q: dict) -> dict:
    ctx = browser.new_context()
    page = ctx.new_page()
    sizes = _collect(page)
    page.goto(base + "/about/")
    page.wait_for_load_state("networkidle")
    before = len(sizes)
    got = page.evaluate(PAGEFIND, q["q"])
    page.wait_for_load_state("networkidle")
    ctx.close()
    return {"q": q["q"], "ms": got["ms"], "search_ms": got["search_ms"], "top5_ms": got["top5_ms"],
            "bytes_after_typing": sum(s for _, s in sizes[before:]), "requests_after_typing": len(sizes) - before,
            "shown": got["total"], "truth": q["truth"], **score(q, got["urls"])}


def browser_runs(site: Path, queries: list[dict], pagefind: bool) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {"noticeboard": [], "pagefind": []}
    with Server(site) as srv, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            # one warm-up query each (browser start, disk cache of the OS), not counted
            browse_noticeboard(browser, srv.base, queries[0])
            if pagefind:
                browse_pagefind(browser, srv.base, queries[0])
            for q in queries:
                out["noticeboard"].append(browse_noticeboard(browser, srv.base, q))
                if pagefind:
                    out["pagefind"].append(browse_pagefind(browser, srv.base, q))
        finally:
            browser.close()
    return out


# ---------------------------------------------------------------- one size

def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_size(n: int, repeat: int, work: Path, args) -> dict:
    res: dict = {"n": n, "repeat": repeat}
    proj = work / f"p{n}"
    t = time.perf_counter()
    synth.generate(n, proj)
    res["synth_s"] = time.perf_counter() - t
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    site = work / f"site{n}"
    md = work / f"md{n}"

    runs = []
    for i in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        runs.append(measure([str(BIN / "noticeboard"), "build", "-f", str(proj / "mkdocs.yml"), "--site-dir", str(site)],
                            logs / f"nb-{n}-{i}.log"))
        log(f"N={n} noticeboard build {runs[-1]['s']:.1f} s, {runs[-1]['peak_mb']:.0f} MB")
    res["noticeboard"] = summarize(runs)
    res["noticeboard"]["site_bytes"], res["noticeboard"]["site_files"] = tree_size(site)
    res["noticeboard"]["search_index_bytes"], res["noticeboard"]["search_index_files"] = tree_size(site / "search")

    # the same build without the search index (noticeboard's `search: false`): the site part alone
    cfg = (proj / "mkdocs.yml").read_text(encoding="utf-8")
    nosearch = cfg.replace("      notices_dir: notices\n", "      notices_dir: notices\n      search: false\n")
    nosearch = re.sub(r"\n *- [^\n]*: search/index\.md(?=\n)", "", nosearch)  # no search page then
    (proj / "mkdocs.yml").write_text(nosearch, encoding="utf-8")
    runs = []
    for i in range(repeat if n < 10000 else 1):
        shutil.rmtree(work / "nosearch", ignore_errors=True)
        runs.append(measure([str(BIN / "noticeboard"), "build", "-f", str(proj / "mkdocs.yml"), "--site-dir",
                             str(work / "nosearch")], logs / f"nb-nosearch-{n}-{i}.log"))
        log(f"N={n} noticeboard build without search {runs[-1]['s']:.1f} s, {runs[-1]['peak_mb']:.0f} MB")
    (proj / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    res["noticeboard_nosearch"] = summarize(runs)
    res["noticeboard_nosearch"]["site_bytes"], res["noticeboard_nosearch"]["site_files"] = tree_size(work / "nosearch")
    shutil.rmtree(work / "nosearch")

    shutil.rmtree(md, ignore_errors=True)
    res["render"] = measure([str(BIN / "noticeboard"), "render", "-f", str(proj / "mkdocs.yml"), "--out", str(md)],
                            logs / f"render-{n}.log")

    variants = [("mkdocs", False), ("material_search", None)]
    for name, search in variants:
        reps = repeat if name == "mkdocs" or n < 10000 else 1
        pdir = plain_project(md, work / f"{name}{n}", search)
        runs = []
        for i in range(reps):
            shutil.rmtree(pdir / "site", ignore_errors=True)
            runs.append(measure([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(pdir / "mkdocs.yml"),
                                 "-d", str(pdir / "site")], logs / f"{name}-{n}-{i}.log"))
            log(f"N={n} {name} {runs[-1]['s']:.1f} s, {runs[-1]['peak_mb']:.0f} MB")
        res[name] = summarize(runs)
        res[name]["site_bytes"], res[name]["site_files"] = tree_size(pdir / "site")
        idx = pdir / "site" / "search" / "search_index.json"
        if idx.exists():
            raw = idx.read_bytes()
            res[name]["search_index_bytes"] = len(raw)
            res[name]["search_index_gzip_bytes"] = len(gzip.compress(raw, 6))
            res[name]["search_docs"] = len(json.loads(raw)["docs"])
        shutil.rmtree(pdir)

    hdir = hugo_project(md, work / f"hugo{n}")
    runs = []
    for i in range(max(repeat, 3)):
        shutil.rmtree(hdir / "public", ignore_errors=True)
        runs.append(measure([HUGO, "--quiet", "-s", str(hdir), "-d", str(hdir / "public")], logs / f"hugo-{n}-{i}.log"))
    log(f"N={n} hugo {runs[-1]['s']:.2f} s")
    res["hugo"] = summarize(runs)
    res["hugo"]["site_bytes"], res["hugo"]["site_files"] = tree_size(hdir / "public")
    res["hugo"]["pages"] = sum(1 for _ in (hdir / "public").rglob("index.html"))
    shutil.rmtree(hdir)

    do_pagefind = n <= args.pagefind_max
    if do_pagefind:
        r = measure([str(PY), "-m", "pagefind", "--site", str(site), "--quiet"], logs / f"pagefind-{n}.log",
                    limit_mb=PAGEFIND_MAX_GB * 1024)
        r["index_bytes"], r["index_files"] = tree_size(site / "pagefind")
        res["pagefind"] = r
        log(f"N={n} pagefind {r['s']:.1f} s, {r['peak_mb']:.0f} MB{' KILLED' if r['killed'] else ''}")
        do_pagefind = not r["killed"]
    else:
        res["pagefind"] = {"skipped": f"not run above {args.pagefind_max:,} notices"}

    if n >= args.search_min:
        texts = notice_texts(md)
        queries = pick_queries(texts, args.queries, seed=n)
        t = time.perf_counter()
        rows = browser_runs(site, queries, do_pagefind)
        log(f"N={n} browser queries {time.perf_counter() - t:.0f} s")
        res["queries"] = [{k: v for k, v in q.items() if k != "truth_set"} for q in queries]
        res["browser"] = rows
    shutil.rmtree(proj)
    shutil.rmtree(md)
    shutil.rmtree(site)
    return res


# ---------------------------------------------------------------- environment and report

def version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def machine() -> dict:
    from importlib.metadata import version as pv

    cpu = "?"
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "nproc": os.cpu_count(), "cpu": cpu,
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "os": platform.platform(),
            "python": platform.python_version(), "mkdocs": pv("mkdocs"), "material": pv("mkdocs-material"),
            "jieba": "not installed" if _missing("jieba") else pv("jieba"),
            "noticeboard": pv("noticeboard"), "pagefind": version([str(PY), "-m", "pagefind", "--version"]),
            "hugo": version([HUGO, "version"]), "chromium": version([CHROMIUM, "--version"]),
            "playwright": pv("playwright"),
            "git": version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
            "uncommitted_src": subprocess.run(["git", "-C", str(ROOT), "status", "--short", "--", "src"],
                                              capture_output=True, text=True).stdout.split("\n")[:-1]}


def _missing(mod: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(mod) is None


def fmt_s(x):
    return "—" if x is None else (f"{x:.2f} s" if x < 10 else f"{x:.1f} s")


def fmt_mb(x):
    return "—" if x is None else f"{x:,.0f} MB"


def fmt_bytes(x):
    if x is None:
        return "—"
    return f"{x / 1e6:,.1f} MB" if x >= 1e6 else f"{x / 1e3:,.0f} kB"


def ok(flag: bool | None) -> str:
    return "—" if flag is None else ("✓" if flag else "✗")


def browser_summary(rows: list[dict]) -> dict:
    if not rows:
        return {}
    bytes_key = "bytes_search_cold" if "bytes_search_cold" in rows[0] else "bytes_after_typing"
    ms = [r["ms"] for r in rows]
    return {"bytes_med": med(r[bytes_key] for r in rows), "bytes_p90": p90([r[bytes_key] for r in rows]),
            "after_med": med(r["bytes_after_typing"] for r in rows),
            "ms_med": med(ms), "ms_p90": p90(ms), "no_result": sum(m is None for m in ms),
            "first_ok": sum(r["first_ok"] for r in rows), "top5_ok": sum(r["top5_ok"] for r in rows),
            "source_top5": sum(r["source_in_top5"] for r in rows), "n": len(rows),
            "count_recall": (sum(min(r["shown"], r["truth"]) for r in rows) / max(1, sum(r["truth"] for r in rows))),
            "exact": sum(r["shown"] == r["truth"] and not r.get("about") for r in rows)}


def report(data: dict) -> str:
    m = data["machine"]
    sizes = data["sizes"]
    L = []
    add = L.append
    add("# Benchmarks\n")
    dirty = m.get("uncommitted_src") or []
    add(f"Measured by `scripts/benchmark.py` (`{data['command']}`) on {m['date']}, git {m['git']}"
        + (f" with uncommitted changes to src/ by others ({', '.join(x.split()[-1] for x in dirty)})" if dirty else "")
        + "; raw numbers in "
        "[`scripts/benchmark-results.json`](scripts/benchmark-results.json). Run it again with `make bench`.\n")
    add(f"**Machine:** {m['nproc']} cores ({m['cpu']}), {m['memory_gb']} GB RAM, {m['os']}; shared with other "
        "work while measuring, so times are noisy. Python " + m["python"] + f", MkDocs {m['mkdocs']}, Material "
        f"{m['material']} (jieba {m['jieba']}), {m['hugo']}, Pagefind {m['pagefind']} (extended), {m['chromium']} "
        f"(Playwright {m['playwright']}).\n")
    heads = sorted({u.get("git", "?") for r in sizes for k, x in r.items() if isinstance(x, dict)
                    for u in (x.get("runs") or [x]) if isinstance(u, dict) and "s" in u})
    add(f"Code measured (git HEAD per run): {', '.join(heads)}.\n")
    reps = ", ".join(f"{r['n']:,}: {r['noticeboard']['n_runs']}" for r in sizes)
    add("## Method\n")
    add(f"* Archives: `scripts/synth.py` recombines the bundled sample notices into N schema-valid notices "
        "(≈ the samples' length, real vocabulary; sections recombined, so many notices share paragraphs). "
        "`noticeboard render` writes the same pages as Markdown for the other tools.\n"
        f"* Each build runs in its own process. Times are wall-clock medians of repeated runs (runs per size "
        f"for noticeboard and plain MkDocs — {reps}; Material search at 10,000 and Pagefind: 1 run; Hugo: ≥ 3). "
        "Memory: the peak of the summed PSS (proportional set size: a page shared by k processes counts "
        "1/k in each) of the process tree sampled every 0.25 s — the real memory used, forked workers "
        "included; beside it the peak summed RSS sampled every 50 ms (shared copy-on-write pages counted "
        "in every process: an upper bound) and GNU time's max RSS of the main process alone. Each run "
        "records the git HEAD it measured (others commit to this tree meanwhile).\n"
        "* **noticeboard**: `noticeboard build` = check + `mkdocs build --strict` with the noticeboard plugin "
        "(notice pages, listings, feeds, open data, search index). Its site also holds feeds, JSON API and "
        "search index, which the others do not.\n"
        "* **plain MkDocs**: the rendered Markdown + `docs/*.md` (without noticeboard's search page and with "
        "`template: notice.html` removed from front matter), `theme: material` with the repo's theme settings "
        "and `markdown_extensions`, `plugins: []`, notice/listing pages `not_in_nav`, the repo's nav minus the "
        "search page; `mkdocs build --quiet` (not strict).\n"
        "* **Material search**: the same project with `plugins: [search]` (configured by `language: zh`: "
        "Material's zh separator; jieba is not installed, so no word segmentation at build time). The index "
        "holds the pages' text whatever the separator (the separator is applied in the browser), so one "
        "build is measured. Material's search downloads `search/search_index.json` whole, so its bytes per "
        "first query are the size of that file (raw / gzip); its time in the browser is not measured.\n"
        "* **Hugo**: `content/` = the same Markdown (`index.md` → `_index.md`), a minimal baseof/single/list "
        "layout, `markup.goldmark.renderer.unsafe = true`, no RSS or taxonomies; `hugo --quiet`.\n"
        "* **Pagefind** (extended, CJK segmentation): `python -m pagefind --site SITE` on the built "
        f"noticeboard site (all pages, default settings), killed above {PAGEFIND_MAX_GB:.0f} GB.\n"
        "* **Search in the browser** (headless Debian chromium, a new browser context per query = cold "
        "cache, site served by Python's http.server on localhost, so no network latency): "
        f"{data['queries']} queries per size, seeded, drawn from the middle half of random notices' text: "
        "phrases of 2–6 CJK characters (4 of 5) and two-word queries (2 + 3 characters, 1 of 5). "
        "noticeboard: the `/search/` page is loaded, then the query is put in the box as one input "
        "event; time = to the first `.nb-hit` (one input after a pause is searched at once; before 2026-11-25 this included a 60 ms typing pause); bytes = the "
        "search data fetched when the page loads (manifest, facet metadata) + everything fetched after "
        "typing (body + headers). Pagefind: on `/about/`, `import('/pagefind/pagefind.js')`, "
        "`search(q)`, `results[0].data()`; time = to the first result's data, bytes = everything "
        "fetched from the import on (JS, WASM, metadata, index chunks, fragments of the top 5).\n"
        "* Correctness per query, against a brute-force scan of the notice pages' text: *first ok* = the "
        "first result is a notice containing the query; *top 5 ok* = all of the first 5 results are; "
        "*count recall* = Σ min(results shown, notices containing) / Σ notices containing (noticeboard "
        "shows a count; Pagefind's count includes listing pages). Because notices share paragraphs, a "
        "phrase occurs in many notices (median below), so *the* source notice in the top 5 is mostly "
        "chance; it is given too.\n")

    add("## Build\n")
    add("| notices | tool | build time (median) | peak memory (tree PSS) | tree RSS sum | main process max RSS | site size (files) | noticeboard / plain MkDocs |")
    add("|---:|---|---:|---:|---:|---:|---:|---:|")
    names = [("noticeboard", "noticeboard"), ("noticeboard_nosearch", "noticeboard, `search: false` (no search index)"), ("mkdocs", "plain MkDocs + Material"),
             ("material_search", "MkDocs + Material + search (zh)"),
             ("hugo", "Hugo"),
             ("pagefind", "Pagefind index of the noticeboard site")]
    for r in sizes:
        for key, label in names:
            x = r.get(key) or {}
            if "skipped" in x or not x:
                add(f"| {r['n']:,} | {label} | {x.get('skipped', 'not run')} | | | | | |")
                continue
            ratio = ""
            if key in ("noticeboard", "noticeboard_nosearch"):
                ratio = f"**{x['s'] / r['mkdocs']['s']:.2f}×**"
            site = (f"{fmt_bytes(x['site_bytes'])} ({x['site_files']:,})" if "site_bytes" in x
                    else "no index (killed)" if x.get("killed")
                    else f"index {fmt_bytes(x['index_bytes'])} ({x['index_files']:,})")
            runs = x.get("n_runs", 1)
            add(f"| {r['n']:,} | {label} | {fmt_s(x['s'])}{'' if runs > 1 else ' (1 run)'} | "
                f"{fmt_mb(x.get('pss_mb'))} | {fmt_mb(x['peak_mb'])}{' → killed' if x.get('killed') else ''} | "
                f"{fmt_mb(x['main_maxrss_mb']) if x.get('main_maxrss_mb') and not x.get('killed') else '—'} | {site} | {ratio} |")
    add("")
    add("Per-run times (s): " + "; ".join(
        f"{r['n']:,} {k}: " + ", ".join(f"{u['s']:.1f}" for u in r[k]["runs"])
        for r in sizes for k in ("noticeboard", "noticeboard_nosearch", "mkdocs") if r.get(k)) + ".\n")

    add("## Search\n")
    add("| notices | engine | index build | index peak memory | index on disk (files) | bytes per first query, cold (median / p90) "
        "| of which after typing (median) | typing → first result (median / p90) | first ok | top 5 ok | count recall "
        "| exact counts | source in top 5 |")
    add("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in sizes:
        if "browser" not in r and r["n"] < 1000:
            continue
        nb = r["noticeboard"]
        b = browser_summary(r.get("browser", {}).get("noticeboard", []))
        n_q = b.get("n", 0)
        if b:
            add(f"| {r['n']:,} | noticeboard | in the build ({fmt_s(nb['s'])} in all) | in the build "
                f"({fmt_mb(nb.get('pss_mb') or nb['peak_mb'])}) | {fmt_bytes(nb['search_index_bytes'])} ({nb['search_index_files']:,}) "
                f"| {fmt_bytes(b['bytes_med'])} / {fmt_bytes(b['bytes_p90'])} | {fmt_bytes(b['after_med'])} "
                f"| {b['ms_med']:.0f} / {b['ms_p90']:.0f} ms | {b['first_ok']}/{n_q} | {b['top5_ok']}/{n_q} "
                f"| {b['count_recall']:.0%} | {b['exact']}/{n_q} | {b['source_top5']}/{n_q} |")
        for key, label in (("material_search", "Material search (zh)"),):
            x = r.get(key) or {}
            if "search_index_bytes" in x:
                extra = x["s"] - r["mkdocs"]["s"]
                add(f"| {r['n']:,} | {label} | {extra:+.1f} s over plain (noise ±) | {fmt_mb(x['peak_mb'])} (build) "
                    f"| {fmt_bytes(x['search_index_bytes'])} (1) | {fmt_bytes(x['search_index_bytes'])} raw, "
                    f"{fmt_bytes(x['search_index_gzip_bytes'])} gzip | same | not measured | | | | | |")
        pf = r.get("pagefind") or {}
        p = browser_summary(r.get("browser", {}).get("pagefind", []))
        if "skipped" in pf:
            add(f"| {r['n']:,} | Pagefind | {pf['skipped']} | | | | | | | | | | |")
        elif pf.get("killed"):
            add(f"| {r['n']:,} | Pagefind | killed after {fmt_s(pf['s'])} at {fmt_mb(pf['peak_mb'])} "
                f"(limit {PAGEFIND_MAX_GB:.0f} GB) | | | | | | | | | | |")
        elif pf:
            cells = (f"| {fmt_bytes(p['bytes_med'])} / {fmt_bytes(p['bytes_p90'])} | same "
                     f"| {p['ms_med']:.0f} / {p['ms_p90']:.0f} ms | {p['first_ok']}/{p['n']} | {p['top5_ok']}/{p['n']} "
                     f"| — | — | {p['source_top5']}/{p['n']} |") if p and p["ms_med"] is not None else "| | | | | | | | |"
            add(f"| {r['n']:,} | Pagefind | {fmt_s(pf['s'])} | {fmt_mb(pf['peak_mb'])}{' killed' if pf.get('killed') else ''} "
                f"| {fmt_bytes(pf['index_bytes'])} ({pf['index_files']:,}) {cells}")
    add("")
    for r in sizes:
        if r.get("queries"):
            add(f"Queries at {r['n']:,} (notices containing each): " + ", ".join(
                f"{q['q']} ({q['truth']})" for q in r["queries"]) + f"; median {med(q['truth'] for q in r['queries']):.0f}.\n")

    add("## Targets\n")
    add("| target | measured | |")
    add("|---|---|---|")
    big = max(sizes, key=lambda r: r["n"])
    N = f"{big['n']:,}"
    nb = big["noticeboard"]
    add(f"| build of 10,000 notices ≤ 60 s | {fmt_s(nb['s'])} at {N} | {ok(nb['s'] <= 60) if big['n'] >= 10000 else '— (10,000 not run)'} |")
    mem = nb.get("pss_mb") or nb["peak_mb"]
    add(f"| peak memory ≤ 2 GB | {fmt_mb(mem)} (PSS) at {N} | {ok(mem <= 2048) if big['n'] >= 10000 else '— (10,000 not run)'} |")
    ratio = nb["s"] / big["mkdocs"]["s"]
    add(f"| ≤ 1.25× plain MkDocs on the same pages | {ratio:.2f}× at {N} | {ok(ratio <= 1.25)} |")
    if big.get("noticeboard_nosearch"):
        r2 = big["noticeboard_nosearch"]["s"] / big["mkdocs"]["s"]
        add(f"| (the same without the search index) | {r2:.2f}× at {N} | {ok(r2 <= 1.25)} |")
    b = browser_summary(big.get("browser", {}).get("noticeboard", []))
    if b:
        full = big["n"] >= 10000
        add(f"| ≤ 300 kB per query at 10,000 | {fmt_bytes(b['bytes_med'])} median, {fmt_bytes(b['bytes_p90'])} p90 at {N} "
            f"| {ok(b['bytes_p90'] <= 300_000) if full else '—'} |")
        add(f"| ≤ 300 ms to the first result at 10,000 | {b['ms_med']:.0f} ms median, {b['ms_p90']:.0f} ms p90 at {N} "
            f"| {ok(b['ms_p90'] <= 300) if full else '—'} |")
    add("")
    if data.get("analysis"):
        add("## Analysis\n")
        add(data["analysis"].strip() + "\n")
    return "\n".join(L) + kept_scale_section()


#: BENCHMARKS.md's section from scripts/scale_bench.py (issue 10), kept when the report is rewritten
SCALE_MARK = "\n## Scale: cache, warm rebuilds and memory"


def kept_scale_section() -> str:
    try:
        text = REPORT.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = text.find(SCALE_MARK)
    return text[at:] if at >= 0 else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size below 10,000")
    ap.add_argument("--repeat-large", type=int, default=2, help="runs at 10,000 and above")
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--search-min", type=int, default=1000, help="browser measurements from this size on")
    ap.add_argument("--pagefind-max", type=int, default=10000)
    ap.add_argument("--quick", action="store_true", help="--sizes 100,1000 --repeat 1 --queries 10")
    ap.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    ap.add_argument("--json", type=Path, default=RESULTS)
    ap.add_argument("--out", type=Path, default=REPORT)
    ap.add_argument("--analysis", type=Path, help="Markdown file appended as the analysis section")
    ap.add_argument("--report-only", action="store_true", help="only rewrite --out from --json")
    args = ap.parse_args()
    if args.report_only:
        data = json.loads(args.json.read_text(encoding="utf-8"))
        if args.analysis:
            data["analysis"] = args.analysis.read_text(encoding="utf-8")
            args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        args.out.write_text(report(data), encoding="utf-8")
        return
    if args.quick:
        args.sizes, args.repeat, args.repeat_large, args.queries = "100,1000", 1, 1, 10
    sizes = [int(s) for s in args.sizes.split(",")]
    data = {"command": "python scripts/benchmark.py " + " ".join(sys.argv[1:]), "machine": machine(),
            "queries": args.queries, "sizes": []}
    work = args.work or Path(tempfile.mkdtemp(prefix="nb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"work folder {work}")
    try:
        for n in sizes:
            data["sizes"].append(run_size(n, args.repeat if n < 10000 else args.repeat_large, work, args))
            args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            args.out.write_text(report(data), encoding="utf-8")
            log(f"N={n} done; wrote {args.json} and {args.out}")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(report(data))


if __name__ == "__main__":
    main()
