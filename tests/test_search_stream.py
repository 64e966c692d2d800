"""The search index of a cold build is made while the build is still writing its documents
(search/update.py, stream_index): read as the file grows, it is byte for byte the index of the
whole file; any other order, or a last index to patch, waits for the whole file; and a child
that dies while it reads is reported, not waited for."""

from __future__ import annotations

import gc
import json
import os
import signal
from dataclasses import asdict, replace
from pathlib import Path
from urllib.parse import quote

import pytest

from noticeboard.search.index import order_key
from noticeboard.search.update import stream_index, update_index
from noticeboard.site.background import Background, flag
from noticeboard.site.cache import Store
from noticeboard.site.outputs import search_index_streamed

from test_cache import same_tree
from test_search_update import DOCS, write_docs

IN_ORDER = sorted(DOCS, key=order_key, reverse=True)


def growing(path: Path, data: bytes, cuts: list[int]):
    """``path`` written piece by piece (cut at ``cuts``, inside lines and inside characters too),
    as a build writes its documents: the next piece each time the reader has read all there is
    and waits; the ``whole`` of :func:`stream_index`, True once every piece is written."""
    path.write_bytes(b"")
    pieces = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)])]
    waits = []

    def whole(timeout: float) -> bool:
        if not pieces:
            return True
        if timeout:
            waits.append(len(pieces))
            with open(path, "ab") as f:
                f.write(pieces.pop(0))
        return False

    whole.waits = waits
    return whole


def lines(docs) -> bytes:
    return "".join(json.dumps(asdict(d), ensure_ascii=False) + "\n" for d in docs).encode()


@pytest.mark.parametrize("order", ["newest first", "any order"])
def test_an_index_read_as_its_documents_come_is_the_index_of_the_whole_file(tmp_path: Path, order: str):
    docs = IN_ORDER if order == "newest first" else DOCS
    data = lines(docs)
    cuts = sorted({1, 7, len(data) // 3, len(data) // 3 + 1, len(data) // 2, len(data) - 2})  # 7: inside a character
    whole = growing(tmp_path / "docs.jsonl", data, cuts)
    stats, how = stream_index(tmp_path / "docs.jsonl", whole, tmp_path / "streamed")
    assert len(whole.waits) == len(cuts) + 1  # it read while the file grew
    assert (how, stats.docs) == ("built in full as the documents came" if order == "newest first" else "built in full", len(DOCS))
    update_index(write_docs(tmp_path / "all.jsonl", docs), tmp_path / "from-file")
    same_tree(tmp_path / "streamed", tmp_path / "from-file")


def test_a_streamed_index_is_patched_by_the_next_build(tmp_path: Path):
    store = Store(tmp_path / "cache")
    data = lines(IN_ORDER)
    _, how = stream_index(tmp_path / "docs.jsonl", growing(tmp_path / "docs.jsonl", data, [len(data) // 2]), tmp_path / "first", None, store)
    assert how == "built in full as the documents came"
    changed = [replace(d, title="更正：" + d.title) if i == 5 else d for i, d in enumerate(IN_ORDER)]
    _, how = stream_index(tmp_path / "b.jsonl", growing(tmp_path / "b.jsonl", lines(changed), [100]), tmp_path / "second", tmp_path / "first", store)
    assert how.startswith("patched: 1 documents")
    update_index(write_docs(tmp_path / "all.jsonl", changed), tmp_path / "full")
    same_tree(tmp_path / "second", tmp_path / "full")


def test_notices_of_one_date_written_by_file_name_are_still_indexed_as_they_come(tmp_path: Path):
    """A build writes its notices newest first, those of one date by file name; ids follow the
    URL, which orders some names otherwise ("abc-2" before "abc", "abc/" before "abc-2/"; a
    Chinese name percent-encoded): a date's documents wait for the next date, no more."""
    names = ["abc-2", "abc", "ab", "中文", "zz"]
    docs = [replace(d, url=f"notices/2021/{quote(name)}/", date="2021-03-01") for d, name in zip(IN_ORDER, names)]
    docs += [replace(d, date="2020-01-01") for d in IN_ORDER[len(names):]]
    data = lines(docs)
    assert sorted(docs, key=order_key, reverse=True) != docs
    stats, how = stream_index(tmp_path / "docs.jsonl", growing(tmp_path / "docs.jsonl", data, [len(data) // 4]), tmp_path / "streamed")
    assert how == "built in full as the documents came"
    update_index(write_docs(tmp_path / "all.jsonl", docs), tmp_path / "from-file")
    same_tree(tmp_path / "streamed", tmp_path / "from-file")


def test_a_documents_file_cut_inside_its_last_line_is_an_error(tmp_path: Path):
    data = lines(IN_ORDER)
    with pytest.raises(ValueError, match="its last line is cut short"):
        stream_index(tmp_path / "docs.jsonl", growing(tmp_path / "docs.jsonl", data[:-30], [200]), tmp_path / "out")


def test_an_index_child_killed_while_it_reads_is_reported_not_waited_for(tmp_path: Path):
    """The build goes on writing its documents (a file, never a pipe the child must drain) and,
    when it asks for the index, hears that the child died (the plugin then fails the build)."""
    docs = tmp_path / "docs.jsonl"
    docs.write_bytes(b"")
    whole = flag()
    job = Background(search_index_streamed, docs, whole, tmp_path / "site", None, None, len(IN_ORDER))
    data = lines(IN_ORDER)
    with open(docs, "ab") as f:
        f.write(data[: len(data) // 2])
        f.flush()
        os.kill(job.pid, signal.SIGKILL)
        f.write(data[len(data) // 2:])
    whole.set()
    with pytest.raises(RuntimeError, match=r"^background job died \(exit code -9\)$"):
        job.result()


def test_an_index_child_reads_the_documents_while_they_are_written(tmp_path: Path):
    docs = tmp_path / "docs.jsonl"
    docs.write_bytes(b"")
    whole = flag()
    job = Background(search_index_streamed, docs, whole, tmp_path / "site", None, None, len(IN_ORDER))
    with open(docs, "w", encoding="utf-8", buffering=1) as f:
        for d in IN_ORDER:
            f.write(json.dumps(asdict(d), ensure_ascii=False) + "\n")
    whole.set()
    assert job.result() == f"search index of {len(DOCS)} notices in {2 * len(DOCS) + 3 + len(list((tmp_path / 'site/search/s').iterdir()))} files (built in full as the documents came)"
    update_index(write_docs(tmp_path / "all.jsonl", IN_ORDER), tmp_path / "from-file")
    same_tree(tmp_path / "site" / "search", tmp_path / "from-file")


def test_a_flag_the_build_lets_go_at_once_still_reaches_the_child(tmp_path: Path):
    """A small build has written all its documents before its index child has even started:
    the flag, set and let go of at once by the build, is still there when the child reads its
    arguments (a semaphore, removed with the build's last reference to it)."""
    docs = write_docs(tmp_path / "docs.jsonl", IN_ORDER)
    whole = flag()
    job = Background(search_index_streamed, docs, whole, tmp_path / "site", None, None, len(IN_ORDER))
    whole.set()
    del whole
    gc.collect()
    assert job.result().startswith(f"search index of {len(DOCS)} notices")


def test_waiting_for_the_index_child_ends_it_and_keeps_its_result(tmp_path: Path):
    """A build waits for its index child before it forks its page-rendering worker (their heaps
    must not add up at the build's peak): after ``wait()`` the child's process is gone, and the
    index's summary, or its error, is still had from ``result()`` when the build ends."""
    docs = write_docs(tmp_path / "docs.jsonl", IN_ORDER)
    whole = flag()
    whole.set()
    job = Background(search_index_streamed, docs, whole, tmp_path / "site", None, None, len(IN_ORDER))
    pid = job.pid
    job.wait()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # ended and reaped
    assert job.result().startswith(f"search index of {len(DOCS)} notices")
    assert job.result() == job.result()

    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(lines(IN_ORDER)[:-30])
    failed = Background(search_index_streamed, broken, whole, tmp_path / "site2", None, None, len(IN_ORDER))
    failed.wait()
    with pytest.raises(RuntimeError, match="its last line is cut short"):
        failed.result()
