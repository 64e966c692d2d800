"""Issue 10's rows: cold build, warm rebuild after one changed notice, peak tree PSS, against
plain MkDocs + Material (cold and ``--dirty``) on the same rendered pages, side by side in one run.

    .venv/bin/python scripts/scale_bench.py [--sizes 1000] [--work DIR]

Prints one JSON line per measurement (scripts/benchmark.py's ``measure``: wall time, peak summed
PSS and RSS of the process tree); BENCHMARKS.md's "Scale" section is written from them by hand,
with the load the machine was under.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import benchmark
import synth

BIN = benchmark.BIN


def touch_one(folder: Path, pattern: str) -> None:
    """One notice's title changed, as a webmaster's edit (of its YAML, or of its rendered page)."""
    path = sorted((folder / "notices").rglob(pattern))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 更正 ", 1), encoding="utf-8")


def run(n: int, work: Path) -> None:
    def out(name: str, cmd: list[str]) -> None:
        r = benchmark.measure(cmd, work / f"{name}.log")
        print(json.dumps({"n": n, "row": name, **{k: round(v, 1) if isinstance(v, float) else v for k, v in r.items()}}), flush=True)

    project = synth.generate(n, work / f"p{n}")
    build = [str(BIN / "noticeboard"), "build", "-f", str(project / "mkdocs.yml"), "--site-dir"]
    out("noticeboard cold", build + [str(work / "cold")])
    md = work / f"md{n}"
    subprocess.run([str(BIN / "noticeboard"), "render", "-f", str(project / "mkdocs.yml"), "--out", str(md), "--force"], check=True)
    plain = benchmark.plain_project(md, work / f"plain{n}")
    mk = [str(BIN / "mkdocs"), "build", "--quiet", "-f", str(plain / "mkdocs.yml"), "-d", str(work / "plain-site")]
    out("plain MkDocs cold", mk)
    touch_one(project, "n*.yml")
    out("noticeboard warm, one notice changed", build + [str(work / "warm")])
    touch_one(plain / "docs", "n*.md")
    out("plain MkDocs --dirty, one page changed", mk + ["--dirty"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--work", type=Path)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="nb-scale-"))
    try:
        for n in map(int, args.sizes.split(",")):
            run(n, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
