"""Remove the noise that copied notices carry, without losing any text of the notice.

- promotional brackets, e.g. 【更多公文素材，微信：…】 (also with stray spaces inside);
- promotional lines (member/VIP ads, 仅供学习 禁止外传 banners, WeChat/QQ ids);
- paywall markers such as ``##paidbegin##`` / ``##paidend##``;
- spaces left between CJK characters by copying (``2021年3月9 日``, ``地    址：``).
"""

from __future__ import annotations

import re

CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’—…·"
_PROMO_WORDS = ("微信", "公众号", "素材", "QQ", "qq群", "会员", "VIP", "vip", "订阅", "关注", "扫码", "倒卖",
                "禁止外传", "仅供学习", "仅供参考", "转载", "下载", "淘宝", "更多")
_BRACKET = re.compile(r"[【\[［〖]([^】\]］〗\n]{0,80})[】\]］〗]")
_MARKER = re.compile(r"#{2}\s*[A-Za-z_]+\s*#{2}")
_WECHAT_ID = re.compile(r"(微信号?|WeChat|wx|QQ群?|qq群?)\s*[：:]\s*[A-Za-z0-9_\-]{5,20}", re.I)
_SPACES = re.compile(rf"(?<=[{CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{CJK}])")
_PROMO_LINE = re.compile(
    r"(仅供学习|禁止外传|会员(群|资料|材料|专享|权益)|免费QQ群|QQ群|微信[号]?[：:]|公众号[：:]|VIP|订阅.{0,10}(权益|资料)"
    r"|举报.{0,6}倒卖|打击倒卖|更多公文素材)", re.I)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_promo_bracket(content: str) -> bool:
    squashed = _squash(content)
    return any(word.lower() in squashed.lower() for word in _PROMO_WORDS)


def remove_brackets(text: str) -> str:
    return _BRACKET.sub(lambda m: "" if is_promo_bracket(m.group(1)) else m.group(0), text)


def is_promo_line(line: str) -> bool:
    """A whole line that is an advertisement (short, with a promotional keyword)."""
    squashed = _squash(line)
    if not squashed:
        return False
    if len(squashed) > 60:
        return False
    return bool(_PROMO_LINE.search(squashed))


def clean_line(line: str) -> str:
    line = _MARKER.sub("", line)
    line = remove_brackets(line)
    line = _WECHAT_ID.sub("", line)
    line = _SPACES.sub("", line)
    return line.strip(" \t\u00a0\u3000")


def clean_text(text: str) -> list[str]:
    """Return the cleaned lines of ``text`` (empty lines kept as '', promotional lines dropped)."""
    lines: list[str] = []
    for raw in text.split("\n"):
        line = remove_brackets(_MARKER.sub("", raw.replace("\ufeff", "")))
        if is_promo_line(line):
            continue
        lines.append(clean_line(line))
    return lines
