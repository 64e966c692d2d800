"""One inspection, one series: which notices are grouped (and which are not), the stages, the
explicit ``series:`` and what `check` says of it, and problems matched across notices by their
text (normalised similarity) or pinned by ``id``. Notices written here, in the shapes expected."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from noticeboard.errors import NoticeErrors
from noticeboard.project import load_project
from noticeboard.series import Stage, group, stage_of
from noticeboard.tracks import follow, similarity
from paths import RECORD_SITE

TODAY = dt.date(2026, 1, 1)
ISSUERS = """\
hb: {name: 中共河北某县水利局党组}
hb-new: {name: 中共河北某县水利和防汛局党组}
other: {name: 中共河北某县统计局党组}
"""


def notice(issuer: str, published: str, kind: str = "progress", *, inspection: str = "", extra: str = "") -> str:
    text = f"title: {issuer}关于巡察整改情况的通报（{published}）\nissuer: {issuer}\npublished: {published}\nkind: {kind}\n"
    if inspection:
        text += "inspection: {type: 巡察, " + inspection + "}\n"
    return text + textwrap.dedent(extra)


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    notices = tmp_path / "notices"
    notices.mkdir(parents=True)
    (notices / "issuers.yml").write_text(ISSUERS, encoding="utf-8")
    for name, text in files.items():
        (notices / f"{name}.yml").write_text(text, encoding="utf-8")
    return tmp_path


def series_of(root: Path) -> dict[str, list[str]]:
    found, _ = group(load_project(root, today=TODAY).visible(today=TODAY))
    return {s.slug: [e.slug for e in s.entries] for s in found}


def check_errors(root: Path) -> list[str]:
    with pytest.raises(NoticeErrors) as exc:
        load_project(root, today=TODAY)
    return [str(p) for p in exc.value.problems]


# --- grouping -----------------------------------------------------------------------------------

def test_the_fixture_series_of_three_and_what_stays_apart():
    found, notes = group(load_project(RECORD_SITE, today=TODAY).visible(today=TODAY))
    assert not notes
    slugs = {s.slug: [e.slug for e in s.entries] for s in found}
    assert slugs == {
        "wlj-2024-03-15": ["2024-05-10-wlj-plan", "2024-09-20-wlj-progress", "2025-03-01-wlj-report"],
        # same team, same feedback day, another organisation: another inspection
        "gtj-2024-03-15": ["2024-06-01-gtj-plan"],
        # a withdrawn notice stays in its series (marked where shown)
        "wjw-2025-08-01": ["2025-11-01-wjw-withdrawn", "2025-12-20-wjw-publicity"],
    }
    [wlj] = [s for s in found if s.slug == "wlj-2024-03-15"]
    assert [stage_of(e.notice) for e in wlj.entries] == [Stage.plan, Stage.progress, Stage.complete]
    assert wlj.complete and not next(s for s in found if s.slug.startswith("wjw")).complete


def test_the_strongest_fact_both_state_decides(tmp_path):
    root = project(tmp_path, {
        # two inspections by the same team, told apart by their feedback dates
        "a-plan": notice("hb", "2021-05-01", "plan", inspection="team: 县委第一巡察组, feedback: 2021-03-02"),
        "b-progress": notice("hb", "2021-09-01", inspection="team: 县委第一巡察组, feedback: 2021-03-02"),
        "c-plan": notice("hb", "2024-05-01", "plan", inspection="team: 县委第一巡察组, feedback: 2024-03-20"),
        # states only the team, which both inspections share: it cannot be told, stays alone, and
        # check notes it
        "d-progress": notice("hb", "2024-10-01", inspection="team: 县委第一巡察组"),
        # team written differently, feedback the same: the date decides
        "e-report": notice("hb", "2025-01-10", "report", inspection="team: 县委巡察一组, feedback: 2024-03-20"),
        # another organisation, same team and date
        "f-plan": notice("other", "2024-05-02", "plan", inspection="team: 县委第一巡察组, feedback: 2024-03-20"),
        # no inspection facts at all: no series
        "g-none": notice("hb", "2022-01-01"),
    })
    assert series_of(root) == {
        "hb-2021-03-02": ["a-plan", "b-progress"],
        "hb-2024-03-20": ["c-plan", "e-report"],
        "hb-2024-10-01": ["d-progress"],
        "other-2024-03-20": ["f-plan"],
    }
    project_ = load_project(root, today=TODAY)
    assert [str(n) for n in project_.notes] == [
        "notices/d-progress.yml:5:13: inspection: its inspection facts match 2 inspections of this issuer, so it is put in none: "
        "write series: with the slug of the one it belongs to"]


def test_an_explicit_series_joins_a_renamed_issuer_and_pins_a_stray_notice(tmp_path):
    root = project(tmp_path, {
        "a-plan": notice("hb", "2021-05-01", "plan", inspection="team: 县委第一巡察组, feedback: 2021-03-02"),
        # the organisation renamed: inference never joins two issuers; series: does
        "b-progress": notice("hb-new", "2021-12-01", inspection="team: 县委第一巡察组, feedback: 2021-03-02",
                             extra="series: hb-2021-03-02\n"),
        # a notice that states nothing of its inspection
        "c-report": notice("hb-new", "2022-06-01", "report", extra="series: hb-2021-03-02\n"),
    })
    assert series_of(root) == {"hb-2021-03-02": ["a-plan", "b-progress", "c-report"]}


def test_check_reports_a_series_joining_different_inspections(tmp_path):
    root = project(tmp_path, {
        "a-plan": notice("hb", "2021-05-01", "plan", inspection="team: 县委第一巡察组, feedback: 2021-03-02"),
        "b-progress": notice("hb", "2022-12-01", inspection="team: 县委第一巡察组, feedback: 2022-09-15",
                             extra="series: hb-2021-03-02\n"),
    })
    assert check_errors(root) == [
        "notices/b-progress.yml:6:9: series: series 'hb-2021-03-02' joins notices of different inspections: "
        "feedback date 2022-09-15 here, 2021-03-02 in notices/a-plan.yml; correct the fact, or give one of them another series:"]


def test_check_reports_an_id_given_to_two_items_of_one_notice(tmp_path):
    root = project(tmp_path, {"a": notice("hb", "2021-05-01", extra="""\
        problems:
          - {id: p1, title: 河道采砂监管不到位}
          - {id: p1, title: 水利工程项目验收滞后}
        """)})
    assert check_errors(root) == [
        "notices/a.yml:7:10: problems[1].id: id 'p1' is already given to problems[0].id: one id names one problem; give each item its own"]


# --- stages -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, progress, statuses, stage", [
    ("plan", "", [], Stage.plan),
    ("review", "", [], Stage.plan),
    ("progress", "progress: {total: 5, done: 5}", [], Stage.complete),
    ("report", "progress: {total: 5, done: 3, long_term: 2}", [], Stage.complete),
    ("report", "progress: {total: 5, done: 3}", [], Stage.progress),  # two not accounted for
    ("progress", "", ["done", "long_term"], Stage.complete),
    ("report", "", ["done", None], Stage.progress),  # one item's status unstated
    ("report", "", [], Stage.progress),  # a title saying 完成 states no figure
])
def test_a_notice_is_complete_only_when_its_figures_say_so(tmp_path, kind, progress, statuses, stage):
    items = "".join(f"  - {{title: 问题{i}{', status: ' + s if s else ''}}}\n" for i, s in enumerate(statuses))
    text = notice("hb", "2021-05-01", kind, extra=progress + "\n" + ("problems:\n" + items if items else ""))
    [entry] = load_project(project(tmp_path, {"a": text}), today=TODAY).entries
    assert stage_of(entry.notice) is stage


# --- problems over time -------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("河道采砂监管不到位", "关于河道采砂监管不到位的问题"),
    ("（二）水利工程项目验收滞后，部分资金未及时结算", "2.部分资金未及时结算、水利工程项目验收滞后"),
    ("防汛物资储备管理混乱", "防汛物资储备管理混乱问题，台账与实物不符"),
    ("落实“第一议题”制度不够到位", "“第一议题”制度落实不到位"),
])
def test_the_same_problem_worded_differently_is_matched(a, b):
    assert similarity(a, b) >= 0.6


@pytest.mark.parametrize("a, b", [
    ("河道采砂监管不到位", "农村饮水工程管护不到位"),
    ("意识形态工作责任制落实不到位", "党风廉政建设责任制落实不到位"),
    ("政府采购管理不规范", "公务用车管理不规范"),
])
def test_different_problems_sharing_boilerplate_are_not(a, b):
    assert similarity(a, b) < 0.6


def test_tracks_follow_each_problem_and_ids_pin_what_text_cannot(tmp_path):
    root = project(tmp_path, {
        "a-plan": notice("hb", "2021-05-01", "plan", inspection="feedback: 2021-03-02", extra="""\
            problems:
              - {title: 河道采砂监管不到位}
              - {title: 防汛物资储备管理混乱}
              - {id: car, title: 公务用车使用管理不严格，存在私车公养}
            """),
        "b-progress": notice("hb", "2021-10-01", inspection="feedback: 2021-03-02", extra="""\
            problems:
              - {title: 关于防汛物资储备管理混乱的问题, status: in_progress}
              - {id: car, title: 车辆管理问题, status: done}
              - {title: 关于河道采砂监管不到位的问题, status: done}
              - {title: 新发现的项目资金拨付滞后问题, status: in_progress}
            """),
    })
    [series] = group(load_project(root, today=TODAY).visible(today=TODAY))[0]
    tracks = [(t.title, [p.status.value if p.status else None for p in t.points]) for t in follow(series.current)]
    assert tracks == [
        ("关于河道采砂监管不到位的问题", [None, "done"]),
        ("关于防汛物资储备管理混乱的问题", [None, "in_progress"]),
        ("车辆管理问题", [None, "done"]),  # the texts share nothing; the id joins them
        ("新发现的项目资金拨付滞后问题", ["in_progress"]),
    ]


def test_the_bundled_notices_form_the_series_they_really_do():
    """Each bundled notice is the only one of its organisation: 26 series of one, none merged
    (several share a team name, 市委第二巡察组, 省委第十巡视组, and must stay apart)."""
    from paths import REPO

    entries = load_project(REPO).visible()
    found, notes = group(entries)
    inspected = [e for e in entries if e.notice.inspection is not None]
    assert not notes
    assert sorted(len(s.entries) for s in found) == [1] * len(inspected)
    teams = [e.notice.inspection.team for e in inspected if e.notice.inspection.team]
    assert len(teams) > len(set(teams))  # the test means something: some teams do repeat

