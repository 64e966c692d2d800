"""The YAML noticeboard writes (the importer, ``new``): keys in the order the schema declares them, at
every level; the issuer, progress, source and contact lists on one line; written as it reads."""

from __future__ import annotations

import datetime as dt

import yaml

from noticeboard.importers.writing import dump_notice


def test_keys_follow_the_schema_at_every_level():
    data = {
        "review": ["kind: guessed from the text; confirm"],
        "problems": [{"status": "done", "title": "差旅费控制不得力", "category": "在落实全面从严治党方面"}],
        "former_slugs": ["old-slug"],
        "contact": {"emails": ["a@b.cn"], "invitation": "欢迎监督。", "phones": ["12388"]},
        "kind": "progress",
        "issuer": {"region": "某省", "name": "中共某局党组"},
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
    assert dump_notice(loaded) == text  # what it writes, read back, is written the same


def test_a_notice_reads_back_and_writes_the_same():
    text = dump_notice({
        "title": "中共某局党组关于巡察整改情况的报告", "issuer": "mou-ju", "published": dt.date(2022, 1, 5),
        "kind": "report", "status": "published", "summary": "第一段。\n\n第二段：“引号”与 # 号。\n",
        "sections": [{"heading": "一、整改情况", "problems": [{"title": "问题：冒号", "status": "done"}]}],
        "progress": {"total": 3, "done": 2}, "contact": {"phones": ["0459-4666176", "12388"], "until": dt.date(2022, 2, 1)},
        "source": {"file": "received.txt", "imported": dt.date(2022, 1, 6)},
    })
    assert "progress: {total: 3, done: 2}\n" in text and "source: {file: received.txt, imported: 2022-01-06}\n" in text
    assert "  phones: [0459-4666176, '12388']\n" in text and "summary: |\n  第一段。\n" in text
    assert dump_notice(yaml.safe_load(text)) == text
