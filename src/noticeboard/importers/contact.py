"""The contact block at the end of a notice: invitation, phones, e-mails, address, postcode, person.

E-mail addresses often lost their '@' when copied. Where a known mail provider (163.com, qq.com,
…) or the issuer's city on gov.cn makes the repair unambiguous, the '@' is restored and a review
flag says so; otherwise the text stays out of ``emails`` and is flagged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin

from noticeboard.importers.dates import find_dates, make_date, resolve
from noticeboard.model import EMAIL_RE

LABELS = [
    ("phone", r"联系电话|联系方式|咨询电话|举报电话|监督电话|电话|手机|传真"),
    ("address", r"邮政信箱地址|邮政信箱|邮寄地址|邮政地址|通信地址|通讯地址|联系地址|来信地址|地址"),
    ("postcode", r"邮政编码|邮编"),
    ("email", r"电子邮箱|电子信箱|电子邮件|邮箱|E-?mail|email"),
    ("person", r"联系人"),
    ("hours", r"接待时间|受理时间|工作时间|办公时间"),
]
LABEL_RE = re.compile("|".join(f"(?P<{key}>{pattern})" for key, pattern in LABELS), re.I)
PHONE_RE = re.compile(r"(?<![\d\-])(?:[(（]?0\d{2,3}[)）]?\s*[-—–－‐]?\s*)?\d{7,8}(?:\s*(?:转|-)\s*\d{1,6})?(?![\d])|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)12388(?!\d)")
POSTCODE_RE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
MAIL_PROVIDERS = ("126.com", "163.com", "qq.com", "sina.com", "sina.cn", "sohu.com", "yeah.net", "139.com",
                  "189.cn", "21cn.com", "aliyun.com", "foxmail.com", "gmail.com", "hotmail.com", "outlook.com",
                  "yahoo.com", "tom.com", "vip.163.com", "vip.126.com", "vip.qq.com", "vip.sina.com")
INVITE_RE = re.compile(r"(欢迎.{0,40}(监督|意见|建议|反映)|如有意见|请及时向我们反映)")
_MAIL_TOKEN = re.compile(r"[A-Za-z0-9._%+\-@＠]+(?:\s*[.．。]\s*[A-Za-z]{2,6})+|[A-Za-z0-9._%+\-]*[@＠][A-Za-z0-9.\-]+")
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
    for i in window:
        if INVITE_RE.search(lines[i]) and ("监督" in lines[i] or LABEL_RE.search(lines[i])):
            return i
    for i in window:
        line = lines[i]
        m = LABEL_RE.match(line)
        if m and (PHONE_RE.search(line) or "@" in line or POSTCODE_RE.search(line) or m.lastgroup == "address"):
            return i
    return None


def is_contact_line(line: str) -> bool:
    return bool(INVITE_RE.search(line) or LABEL_RE.match(line) or (LABEL_RE.search(line) and (PHONE_RE.search(line) or "@" in line)))


def split_contact(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(body lines before the contact block, the contact lines, lines after it such as a signature)."""
    start = find_contact_start(lines)
    if start is None:
        return lines, [], []
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or is_contact_line(lines[end])):
        end += 1
    return lines[:start], [line for line in lines[start:end] if line.strip()], lines[end:]


def normalise_phone(value: str) -> str:
    value = re.sub(r"[—–－‐]", "-", value).replace("（", "(").replace("）", ")")
    value = re.sub(r"\s+", "", value)
    value = re.sub(r"^\(?(0\d{2,3})\)-?", r"\1-", value)  # (0731)88770114 → 0731-88770114
    return value


def city_codes(region: str | None) -> list[str]:
    """gov.cn sub-domains a region's cities use: initials and full pinyin (南京市 → nj, nanjing)."""
    if not region:
        return []
    codes = []
    for place in re.findall(r"[\u4e00-\u9fff]+?(?:省|自治区|市|州|县|区)", region):
        core = re.sub(r"(省|自治区|市|自治州|州|县|区)$", "", place)
        if len(core) < 2:
            continue
        codes.append("".join(lazy_pinyin(core, style=Style.FIRST_LETTER)).lower())
        codes.append("".join(lazy_pinyin(core)).lower())
    return codes


def repair_email(raw: str, region: str | None) -> tuple[str | None, str | None]:
    """(e-mail or None, doubt or None) for one e-mail-like token."""
    token = raw.replace("＠", "@").replace("。", ".").replace("．", ".")
    token = re.sub(r"\s+", "", token).strip(".")
    if "@" in token:
        if EMAIL_RE.match(token):
            return token, None
        return None, f"'{raw}' is not a valid e-mail address; kept out of contact.emails"
    lower = token.lower()
    for provider in sorted(MAIL_PROVIDERS, key=len, reverse=True):
        if lower.endswith(provider) and len(token) > len(provider):
            local = token[: -len(provider)]
            if local and not local.endswith(".") and re.fullmatch(r"[A-Za-z0-9._%+\-]+", local):
                fixed = f"{local}@{token[-len(provider):]}"
                return fixed, f"'@' restored from '{raw}' (known mail provider {provider}); confirm"
    if lower.endswith(".gov.cn"):
        labels = token[: -len(".gov.cn")].split(".")
        if len(labels) == 1:
            for code in city_codes(region):
                if len(labels[0]) > len(code) and labels[0].lower().endswith(code):
                    local = labels[0][: -len(code)]
                    if re.fullmatch(r"[A-Za-z0-9._%+\-]+", local) and not local.endswith((".", "-")):
                        fixed = f"{local}@{labels[0][-len(code):]}.gov.cn"
                        return fixed, f"'@' restored from '{raw}' ({code}.gov.cn is the issuer's city); confirm"
    return None, f"'{raw}' looks like an e-mail address without its '@' and cannot be repaired for certain; kept out of contact.emails"


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
    text = "\n".join(lines)
    first_label = LABEL_RE.search(text)
    invitation_text = text[: first_label.start()] if first_label else text
    invitation = " ".join(invitation_text.split()).strip(_TRIM.replace("。", "") + " ")
    invitation = re.sub(r"[：:；;，,]+$", "", invitation).strip()
    data = guess.data
    if invitation:
        data["invitation"] = invitation
        until = comment_deadline(invitation, published)
        if until:
            data["until"] = until
    phones: list[str] = []
    emails: list[str] = []
    seen_mail_tokens: set[str] = set()
    fields = _fields(text) if first_label else []
    for kind, label, value in fields:
        value = value.replace("\n", "")
        if kind in ("phone", "person", "hours", "address", "postcode"):
            # e-mail-like tokens hiding in any field ("联系方式：…；zz163.com")
            pass
        if kind == "phone":
            found = [normalise_phone(p) for p in PHONE_RE.findall(value)]
            phones.extend(p for p in found if p not in phones)
            if not found and value and label == "联系方式":
                continue
            if not found and value:
                guess.doubts.append(f"contact.phones: '{value}' after '{label}' is not a phone number; check it")
        elif kind == "address":
            if re.fullmatch(r"\d{6}", value):
                data.setdefault("postcode", value)
                guess.doubts.append(f"contact.postcode: '{value}' is written after '{label}'; taken as the postcode; confirm")
            elif value:
                data.setdefault("address", value)
        elif kind == "postcode":
            m = POSTCODE_RE.search(value)
            if m:
                data.setdefault("postcode", m.group(1))
            elif value:
                guess.doubts.append(f"contact.postcode: '{value}' is not a 6-digit postcode")
        elif kind == "email":
            tokens = _MAIL_TOKEN.findall(value) or ([value] if re.search(r"[A-Za-z0-9]", value) else [])
            for token in tokens:
                seen_mail_tokens.add(token)
                fixed, doubt = repair_email(token, region)
                if fixed and fixed not in emails:
                    emails.append(fixed)
                if doubt:
                    guess.doubts.append(f"contact.emails: {doubt}")
        elif kind == "person" and value:
            data["person"] = value
        elif kind == "hours" and value:
            data["hours"] = value
    # e-mail addresses written without a label
    for token in _MAIL_TOKEN.findall(text):
        if "@" in token.replace("＠", "@") and token not in seen_mail_tokens:
            fixed, doubt = repair_email(token, region)
            if fixed and fixed not in emails:
                emails.append(fixed)
            if doubt:
                guess.doubts.append(f"contact.emails: {doubt}")
    if not fields:
        found = [normalise_phone(p) for p in PHONE_RE.findall(text)]
        phones.extend(p for p in found if p not in phones)
    if phones:
        data["phones"] = phones
    if emails:
        data["emails"] = emails
    if "address" in data and "postcode" in data:
        data["address"] = _trim(re.sub(r"[（(]\s*$", "", data["address"]))
    return guess


CONTACT_ORDER = ("invitation", "phones", "emails", "address", "postcode", "person", "hours", "until")
