"""Who issues the notice: from the title ("X关于…"), else from the signature or the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ORG_END = r"(党组|党委|委员会|工委|党工委|党支部|党总支|支部|区委|县委|市委|州委|机关党委|局|办公室|中心|政府|院|厅|委)"
PLACEHOLDER = re.compile(r"(XX|xx|ＸＸ|\*|＊|某)")
_REGION = re.compile(r"^(?:中共)?((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区))?(?:[\u4e00-\u9fff]{2,6}?(?:市|自治州|州|盟|地区))?(?:[\u4e00-\u9fff]{1,5}?(?:县|区|旗))?)")
_PARTY_SUFFIX = re.compile(r"(机关党组|机关党委|党组|党委|委员会|党工委|党支部|党总支)$")
_TEXT_ISSUER = [
    re.compile(r"(?:对|向)((?:中共)?[\u4e00-\u9fff（）()]{2,30}?" + ORG_END + r")(?:（[^）]{0,20}）)?(?:开展|进行|反馈|实施)"),
]


@dataclass
class IssuerGuess:
    name: str | None
    region: str | None = None
    doubts: list[str] = field(default_factory=list)


def issuer_from_title(title: str) -> str | None:
    if "关于" not in title or title.startswith("关于"):
        return None
    name = title.split("关于", 1)[0].strip()
    return name if 2 <= len(name) <= 40 else None


def guess_issuer(title: str, signature: list[str], opening: str) -> IssuerGuess:
    name = issuer_from_title(title)
    doubts: list[str] = []
    if name is None:
        org = re.compile(r"^(?:中共)?[\u4e00-\u9fff（）()]{2,30}" + ORG_END + r"$")
        signed = [line for line in signature if org.match(line)]
        if signed:
            name = signed[-1]
            doubts.append(f"issuer: taken from the signature '{name}'; confirm")
        else:
            for pattern in _TEXT_ISSUER:
                m = pattern.search(opening)
                if m:
                    name = m.group(1)
                    doubts.append(f"issuer: the title does not name the issuer; '{name}' taken from the opening paragraph; confirm")
                    break
    if name is None:
        return IssuerGuess(None, None, ["issuer: not found in the title, signature or opening paragraph; fill it in"])
    if PLACEHOLDER.search(name):
        doubts.append(f"issuer: '{name}' is a placeholder in the text; fill in the real name")
    return IssuerGuess(name, region_of(name), doubts)


def region_of(name: str) -> str | None:
    """The region a name starts with, when certain (大庆市, 福州市台江区); None when ambiguous."""
    if PLACEHOLDER.search(name):
        return None
    m = _REGION.match(name)
    region = m.group(1) if m else ""
    if not region or len(region) < 3:
        return None
    rest = name[len("中共") if name.startswith("中共") else 0:][len(region):]
    # "津市市公安局" / "铜陵市市场监督管理局": a 市 right after the region makes the cut uncertain
    if rest.startswith(("市", "区", "县", "省", "州")):
        return None
    # a trailing 市/区 that is really part of the organisation (e.g. "市委" after the region)
    return region


def short_name(name: str) -> str:
    """The issuer name without 中共 and the party-organ suffix, for slugs: 中共南京市大数据管理局党组 → 南京市大数据管理局."""
    short = name[2:] if name.startswith("中共") else name
    short = re.sub(r"[（(][^）)]*[）)]", "", short)
    stripped = _PARTY_SUFFIX.sub("", short)
    return stripped if len(stripped) >= 2 else short
