"""The search index after a change of a few notices (search/update.py): patched from the last
index, byte for byte the index a full build makes of the same documents; built in full where a
patch cannot be made, and never from a record it cannot trust."""

from __future__ import annotations

import gzip
import json
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from noticeboard.search.documents import SearchDoc
from noticeboard.search.index import build_index
from noticeboard.search.update import KIND, update_index
from noticeboard.site.cache import Store

from test_cache import flip_bit, same_tree

TEXTS = ["严格公务用车管理，规范差旅费报销。监督电话：12388。", "落实“三重一大”决策制度，邮箱 TZBDZZ@163.com。",
         "差旅费报销不规范；公务接待超标准，２０２１年完成整改。", "用车公务化改革后，差旅管理仍需加强，建立长效机制。",
         "选人用人专项检查发现的问题已全部整改到位。", "基层党组织建设薄弱，组织生活会质量不高。"]


def doc(n: int, *, title: str | None = None, text: str | None = None, date: str | None = None, kind: str = "progress") -> SearchDoc:
    return SearchDoc(url=f"notices/2021/n{n}/", title=title or f"第{n}号整改进展情况通报", date=date or f"2021-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
                     issuer=f"某某局{n % 7}", issuer_slug=f"i{n % 7}", region="某省某市", kind=kind, kind_label=kind,
                     inspection_type="巡察", statuses=("done",), progress=None, text=TEXTS[n % len(TEXTS)] * (n % 3 + 1) + f"第{n}项。")


DOCS = [doc(n) for n in range(60)]


def write_docs(path: Path, docs: list[SearchDoc]) -> Path:
    path.write_text("".join(json.dumps(asdict(d), ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def changed_then(tmp_path: Path, docs: list[SearchDoc], in_place: bool = False) -> tuple[str, Path]:
    """The index of DOCS, then of ``docs`` made by update_index from it; checked against a full
    build of ``docs``. Returns how it was made and its folder."""
    store = Store(tmp_path / "cache")
    first = tmp_path / "first"
    _, how = update_index(write_docs(tmp_path / "a.jsonl", DOCS), first, None, store)
    assert how == "built in full"
    out = first if in_place else tmp_path / "second"
    _, how = update_index(write_docs(tmp_path / "b.jsonl", docs), out, first, store)
    build_index(docs, tmp_path / "full")
    same_tree(out, tmp_path / "full")
    return how, out


@pytest.mark.parametrize("in_place", [False, True])
def test_a_changed_title_is_patched(tmp_path: Path, in_place: bool):
    docs = [replace(d, title="更正：" + d.title) if i == 17 else d for i, d in enumerate(DOCS)]
    how, out = changed_then(tmp_path, docs, in_place)
    assert how.startswith("patched: 1 documents")
    if not in_place:  # the files it did not change are the last index's
        assert (out / "t2s.json.gz").stat().st_ino == (tmp_path / "first" / "t2s.json.gz").stat().st_ino


def test_changed_texts_kinds_and_dates_are_patched(tmp_path: Path):
    docs = list(DOCS)
    docs[3] = replace(docs[3], text="全新的整改内容：落实主体责任，ABC 2021-05 号文件。")
    docs[8] = replace(docs[8], kind="report", kind_label="report")  # a facet: meta.json.gz changes too
    docs[20] = replace(docs[20], date="2021-01-01")  # another place in date order: the ids between change
    docs[30] = replace(docs[30], text="")
    how, _ = changed_then(tmp_path, docs)
    assert how.startswith("patched")


@pytest.mark.parametrize("change", ["added", "removed"])
def test_a_notice_added_or_removed_builds_in_full(tmp_path: Path, change: str):
    docs = DOCS + [doc(99)] if change == "added" else DOCS[1:]
    how, _ = changed_then(tmp_path, docs)
    assert how == "built in full"


def test_a_corrupt_record_or_last_index_builds_in_full(tmp_path: Path):
    store = Store(tmp_path / "cache")
    update_index(write_docs(tmp_path / "a.jsonl", DOCS), tmp_path / "first", None, store)
    docs = [replace(d, title="更正：" + d.title) if i == 5 else d for i, d in enumerate(DOCS)]
    [record] = [p for p in (tmp_path / "cache" / KIND).rglob("*") if p.is_file()]
    flip_bit(record, -4)
    _, how = update_index(write_docs(tmp_path / "b.jsonl", docs), tmp_path / "second", tmp_path / "first", store)
    assert how == "built in full"
    # a record that is sound but a last index that lost a shard: built in full, not patched from it
    for shard in (tmp_path / "second" / "s").iterdir():
        shard.unlink()
    docs[9] = replace(docs[9], title="再更正")
    _, how = update_index(write_docs(tmp_path / "c.jsonl", docs), tmp_path / "third", tmp_path / "second", store)
    assert how == "built in full"
    build_index(docs, tmp_path / "full")
    same_tree(tmp_path / "third", tmp_path / "full")


def test_a_last_index_changed_since_it_was_written_builds_in_full(tmp_path: Path):
    """A file of the last index whose bytes are no longer those its manifest's build id names
    (edited, or partly written) is never patched from nor linked: built in full."""
    store = Store(tmp_path / "cache")
    update_index(write_docs(tmp_path / "a.jsonl", DOCS), tmp_path / "first", None, store)
    # a document the change does not touch: the patch would link it as it is
    (tmp_path / "first" / "d" / "0" / "40.h.json.gz").write_bytes(gzip.compress(b'{"t":"changed"}', mtime=0))
    docs = [replace(d, title="更正：" + d.title) if i == 5 else d for i, d in enumerate(DOCS)]
    _, how = update_index(write_docs(tmp_path / "b.jsonl", docs), tmp_path / "second", tmp_path / "first", store)
    assert how == "built in full"
    build_index(docs, tmp_path / "full")
    same_tree(tmp_path / "second", tmp_path / "full")
