"""Slugs, output paths and YAML output: readable, UTF-8, ``|`` blocks, schema key order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from noticeboard.slugs import slugify

KEY_ORDER = ("title", "slug", "issuer", "published", "updated", "kind", "status", "withdrawn_reason",
             "doc_number", "index_code", "inspection", "summary", "sections", "problems", "progress",
             "contact", "attachments", "revisions", "source", "review")
MAX_SLUG = 50


class FlowMap(dict):
    """A mapping written inline: ``issuer: {name: …, region: …}``."""


class FlowList(list):
    """A list written inline: ``phones: ["0459-4666176"]``."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def dump_notice(data: dict) -> str:
    ordered = {key: data[key] for key in KEY_ORDER if key in data}
    ordered.update({key: value for key, value in data.items() if key not in ordered})
    return yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2)


def make_slug(published: dt.date | None, short_issuer: str | None) -> str:
    prefix = published.isoformat() if published else "undated"
    name = slugify(short_issuer, max_length=MAX_SLUG - len(prefix) - 1) if short_issuer else "notice"
    return f"{prefix}-{name}"


def output_path(out_dir: Path, published: dt.date | None, slug: str) -> Path:
    year = str(published.year) if published else "undated"
    return out_dir / year / f"{slug}.yml"
