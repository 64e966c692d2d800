"""The contact block at the end of a notice: invitation, phones, e-mails, address, postcode, person.

E-mail addresses often lost their '@' when copied. Where a known mail provider (163.com, qq.com,
…) or the issuer's city on gov.cn makes the repair unambiguous, the '@' is restored and a review
flag says so; otherwise the text stays out of ``emails`` and is flagged.

A phone number that does not have the digits a Chinese number has (``0745-723658``: a 4-digit
area code takes 7 or 8 more) is kept where it was written, and flagged, so that the reviewer
corrects it rather than types it again; the model accepts it, so the draft stays a valid draft.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from noticeboard.importers.date_mentions import find_dates, make_date, resolve
from noticeboard.importers.noise import half_width
from noticeboard.importers.review import flag, quote
from noticeboard.importers.sections import strip_number
from noticeboard.model import EMAIL_RE, Phone

LABELS = [
    # 联系人及电话：王某 0571-85012345: the person and the number under one label
    ("person_phone", r"联系人(?:及|和|与|、|/)(?:其)?(?:联系)?(?:电话|方式)"),
    ("phone", r"联系电话|联系方式|咨询电话|举报电话|监督电话|电话|手机|传真"),
    ("email", r"(?:电子邮箱|电子信箱|电子邮件|邮箱|E-?mail|email)(?:地址)?"),
    ("address", r"邮政信箱地址|邮政信箱|邮寄地址|邮政地址|通信地址|通讯地址|联系地址|来信地址|来信请寄至?|信件请寄至?|来信寄至|地址"),
    ("postcode", r"邮政编码|邮编"),
    # a web address: the schema has no field for it, so the reviewer is told
    ("web", r"(?:网上信箱|网上举报(?:平台)?|在线留言|网址|网站)(?=\s*[:：])"),
    ("person", r"联系人"),
    ("hours", r"接待时间|受理时间|工作时间|办公时间"),
    # the period comments are taken in (公示时间：11月30日至12月6日): its last day is ``until``
    ("period", r"(?:公示|征求意见|意见反馈|反馈)(?:时间|期限|日期|期|截止时间|截止日期)(?=\s*[:：])"),
]
LABEL_RE = re.compile("|".join(f"(?P<{key}>{pattern})" for key, pattern in LABELS), re.I)
PHONE_RE = re.compile(r"(?<![\d\-])(?:[(（]?0\d{2,3}[)）]?\s*[-—–－‐]?\s*)?\d{7,8}(?:\s*(?:转|-)\s*\d{1,6})?(?![\d])|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)12388(?!\d)")
# digits that may be a mistyped phone number (what PHONE_RE leaves of a phone field's value)
_PHONE_LIKE = re.compile(r"(?<!\d)(?:[(（]\s*\d{2,4}\s*[)）]\s*|\d{2,4}\s*[-—–－‐]\s*)?\d{3,12}(?:\s*(?:转|-)\s*\d{1,6})?(?!\d)")
_PHONE_MODEL = TypeAdapter(Phone)
POSTCODE_RE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
MAIL_PROVIDERS = ("126.com", "163.com", "qq.com", "sina.com", "sina.cn", "sohu.com", "yeah.net", "139.com",
                  "189.cn", "21cn.com", "aliyun.com", "foxmail.com", "gmail.com", "hotmail.com", "outlook.com",
                  "yahoo.com", "tom.com", "vip.163.com", "vip.126.com", "vip.qq.com", "vip.sina.com")
INVITE_RE = re.compile(r"(欢迎.{0,40}(监督|意见|建议|反映)|如有意见|请及时向我们反映)")
_MAIL_TOKEN = re.compile(r"[A-Za-z0-9._%+\-@＠]+(?:\s*[.．。]\s*[A-Za-z]{2,6})+|[A-Za-z0-9._%+\-]*[@＠][A-Za-z0-9.\-]+")
_AT_SPELT = re.compile(r"(?<=[A-Za-z0-9_.\-])\s*(?:#|[(（\[［【{]\s*(?:at|AT|At|艾特)\s*[)）\]］】}]|\s(?:at|AT)\s)\s*(?=[A-Za-z0-9])")
# a local number copied with a space inside it (0571-8765 4321)
_SPLIT_NUMBER = re.compile(r"((?<!\d)0\d{2,3}\s*[-—–－‐]?\s*)(\d{3,4})[ \u3000]+(\d{4})(?!\d)")
# a mobile number written in groups (139 0731 2345, 139-0731-2345)
_SPLIT_MOBILE = re.compile(r"(?<![\d\-])(1[3-9]\d)[ \u3000\-](\d{4})[ \u3000\-](\d{4})(?![\d\-])")
# words that say when a line is answered (工作日 9:00-17:00, 周一至周五上午)
_HOURS_WORDS = re.compile(r"\d{1,2}\s*[:：]\s*\d{2}|工作日|上午|下午|周[一二三四五六日]|星期[一二三四五六日天]|节假日|法定")
_QUALIFIER = 6
CONTACT_LINE = 600   # the longest line a contact block is read from (the invitation and every channel on one line)
_TRIM = "；;，,。:：、 （(【】"


def _trim(value: str) -> str:
    """Strip separators; a closing bracket only when it has no opening partner."""
    value = value.strip().strip(_TRIM).strip()
    while value and value[-1] in "）)" and value.count("（") + value.count("(") < value.count("）") + value.count(")"):
        value = value[:-1].strip(_TRIM).strip()
    return value


@dataclass
class ContactGuess:
    data: dict = field(default_factory=dict)
    doubts: list[str] = field(default_factory=list)


def find_contact_start(lines: list[str]) -> int | None:
    """Index of the first line of the contact block (the invitation or the first labelled line), near the end."""
    window = range(max(0, len(lines) - 12), len(lines))
    # a longer line is a paragraph of the body, unless it ends in the contact block
    window = [i for i in window if len(_body_before_invitation(lines[i])[1]) <= CONTACT_LINE]
    for i in window:
        labelled_next = i + 1 < len(lines) and LABEL_RE.match(lines[i + 1])
        if INVITE_RE.search(lines[i]) and ("监督" in lines[i] or LABEL_RE.search(lines[i]) or labelled_next):
            return i
    for i in window:
        line = _joined_numbers(half_width(lines[i]))
        m = _leading_label(line)
        if m and (PHONE_RE.search(line) or "@" in line or POSTCODE_RE.search(line) or m.lastgroup in ("address", "email")):
            return i
    return None


def _leading_label(line: str) -> re.Match | None:
    """The label a line starts with, after at most a short qualifier (监督举报电话, 意见反馈邮箱)."""
    m = LABEL_RE.search(line, 0, _QUALIFIER + 8)
    return m if m and m.start() <= _QUALIFIER and not re.search(r"[。，,；;：:]", line[: m.start()]) else None


def _joined_numbers(text: str) -> str:
    text = _SPLIT_MOBILE.sub(lambda m: m[1] + m[2] + m[3], text)
    return _SPLIT_NUMBER.sub(lambda m: m[1] + m[2] + m[3] if len(m[2] + m[3]) in (7, 8) else m[0], text)


def is_contact_line(line: str) -> bool:
    if len(line) > CONTACT_LINE:
        return False
    return bool(INVITE_RE.search(line) or _leading_label(line) or (LABEL_RE.search(line) and (PHONE_RE.search(line) or "@" in line)))


def split_contact(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(body lines before the contact block, the contact lines, lines after it such as a signature)."""
    start = find_contact_start(lines)
    if start is None:
        return lines, [], []
    prose, invitation = _body_before_invitation(lines[start])
    if prose:  # the body and the contact block pasted as one paragraph: the body keeps its sentences
        lines = [*lines[:start], prose, invitation, *lines[start + 1:]]
        start += 1
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or is_contact_line(lines[end])):
        end += 1
    # a heading that only names the block (三、联系方式) goes with it: the page's contact card has its own
    heading = start - 1 if start and _CONTACT_HEADING.fullmatch(strip_number(lines[start - 1].strip())) else start
    return lines[:heading], [line for line in lines[start:end] if line.strip()], lines[end:]


_SENTENCE_END = re.compile(r"[。！？!?]")
BODY_BEFORE = 60   # sentences this long before the invitation, on its line, are the body's


def _body_before_invitation(line: str) -> tuple[str, str]:
    """(body prose, the contact block) of a line where whole sentences of the body come before the
    invitation (…现将整改情况予以公布。一、…已完成。欢迎广大干部群众监督。联系电话：…); ('', line)
    when the line starts with the contact block."""
    m = INVITE_RE.search(line)
    if not m:
        return "", line
    ends = [e.end() for e in _SENTENCE_END.finditer(line, 0, m.start())]
    if not ends or ends[-1] < BODY_BEFORE:
        return "", line
    return line[: ends[-1]].strip(), line[ends[-1]:].strip()


_CONTACT_HEADING = re.compile(r"(?:监督|联系|反映|受理|意见建议|反馈)(?:方式|渠道|途径|电话|办法)(?:及|和|与)?(?:地址|邮箱)?|联系我们")


def normalise_phone(value: str) -> str:
    value = re.sub(r"[—–－‐]", "-", value).replace("（", "(").replace("）", ")")
    value = re.sub(r"\s+", "", value)
    value = re.sub(r"^\(?(0\d{2,3})\)-?", r"\1-", value)  # (0731)88770114 → 0731-88770114
    return value


def phone_doubt(phone: str) -> str | None:
    """Why ``phone`` (normalised) does not look like a Chinese phone number, or None when it does."""
    number = re.split(r"转|ext|(?<=\d{7})-(?=\d{1,6}$)", phone)[0]
    digits = re.sub(r"\D", "", number)
    if re.fullmatch(r"1[3-9]\d{9}|1\d{4}|[48]00\d{7}|95\d{3,4}", digits):
        return None                                   # mobile, 12388-style service, 400/800, 95xxx
    if digits.startswith("0"):
        area = 3 if re.match(r"0(?:10|2\d)", digits) else 4
        if "-" in number:
            area = len(number.split("-")[0].strip("()"))
        local = len(digits) - area
        wanted = (8,) if area == 3 else (7, 8)
        if area in (3, 4) and local in wanted:
            return None
        return f"区号{digits[:area]}后应为{'或'.join(map(str, wanted))}位号码，这里是{local}位"
    if len(digits) in (7, 8):
        return None
    return f"不带区号的号码应为7或8位，这里是{len(digits)}位"


def city_codes(region: str | None) -> list[str]:
    """gov.cn sub-domains a region's cities use: initials and full pinyin (南京市 → nj, nanjing)."""
    if not region:
        return []
    from pypinyin import Style, lazy_pinyin  # here: its tables are ~55 MB, which a build's processes need not hold

    codes = []
    for place in re.findall(r"[\u4e00-\u9fff]+?(?:省|自治区|市|州|县|区)", region):
        core = re.sub(r"(省|自治区|市|自治州|州|县|区)$", "", place)
        if len(core) < 2:
            continue
        codes.append("".join(lazy_pinyin(core, style=Style.FIRST_LETTER)).lower())
        codes.append("".join(lazy_pinyin(core)).lower())
    return codes


def repair_email(raw: str, region: str | None) -> tuple[str | None, str | None]:
    """(e-mail or None, what the reviewer should check or None) for one e-mail-like token."""
    token = raw.replace("＠", "@").replace("。", ".").replace("．", ".")
    token = re.sub(r"\s+", "", token).strip(".")
    if "@" in token:
        if EMAIL_RE.match(token):
            return token, None
        return None, f"原文{quote(raw)}不是有效的电子邮箱地址，未收入，请按原文填写"
    lower = token.lower()
    for provider in sorted(MAIL_PROVIDERS, key=len, reverse=True):
        if lower.endswith(provider) and len(token) > len(provider):
            local = token[: -len(provider)]
            if local and not local.endswith(".") and re.fullmatch(r"[A-Za-z0-9._%+\-]+", local):
                fixed = f"{local}@{token[-len(provider):]}"
                return fixed, f"原文{quote(raw)}缺少“@”，已按常见邮箱 {provider} 补上，请核对"
    if lower.endswith(".gov.cn"):
        labels = token[: -len(".gov.cn")].split(".")
        if len(labels) == 1:
            for code in city_codes(region):
                if len(labels[0]) > len(code) and labels[0].lower().endswith(code):
                    local = labels[0][: -len(code)]
                    if re.fullmatch(r"[A-Za-z0-9._%+\-]+", local) and not local.endswith((".", "-")):
                        fixed = f"{local}@{labels[0][-len(code):]}.gov.cn"
                        return fixed, f"原文{quote(raw)}缺少“@”，已按发布机关所在地的 {code}.gov.cn 补上，请核对"
    return None, f"原文{quote(raw)}像是缺少“@”的电子邮箱，无法确定如何补全，未收入，请按原文填写"


def _fields(text: str) -> list[tuple[str, str, str]]:
    """(kind, label, value) for every label in the contact text; value runs to the next label."""
    matches = list(LABEL_RE.finditer(text))
    out = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        value = text[m.end():end]
        value = _trim(re.sub(r"^\s*[:：]?\s*", "", value))
        out.append((m.lastgroup, m.group(0), value))
    return out


_UNTIL_RE = re.compile(r"至|到|截止|截至|之前|以前|前|期间")


def comment_deadline(invitation: str, published: dt.date | None) -> dt.date | None:
    """The last day comments are taken, when the invitation states a period or a deadline
    ("请于2022年1月18日至1月28日期间…", "截至3月5日"); None when it states none."""
    mentions = find_dates(invitation)
    if not mentions or not _UNTIL_RE.search(invitation[max(0, mentions[-1].start - 4): mentions[-1].end + 4]):
        return None
    dates = resolve(mentions, published.year if published else None)
    last = dates[-1]
    if last and published and last < published and mentions[-1].year is None and mentions[0].year is None:
        last = make_date(last.year + 1, last.month, last.day)  # "2月10日前" in a December notice
    return last if last and (published is None or last >= published) else None


def parse_contact(lines: list[str], region: str | None, published: dt.date | None = None) -> ContactGuess:
    guess = ContactGuess()
    if not lines:
        return guess
    text = half_width("\n".join(lines))
    first_label = LABEL_RE.search(text)
    invitation_text = text[: first_label.start()] if first_label else text
    invitation = " ".join(invitation_text.split()).strip(_TRIM.replace("。", "") + " ")
    invitation = re.sub(r"[：:；;，,]+$", "", invitation).strip()
    if len(invitation) <= _QUALIFIER and not INVITE_RE.search(invitation) and not re.search(r"[。，,]", invitation):
        invitation = ""   # the first label's qualifier (监督举报电话, 热线电话, 意见反馈邮箱), no invitation
    data = guess.data
    if invitation:
        data["invitation"] = invitation
        until = comment_deadline(invitation, published)
        if until:
            data["until"] = until
    phones: list[str] = []
    emails: list[str] = []
    seen_mail_tokens: set[str] = set()

    def add_phone(phone: str) -> None:
        if phone in phones:
            return
        doubt = phone_doubt(phone)
        try:
            _PHONE_MODEL.validate_python(phone)
        except ValidationError:
            guess.doubts.append(flag("contact.phones", f"原文{quote(phone)}不是完整的电话号码，未收入，请按原文填写"))
            return
        phones.append(phone)
        if doubt:
            guess.doubts.append(flag(("contact", "phones", len(phones) - 1), f"电话号码{quote(phone)}位数不对（{doubt}），请核对原文"))

    def add_email(token: str) -> None:
        fixed, note = repair_email(token, region)
        if fixed and fixed not in emails:
            emails.append(fixed)
        if note:
            guess.doubts.append(flag(("contact", "emails", emails.index(fixed)) if fixed else "contact.emails", note))

    fields = _fields(text) if first_label else []
    for kind, label, value in fields:
        value = value.replace("\n", "")
        if kind == "web":
            if value:
                guess.doubts.append(flag("contact", f"原文“{label}”{quote(value)}没有对应的字段，未收入；如需公布，请写入 invitation"))
            continue
        if kind == "person_phone":
            value = _joined_numbers(value)
            words = _PHONE_LIKE.sub(" ", PHONE_RE.sub(" ", value)).split()
            if words and _trim(words[0]):
                data["person"] = _trim(words[0])
            kind, label = "phone", "联系电话"
        if kind == "phone":
            value = _joined_numbers(value)
            found = [m.group(0) for m in PHONE_RE.finditer(value)]
            rest = PHONE_RE.sub(" ", value)
            found += [m.group(0) for m in _PHONE_LIKE.finditer(rest) if len(re.sub(r"\D", "", m.group(0))) >= 5]
            for phone in found:
                add_phone(normalise_phone(phone))
                if label == "传真" and normalise_phone(phone) in phones:
                    guess.doubts.append(flag(("contact", "phones", phones.index(normalise_phone(phone))),
                                             f"{quote(normalise_phone(phone))}在原文中是传真号码，请核对是否作为联系电话公布"))
            leftover = _trim(re.sub(r"[（(]\s*[)）]", "", _PHONE_LIKE.sub(" ", rest) if found else ""))
            if label == "联系电话" and data.get("person"):   # 联系人及电话：王某 0571-…: the person is taken
                leftover = _trim(leftover.replace(data["person"], "", 1))
            if leftover and _HOURS_WORDS.search(leftover):   # 0795-3567890（工作日8:00-12:00）: when to call
                data.setdefault("hours", leftover)
            elif re.search(r"[\u4e00-\u9fff]{2}", leftover):
                guess.doubts.append(flag("contact.phones", f"“{label}”后面的{quote(leftover)}没有对应的字段，未收入；如需公布，请写入 invitation"))
            if not found and value and label == "联系方式":
                continue
            if not found and value:
                guess.doubts.append(flag("contact.phones", f"“{label}”后面的{quote(value)}不是电话号码，请核对原文"))
        elif kind == "address":
            if re.fullmatch(r"\d{6}", value):
                data.setdefault("postcode", value)
                guess.doubts.append(flag("contact.postcode", f"{quote(value)}写在“{label}”后面，已作为邮政编码，请核对"))
            elif value:
                data.setdefault("address", value)
        elif kind == "postcode":
            m = POSTCODE_RE.search(value)
            if m:
                data.setdefault("postcode", m.group(1))
            elif value:
                guess.doubts.append(flag("contact.postcode", f"{quote(value)}不是6位邮政编码，请核对原文"))
        elif kind == "email":
            spelt = _AT_SPELT.search(value)
            if spelt:  # name#163.com, name(at)163.com: the '@' written so that robots miss it
                value = _AT_SPELT.sub("@", value)
            tokens = _MAIL_TOKEN.findall(value) or ([value] if re.search(r"[A-Za-z0-9]", value) else [])
            for token in tokens:
                seen_mail_tokens.add(token)
                add_email(token)
            if spelt and emails:
                guess.doubts.append(flag(("contact", "emails", len(emails) - 1),
                                         f"原文把“@”写作{quote(spelt.group(0).strip())}，已改为“@”，请核对"))
        elif kind == "person" and value:
            data["person"] = value
        elif kind == "hours" and value:
            data["hours"] = value
        elif kind == "period" and value:
            value, *more = re.split(r"(?<=[。；;])", value, maxsplit=1)
            after = "".join(more).strip()
            if INVITE_RE.search(after):  # 公示时间：…。公示期间，如有意见建议，请…: the invitation follows
                data["invitation"] = " ".join(filter(None, [data.get("invitation"), after]))
            last = ([None] + resolve(find_dates(value), published.year if published else None))[-1]
            if last and (published is None or last >= published):
                data["until"] = last
            else:
                guess.doubts.append(flag("contact.until", f"“{label}”后面的{quote(value)}读不出截止日期，请按原文填写 until"))
    # e-mail addresses written without a label
    for token in _MAIL_TOKEN.findall(text):
        if "@" in token.replace("＠", "@") and token not in seen_mail_tokens:
            add_email(token)
    if not fields:
        for phone in PHONE_RE.findall(text):
            add_phone(normalise_phone(phone))
    if phones:
        data["phones"] = phones
    if emails:
        data["emails"] = emails
    if "address" in data and "postcode" in data:
        data["address"] = _trim(re.sub(r"[（(]\s*$", "", data["address"]))
    return guess


CONTACT_ORDER = ("invitation", "phones", "emails", "address", "postcode", "person", "hours", "until")
