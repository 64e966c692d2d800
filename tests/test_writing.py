"""The YAML the importer writes: keys in the order the schema declares them, at every level."""

from __future__ import annotations

import datetime as dt

import yaml

from noticeboard.importers.writing import FlowList, FlowMap, dump_notice


def test_keys_follow_the_schema_at_every_level():
    data = {
        "review": ["kind: guessed from the text; confirm"],
        "problems": [{"status": "done", "title": "差旅费控制不得力", "category": "在落实全面从严治党方面"}],
        "former_slugs": ["old-slug"],
        "contact": {"emails": FlowList(["a@b.cn"]), "invitation": "欢迎监督。", "phones": FlowList(["12388"])},
        "kind": "progress",
        "issuer": FlowMap(region="某省", name="中共某局党组"),
        "published": dt.date(2021, 7, 5),
        "slug": "2021-07-05-mou-ju",
        "inspection": {"feedback": dt.date(2021, 2, 23), "type": "巡察", "team": "市委第二巡察组"},
        "title": "中共某局党组关于巡察整改进展情况的通报",
        "status": "draft",
    }
    text = dump_notice(data)
    loaded = yaml.safe_load(text)
    assert list(loaded) == ["title", "slug", "former_slugs", "issuer", "published", "kind", "status", "inspection",
                            "problems", "contact", "review"]
    assert list(loaded["inspection"]) == ["type", "team", "feedback"]
    assert list(loaded["problems"][0]) == ["title", "category", "status"]
    assert list(loaded["contact"]) == ["invitation", "phones", "emails"]
    assert "issuer: {name: 中共某局党组, region: 某省}" in text  # written inline, in order
    assert "  phones: ['12388']\n" in text
