"""Remove the noise that copied notices carry, by its shape, without losing any text of the notice.

- advertising in brackets (``【更多公文素材，微信：…】``, also with spaces inside, or left unclosed
  at the end of a line): a bracket whose content, spaces removed, speaks of advertising;
- WeChat/QQ ids (``微信：da dawk01``), spaces inserted or not, unless the line is the notice's own
  feedback channel (it invites comments and has nothing of an advertisement);
- advertising lines and paragraphs: several kinds of advertising vocabulary (member groups, cloud
  drives, subscriptions, ids, resale warnings) in one paragraph, or one in a short line;
- paid-content markers (``##paidbegin##``, ``以下为付费内容``, ``试读结束``);
- spaces and invisible characters inserted inside words by copying (``2021年3月9 日``, ``地    址：``).
"""

from __future__ import annotations

import html
import re

# Han characters for a character class, the rare ones too (extension A, B and on, compatibility
# ideographs): place and organisation names are written with them (䢺川县)
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK = r"\u3000-\u303f" + HAN + r"\uff00-\uffef“”‘’—…·"
_ID_CHARS = r"[A-Za-z0-9_\-]"
# an id after a WeChat/QQ label, possibly with spaces copied into it: 微信：da dawk01, QQ:12345 678
_ID = re.compile(rf"(?:微信号?|威信|V信|薇信|WeChat|vx|wx|QQ群?|扣扣)\s*号?\s*[:：]?\s*{_ID_CHARS}(?:\s?{_ID_CHARS}){{4,29}}", re.I)
# kinds of advertising vocabulary (matched with spaces removed). A strong kind is rare in a notice;
# a weak one is common in notices too and only counts beside a strong one.
_STRONG = [re.compile(pattern, re.I) for pattern in (
    r"公文素材|文稿素材|写作素材|素材库|范文|公文(?:写作|模板|大全)|精品(?:文稿|材料)|海量.{0,6}(?:资料|材料|素材)",
    r"会员(?:群|资料|材料|专享|权益|专区)|(?:开通|成为|加入|充值|年费|终身|超级)会员|VIP",
    r"(?:会员|网盘|资料|素材|交流|粉丝|QQ)群|网盘|百度云|云盘|资源包",
    r"倒卖|盗版|禁止外传|仅供学习|仅供参考|如有侵权|侵删|联系删除|转载请注明|来源于网络",
    r"订阅|付费|充值|包年|年费|下载券|积分兑换|打赏",
)]
_WEAK = [re.compile(pattern, re.I) for pattern in (
    r"添加|加我|私信|客服",
    r"关注|扫码|扫一扫|二维码|长按识别|公众号|点赞|在看|转发",
    r"淘宝|店铺|小程序|APP|客户端|下载|更多|免费|赠送|立享|优惠",
)]
_BRACKET = re.compile(r"[【\[［〖]([^】\]］〗\n]{0,80})[】\]］〗]")
_OPEN_BRACKET_END = re.compile(r"[【\[［〖]([^】\]］〗\n]{0,80})$")
_MARKER = re.compile(r"#{2}\s*[A-Za-z_]+\s*#{2}")
_PAID_LINE = re.compile(r"(付费(?:内容|阅读|文档|查看)|试读(?:结束|已结束)|以下(?:内容)?(?:为|是)(?:付费|会员|VIP)|购买后(?:阅读|查看|下载)"
                        r"|剩余\d+%|开通会员|登录后(?:阅读|查看)|(?:展开|阅读|查看)全文|VIP专享|会员专享)", re.I)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
# tabs stay until the page's bars are read (they separate a table's cells: 索引号<tab>…), see close_spaces
_SPACES = re.compile(rf"(?<=[{CJK}])[ \u00a0\u3000\u2002-\u200a]+|[ \u00a0\u3000\u2002-\u200a]+(?=[{CJK}])")
_SPACES_AND_TABS = re.compile(rf"(?<=[{CJK}])[ \t\u00a0\u3000\u2002-\u200a]+|[ \t\u00a0\u3000\u2002-\u200a]+(?=[{CJK}])")
# a line that offers a feedback channel of the notice itself (its 微信公众号 or QQ are content)
_FEEDBACK = re.compile(r"(反映|举报(?!倒卖)|监督|意见建议|意见和建议|来信|来电|联系电话|电子邮箱|信箱)")
_NOTICE_WORDS = re.compile(r"(党|巡视|巡察|整改|问题|落实|干部|群众|制度|机关|组织|责任|监督)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def ad_kinds(text: str) -> tuple[int, int]:
    """(strong, weak): how many kinds of advertising vocabulary ``text`` holds (an id is strong)."""
    squashed = _squash(text)
    strong = sum(bool(kind.search(squashed)) for kind in _STRONG) + bool(_ID.search(text))
    return strong, sum(bool(kind.search(squashed)) for kind in _WEAK)


def is_promo_bracket(content: str) -> bool:
    """A bracket that advertises: a strong kind, or a weak one with nothing of a notice."""
    strong, weak = ad_kinds(content)
    return bool(strong or weak and not _NOTICE_WORDS.search(_squash(content)))


def remove_brackets(text: str) -> str:
    text = _BRACKET.sub(lambda m: "" if is_promo_bracket(m.group(1)) else m.group(0), text)
    return _OPEN_BRACKET_END.sub(lambda m: "" if is_promo_bracket(m.group(1)) else m.group(0), text)


def is_promo_line(line: str) -> bool:
    """A whole line or paragraph that is an advertisement.

    Two strong kinds of advertising vocabulary make one, at any length. One strong kind makes a
    short line one when it has nothing of a notice and the advertising words fill it (仅供学习 禁止外传)
    or weak ones stand beside it (现在订阅立享…); an id alone is removed from its line instead.
    """
    squashed = _squash(line)
    if not squashed:
        return False
    strong, weak = ad_kinds(line)
    if len(squashed) <= 40 and _PAID_LINE.search(squashed):
        return True
    if strong >= 2:
        return True
    rest = _squash(_ID.sub("", line))
    if strong == 1 and not _NOTICE_WORDS.search(rest) and not _feedback_channel(line):
        filled = sum(len(m.group(0)) for kind in _STRONG for m in kind.finditer(rest)) >= len(rest) / 3
        if len(rest) <= 40 and (weak or filled) or weak >= 2:
            return True
    # a short prompt made of weak words alone (长按识别二维码，关注…公众号; 点赞、在看、转发)
    if (strong == 0 and len(rest) <= 40 and not _NOTICE_WORDS.search(rest) and not _feedback_channel(line)
            and len({m.group(0) for kind in _WEAK for m in kind.finditer(rest)}) >= 2):
        return True
    # labels whose values are gone (会员群：   免费QQ群：): only labels and separators left
    return bool(strong + weak and re.fullmatch(r"(?:[^：:]{1,8}[：:])+", squashed))


def _feedback_channel(line: str) -> bool:
    return bool(_FEEDBACK.search(_squash(line)))


def remove_ids(line: str) -> str:
    """WeChat/QQ ids, unless the line offers them as the notice's own feedback channel."""
    if _feedback_channel(line) and ad_kinds(line)[0] <= 1:
        return line
    return _ID.sub("", line)


# full-width digits, Latin letters and the marks of numbers and addresses (０８１６－４８２１２３４,
# ａｂｃ＠１６３．ｃｏｍ) as their ASCII forms; Chinese punctuation (，：；（）) stays as written
_HALF_WIDTH = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B),
                                                 0xFF20, 0xFF0E, 0xFF0D, 0xFF3F, 0xFF0B, 0xFF0F]}


def half_width(text: str) -> str:
    """Full-width digits, letters and ＠．－＿＋／ in ``text`` as ASCII, for reading numbers, dates
    and addresses written in full width (the notice's own text keeps the width it was written in)."""
    return text.translate(_HALF_WIDTH)


def close_spaces(line: str) -> str:
    """Tabs and spaces next to Chinese text removed, other tabs made spaces (after the bars are read)."""
    return _SPACES_AND_TABS.sub("", line).replace("\t", " ").strip()


def clean_line(line: str, close: bool = True) -> str:
    line = _INVISIBLE.sub("", line)
    line = _MARKER.sub("", line)
    line = remove_brackets(line)
    line = remove_ids(line)
    if close:
        line = _SPACES.sub("", line)
    return line.strip(" \u00a0\u3000")


def clean_text(text: str, close: bool = True) -> list[str]:
    """Return the cleaned lines of ``text`` (empty lines kept as '', advertising lines dropped).

    With ``close=False`` the spaces and tabs between words stay, for reading a web page's bars
    and menus first (:func:`noticeboard.importers.webpage.strip_page` closes them after)."""
    lines: list[str] = []
    if _ENTITY.search(text):  # copied from a page's source: &nbsp; &ldquo; &#12288;
        text = html.unescape(text).replace("\r\n", "\n")
    for raw in text.split("\n"):
        line = remove_brackets(_MARKER.sub("", _INVISIBLE.sub("", raw)))
        if is_promo_line(line):
            continue
        lines.append(clean_line(line, close))
    return lines
