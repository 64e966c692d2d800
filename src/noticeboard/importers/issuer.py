"""Who issues the notice: from the title ("X关于…"), else from the signature, the text or the page.

Without an issuer in the title, the closing signature names it best, then the text's account of
the inspection ("…巡察组对XX党组进行了巡察", "向XX党组反馈了巡察意见"; the fullest name written
there), then the source line of the page the text was copied from. Each of these is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from noticeboard.importers.noise import HAN
from noticeboard.importers.review import flag, quote

ORG_END = r"(党组|党委|委员会|工委|党工委|党支部|党总支|支部|区委|县委|市委|州委|机关党委|局|办公室|中心|政府|院|厅|委)"
PLACEHOLDER = re.compile(r"(XX|xx|ＸＸ|\*|＊|某)")
# a place's own name holds no 省/市/区/县/旗 (青山区城市管理局 is 青山区's, not a city "青山区城市")
# (a city's may: 津市市)
_PLACE = rf"(?:(?![省市区县旗])[{HAN}])"
_CITY = rf"(?:(?![省区县旗])[{HAN}])"
_REGION = re.compile(rf"^(?:中共)?((?:{_PLACE}{{2,7}}?(?:省|自治区|特别行政区))?(?:{_CITY}{{2,6}}?(?:市|自治州|州|盟|地区))?(?:{_PLACE}{{1,5}}?(?:县|区|旗))?)")
_PARTY_SUFFIX = re.compile(r"(机关党组|机关党委|党组|党委|委员会|党工委|党支部|党总支)$")
_TEXT_ISSUER = re.compile(rf"(?:对|向)((?:中共)?[{HAN}（）()]{{2,30}}?" + ORG_END + r")(?:[（(][^）)]{0,24}[）)])?"
                          r"(?:开展|进行|反馈|实施|集中开展)")
_ORG = re.compile(rf"^(?:中共)?[{HAN}（）()]{{2,30}}" + ORG_END + r"$")


@dataclass
class IssuerGuess:
    name: str | None
    region: str | None = None
    doubts: list[str] = field(default_factory=list)


def is_org_name(line: str) -> bool:
    """A line that is only an organisation's name (中共XX局党组, XX县委): a signature or a by-line."""
    return len(line) <= 40 and bool(_ORG.match(line))


def issuer_from_title(title: str) -> str | None:
    if "关于" not in title or title.startswith("关于"):
        return None
    name = title.split("关于", 1)[0].strip()
    return name if 2 <= len(name) <= 40 else None


def issuer_from_text(text: str) -> str | None:
    """The inspected organisation as the text names it; the fullest of its names."""
    names = [m.group(1) for m in _TEXT_ISSUER.finditer(text)]
    names = [re.sub(r"^(?:巡视|巡察|进驻|组)", "", name) for name in names]
    names = [name for name in names if len(name) >= 3]
    if not names:
        return None
    return max(names, key=lambda name: (bool(region_of(name)), name.startswith("中共"), len(name)))


def guess_issuer(title: str | None, signature: list[str], opening: str, source: str | None = None,
                 byline: str | None = None) -> IssuerGuess:
    """The issuer and its region; ``title`` is None when the text has no title line; ``byline`` is
    an organisation named on its own line under the title (as sure as the title)."""
    name = (issuer_from_title(title) if title else None) or byline
    doubts: list[str] = []
    where = "标题未写发布机关" if title else "原文没有标题行"
    if name is None:
        signed = [line for line in signature if is_org_name(line)]
        from_text = issuer_from_text(opening)
        if signed:
            name = signed[-1]
            doubts.append(flag("issuer", f"{where}，发布机关取自落款{quote(name)}，请核对"))
        elif from_text:
            name = from_text
            doubts.append(flag("issuer", f"{where}，发布机关取自正文{quote(name)}（被巡视巡察的单位），请核对全称"))
        elif source and _ORG.match(source):
            name = source
            doubts.append(flag("issuer", f"{where}，发布机关取自网页的来源栏{quote(name)}，请核对全称"))
    if name is None:
        return IssuerGuess(None, None, [flag("issuer", "标题、落款、正文和网页来源栏中都没有找到发布机关，请填写")])
    if PLACEHOLDER.search(name):
        doubts.append(flag("issuer", f"{quote(name)}是原文中的占位写法，请填写真实名称"))
    region = region_of(name)
    if region is None and source and not PLACEHOLDER.search(name):
        source_region = region_of(source)
        # "市住房城乡建设局党组" on a page of "广州市住房和城乡建设局": the page says which city
        if source_region and name[0] in "省市州县区" and source_region.endswith(name[0]):
            region = source_region
    return IssuerGuess(name, region, doubts)


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
