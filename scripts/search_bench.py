"""Benchmark of the archive search: build time and memory, bytes and time per cold query.

    .venv/bin/python scripts/search_bench.py [--sizes 1000 10000] [--queries 20] [--doc-bytes 5000]

For each size N: N notices recombined from the paragraphs of tests/fixtures/corpus (about
``--doc-bytes`` UTF-8 bytes of Chinese each) are indexed (in a child process, for its peak RSS);
a static site with the search page is served by http.server; in headless Debian chromium each
query runs in a fresh browser context (cold cache): the page loads (which fetches the manifest and
the facet metadata), then the phrase is put in the box as one input event, and the time to the
first result (one input event, searched at once; it waited a 60 ms typing pause before 2026-11-25) and the bytes of every response are
recorded. Phrases are 2–6 CJK characters from the middle of random notices; recall is the count
shown against a brute-force count over the texts. Prints a Markdown table of medians.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import multiprocessing as mp
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from noticeboard.search.analysis import fold  # noqa: E402
from noticeboard.search.index import build_index, searchable  # noqa: E402
from noticeboard.search.page import search_page_markdown  # noqa: E402
from paths import CHROMIUM  # noqa: E402
from search_corpus import corpus_docs  # noqa: E402

ASSETS = ROOT / "src" / "noticeboard" / "assets" / "search"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHRASE = re.compile(r"[\u4e00-\u9fff]+")

MEASURE = """(q) => new Promise((resolve) => {
  const list = document.querySelector('.nb-results');
  const status = document.querySelector('.nb-status');
  const t0 = performance.now();
  const obs = new MutationObserver(() => {
    if (list.querySelector('.nb-hit') || status.textContent.includes('没有找到') || status.textContent.includes('逐篇核对了')) {
      obs.disconnect();
      resolve({ms: performance.now() - t0, status: status.textContent,
               marks: [...list.querySelectorAll('mark')].map((m) => m.textContent)});
    }
  });
  obs.observe(list, {childList: true});
  obs.observe(status, {childList: true, characterData: true, subtree: true});
  const box = document.getElementById('nb-q');
  box.value = q;
  box.dispatchEvent(new Event('input', {bubbles: true}));
})"""


def _build(docs, out, queue):
    t = time.perf_counter()
    stats = build_index(docs, out)
    seconds = time.perf_counter() - t
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    queue.put((seconds, cpu, stats.__dict__))


def build(docs, out: Path) -> tuple[float, float, dict]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_build, args=(docs, out, queue))
    proc.start()
    seconds, cpu, stats = queue.get()
    proc.join()
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    stats["cpu_s"] = cpu  # includes generating nothing: the documents exist before the fork
    return seconds, peak_mb, stats


def make_site(root: Path, docs) -> tuple[float, float, dict]:
    (root / "assets").mkdir(parents=True)
    for name in ("search.js", "search.css"):
        shutil.copy(ASSETS / name, root / "assets" / name)
    result = build(docs, root / "search")
    page = ('<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>搜索</title>'
            '<link rel="stylesheet" href="../assets/search.css"></head><body>'
            + search_page_markdown() + '<script src="../assets/search.js"></script></body></html>')
    (root / "search" / "index.html").write_text(page, encoding="utf-8")
    return result


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    def __init__(self, directory: Path):
        handler = functools.partial(Quiet, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def pick_queries(docs, n: int, rng: random.Random) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        d = docs[rng.randrange(len(docs))]
        t = d.text
        at = rng.randrange(len(t) // 4, 3 * len(t) // 4)
        m = PHRASE.search(t, at)
        size = 2 + len(out) % 5
        if m and len(m.group()) >= size and m.group()[:size] not in out:
            out.append(m.group()[:size])
    return out


def shape_queries(docs, rng: random.Random) -> list[str]:
    """Long queries: a phrase common in these notices repeated to 100 characters, 100 characters of one notice as written
    (punctuation and all), the same characters reversed (occurring nowhere as a whole)."""
    texts = [d.text.replace("\n", "") for d in docs]
    t = texts[rng.randrange(len(texts))]
    at = rng.randrange(len(t) // 4, 3 * len(t) // 4)
    passage = t[at:at + 100]
    return ["巡察整改" * 25, passage, "".join(PHRASE.findall(passage))[::-1]]


def run(n: int, nq: int, doc_bytes: int, browser, shapes: bool = False) -> dict:
    docs = corpus_docs(n, doc_bytes=doc_bytes)
    rng = random.Random(n)
    queries = pick_queries(docs, nq, rng)
    long = shape_queries(docs, random.Random(n + 2)) if shapes else []
    # several words typed without a space: two phrases that do not occur together as one
    pairs = pick_queries(docs, 2 * max(1, nq // 4), random.Random(n + 1))
    joined = [a + b for a, b in zip(pairs[::2], pairs[1::2]) if len(a) >= 3 and len(b) >= 3] or [pairs[0] + pairs[1]]
    texts = [fold(searchable(d.title, d.issuer, d.text)) for d in docs]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        seconds, peak_mb, stats = make_site(site, docs)
        with Server(site) as server:
            base = server.base
            rows = []
            for q in queries + joined + long:
                ctx = browser.new_context()
                page = ctx.new_page()
                started: list = []
                done: list = []
                page.on("request", lambda r: started.append(r))
                page.on("requestfinished", lambda r: done.append(r))
                page.on("requestfailed", lambda r: done.append(r))
                page.goto(base + "/search/")
                page.wait_for_function("document.querySelector('.nb-status').textContent.length > 0")
                before = len(started)
                got = page.evaluate(MEASURE, q)
                # everything the query fetched (also what is still arriving after the first result), read before closing
                page.wait_for_function("!document.getElementById('nb-search').hasAttribute('aria-busy')")
                while len(done) < len(started):
                    page.wait_for_timeout(10)
                late = {id(r) for r in started[before:]}
                measured = [(r.url, id(r) in late, r.sizes()) for r in done]
                ctx.close()
                sizes = [(u, sz["responseBodySize"] + sz["responseHeadersSize"]) for u, _, sz in measured]
                index_bytes = sum(s for u, s in sizes if "/search/" in u and not u.endswith("/search/"))
                query_bytes = sum(sz["responseBodySize"] + sz["responseHeadersSize"] for _, after, sz in measured if after)
                kinds: dict[str, int] = {}
                for u, s in sizes:
                    if "/search/" in u and not u.endswith("/search/"):
                        kind = urllib.parse.urlsplit(u).path.split("/search/", 1)[1].split("/")[0]
                        kinds[kind] = kinds.get(kind, 0) + s
                page_bytes = sum(s for u, s in sizes if "/assets/" in u or u.endswith("/search/"))
                shown = re.search(r"(\d+) 篇", got["status"])
                total = int(shown.group(1)) if shown else 0
                words = re.search(r"包含“(.*)”的通报", got["status"])
                words = words.group(1).split("”和“") if words else [q]
                truth = sum(all(w in t for w in words) for t in texts)
                rows.append({"q": q, "joined": q in joined, "long": q in long, "words": words, "ms": got["ms"], "index_bytes": index_bytes, "query_bytes": query_bytes,
                             "page_bytes": page_bytes, "by_file": kinds, "shown": total, "truth": truth,
                             "about": "约" in got["status"],
                             "marks_ok": all(fold(m) in words for m in got["marks"]) and bool(got["marks"])})
        disk = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
    return {"n": n, "build_s": seconds, "peak_mb": peak_mb, "stats": stats, "disk_mb": disk / 1e6, "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--doc-bytes", type=int, default=5000)
    ap.add_argument("--json", type=Path, help="also write the raw measurements here")
    ap.add_argument("--shapes", action="store_true", help="also 3 long queries: a phrase repeated to 100 characters, "
                    "100 characters of a notice, the same reversed (reported apart, not in the medians)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for n in args.sizes:
                results.append(run(n, args.queries, args.doc_bytes, browser, args.shapes))
                r = results[-1]
                print(f"N={n}: built in {r['build_s']:.1f} s", file=sys.stderr)
        finally:
            browser.close()
    med = statistics.median
    print("| notices | query | index build (wall / CPU) | peak RSS | index on disk (files, shards) "
          "| cold query: index bytes (median / max) | of which after typing | page HTML+JS+CSS "
          "| typing → first result (median / max) | recall (found / containing) | counts exact | <mark> ok (queries with results) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        for label, rows in (("phrase, 2–6 chars", [x for x in r["rows"] if not x["joined"] and not x.get("long")]),
                            ("two phrases, no space", [x for x in r["rows"] if x["joined"]]),
                            ("long (--shapes)", [x for x in r["rows"] if x.get("long")])):
            if not rows:
                continue
            found = sum(min(x["shown"], x["truth"]) for x in rows)
            truth = sum(x["truth"] for x in rows)
            exact = sum(x["shown"] == x["truth"] and not x["about"] for x in rows)
            print(f"| {r['n']:,} | {label} | {r['build_s']:.1f} s / {r['stats']['cpu_s']:.1f} s | {r['peak_mb']:.0f} MB "
                  f"| {r['disk_mb']:.1f} MB ({r['stats']['files']:,}, {r['stats']['shards']:,}) "
                  f"| {med(x['index_bytes'] for x in rows) / 1e3:.0f} kB / {max(x['index_bytes'] for x in rows) / 1e3:.0f} kB "
                  f"| {med(x['query_bytes'] for x in rows) / 1e3:.0f} kB "
                  f"| {med(x['page_bytes'] for x in rows) / 1e3:.0f} kB "
                  f"| {med(x['ms'] for x in rows):.0f} ms / {max(x['ms'] for x in rows):.0f} ms "
                  f"| {found}/{truth} | {exact}/{len(rows)} | {sum(x['marks_ok'] for x in rows if x['shown'])}/{sum(1 for x in rows if x['shown'])} |")
    def p90(xs):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, -(-9 * len(xs) // 10) - 1)]

    for r in results:
        rows = [x for x in r["rows"] if not x.get("long")]
        kinds = sorted({k for x in rows for k in x["by_file"]})
        print(f"\nN={r['n']:,}, all {len(rows)} queries: cold bytes median {med(x['index_bytes'] for x in rows) / 1e3:.0f} kB, "
              f"p90 {p90([x['index_bytes'] for x in rows]) / 1e3:.0f} kB; first result median {med(x['ms'] for x in rows):.0f} ms, "
              f"p90 {p90([x['ms'] for x in rows]):.0f} ms; by file (median kB): "
              + ", ".join(f"{k} {med(x['by_file'].get(k, 0) for x in rows) / 1e3:.1f}" for k in kinds))
    for r in results:
        print(f"\nN={r['n']:,} queries: " + ", ".join(
            f"{' '.join(x['words'])[:24]} {'约' if x['about'] else ''}{x['shown']}/{x['truth']} {x['ms']:.0f}ms {x['index_bytes'] / 1e3:.0f}kB"
            for x in r["rows"]))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
