"""The importer against hand-checked expectations for corpus notices, and on the whole corpus."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from import_helpers import compare, expected_cases, load_expected
from noticeboard.importers import import_file
from noticeboard.importers.writing import dump_notice
from noticeboard.model import Notice
from paths import CORPUS

IMPORTED = dt.date(2026, 1, 1)


@pytest.mark.parametrize("case", expected_cases(), ids=lambda p: p.stem)
def test_hand_checked_fields(case):
    result = import_file(CORPUS / f"{case.stem}.txt", IMPORTED)
    wrong = [(name, want, got) for name, want, got in compare(result.data, result.review, load_expected(case)) if want != got]
    assert wrong == []


def test_at_least_ten_hand_checked_notices():
    assert len(expected_cases()) >= 10


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_corpus_file_imports_validates_and_round_trips(path):
    result = import_file(path, IMPORTED)
    data = result.data
    text = dump_notice(data)
    loaded = yaml.safe_load(text)
    assert loaded["source"] == {"file": path.name, "imported": IMPORTED}
    assert list(loaded)[:2] == ["title", "slug"]
    if loaded["status"] == "published":
        assert not loaded.get("review")
        Notice.model_validate(loaded)
    else:
        assert loaded["review"], "a draft says why"
    for noise in ("微信", "dadawk", "##paid", "更多公文素材"):
        assert noise not in text


def test_yaml_round_trips_to_the_same_data():
    result = import_file(CORPUS / "001_31241be4ef401e8a-00.txt", IMPORTED)
    text = dump_notice(result.data)
    loaded = yaml.safe_load(text)
    plain = yaml.safe_load(yaml.safe_dump(_plain(result.data), allow_unicode=True, sort_keys=False))
    assert loaded == plain
    assert "summary: |" in text and "postcode: '850000'" in text
    assert "issuer: {name: 司法厅党委}" in text


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
