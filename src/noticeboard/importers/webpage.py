"""The web page around a notice copied from a site: information bars and page furniture.

A notice pasted from a web page carries the page's own lines: an information bar under (or
instead of) the title (``发布时间：2021-07-05 来源：XX局 浏览次数：1024``, ``2021-02-23 12:42:06来源:XX局``,
``【字体：大 中 小】【打印本页】``), an information-disclosure table (``索引号：… 发布机构：… 文号：…``),
breadcrumbs, share and print buttons, previous/next links, related-article lists and a footer.

They are recognised by their shape: a line made only of ``label：value`` fields with page-bar
labels and short values (and dates, clock times, buttons), or only of buttons and separators.
The values the bars give (publication date, source, index code, document number, title) are
kept as :class:`PageInfo`; the lines themselves never reach the notice text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from noticeboard.importers.date_mentions import ANY_DATE_RE, make_date
from noticeboard.importers.header import TITLE_END
from noticeboard.importers.noise import close_spaces, half_width
from noticeboard.importers.tables import table_rows

_LABELS = {
    "date": r"发布时间|发布日期|发文日期|成文日期|印发日期|公开日期|生成日期|更新时间|更新日期|上传时间|录入时间|发表时间|时间|日期",
    "source": r"信息来源|文章来源|稿件来源|新闻来源|来源单位|来源",
    "publisher": r"发布机构|发布单位|发布部门|发文机关|发文单位|发布者|所属机构|公开主体|信息提供单位",
    "index_code": r"索\s*引\s*号",
    "doc_number": r"发文字号|文\s*号",
    "title": r"文章标题|标\s*题|名\s*称",
    "other": r"作\s*者|撰稿人?|供稿|发布人|录入人?|责任编辑|编\s*辑|审核|审稿|校对|[初复终一二三]\s*审|责\s*编|美\s*编|排\s*版|监\s*制|浏览次数|浏览量|浏览|阅读次数|阅读量|阅读数|阅读|"
             r"点击数|点击量|点击率|点击|访问量|访问次数|访问|字\s*号|字\s*体|主题分类|信息分类|体裁分类|服务对象分类|"
             r"组配分类|所属分类|信息类别|所属栏目|分\s*类|类\s*别|栏\s*目|主题词|关键词|公开方式|公开范围|公开时限|公开形式|有效性|时效性",
}
# a label is followed by a colon, or by a tab where a table's cells were copied (索引号<tab>…)
_LABEL_RE = re.compile("(?:" + "|".join(f"(?P<{key}>{pattern})" for key, pattern in _LABELS.items())
                       + r")(?=[ \u3000]*[:：]|[ \u3000]*\t|[ \u3000]*$)")
# fields whose value may stand on the next line (a table copied cell by cell)
_VALUE_BELOW = {"index_code", "publisher", "source", "doc_number", "title", "date"}
# labels a body may also start a line with (日期, 名称, 文号): a line of them alone is a bar only near the top
_WEAK = {"date", "title", "doc_number"}
_BUTTON = (r"(?:字\s*[体号](?:大小)?\s*[:：]?\s*(?:[大中小]|默认|T|\s|[|丨/／])*|[大中小](?:\s*[大中小]){2}"
           r"|打印(?:本页|此页|文章|页面|正文)?|关闭(?:窗口|本页|页面)?|收藏(?:本页|文章|本站)?|加入收藏|我要纠错|纠错"
           r"|返回(?:顶部|首页|列表|上一页)?|回到顶部|TOP|保存(?:本页)?|分享到?|视力保护色|护眼模式|背景色|默认"
           r"|扫一扫[^\s】\]]{0,12}|(?:用)?手机(?:扫码|打开|浏览)[^\s】\]]{0,10}|微信扫一扫|复制链接|微信|微博|朋友圈"
           r"|QQ空间|QQ好友|新浪微博|腾讯微博|豆瓣|人人网|更多|我要评论|发表评论|网友评论|评论|点赞|在看"
           r"|无障碍(?:浏览|阅读|模式)?|长者模式|老年模式|关怀版|适老化(?:模式)?|繁[體体](?:中文|版)?|简体(?:中文|版)?|English|登录|注册"
           r"|智能问答|站内搜索|高级搜索|RSS订阅|手机版|移动版|政务微博|政务微信"
           r"|(?:点击|点)(?:上方)?蓝字\s*关注我们?|关注我们|长按(?:识别)?二维码|识别二维码|阅读原文|预览时标签不可点|关注"
           r"|(?:点击|点个?|给个?)\s*[“\"「]?(?:在看|赞)[”\"」]?[^\s。，,]{0,8}"
           r"|(?:阅读|浏览|点击|访问)(?:量|数|次数)?\s*[:：]?\s*\d[\d.,]*\s*[万次]?)")
_BUTTON_IN_BRACKETS = re.compile(rf"[【\[［〔]\s*{_BUTTON}\s*[】\]］〕]", re.I)
_BUTTONS_ONLY = re.compile(rf"^(?:[【\[［〔(（<《]?\s*{_BUTTON}\s*[】\]］〕)）>》]?[\s|丨/／·•:：]*)+$", re.I)
# (a breadcrumb's names are words: a line with '<' is text that holds markup, never a breadcrumb)
_BREADCRUMB = re.compile(r"^(?:(?:当前|您的|您现在的|你的|你现在的|所在)位置\s*[:：][^<]*|[^。；，,%>＞»›<]{0,20}(?:\s*[>＞»›]\s*[^>＞»›。；，,%<]{1,30}){2,})$")
# a site's name or a navigation column standing alone on a line
_SITE = re.compile(r"^[\u4e00-\u9fff]{2,24}(?:门户网站|网站|政府网|政务网|信息网|官网|官方网站)$|^(?:(?:首页|网站首页|通知公告|公示公告|公告公示"
                   r"|工作动态|政务公开|信息公开|政府信息公开|新闻中心|新闻动态|政策文件|政策法规|巡视巡察|巡察工作|党建工作|纪检监察"
                   r"|机构概况|办事服务|互动交流|专题专栏|正文|详情|文章详情)[\s|丨/／·]*){1,4}$")
_LINK_LINE = re.compile(r"^[【\[［]?\s*(?:上一篇|下一篇|上一条|下一条|前一篇|后一篇|上一页|下一页)\s*[】\]］]?\s*[:：]?")
_RELATED = re.compile(r"^[【\[［]?\s*(?:相关(?:文章|链接|阅读|新闻|信息|推荐|文档|稿件)|热点(?:推荐|文章|新闻)|推荐阅读|延伸阅读"
                      r"|猜你喜欢|精彩推荐|更多阅读|最新(?:文章|信息|发布))\s*[】\]］]?\s*[:：]?\s*$")
_FOOTER = re.compile(r"(版权所有|Copyright|©|ICP备|ICP证|公网安备|网站标识码|网站识别码|技术支持\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：]"
                     r"|维护单位\s*[:：]|主办\s*[:：]|承办\s*[:：]|建议使用.{0,20}浏览器|分辨率\s*\d{3,4}\s*[*×xX]|网站地图|站点地图|支持IPv6)", re.I)
_WEEKDAY = re.compile(r"^\s*(?:星期|周|礼拜)[一二三四五六日天]")
# a site's greeting and today's date in its top bar (欢迎访问XX网站！今天是：2023年3月9日 星期四)
_GREETING = re.compile(r"^(?=\S)(?:欢迎您?(?:访问|来到|光临)[^。，,]{0,30}?(?:网站|网|门户|平台|之窗)[！!。]?)?\s*"
                       r"(?:(?:今天是|今天|今日)\s*[:：]?\s*\d{4}年\d{1,2}月\d{1,2}日\s*(?:(?:星期|周)[一二三四五六日天])?)?\s*$")
_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
_SENTENCE = re.compile(r"[。！？!?；;]")


@dataclass
class PageInfo:
    """What the page's bars say about the notice, and the page lines that were removed."""

    published: dt.date | None = None
    published_rank: int = 9
    source: str | None = None          # 来源 / 发布机构: a hint for the issuer
    index_code: str | None = None
    doc_number: str | None = None
    title: str | None = None
    removed: list[str] = field(default_factory=list)


@dataclass
class _Bar:
    date: dt.date | None
    fields: dict[str, str]
    weak: bool                          # only labels a body may use too: a bar only near the top
    rank: int = 0                       # how surely ``date`` is the publication date (lower: surer)
    last: str | None = None             # the kind of a lone label without its value (a table cell)
    last_rank: int | None = None        # and its rank when it is a date label


# 发布时间 (or a bare date) is the publication date; 成文日期 the signing; 更新时间 the last edit
_DATE_RANK = [re.compile(r"发布|公开|发表|^时间$|^日期$"), re.compile(r"成文|印发|发文"), re.compile(r".")]


def _rank(label: str) -> int:
    return next(r for r, pattern in enumerate(_DATE_RANK) if pattern.search(re.sub(r"\s", "", label)))


_EDGES = re.compile(r"^[\s|丨【】\[\]［］()（）]+|[\s|丨【】\[\]［］()（）]+$")


def _strip(value: str) -> str:
    return _EDGES.sub("", value)


def _value_ok(value: str) -> bool:
    return len(value) <= 60 and not _SENTENCE.search(value)


def _date_of(text: str) -> dt.date | None:
    m = ANY_DATE_RE.search(text)
    return make_date(int(m["year"]), int(m["month"]), int(m["day"])) if m else None


# an article's byline on a social-media platform: 原创 XX发布 XX发布 2022-07-05 18:00 发表于浙江
_BYLINE = re.compile(r"^(?:原创\s*)?(?:[^\s。，,；;：:]{1,20}\s+){0,3}(?P<date>(?:19|20)\d{2}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?)"
                     r"(?P<clock>\s+\d{1,2}:\d{2})?(?P<place>\s*发表于\s*[\u4e00-\u9fff]{1,8})?$")


def parse_bar(line: str) -> _Bar | None:
    """The fields of an information bar, or None when ``line`` is not (only) a bar."""
    text = _strip(_BUTTON_IN_BRACKETS.sub(" ", half_width(line)))
    if not text:
        return None
    byline = _BYLINE.match(text)
    if byline and (byline["clock"] or byline["place"] or text.startswith("原创")):
        return _Bar(_date_of(byline["date"]), {}, weak=False)
    date, date_rank = None, 0
    lead = ANY_DATE_RE.match(text)
    if lead:
        date = _date_of(lead.group(0))
        text = text[lead.end():].lstrip(" \t|丨")
    labels = list(_LABEL_RE.finditer(text))
    if not labels:
        return _Bar(date, {}, weak=False) if lead and lead["clock"] and not text.strip(" \t|丨") else None
    if text[: labels[0].start()].strip(" \t|丨【】[]"):
        return None
    fields: dict[str, str] = {}
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        value = close_spaces(_strip(re.sub(r"^[ \u3000]*[:：]", "", text[m.end():end])))
        if not _value_ok(value):
            return None
        kind = m.lastgroup
        if kind == "date":
            lead_date = ANY_DATE_RE.match(value)
            rest = _WEEKDAY.sub("", value[lead_date.end():]) if lead_date else value
            if value and not (lead_date and not rest.strip() or _CLOCK.fullmatch(value)):
                return None
            rank = _rank(m.group(0))
            if _date_of(value) and (date is None or rank < date_rank):
                date, date_rank = _date_of(value), rank
        fields.setdefault(kind, value)
    weak = all(m.lastgroup in _WEAK for m in labels) and not lead
    last = labels[0] if len(labels) == 1 and not lead and not fields[labels[0].lastgroup] else None
    return _Bar(date, fields, weak, date_rank, last and last.lastgroup, last and _rank(last.group(0)))


_MENU_SPLIT = re.compile(r"\s*[|丨｜·•]\s*|[ \t\u3000]{2,}|\t")


def _is_menu(text: str) -> bool:
    """A navigation menu: short names side by side (首页 | 机构概况 | 政务公开 …)."""
    items = [item for item in _MENU_SPLIT.split(text) if item]
    piped = bool(re.search(r"[|丨｜·•]", text))
    return (len(items) >= (3 if piped else 4) and len(text) <= 100
            and all(re.fullmatch(r"[\u4e00-\u9fff]{2,8}", item) for item in items))


def is_furniture(line: str, edge: bool = True) -> bool:
    """A line of page furniture: buttons, menus, breadcrumbs, previous/next links, a footer.
    A menu counts only at the ``edge`` of the page (its top or bottom lines): inside a notice,
    names side by side may be a list of people."""
    raw = line.strip()
    if not raw:
        return False
    if edge and _is_menu(raw):
        return True
    text = close_spaces(raw)
    if len(text) <= 80 and _BUTTONS_ONLY.match(text) or _LINK_LINE.match(text) or _RELATED.match(text):
        return True
    if len(text) <= 120 and _BREADCRUMB.match(text) or _SITE.match(text) or edge and _GREETING.match(text):
        return True
    return len(text) <= 160 and bool(_FOOTER.search(text)) and not re.search(r"(巡视|巡察|整改)", text)


def is_bar(line: str) -> bool:
    """Whether ``line`` is (only) a page's information bar."""
    return parse_bar(line) is not None


def strip_page(lines: list[str], head: int = 15) -> tuple[list[str], PageInfo]:
    """``lines`` without bars and page furniture (empty lines kept in place), and what the bars say.

    A bar of labels a body may also use (日期, 名称, 文号) counts only among the first ``head``
    non-empty lines; the list of links under a 相关文章 heading goes with it; a label whose value
    stands alone on the next line (a table copied cell by cell) takes it.
    """
    info = PageInfo()
    out: list[str] = []
    seen = 0
    in_related = in_footer = title_open = False
    pending: _Bar | None = None         # a bar whose last label is still without its value
    tail = sum(1 for line in lines if line.strip()) - head
    rows = table_rows(lines)
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            in_related = False
            out.append("")
            continue
        closed = close_spaces(text)
        seen += 1
        if in_footer:  # what follows a page's footer near the end is the footer (its address, phone)
            info.removed.append(text)
            continue
        if pending and _value_below(pending.last, closed):
            date = _date_of(closed) if pending.last == "date" else None
            _take(info, _Bar(date, {pending.last: closed}, weak=False, rank=pending.last_rank or 0))
            info.removed.append(text)
            pending = None
            continue
        pending = None
        if title_open and _title_rest(info.title, closed):   # 标题：…关于…意见 / 整改情况的通报
            info.title += closed
            info.removed.append(text)
            title_open = False
            continue
        title_open = False
        if in_related and len(closed) <= 60 and not _SENTENCE.search(closed):
            info.removed.append(text)
            continue
        in_related = False
        if index not in rows and is_furniture(text, edge=seen <= head or seen > tail):
            in_related = bool(_RELATED.match(closed))
            in_footer = seen > tail and bool(_FOOTER.search(closed))
            info.removed.append(text)
            continue
        bar = parse_bar(text)
        if bar is None or bar.weak and seen > head:
            bar_at = _trailing_bar(text) if bar is None else None
            if bar_at is None:
                out.append(closed)
                continue
            out.append(close_spaces(text[:bar_at]).rstrip("【[［(（|丨 "))
            text = text[bar_at:]
            bar = parse_bar(text)
        _take(info, bar)
        title_open = bool(bar.fields.get("title")) and info.title == bar.fields["title"]
        info.removed.append(text)
        pending = bar if bar.last in _VALUE_BELOW else None
    return out, info


def _title_rest(title: str | None, text: str) -> bool:
    """Whether ``text`` ends a title a bar gave broken over two lines (标题：…关于…意见 / 整改情况的通报)."""
    return (bool(title) and not _DOCUMENT_END.search(title) and len(text) <= 40 and "关于" not in text
            and not _SENTENCE.search(text) and bool(TITLE_END.search(text)) and parse_bar(text) is None)


# what a notice's title ends with (a title ending 反馈意见 may go on: …反馈意见 / 整改情况的通报)
_DOCUMENT_END = re.compile(r"(通报|报告|方案|公示|公告|通告)(?:[（(][^）)]{1,12}[）)])?$")


def _value_below(kind: str, text: str) -> bool:
    """Whether ``text`` is the value of a lone ``kind`` label on the line above."""
    if parse_bar(text) is not None or is_furniture(text) or len(text) > 60 or _SENTENCE.search(text) or text.endswith(("：", ":")):
        return False
    if kind == "date":
        m = ANY_DATE_RE.match(text)
        return bool(m and m.end() == len(text))
    return kind == "title" or not re.search(r"关于|(通报|报告|方案|公示|公告|情况)$", text)


_STRONG_LABEL = re.compile(r"(发布时间|发布日期|来源|浏览次数|点击数|阅读次数|作者)\s*[:：]")


def _trailing_bar(text: str) -> int | None:
    """Where a bar starts at the end of a title-like line ("…的通报 发布时间：… 来源：…")."""
    m = _STRONG_LABEL.search(text)
    if not m or m.start() < 4 or _SENTENCE.search(text[: m.start()]) or m.start() > 90:
        return None
    start = m.start()
    lead = [d for d in ANY_DATE_RE.finditer(text[:start]) if d.end() >= start - 2]
    if lead:
        start = lead[-1].start()
    bar = parse_bar(text[start:])
    return start if bar is not None and not bar.weak else None


def _take(info: PageInfo, bar: _Bar) -> None:
    if bar.date and (info.published is None or bar.rank < info.published_rank):
        info.published, info.published_rank = bar.date, bar.rank
    for kind in ("source", "publisher"):  # 发布机构 names the issuer better than 来源
        value = bar.fields.get(kind)
        if value and (kind == "publisher" or info.source is None):
            info.source = value
    if bar.fields.get("index_code") and info.index_code is None:
        info.index_code = bar.fields["index_code"]
    if bar.fields.get("doc_number") and info.doc_number is None:
        info.doc_number = bar.fields["doc_number"]
    if bar.fields.get("title") and info.title is None:
        info.title = bar.fields["title"]
