"""Slugs, output paths and YAML output: readable, UTF-8, ``|`` blocks, schema key order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from noticeboard.model import Notice, field_model
from noticeboard.slugs import slugify

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


def in_schema_order(value: Any, model: type[BaseModel] | None = Notice) -> Any:
    """``value`` with every mapping's keys in the order ``model`` declares its fields (unknown keys
    last, as they came); nested objects and lists of them likewise."""
    if isinstance(value, list):
        return type(value)(in_schema_order(item, model) for item in value)
    if not isinstance(value, dict) or model is None:
        return value
    fields = model.model_fields
    keys = [k for k in fields if k in value] + [k for k in value if k not in fields]
    return type(value)((k, in_schema_order(value[k], field_model(model, k))) for k in keys)


# what a notice writes on one line, by the keys that lead to it (``issuer: {name: …, region: …}``)
INLINE = {("issuer",), ("progress",), ("source",), ("contact", "phones"), ("contact", "emails")}


def _inline(value: Any, path: tuple[str, ...] = ()) -> Any:
    """``value`` with the mappings and lists at the :data:`INLINE` paths marked to be written inline."""
    if isinstance(value, dict):
        return (FlowMap if path in INLINE else type(value))((k, _inline(v, (*path, k))) for k, v in value.items())
    if isinstance(value, list):
        return (FlowList if path in INLINE else type(value))(_inline(item, path) for item in value)
    return value


def dump_notice(data: dict) -> str:
    """A notice as noticeboard writes one (the importer, ``noticeboard new``): keys in schema order,
    multi-line text as ``|`` blocks, the :data:`INLINE` parts on one line, UTF-8 text as it is."""
    return yaml.dump(_inline(in_schema_order(data)), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10_000, indent=2)


def make_slug(published: dt.date | None, short_issuer: str | None) -> str:
    prefix = published.isoformat() if published else "undated"
    name = slugify(short_issuer, max_length=MAX_SLUG - len(prefix) - 1) if short_issuer else "notice"
    return f"{prefix}-{name}"


def output_path(out_dir: Path, published: dt.date | None, slug: str) -> Path:
    year = str(published.year) if published else "undated"
    return out_dir / year / f"{slug}.yml"
