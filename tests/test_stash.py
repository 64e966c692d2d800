"""A build holds lean notices: the text only a notice's own page, open data and search document
show lies in the build's stash file and is read back whole, exactly as loaded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from noticeboard.model import ProblemStatus, Status
from noticeboard.project import load_project
from noticeboard.render.notice import notice_markdown
from noticeboard.search import search_doc
from noticeboard.stash import Stash
from noticeboard.urls import Urls

NOTICE = """\
title: 中共某某县委关于巡察整改情况的通报
issuer: {{name: 中共某某县委, region: 某某省某某县}}
published: {published}
kind: progress
status: {status}
summary: 根据县委统一部署，现将整改情况通报如下。
sections:
  - heading: 一、整改工作的组织领导
    body: |
      县委召开专题会议研究部署整改工作，成立整改工作领导小组。

      各责任单位逐项对账销号。
    problems:
      - title: 落实意识形态工作责任制不到位
        status: done
        measures: |
          修订完善意识形态工作责任制实施细则，开展专题培训三次。
problems:
  - title: 财务管理不规范
    measures: 清理往来款项，建立台账。
"""


def project(tmp_path: Path, notices: dict[str, tuple[str, str]]) -> Path:
    for name, (published, status) in notices.items():
        path = tmp_path / "notices" / published[:4] / f"{name}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(NOTICE.format(published=published, status=status), encoding="utf-8")
    return tmp_path


def test_lean_entries_read_back_whole(tmp_path):
    root = project(tmp_path, {"a": ("2024-03-01", "published"), "b": ("2024-05-01", "scheduled"), "c": ("2024-06-01", "draft")})
    today = dt.date(2024, 6, 1)  # b's date has come
    whole = load_project(root, today=today)
    stash = Stash(tmp_path / "notices.stash")
    lean = load_project(root, today=today, stash=stash)
    stash.close()
    for preview in (False, True):
        shown_whole, shown_lean = whole.visible(preview, today), lean.visible(preview, today)
        assert [e.slug for e in shown_lean] == [e.slug for e in shown_whole]
        for w, e in zip(shown_whole, shown_lean):
            assert e.stashed is not None and w.stashed is None
            # what listings, feeds and series read is there; the text is not
            assert (e.notice.title, e.notice.summary, e.notice.status, e.notice.tally()) == \
                   (w.notice.title, w.notice.summary, w.notice.status, w.notice.tally())
            assert [s.body for s in e.notice.sections] == [""]
            assert all(p.measures is None for p in e.notice.all_problems())
            # read back: the notice as loaded, with the status it is shown with (b: published)
            back = stash.full(e)
            assert back == w
            assert notice_markdown(back, today, Urls()) == notice_markdown(w, today, Urls())
    assert stash.full(lean.visible(False, today)[0]).notice.status is Status.published  # b, due


def test_a_lean_entry_refuses_to_make_a_page_without_its_text(tmp_path):
    root = project(tmp_path, {"a": ("2024-03-01", "published")})
    stash = Stash(tmp_path / "notices.stash")
    [entry] = load_project(root, today=dt.date(2024, 6, 1), stash=stash).entries
    stash.close()
    with pytest.raises(ValueError, match="lean"):
        notice_markdown(entry, dt.date(2024, 6, 1), Urls())
    with pytest.raises(ValueError, match="lean"):
        search_doc(entry, Urls())
    assert "开展专题培训三次" in search_doc(stash.full(entry), Urls()).text


def test_a_warm_load_stashes_only_the_changed_notice(tmp_path, monkeypatch):
    """With the build cache, a notice file unchanged since the last load is not copied into the
    stash, nor is its whole notice unpickled: its entry names the cache's copy, which reads back
    whole, exactly as loaded; the changed file's notice alone is in the stash."""
    import pickle

    from noticeboard import project as loading
    from noticeboard.site.cache import Store

    root = project(tmp_path / "p", {"a": ("2024-03-01", "published"), "b": ("2024-04-01", "published"), "c": ("2024-05-01", "published")})
    today = dt.date(2024, 6, 1)
    cache = Store(tmp_path / "cache")
    first = Stash(tmp_path / "first.stash")
    load_project(root, today=today, stash=first, cache=cache)
    first.close()
    changed = root / "notices" / "2024" / "b.yml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("财务管理不规范", "财务管理仍不规范"), encoding="utf-8")
    unpickled: list[bytes] = []
    real_loads = pickle.loads
    monkeypatch.setattr(loading.pickle, "loads", lambda data: unpickled.append(data) or real_loads(data))
    second = Stash(tmp_path / "second.stash", cache)
    warm = load_project(root, today=today, stash=second, cache=cache)
    second.close()
    monkeypatch.undo()
    by_slug = {e.slug: e for e in warm.entries}
    assert isinstance(by_slug["a"].stashed, str) and isinstance(by_slug["c"].stashed, str)
    assert isinstance(by_slug["b"].stashed, tuple)
    assert pickle.loads((tmp_path / "second.stash").read_bytes()).all_problems()[-1].title == "财务管理仍不规范"  # b alone
    for kept in (by_slug["a"], by_slug["c"]):
        assert cache.get("notice-text", kept.stashed) not in unpickled  # the lean entry only was read in this process
    assert len(unpickled) == 3  # the record of the notice files (one entry), and the two lean entries it holds
    whole = {e.slug: e.notice for e in load_project(root, today=today).entries}
    for e in warm.entries:
        assert second.full(e).notice == whole[e.slug]
    second.close()


def test_a_warm_load_counts_no_unchanged_notices_items(tmp_path, monkeypatch):
    """Listings, feeds, open data, series and figures each ask a notice for its tally: a lean
    entry kept by the build cache brings it counted (the items are not walked in this process),
    the same as a notice read from its file counts; a copy with other items counts again."""
    from noticeboard.model import Notice
    from noticeboard.site.cache import Store

    root = project(tmp_path / "p", {"a": ("2024-03-01", "published"), "b": ("2024-04-01", "published")})
    today = dt.date(2024, 6, 1)
    cache = Store(tmp_path / "cache")
    first = Stash(tmp_path / "first.stash")
    cold = {e.slug: e.notice.tally() for e in load_project(root, today=today, stash=first, cache=cache).entries}
    first.close()
    walked: list[str] = []
    real = Notice.all_problems
    monkeypatch.setattr(Notice, "all_problems", lambda self: walked.append(self.title) or real(self))
    second = Stash(tmp_path / "second.stash", cache)
    warm = load_project(root, today=today, stash=second, cache=cache)
    second.close()
    assert {e.slug: e.notice.tally() for e in warm.entries} == cold
    assert walked == []
    assert cold["a"] is not None and (cold["a"].total, cold["a"].done, cold["a"].unstated) == (2, 1, 1)
    notice = warm.entries[0].notice
    undone = notice.model_copy(update={"problems": [p.model_copy(update={"status": ProblemStatus.done}) for p in notice.problems]})
    assert (undone.tally().done, undone.tally().unstated) == (2, 0)
    assert notice.model_copy(update={"status": Status.withdrawn}).tally() == notice.tally()


def test_a_warm_loads_models_share_their_sets_of_field_names(tmp_path):
    """Each model a lean entry holds (the notice, its issuer, sections, items, contact…) has its
    set of given field names shared with every equal one, whether read from its file or kept by
    the build cache: only the fields that may hold a model are walked, and none is missed."""
    from pydantic import BaseModel

    from noticeboard.site.cache import Store

    root = project(tmp_path / "p", {"a": ("2024-03-01", "published"), "b": ("2024-04-01", "published")})
    today = dt.date(2024, 6, 1)
    cache = Store(tmp_path / "cache")
    for _ in ("cold", "warm"):
        stash = Stash(tmp_path / "notices.stash", cache)
        loaded = load_project(root, today=today, stash=stash, cache=cache)
        stash.close()
        sets: list[set[str]] = []

        def walk(value) -> None:
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(item, BaseModel):
                    sets.append(item.__pydantic_fields_set__)
                    for field in type(item).model_fields:
                        walk(getattr(item, field))
        for e in loaded.entries:
            walk(e.notice)
        assert len(sets) == 10  # two notices: each a notice, an issuer, a section and two items
        assert len({id(s) for s in sets}) == len({frozenset(s) for s in sets})
