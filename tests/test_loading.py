"""Loading and validation: every error kind, with its exact message and position."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from noticeboard.errors import NoticeErrors
from noticeboard.project import load_project

ISSUERS = "dq:\n  name: 中共大庆市委统战部\n  region: 黑龙江省大庆市\n"
VALID = """\
title: 中共大庆市委统战部关于巡察整改进展情况的通报
issuer: dq
published: 2021-07-05
kind: progress
inspection:
  type: 巡察
  team: 市委第二巡察组
  start: 2020-11-19
  end: 2020-12-18
  feedback: 2021-02-23
contact:
  phones: ["0459-4666176"]
  emails: [tzbdzz@163.com]
  postcode: "163000"
"""


def problems(tmp_path: Path, text: str | bytes, name: str = "2021/n.yml", issuers: str = ISSUERS) -> list[str]:
    notices = tmp_path / "notices"
    (notices / name).parent.mkdir(parents=True, exist_ok=True)
    (notices / "issuers.yml").write_text(issuers, encoding="utf-8")
    target = notices / name
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    try:
        load_project(tmp_path)
    except NoticeErrors as exc:
        return [str(p) for p in exc.problems]
    return []


def test_valid_notice_loads_with_types(tmp_path):
    assert problems(tmp_path, VALID) == []
    project = load_project(tmp_path)
    [entry] = project.entries
    assert entry.notice.published == dt.date(2021, 7, 5)
    assert entry.notice.contact.postcode == "163000"
    assert entry.issuer.name == "中共大庆市委统战部" and entry.issuer.slug == "dq"
    assert entry.url == "notices/2021/n/"


def test_unquoted_postcode_with_leading_zero_is_not_octal(tmp_path):
    assert problems(tmp_path, VALID.replace('"163000"', "010000")) == []
    assert load_project(tmp_path).entries[0].notice.contact.postcode == "010000"


@pytest.mark.parametrize("text, expected", [
    ("", "notices/2021/n.yml:1:1: file is empty: a notice is a mapping of fields (title:, published:, …)"),
    ("- a\n- b\n", "notices/2021/n.yml:1:1: the file holds a list; a notice is a mapping of fields (title:, published:, …)"),
    ("just text\n", "notices/2021/n.yml:1:1: the file holds a single value; a notice is a mapping of fields (title:, published:, …)"),
    ("title: [x\n", "notices/2021/n.yml:2:1: YAML syntax error: did not find expected ',' or ']'"),
    ("title: a\ntitle: b\n", "notices/2021/n.yml:2:1: title: appears twice in the same mapping; keep one"),
    ("a: &x [1, 2]\nb: *x\n", "notices/2021/n.yml:1:4: YAML aliases (*name) are not supported: write the value out"),
    ("a: 1\n---\nb: 2\n", "notices/2021/n.yml:3:1: more than one YAML document ('---'): keep one notice per file"),
])
def test_file_level_errors(tmp_path, text, expected):
    assert problems(tmp_path, text) == [expected]


def test_binary_junk_is_not_utf8(tmp_path):
    assert problems(tmp_path, b"title: ok\n\xff\xfe\x00junk") == [
        "notices/2021/n.yml:2:1: not UTF-8 text: save the file as UTF-8"]


def test_nul_bytes_are_binary(tmp_path):
    assert problems(tmp_path, b"title: ok\n\x00\x01") == [
        "notices/2021/n.yml:2:1: binary data (NUL byte): this is not a YAML text file"]


def bytes_read() -> int:
    """Bytes this thread has read through read() calls so far (Linux: /proc/thread-self/io)."""
    io = Path("/proc/thread-self/io").read_text()
    return int(next(line.split()[1] for line in io.splitlines() if line.startswith("rchar:")))


def test_huge_file_is_refused_without_reading_it_all(tmp_path):
    size = 3 * 1024 * 1024
    before = bytes_read()
    assert problems(tmp_path, "title: " + "x" * size) == [
        "notices/2021/n.yml:1:1: file is 3072 KiB; a notice is at most 2048 KiB — is this the right file?"]
    assert bytes_read() - before < size // 10  # its size was enough: the file was not read


def test_alias_bomb_is_refused_fast(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i-1}'] * 9)}]" for i in range(1, 10)]
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert found == ["notices/2021/n.yml:1:5: YAML aliases (*name) are not supported: write the value out"]


def test_missing_unknown_enum_and_type_errors_all_at_once(tmp_path):
    text = VALID.replace("published:", "publshed:").replace("kind: progress", "kind: progres")
    text = text.replace("  team: 市委第二巡察组", "  team: [a, b]")
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:1:1: published: required field is missing",
        "notices/2021/n.yml:3:1: publshed: unknown field 'publshed'; did you mean 'published'?",
        "notices/2021/n.yml:4:7: kind: 'progres' is not allowed; use one of: plan, progress, report, publicity or review",
        "notices/2021/n.yml:7:9: inspection.team: expected text, got a list",
    ]


def test_unknown_nested_key_lists_allowed_fields(tmp_path):
    text = VALID.replace("  postcode:", "  zzz: 1\n  postcode:")
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:14:3: contact.zzz: unknown field 'zzz'; allowed here: invitation, phones, emails, address, postcode, person, hours, until"]


def test_bad_dates(tmp_path):
    text = VALID.replace("feedback: 2021-02-23", "feedback: 2021-02-30").replace("published: 2021-07-05", "published: 5 July")
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:3:12: published: expected a date (YYYY-MM-DD), got '5 July'",
        "notices/2021/n.yml:10:13: inspection.feedback: expected a date (YYYY-MM-DD), got '2021-02-30'",
    ]


def test_dates_out_of_order(tmp_path):
    text = VALID.replace("end: 2020-12-18", "end: 2020-11-01").replace("published: 2021-07-05", "published: 2021-01-01")
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:3:12: published: published date 2021-01-01 is before the feedback date 2021-02-23; dates must run start ≤ end ≤ feedback ≤ published",
        "notices/2021/n.yml:9:8: inspection.end: inspection end date 2020-11-01 is before the inspection start date 2020-11-19; dates must run start ≤ end ≤ feedback ≤ published",
    ]


def test_contact_formats(tmp_path):
    text = VALID.replace('"0459-4666176"', "电话号码").replace("tzbdzz@163.com", "tzbdzz163.com").replace('"163000"', '"16300"')
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:12:12: contact.phones[0]: '电话号码' is not a phone number (write it like 0459-4666176 or 12388)",
        "notices/2021/n.yml:13:12: contact.emails[0]: 'tzbdzz163.com' is not an e-mail address (write it like name@example.gov.cn)",
        "notices/2021/n.yml:14:13: contact.postcode: '16300' is not a postcode (6 digits, in quotes: \"163000\")",
    ]


def test_unknown_issuer_key(tmp_path):
    assert problems(tmp_path, VALID.replace("issuer: dq", "issuer: dqq")) == [
        "notices/2021/n.yml:2:9: issuer: unknown issuer key 'dqq'; known keys: dq. Or write issuer: {name: …, region: …}"]


def test_inline_issuer_errors_are_placed_on_the_record(tmp_path):
    text = VALID.replace("issuer: dq", "issuer: {name: 中共某局党组, regoin: 某省}")
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:2:24: issuer.regoin: unknown field 'regoin'; did you mean 'region'?"]


def test_attachment_outside_project_and_missing(tmp_path):
    text = VALID + "attachments:\n  - {title: a, file: ../../etc/passwd}\n  - {title: b, file: attachments/none.pdf}\n"
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:16:22: attachments[0].file: '../../etc/passwd' is outside the project; put attachments under attachments/",
        "notices/2021/n.yml:17:22: attachments[1].file: 'attachments/none.pdf' does not exist",
    ]


def test_duplicate_slugs_across_files(tmp_path):
    problems(tmp_path, VALID, name="2021/a.yml")
    found = problems(tmp_path, VALID.replace("title:", "slug: a\ntitle:"), name="2022/b.yml")
    assert found == ["notices/2022/b.yml:1:7: slug: slug 'a' is already used by notices/2021/a.yml; slugs must be unique"]


def test_file_name_must_be_a_slug_without_slug_field(tmp_path):
    assert problems(tmp_path, VALID, name="2021/整改通报.yml") == [
        "notices/2021/整改通报.yml:1:1: file name '整改通报' is not a slug; rename the file or add slug: (lower-case ASCII, digits, '-')"]


def test_review_flags_block_publication(tmp_path):
    text = VALID + "review: [\"contact.emails[0]: '@' restored — confirm\"]\n"
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:15:9: review: review flags remain: check each against the source, fix the field, delete the flag; until then keep status: draft"]
    assert problems(tmp_path, text + "status: draft\n") == []


def test_withdrawn_needs_a_reason(tmp_path):
    assert problems(tmp_path, VALID + "status: withdrawn\n") == [
        "notices/2021/n.yml:15:9: status: a withdrawn notice needs withdrawn_reason: saying why"]


def test_progress_done_cannot_exceed_total(tmp_path):
    assert problems(tmp_path, VALID + "progress: {total: 3, done: 5}\n") == [
        "notices/2021/n.yml:15:19: progress.total: done, in_progress and long_term add up to more than total (3); write the figures as the text states them"]


def test_errors_in_several_files_are_all_reported_sorted(tmp_path):
    problems(tmp_path, "title: [", name="2021/b.yml")
    found = problems(tmp_path, VALID.replace("kind: progress", "kind: x"), name="2021/a.yml")
    assert [f.split(":")[0] for f in found] == ["notices/2021/a.yml", "notices/2021/b.yml"]


def test_bad_issuers_file(tmp_path):
    found = problems(tmp_path, VALID, issuers="dq:\n  name: 中共大庆市委统战部\n  regio: x\n")
    assert found[0] == "notices/issuers.yml:3:3: dq.regio: unknown field 'regio'; did you mean 'region'?"


def test_drafts_are_excluded_on_request(tmp_path):
    problems(tmp_path, VALID + "status: draft\n")
    assert len(load_project(tmp_path).entries) == 1
    assert load_project(tmp_path, include_drafts=False).entries == []


def test_former_slug_must_not_clash(tmp_path):
    problems(tmp_path, VALID, name="2021/a.yml")
    found = problems(tmp_path, VALID.replace("title:", "former_slugs: [a]\ntitle:"), name="2021/b.yml")
    assert found == ["notices/2021/b.yml:1:16: former_slugs[0]: slug 'a' is already used by notices/2021/a.yml; slugs must be unique"]
