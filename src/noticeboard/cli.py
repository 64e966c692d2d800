"""The ``noticeboard`` command: new, check, render, build, serve, schema (and import)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from .dates import today
from .errors import NoticeErrors
from .project import Project, load_issuers, load_project, relative_path
from .settings import Settings
from . import stops
from .slugs import slugify


def _read_settings(click_ctx: click.Context, param: click.Parameter, config_file: Path | None) -> Settings:
    from .mkdocs_plugin.settings import SettingsError, read_settings

    try:
        return read_settings(config_file)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


config_file_option = click.option(
    "-f", "--config-file", "settings", type=click.Path(dir_okay=False, path_type=Path), default=None,
    callback=_read_settings, help="The project's MkDocs config, as for mkdocs (default: mkdocs.yml here).")
"""The project as its mkdocs.yml sets it up (the noticeboard plugin's options), as :class:`Settings`."""


def _load(settings: Settings) -> Project:
    """Load and validate all notices, or print every problem and exit 1."""
    try:
        return load_project(settings.root, settings.notices_dir)
    except NoticeErrors as exc:
        click.echo(exc.report(), err=True)
        sys.exit(1)


class Commands(click.Group):
    """The commands, ``import`` read in only when it is run or listed: its readers (python-docx,
    lxml) take a second to import, which ``build`` and ``serve`` do not wait for."""

    LATER = {"import": ("noticeboard.importers.command", "import_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LATER])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LATER:
            module, command = self.LATER[name]
            return getattr(importlib.import_module(module), command)
        return super().get_command(ctx, name)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="noticeboard")
def main() -> None:
    """Publish public notices: validate YAML notices and build a searchable static site."""
    # A service manager's stop (SIGTERM) or a closed terminal (SIGHUP) ends a command as Ctrl-C
    # does, through its cleanup: serve removes the preview it wrote into the temporary folder, a
    # build its scratch files (the previous site stays, as always).
    # A stop is remembered too: a build asked to stop never puts its site in place. Sent to the
    # whole process group, it reaches the build's children too, which leave it to this process (stops.py).
    stops.install()


@main.command()
@config_file_option
def check(settings: Settings) -> None:
    """Validate every notice in the notices folder and print every problem at once."""
    project = _load(settings)
    for note in project.notes:
        click.echo(str(note))
    drafts = sum(e.is_draft for e in project.entries)
    scheduled = sum(e.is_scheduled for e in project.entries)
    waiting = f", {scheduled} scheduled" if scheduled else ""
    notes = f"; {len(project.notes)} note{'s' if len(project.notes) != 1 else ''} above" if project.notes else ""
    click.echo(f"{len(project.entries)} notices checked ({drafts} drafts{waiting}): no problems{notes}.")


@main.command()
@click.option("--issuer", "issuer_key", required=True, help="A key of notices/issuers.yml.")
@click.option("--title", default=None, help="Title of the notice.")
@click.option("--date", "published", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Publication date (default: today).")
@click.option("--slug", default=None, help="ASCII slug (default: <date>-<issuer key>).")
@config_file_option
def new(issuer_key: str, title: str | None, published: dt.datetime | None, slug: str | None, settings: Settings) -> None:
    """Scaffold a draft notice from an issuer's defaults (never overwrites)."""
    from .importers.writing import dump_notice

    records, problems = load_issuers(settings.root, settings.notices_dir)
    if problems:
        raise click.ClickException("\n".join(map(str, problems)))
    record = records.get(issuer_key)
    if record is None:  # unknown (an invalid record was reported above)
        known = ", ".join(sorted(records)) or "none (create notices/issuers.yml)"
        raise click.ClickException(f"unknown issuer key '{issuer_key}'; known keys: {known}")
    day = published.date() if published else today()
    slug = slug or f"{day.isoformat()}-{issuer_key}"
    if slugify(slug) != slug:
        raise click.ClickException(f"'{slug}' is not a slug: use lower-case ASCII letters, digits and '-'")
    path = settings.notices_dir / str(day.year) / f"{slug}.yml"
    shown = relative_path(settings.root, path)
    if path.exists():
        raise click.ClickException(f"{shown} already exists; not overwritten (choose another --slug)")
    defaults = record.defaults
    data: dict = {
        "title": title or f"{record.name}关于巡察整改进展情况的通报",
        "issuer": issuer_key,
        "published": day,
        "kind": (defaults.kind.value if defaults and defaults.kind else "progress"),
        "status": "draft",
        "summary": "（导语：巡视巡察的时间、巡察组、反馈时间。）\n",
        "sections": [{"heading": "一、整改工作组织情况", "body": "（正文）\n"}],
    }
    if defaults and defaults.contact:
        data["contact"] = defaults.contact.model_dump(exclude_none=True, exclude_defaults=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:  # never overwrites
        fh.write(dump_notice(data))
    click.echo(f"wrote {shown} (status: draft; set status: published when it is ready)")


@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the generated Markdown into.")
@click.option("--drafts", is_flag=True, help="Include drafts (for a preview).")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty, replacing files there.")
@config_file_option
def render(out_dir: Path, drafts: bool, force: bool, settings: Settings) -> None:
    """Write the generated pages as Markdown, for any MkDocs-compatible builder."""
    from .site.plan import build_plan
    from .site.publish import overlap

    clash = overlap(out_dir.resolve(), settings.root, settings.sources)
    if clash:
        raise click.ClickException(f"{clash}; render would write its Markdown pages among your files: choose another --out")
    project = _load(settings)
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise click.ClickException(f"{out_dir} is not empty; pass --force to write into it")
    plan = build_plan(project, today(), settings.urls, preview=drafts, search=settings.search)
    for uri, page in plan.items():
        target = out_dir / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    click.echo(f"wrote {len(plan)} pages to {out_dir}")


PROGRAM = "program"
"""``ctx.obj`` of the ``noticeboard`` program itself (:func:`run`), not of :func:`main` called in a process that goes on."""


def run() -> None:
    """The ``noticeboard`` program: :func:`main`, after which ``build`` ends the process at once (:func:`_leave`)."""
    main(obj=PROGRAM)


def _leave(code: int) -> NoReturn:
    """End the program with ``code`` once what it says is out, skipping the interpreter's teardown
    (after a build of 10,000 notices about 2 s freeing its objects one by one, and the modules').
    Called only when the build is over: every file it wrote is closed and its children reaped
    (the plugin's ``on_shutdown``; the replaced site's remover runs on by design); only log
    handlers and the standard streams hold anything yet."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)


@main.command()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the site goes (default: mkdocs.yml's site_dir, site/ unless set).")
@click.option("--clean", is_flag=True, help="Ignore the build cache (.cache/noticeboard/) and convert every page afresh.")
@config_file_option
@click.pass_obj
def build(program: str | None, site_dir: Path | None, clean: bool, settings: Settings) -> None:
    """Check, then build the public site (no drafts); the old site stays if anything fails."""
    from .mkdocs_plugin.driver import BuildFailed, SiteRefused, build_site

    target = (site_dir or settings.site_dir).resolve()
    try:
        build_site(settings.config_file, target, clean=clean, progress=sys.stderr)  # the plugin checks every notice first
    except SiteRefused as exc:
        raise click.ClickException(str(exc)) from None
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        if program == PROGRAM:
            _leave(1)
        sys.exit(1)
    count = json.loads((target / "api" / "notices.json").read_text(encoding="utf-8"))["count"]
    click.echo(f"built {count} notices into {target}")
    if program == PROGRAM:
        _leave(0)


@main.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@config_file_option
def serve(dev_addr: str, settings: Settings) -> None:
    """Preview locally: drafts included, every page marked 预览, rebuilt on changes."""
    from .mkdocs_plugin.preview import serve_site

    _load(settings)
    serve_site(settings.config_file, dev_addr)


@main.command()
def schema() -> None:
    """Print the JSON Schema of a notice (also published at /api/schema.json)."""
    from .site.opendata import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    run()
