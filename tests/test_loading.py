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
    assert entry.page == "notices/2021/n.md"


def test_unquoted_postcode_with_leading_zero_is_not_octal(tmp_path):
    assert problems(tmp_path, VALID.replace('"163000"', "010000")) == []
    assert load_project(tmp_path).entries[0].notice.contact.postcode == "010000"


@pytest.mark.parametrize("text, expected", [
    ("", "notices/2021/n.yml:1:1: file is empty: a notice is a mapping of fields (title:, published:, …)"),
    ("- a\n- b\n", "notices/2021/n.yml:1:1: the file holds a list; a notice is a mapping of fields (title:, published:, …)"),
    ("just text\n", "notices/2021/n.yml:1:1: the file holds a single value; a notice is a mapping of fields (title:, published:, …)"),
    ("title: [x\n", "notices/2021/n.yml:2:1: YAML syntax error: did not find expected ',' or ']': the list opened at "
                    "line 1, column 8 is not closed: add ']' (or put a value holding ',', '[' or '{' in quotes)"),
    ("a: &x [1, 2]\nb: *x\n", "notices/2021/n.yml:1:4: YAML aliases (*name) are not supported: write the value out"),
    ("a: 1\n---\nb: 2\n", "notices/2021/n.yml:3:1: more than one YAML document ('---'): keep one notice per file"),
])
def test_file_level_errors(tmp_path, text, expected):
    assert problems(tmp_path, text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ('title: "中共甲县乙局党组关于巡察整改情况的通报\nsummary: x\n',
     "1:8: YAML syntax error: the quoted value that starts here is never closed: add its closing \""),
    ("contact:\n\tphones: [1]\n", "2:1: YAML syntax error: found character that cannot start any token: a tab indents this "
                                 "line: indent with spaces"),
    ("title: 通报：关于: 整改\n", "1:13: YAML syntax error: mapping values are not allowed in this context: a ': ' inside a "
                             "value: put the whole value in quotes, or indent the line under its key"),
    ("title: @甲局\n", "1:8: YAML syntax error: found character that cannot start any token: a value cannot start with '@': "
                    "put the whole value in quotes"),
    ("issuer: {name: 甲局\ntitle: x\n", "2:6: YAML syntax error: did not find expected ',' or '}': the mapping opened at "
                                     "line 1, column 9 is not closed: add '}' (or put a value holding ',', '[' or '{' in quotes)"),
    ("summary: |\n  正文\n没有缩进的一行\n", "3:1: YAML syntax error: could not find expected ':': this line is not indented as "
                                   "the lines around it, or lacks its 'key:'; indent it as its neighbours (spaces), or quote a "
                                   "value that starts with '-'"),
])
def test_a_syntax_error_says_where_and_what_to_do(tmp_path, text, expected):
    assert problems(tmp_path, text) == ["notices/2021/n.yml:" + expected]


@pytest.mark.parametrize("date, hint", [("2021-02-30", "February 2021 has 28 days"), ("2024-02-30", "February 2024 has 29 days"),
                                        ("2021-13-01", "there is no month 13"), ("2021/07/05", "write it as 2021-07-05"),
                                        ("2021年7月5日", "write it as 2021-07-05")])
def test_a_date_that_is_no_day_says_why(tmp_path, date, hint):
    assert problems(tmp_path, VALID.replace("published: 2021-07-05", f"published: {date}")) == [
        f"notices/2021/n.yml:3:12: published: expected a date (YYYY-MM-DD), got '{date}': {hint}"]


def test_a_key_written_twice_does_not_hide_the_files_other_problems(tmp_path):
    text = VALID.replace("kind: progress", "kind: progres\ntitle: 又一个标题").replace("published: 2021-07-05", "published: 2021-02-30")
    found = problems(tmp_path, text)
    assert "notices/2021/n.yml:3:12: published: expected a date (YYYY-MM-DD), got '2021-02-30': February 2021 has 28 days" in found
    assert any(": kind: 'progres' is not allowed" in line for line in found)
    assert any(": title: appears twice in the same mapping (first on line 1); keep one" in line for line in found)


def test_an_issuers_file_with_a_key_twice_is_reported(tmp_path):
    found = problems(tmp_path, VALID, issuers=ISSUERS + "  name: 又一个\n")
    assert "notices/issuers.yml:4:3: name: appears twice in the same mapping (first on line 2); keep one" in found


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
        "notices/2021/n.yml:1:1: published: required field is missing; add the publication date, YYYY-MM-DD; a draft's is the date it is planned for (a draft stays out of the public site whatever its date)",
        "notices/2021/n.yml:3:1: publshed: unknown field 'publshed'; did you mean 'published'?",
        "notices/2021/n.yml:4:7: kind: 'progres' is not allowed; use one of: plan, progress, report, publicity or review",
        "notices/2021/n.yml:7:9: inspection.team: expected text, got a list",
    ]


def test_a_key_left_without_its_value_says_so_in_words_not_as_python(tmp_path):
    text = VALID.replace("title: 中共大庆市委统战部关于巡察整改进展情况的通报", "title:").replace("  phones: [\"0459-4666176\"]", "  phones: [~]")
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:1:7: title: expected text, got nothing (the key has no value): write the value after the colon, or remove the key",
        "notices/2021/n.yml:12:12: contact.phones[0]: expected text, got nothing (the key has no value): write the value after the colon, or remove the key",
    ]


def test_a_file_of_thousands_of_unknown_keys_lists_thirty_problems_and_counts_the_rest(tmp_path):
    text = "".join(f"key{i}: value\n" for i in range(5000))
    found = problems(tmp_path, text)
    assert len(found) == 31
    assert found[-1] == ("notices/2021/n.yml:27:1: and 4974 more problems in this file (the first 30 are listed): "
                         "is this a notice file?")
    assert found[-2].startswith("notices/2021/n.yml:26:1: key25: unknown field 'key25'")


def test_unknown_nested_key_lists_allowed_fields(tmp_path):
    text = VALID.replace("  postcode:", "  zzz: 1\n  postcode:")
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:14:3: contact.zzz: unknown field 'zzz'; allowed here: invitation, phones, emails, address, postcode, person, hours, until"]


def test_bad_dates(tmp_path):
    text = VALID.replace("feedback: 2021-02-23", "feedback: 2021-02-30").replace("published: 2021-07-05", "published: 5 July")
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:3:12: published: expected a date (YYYY-MM-DD), got '5 July'",
        "notices/2021/n.yml:10:13: inspection.feedback: expected a date (YYYY-MM-DD), got '2021-02-30': February 2021 has 28 days",
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


def _attachments(*files: str) -> str:
    return VALID + "attachments:\n" + "".join(f"  - {{title: a, file: '{f}'}}\n" for f in files)


def test_attachments_come_only_from_the_attachments_folder(tmp_path):
    (tmp_path / "attachments" / "2021").mkdir(parents=True)
    (tmp_path / "attachments" / "2021" / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "key.txt").write_text("s3cret", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "attachments" / "2021" / "link.pdf").symlink_to(tmp_path / "secret" / "key.txt")
    (tmp_path / "attachments" / "out").symlink_to(tmp_path / "secret")
    inside = str(tmp_path / "attachments" / "2021" / "plan.pdf")
    files = ["attachments/2021/plan.pdf", "attachments/../secret/key.txt", "attachments/../../etc/passwd",
             inside, "mkdocs.yml", "../../etc/passwd", "attachments/2021/link.pdf", "attachments/out/key.txt",
             "attachments/2021", "attachments/none.pdf", "attachments\\2021\\plan.pdf"]
    found = problems(tmp_path, _attachments(*files))
    how = ("put the file in the project's attachments/ folder and write its path from the project root, "
           "e.g. attachments/2021/plan.pdf (no '..', no leading '/')")
    assert found == [
        f"notices/2021/n.yml:17:22: attachments[1].file: 'attachments/../secret/key.txt' is not under attachments/: {how}",
        f"notices/2021/n.yml:18:22: attachments[2].file: 'attachments/../../etc/passwd' is not under attachments/: {how}",
        f"notices/2021/n.yml:19:22: attachments[3].file: '{inside}' is not under attachments/: {how}",
        f"notices/2021/n.yml:20:22: attachments[4].file: 'mkdocs.yml' is not under attachments/: {how}",
        f"notices/2021/n.yml:21:22: attachments[5].file: '../../etc/passwd' is not under attachments/: {how}",
        f"notices/2021/n.yml:22:22: attachments[6].file: 'attachments/2021/link.pdf' leads outside attachments/ "
        f"(a symbolic link to {(tmp_path / 'secret' / 'key.txt').resolve()}): copy the file itself into attachments/",
        f"notices/2021/n.yml:23:22: attachments[7].file: 'attachments/out/key.txt' leads outside attachments/ "
        f"(a symbolic link to {(tmp_path / 'secret' / 'key.txt').resolve()}): copy the file itself into attachments/",
        "notices/2021/n.yml:24:22: attachments[8].file: 'attachments/2021' is a folder, not a file: name a file",
        "notices/2021/n.yml:25:22: attachments[9].file: 'attachments/none.pdf' does not exist",
        f"notices/2021/n.yml:26:22: attachments[10].file: 'attachments\\2021\\plan.pdf' is not under attachments/: {how}",
    ]
    assert problems(tmp_path, _attachments("attachments/2021/plan.pdf")) == []


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


@pytest.mark.parametrize("issuers, expected", [
    ("- dq\n", "notices/issuers.yml:1:1: the file holds a list; issuers.yml is a mapping of issuer keys to their records "
                "(key: {name: …, region: …})"),
    ("", "notices/issuers.yml:1:1: file is empty: issuers.yml is a mapping of issuer keys to their records (key: {name: …, region: …})"),
])
def test_an_issuers_file_of_the_wrong_shape_says_what_issuers_yml_holds(tmp_path, issuers, expected):
    assert problems(tmp_path, VALID, issuers=issuers)[0] == expected


def test_drafts_are_visible_only_in_a_preview(tmp_path):
    problems(tmp_path, VALID + "status: draft\n")
    project = load_project(tmp_path)
    assert [e.slug for e in project.visible(preview=True)] == ["n"]
    assert project.visible(preview=False) == []


def test_former_slug_must_not_clash(tmp_path):
    problems(tmp_path, VALID, name="2021/a.yml")
    found = problems(tmp_path, VALID.replace("title:", "former_slugs: [a]\ntitle:"), name="2021/b.yml")
    assert found == ["notices/2021/b.yml:1:16: former_slugs[0]: slug 'a' is already used by notices/2021/a.yml; slugs must be unique"]


# --- characters: only text reaches a page --------------------------------------------------------

@pytest.mark.parametrize("escape, what", [
    (r"\e", "U+001B (a control character): delete it"),
    (r"\0", "U+0000 (a control character): delete it"),
    (r"\x01", "U+0001 (a control character): delete it"),
    (r"\v", "U+000B (a control character): this field is one line; use a space"),
    (r"\uFFFE", "U+FFFE (a noncharacter): delete it"),
    (r"\x7f", "U+007F (a control character): delete it"),
    (r"\x9b", "U+009B (a control character): delete it"),
    (r"\u202E", "U+202E (a bidirectional control: text would display in another order than it reads): delete it"),
    (r"\u200F", "U+200F (a bidirectional control: text would display in another order than it reads): delete it"),
    (r"\u200E", "U+200E (a bidirectional control: text would display in another order than it reads): delete it"),
    (r"\u061C", "U+061C (a bidirectional control: text would display in another order than it reads): delete it"),
    (r"\u2067", "U+2067 (a bidirectional control: text would display in another order than it reads): delete it"),
    (r"\u2028", "U+2028 (line separator): this field is one line; use a space"),
    (r"\n", "U+000A (a line break): this field is one line; join the lines"),
])
def test_control_characters_in_a_title_are_placed_and_named(tmp_path, escape, what):
    text = VALID.replace("title: 中共大庆市委统战部关于", f'title: "中共大庆{escape}市委统战部关于')
    text = text.replace("的通报\n", '的通报"\n', 1)
    assert problems(tmp_path, text) == [f"notices/2021/n.yml:1:8: title: character 5 is {what}"]


def test_bodies_keep_tabs_and_line_breaks_but_no_other_controls(tmp_path):
    body = 'summary: "第一段\\t续\\n\\n第二段"\nsections:\n  - heading: 一、情况\n    body: "正文\\r\\n下一行"\n'
    assert problems(tmp_path, VALID + body) == [
        "notices/2021/n.yml:18:11: sections[0].body: character 3 is U+000D (a control character): use an ordinary line break"]
    assert problems(tmp_path, VALID + body.replace("\\r", "")) == []
    assert load_project(tmp_path).entries[0].notice.summary == "第一段\t续\n\n第二段"


def test_control_characters_in_issuers_file_and_nested_fields(tmp_path):
    issuers = 'dq:\n  name: "中共大庆\\e市委统战部"\n  region: 黑龙江省大庆市\n'
    text = VALID.replace("  team: 市委第二巡察组", '  team: "市委\\x9b第二巡察组"')
    assert problems(tmp_path, text, issuers=issuers) == [
        "notices/2021/n.yml:7:9: inspection.team: character 3 is U+009B (a control character): delete it",
        "notices/issuers.yml:2:9: dq.name: character 5 is U+001B (a control character): delete it",
    ]


def test_raw_control_characters_are_placed_at_their_line_and_column(tmp_path):
    text = VALID + "summary: |\n  第一段\u2028第二段\n  结尾\u202e反转\x85\n"
    assert problems(tmp_path, text) == [
        "notices/2021/n.yml:16:6: U+2028 (line separator): use an ordinary line break",
        "notices/2021/n.yml:17:5: U+202E (a bidirectional control: text would display in another order than it reads): delete it",
        "notices/2021/n.yml:17:8: U+0085 (a control character): use an ordinary line break",
    ]
    raw = VALID.replace("team: 市委", "team: 市委\x1b[2J")
    assert problems(tmp_path, raw) == ["notices/2021/n.yml:7:11: U+001B (a control character): delete it"]


def test_messages_never_print_control_characters(tmp_path):
    found = problems(tmp_path, VALID + '"x\\e[31my\\x9b": 1\n')
    assert len(found) == 1 and found[0].startswith("notices/2021/n.yml:15:1: x\\x1b[31my\\x9b: unknown field 'x\\x1b[31my\\x9b'; ")
    assert not any(c in found[0] for c in "\x1b\x9b")


# --- slugs and issuers: one page per slug --------------------------------------------------------

def test_index_is_a_reserved_slug(tmp_path):
    fix = "reserved (its page would be the folder's index page, which links miss)"
    assert problems(tmp_path, "slug: index\n" + VALID) == [
        f"notices/2021/n.yml:1:7: slug: slug 'index' is {fix}; choose another slug"]
    assert problems(tmp_path, "former_slugs: [old, index]\n" + VALID) == [
        f"notices/2021/n.yml:1:21: former_slugs[1]: slug 'index' is {fix}; choose another slug"]
    (tmp_path / "notices/2021/n.yml").unlink()
    assert problems(tmp_path, VALID, name="2021/index.yml") == [
        f"notices/2021/index.yml:1:1: slug 'index' is {fix}; rename the file or add slug: with another value"]


def test_an_inline_issuer_cannot_take_another_issuers_slug(tmp_path):
    fake = VALID.replace("issuer: dq", "issuer: {name: 假冒机构, slug: dq}")
    assert problems(tmp_path, fake) == [
        "notices/2021/n.yml:2:28: issuer.slug: issuer slug 'dq' already belongs to '中共大庆市委统战部' (issuers.yml: dq); "
        "one slug, one issuer: write that issuer's exact name, or give this issuer its own slug:"]
    same = VALID.replace("issuer: dq", "issuer: {name: 中共大庆市委统战部, slug: dq}")
    assert problems(tmp_path, same) == []


def test_two_inline_issuers_cannot_share_a_slug(tmp_path):
    problems(tmp_path, VALID.replace("issuer: dq", "issuer: {name: 某某局, slug: moumou}"), name="2021/a.yml")
    found = problems(tmp_path, VALID.replace("issuer: dq", "issuer: {name: 冒名局, slug: moumou}"), name="2021/b.yml")
    assert found == [
        "notices/2021/b.yml:2:27: issuer.slug: issuer slug 'moumou' already belongs to '某某局' (notices/2021/a.yml); "
        "one slug, one issuer: write that issuer's exact name, or give this issuer its own slug:"]


def test_issuers_file_records_cannot_share_a_slug(tmp_path):
    issuers = ISSUERS + "fake:\n  name: 假冒机构\n  slug: dq\n"
    assert problems(tmp_path, VALID, issuers=issuers) == [
        "notices/issuers.yml:6:9: fake.slug: issuer slug 'dq' already belongs to '中共大庆市委统战部' (issuers.yml: dq); "
        "one slug, one issuer: write that issuer's exact name, or give this issuer its own slug:"]


# --- what lies in notices/ ---------------------------------------------------------------------

def test_files_that_are_not_read_as_notices_are_reported(tmp_path):
    import os

    notices = tmp_path / "notices"
    problems(tmp_path, VALID)
    (notices / "2021" / "upper.YML").write_text(VALID, encoding="utf-8")
    (notices / "2021" / "mixed.Yaml").write_text(VALID, encoding="utf-8")
    (notices / "2021" / "gone.yml").symlink_to(tmp_path / "nowhere.yml")
    os.mkfifo(notices / "2021" / "pipe.yml")
    os.mkfifo(notices / "2021" / "pipe")
    (tmp_path / "elsewhere").mkdir()
    (notices / "2022").symlink_to(tmp_path / "elsewhere")
    (notices / "2021" / ".#n.yml").symlink_to("user@host.1234")  # an editor's lock file: not a notice
    (notices / "2021" / "readme.txt").write_text("notes", encoding="utf-8")  # not a notice either
    try:
        load_project(tmp_path)
    except NoticeErrors as exc:
        found = [str(p) for p in exc.problems]
    assert found == [
        f"notices/2021/gone.yml:1:1: a symbolic link to '{tmp_path / 'nowhere.yml'}', which does not exist: remove the link or restore its file",
        "notices/2021/mixed.Yaml:1:1: '.Yaml' is not read: rename the file to end in '.yml'",
        "notices/2021/pipe:1:1: a FIFO (named pipe) in the notices folder: remove it (notices are .yml files)",
        "notices/2021/pipe.yml:1:1: a FIFO (named pipe), not a file: a notice is a .yml text file; remove it",
        "notices/2021/upper.YML:1:1: '.YML' is not read: rename the file to end in '.yml'",
        "notices/2022:1:1: a symbolic link to a folder, which is not followed: move the folder itself under notices/",
    ]


def test_a_notice_file_linked_from_outside_the_notices_folder_is_refused_unread(tmp_path):
    problems(tmp_path, VALID)
    outside = tmp_path / "private" / "other.yml"
    outside.parent.mkdir()
    outside.write_text(VALID.replace("2021-07-05", "2021-07-06"), encoding="utf-8")
    (tmp_path / "notices" / "2021" / "linked.yml").symlink_to(outside)
    (tmp_path / "notices" / "2021" / "inside.yml").symlink_to(tmp_path / "notices" / "2021" / "n.yml")
    with pytest.raises(NoticeErrors) as errors:
        load_project(tmp_path)
    assert [str(p) for p in errors.value.problems if "linked.yml" in str(p)] == [
        f"notices/2021/linked.yml:1:1: a symbolic link to '{outside}', outside the notices folder, which is not read: "
        "copy the notice itself under notices/"]
    assert not any("inside.yml" in str(p) and "symbolic link" in str(p) for p in errors.value.problems)


def test_an_issuers_file_that_is_a_fifo_is_reported_not_read(tmp_path):
    import os
    import threading

    problems(tmp_path, VALID)
    (tmp_path / "notices" / "issuers.yml").unlink()
    os.mkfifo(tmp_path / "notices" / "issuers.yml")
    found: list[str] = []

    def load() -> None:
        try:
            load_project(tmp_path)
        except NoticeErrors as exc:
            found.extend(str(p) for p in exc.problems)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "loading blocked on the FIFO"
    assert found == ["notices/issuers.yml:1:1: a FIFO (named pipe), not a file: a notice is a .yml text file; remove it"]


def test_an_issuers_file_deeper_down_is_read_as_a_notice(tmp_path):
    found = problems(tmp_path, ISSUERS, name="2021/issuers.yml")
    assert found[0].startswith("notices/2021/issuers.yml:1:1: dq: unknown field 'dq'; allowed here: title, ")
