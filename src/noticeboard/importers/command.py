"""``noticeboard import FILE... --out DIR``: import documents as draft/published notice YAML.

Read and import every input first, then write (never overwriting without ``--force``, never
writing one path twice). One line per input, then its review flags; exit 1 when any input failed.
"""

from __future__ import annotations

from pathlib import Path

import click

from noticeboard.importers.assemble import ImportResult, import_file
from noticeboard.importers.reading import ImportFailure
from noticeboard.dates import today as import_date
from noticeboard.importers.writing import dump_notice, output_path
from noticeboard.yamlread import MAX_BYTES


def _import_one(path: Path) -> ImportResult:
    try:
        return import_file(path, import_date())
    except ImportFailure:
        raise
    except Exception as exc:  # an importer bug must still be one clear line, never a traceback
        raise ImportFailure(f"internal error while importing ({exc.__class__.__name__}: {exc})") from None


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Directory to write into, as DIR/<year>/<slug>.yml (e.g. notices).")
@click.option("--force", is_flag=True, help="Overwrite notice files that already exist.")
def import_command(files: tuple[Path, ...], out_dir: Path, force: bool) -> None:
    """Import .txt (UTF-8, GB18030/GBK) and .docx notices as schema-v1 YAML files."""
    failures = 0
    planned: list[tuple[Path, Path, ImportResult, str]] = []
    taken: dict[Path, Path] = {}
    for path in files:
        try:
            result = _import_one(path)
        except ImportFailure as exc:
            click.echo(f"error: {path}: {exc}", err=True)
            failures += 1
            continue
        target = output_path(out_dir, result.published, result.slug)
        if target in taken:
            click.echo(f"error: {path}: {target} would also be written for {taken[target]}; not written", err=True)
            failures += 1
            continue
        if target.exists() and not force:
            click.echo(f"error: {path}: {target} already exists (use --force to overwrite)", err=True)
            failures += 1
            continue
        text = dump_notice(result.data)
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:  # what check would refuse is not written
            click.echo(f"error: {path}: the notice would be {size // 1024} KiB; a notice is at most {MAX_BYTES // 1024} KiB "
                       "(split the document into several notices); not written", err=True)
            failures += 1
            continue
        taken[target] = path
        planned.append((path, target, result, text))
    for path, target, result, text in planned:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            click.echo(f"error: {path}: cannot write {target}: {exc.strerror or exc}", err=True)
            failures += 1
            continue
        data = result.data
        items = sum(len(s.get("problems", [])) for s in data.get("sections", [])) + len(data.get("problems", []))
        counts = f"{len(data.get('sections', []))} sections, {items} problems"
        flags = len(result.review)
        click.echo(f"wrote {target} ({data['status']}, {counts}, {flags} review flag{'s' if flags != 1 else ''})")
        for flag in result.review:
            click.echo(f"  review: {flag}")
    done = len(files) - failures
    click.echo(f"imported {done} of {len(files)} file{'s' if len(files) != 1 else ''}")
    if failures:
        raise SystemExit(1)
