"""A note body as Markdown blocks → `Line` records with file line numbers and their section.

markdown-it gives every block token `map = [begin, end]` relative to the text it parsed; adding
the body's first file line gives file lines (python-frontmatter's stripped `content` cannot).
Code blocks and raw HTML are not prose and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..model import BlockKind, Line

# [ ] open, [x] done; Obsidian's task states: [/] in progress, [>] moved, [<] scheduled and
# [!] important are still to do, [-] and [~] were dropped
_CHECKBOX = re.compile(r"^\[([ xX✓✔/<>!~-])\]\s*")
_CHECKBOX_KIND = {" ": BlockKind.TASK, "/": BlockKind.TASK, "<": BlockKind.TASK, ">": BlockKind.TASK,
                  "!": BlockKind.TASK, "-": BlockKind.CANCELLED, "~": BlockKind.CANCELLED}
_STRUCK = re.compile(r"^~~[^~](?:.*[^~])?~~[。.]?$")  # ~~明天给王总打电话~~: crossed out whole
# ~~集上的易拉宝找人重新印~~ 来不及了 (or a Chinese keyboard's ～～…～～): crossed out, with why; a
# short word struck and its correction after it (~~周三~~ 周四给王总打电话) is still to do
_STRUCK_WITH_REASON = re.compile(r"^(?:~~|～～)(?P<struck>[^~～]{6,}?)(?:~~|～～)(?:[\s。.，,：:；;（(].*)?$")
# ☐ / ☑ typed as characters (phone notes, other editors), and a ⏰ reminder the writer set
_SYMBOL_BOX = re.compile(r"^([☐□⏰🔔☑☒])\uFE0F?\s*")
# bold and strike markers; not a run of them inside a word or number: a masked phone number
# (138****5521) or an id keeps its stars
_EMPHASIS = re.compile(r"(?<![0-9A-Za-z*_~])(?:\*\*|__|~~)|(?:\*\*|__|~~)(?![0-9A-Za-z*_~])")
_INLINE_CODE = re.compile(r"`+")
_MD_LINK = re.compile(r"(?<!!)\[([^\]\[]+)\]\((?:[^()]|\([^()]*\))*\)")  # [text](url) -> text
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]{0,200}>")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    # html=False: raw HTML in a note is text, never markup.
    return MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")


def _struck_with_reason(raw: str) -> bool:
    m = _STRUCK_WITH_REASON.match(raw)
    return m is not None and len(m.group("struck")) * 2 >= len(raw) - 4


def plain_inline(text: str) -> str:
    """Inline Markdown reduced to the words a reader sees; `[[links]]` are kept for extractors."""
    text = _IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = _INLINE_CODE.sub("", text)
    text = _HTML_TAG.sub("", text)
    return text.strip()


_LEAD_IN = re.compile(r"^[^。！？!?；;，,]{1,16}[:：]$")
# **明日计划：** alone on its line, inside a paragraph: a template's section label
_BOLD_LABEL = re.compile(r"^\s*(\*\*|__)([^*_\n。！？!?；;，,]{1,24}?)\s*([:：]?)\s*\1\s*([:：]?)\s*$")
# （一）省直机关公务用车更新项目 under 一、今日工作: a part of the section, which keeps its kind
_NUMBERED_PART = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]\s*([^。！？!?；;，,]{1,40}?)\s*[:：]?\s*$")
# 【明日计划】 alone on its line: the section label of a WeCom / DingTalk report template
_BRACKET_LABEL = re.compile(r"^\s*【\s*([^】\n]{1,24}?)\s*[:：]?\s*】\s*[:：]?\s*$")
# 明天： / 下周一要做的： as the last line of a list item, where Markdown reads it as the item's
# lazy continuation: a label over the items after it
_DAY_LABEL = re.compile(r"^(?:明天|明日|后天|下周[一二三四五六日天]?|(?:周|星期|礼拜)[一二三四五六日天]|节后|"
                        r"tomorrow|tmrw|next week)(?:上午|下午|晚上)?(?:要做的?|要办的?|的事|计划|安排|待办)?$", re.I)
_SECTION_WORD = re.compile(r"计划|待办|安排|失误|问题|反思|复盘|不足|总结|跟进|要办|要做|待做|备忘|自己的错|我的错|踩坑|教训|"
                           r"plan|todo|to-do|mistake|review|"
                           r"reflection|follow", re.I)
# 二、明日计划 alone on its line (also where Markdown reads it as a list item's lazy line): an
# official report's section; only a section's words (一、给王总打电话 is an item)
_NUMBERED_SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、．]\s*([\u4e00-\u9fff]{0,4}?(?:"
                               + _SECTION_WORD.pattern + r"|工作|事项|情况|进展)(?:事项|情况)?"
                               r"(?:[（(][^）)]{1,24}[）)])?)\s*[:：]?\s*$", re.I)  # (二、明日计划（10月10日，周六调休上班）)
_LABEL_ONLY = re.compile(r"^[^，,。]{0,6}(?:待办|计划|安排|提醒|todo|to-do|plan)[:：]?$", re.I)
_CALLOUT = re.compile(r"^\s*>\s*\[!([A-Za-z-]+)\][+-]?[ \t]*(.*)$")
_CALLOUT_TITLE = re.compile(r"^\[![A-Za-z-]+\]")
# Org-mode's keywords, and Logseq's (LATER, NOW, DOING: a task not yet done)
_ORG_KEYWORD = re.compile(r"^(TODO|NEXT|LATER|NOW|DOING|DONE|WAITING|CANCELL?ED)\s+")
_ORG_NOISE = re.compile(r"^(?:CLOSED:\s*\[[^\]]*\]\s*$|:(?:PROPERTIES|END|LOGBOOK):\s*$)")
_ORG_PROPERTY = re.compile(r"^:([^:\s]{1,12}):\s+(.+)$")
# 中秋我轮休三天，节后第一天（28号）： — a paragraph line that introduces the lines after it
_PARAGRAPH_LEAD = re.compile(r"^[^。！？!?；;]{1,30}[:：]$")
_PSEUDO_HEADING = re.compile(r"^[^。！？!?；;，,:：]{1,24}[:：]?$"  # not 下一步：下周二前…
                             r"|^[A-Za-z][A-Za-z' -]{0,47}[:：]$")  # To do by end of the month: (English words are longer)
# `周一：`, `这礼拜：` keep their colon: a label for that day or week, no diary's `## 周一` / `## 本周`
_WEEKDAY_LABEL = re.compile(r"^\s*(?:(?:周|星期|礼拜)[一二三四五六日天]|(?:这|本)个?(?:周|礼拜|星期)(?:内|里)?)\s*[:：]\s*$")
_ENUMERATED = re.compile(r"^\s*(?:[\u2460-\u2473\u2776-\u277f]|\d{1,2}[、.．)）]|[（(]\d{1,2}[）)])")


def _template_label(raw: str, in_list: bool, quoted: bool, lazy_last: bool,
                    opens_paragraph: bool = False) -> str | None:
    """The section a line of a template names, alone on its line: `【明日计划】` anywhere (also
    where Markdown reads it as the last item's lazy continuation: `4. 孙阿姨…` / `【明日计划】` /
    `1. 上午…` is one list), `**明日计划：**` in a paragraph, and `明天：` as a list item's lazy last
    line (`- 忘了写精品赠送。` / `明天：` / `- 上午把试驾车充满`). None for any other line."""
    if quoted:
        return None  # someone else's words
    bracket = _BRACKET_LABEL.match(raw) if "【" in raw else None
    if bracket:
        return bracket.group(1).strip()
    numbered = _NUMBERED_SECTION.match(raw) if "、" in raw or "．" in raw else None
    if numbered:  # 一、今日工作 / 二、明日计划 / 三、存在问题: an official report's sections
        return numbered.group(1)
    if in_list:
        return _label_word(raw, whole=True) if lazy_last else None
    bold = _BOLD_LABEL.match(raw)
    if bold and (bold.group(3) or bold.group(4) or _SECTION_WORD.search(bold.group(2))):
        return bold.group(2).strip()
    # `要办：` / `自己的错：` over plain lines, no list markers (a ledger's sections)
    return _label_word(raw, whole=False) if opens_paragraph else None


def _label_word(raw: str, whole: bool) -> str | None:
    """`明天：`, `要办：` — a line that is a day or section word and a colon: that word (`whole`:
    only a section word itself, as a list item's lazy line must be)."""
    if not _LEAD_IN.match(raw.strip()):
        return None
    word = plain_inline(raw).rstrip(":：").strip()
    section = _SECTION_WORD.fullmatch(word) if whole else _SECTION_WORD.search(word)
    return word if _DAY_LABEL.match(word) or section else None


def body_lines(body: str, first_line: int) -> tuple[Line, ...]:
    """The prose lines of a Markdown body, with pseudo-headings promoted (see below)."""
    return _promote_pseudo_headings(_lines(body, first_line))


def _promote_pseudo_headings(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """A short paragraph line right before a list (`承诺`, `Plan for tomorrow`, `失误：`) is
    how many people write a heading; treat it as one for the lines of that list."""
    out: list[Line] = []
    pseudo: str | None = None
    parent: tuple[str, ...] = ()
    for index, line in enumerate(lines):
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        if line.kind is BlockKind.HEADING:
            pseudo = None
            out.append(line)
            continue
        prev = lines[index - 1] if index else None
        if (line.kind is BlockKind.PARAGRAPH and nxt is not None
                # (the last of a paragraph's lines only as a label: 明儿：, not 要办： / …回头再打个电话)
                and (line.text.rstrip().endswith((":", "：")) or not (
                    prev is not None and prev.kind is BlockKind.PARAGRAPH and prev.line == line.line - 1))
                and nxt.kind in (BlockKind.ITEM, BlockKind.TASK, BlockKind.DONE, BlockKind.CANCELLED)
                and nxt.line <= line.line + 2 and _PSEUDO_HEADING.match(line.text)
                and not _ENUMERATED.match(line.text)):  # ② 钱总 锁车单 EOD: an item itself
            pseudo = line.text.rstrip(":：").strip()
            if _WEEKDAY_LABEL.match(line.text):
                pseudo = line.text.strip()
            parent = line.section_path
            out.append(Line(pseudo, line.line, BlockKind.HEADING, pseudo, parent + (pseudo,)))
            continue
        if pseudo is not None and line.kind is BlockKind.PARAGRAPH and line.section_path == parent:
            pseudo = None  # the list under the pseudo-heading has ended
        if pseudo is not None and line.section_path == parent:
            line = replace(line, section=pseudo, section_path=parent + (pseudo,))
        out.append(line)
    return tuple(out)


def _typed_marker(text: str, kind: BlockKind) -> tuple[str, BlockKind]:
    """A task or its status written without Markdown's checkbox: Org-mode's and Logseq's
    keywords (TODO …, LATER …, DONE …, WAITING 等厂家回复 — the wait reads as itself), ☐ / ☑
    typed as characters, a ⏰ or 🔔 reminder; an Org property (:客户: 蔡文华) reads as
    `客户：蔡文华`."""
    org = _ORG_KEYWORD.match(text)
    if org:
        keyword, text = org.group(1), text[org.end():]
        kind = (BlockKind.TASK if keyword in ("TODO", "NEXT", "LATER", "NOW", "DOING") else
                BlockKind.DONE if keyword == "DONE" else
                BlockKind.CANCELLED if keyword.startswith("CANCEL") else kind)
        if keyword == "WAITING":
            text = "等待：" + text  # a wait, whatever it names (commitments: someone else's move)
    property_ = _ORG_PROPERTY.match(text)
    if property_:
        text = f"{property_.group(1)}：{property_.group(2)}"
    symbol = _SYMBOL_BOX.match(text)
    if symbol and not (symbol.group(1) in "⏰🔔" and _LABEL_ONLY.match(text[symbol.end():])):  # not ⏰ 节后待办
        text = text[symbol.end():]
        kind = BlockKind.DONE if symbol.group(1) in "☑☒" else BlockKind.TASK
    return text, kind


def _quoted(source: list[str], index: int) -> bool:
    return 0 <= index < len(source) and source[index].lstrip().startswith(">")


# A line opened by a typed bullet (• from a phone's notes app or a WeChat paste, ● ▪ ➤ …) is a
# list item, as `- ` is: its lines are items under a label such as `明儿：` right above them
_BULLET_GLYPH = re.compile(r"^([ \t]*(?:>[ \t]?)*)[•●○◦▪▫◆◇►▸▹➤➢‣⁃][ \t\u3000]*(?=\S)", re.MULTILINE)


def _lines(body: str, first_line: int) -> tuple[Line, ...]:
    """The prose lines of a Markdown body; `first_line` is the file line of the body's line 0."""
    if _BULLET_GLYPH.search(body):
        body = _BULLET_GLYPH.sub(r"\1- ", body)
    tokens = _parser().parse(body)
    source = body.split("\n")
    out: list[Line] = []
    headings: list[tuple[int, str]] = []  # (level, text) stack
    list_depth = 0
    leads: list[tuple[int, str]] = []  # (list depth, text) of items that end with a colon
    quote_depth = 0
    item_first_paragraph = False
    in_heading = 0
    in_table_row: list[str] | None = None
    in_table_head = False
    table_header: tuple[str, ...] = ()
    row_line = 0

    labels: list[str] = []  # a bold label (and the line it introduces) under the last heading
    quotes: list[str | None] = []  # open blockquotes: a callout's title, or None (a quote)

    def section() -> tuple[str, tuple[str, ...]]:
        path = tuple(text for _, text in headings) + tuple(labels) + tuple(q for q in quotes if q)
        return (path[-1] if path else ""), path

    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "heading_open":
            in_heading = int(tok.tag[1:])
        elif kind == "heading_close":
            in_heading = 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "blockquote_open":
            callout = _CALLOUT.match(source[tok.map[0]]) if tok.map else None
            if callout and callout.group(1).lower() not in ("quote", "cite"):
                # Obsidian's > [!todo] 明天 / > [!warning] 失误: the writer's own box, titled
                quotes.append(callout.group(2).strip() or callout.group(1))
            else:
                quotes.append(None)
                quote_depth += 1
        elif kind == "blockquote_close":
            if quotes.pop() is None:
                quote_depth -= 1
        elif kind == "list_item_open":
            item_first_paragraph = True
        elif kind == "thead_open":
            in_table_head, table_header = True, ()
        elif kind == "thead_close":
            in_table_head = False
        elif kind == "tr_open":
            in_table_row = []
            row_line = (tok.map[0] if tok.map else 0) + first_line
        elif kind == "tr_close" and in_table_row is not None:
            text = " ".join(c for c in in_table_row if c)
            if in_table_head:
                table_header = tuple(in_table_row)
            if text and not set(text) <= set("-:| "):
                sec, path = section()
                out.append(Line(text, row_line, BlockKind.TABLE, sec, path,
                                cells=tuple(in_table_row), header=table_header))
            in_table_row = None
        elif kind == "inline":
            if in_table_row is not None:
                in_table_row.append(plain_inline(tok.content))
                continue
            begin = (tok.map[0] if tok.map else 0) + first_line
            if in_heading:
                text = plain_inline(tok.content.replace("\n", " ")).strip().rstrip("#").strip()
                while headings and headings[-1][0] >= in_heading:
                    headings.pop()
                headings.append((in_heading, text))
                labels.clear()  # a real heading ends the labels under the one before
                sec, path = section()
                out.append(Line(text, begin, BlockKind.HEADING, sec, path))
                continue
            sec, path = section()
            while leads and leads[-1][0] >= list_depth:
                leads.pop()
            if leads:  # - 明天：/  1. 订鲜花 — a nested list under an item that introduces it
                sec, path = leads[-1][1], path + tuple(label for _, label in leads)
            raws = tok.content.split("\n")
            for offset, raw in enumerate(raws):
                if offset == 0 and quotes and quotes[-1] and _CALLOUT_TITLE.match(raw):
                    sec, path = section()
                    out.append(Line(sec, begin, BlockKind.HEADING, sec, path))
                    continue
                label = _template_label(raw, bool(list_depth), bool(quote_depth),
                                        lazy_last=0 < offset == len(raws) - 1,
                                        opens_paragraph=offset == 0 and len(raws) > 1)
                if label is not None:
                    labels[:] = [label]
                    sec, path = section()
                    out.append(Line(label, begin + offset, BlockKind.HEADING, sec, path))
                    continue
                part = _NUMBERED_PART.match(raw) if labels and not quote_depth else None
                if part:
                    labels[1:] = [part.group(1)]
                    sec, path = section()
                    out.append(Line(part.group(1), begin + offset, BlockKind.HEADING, sec, path))
                    continue
                if not list_depth and not quote_depth:
                    if labels and offset + 1 < len(raws) and _PARAGRAPH_LEAD.match(raw.strip()):
                        # its last clause names the lines after it (节后第一天（28号）：)
                        lead = re.split(r"[，,]", plain_inline(raw).rstrip(":：").strip())[-1].strip()
                        if lead:
                            labels[1:] = [lead]
                            sec, path = section()
                            out.append(Line(lead, begin + offset, BlockKind.HEADING, sec, path))
                            continue
                    sec, path = section()
                line_kind = BlockKind.ITEM if list_depth else BlockKind.PARAGRAPH
                if quote_depth and not list_depth and _quoted(source, begin + offset - first_line):
                    line_kind = BlockKind.QUOTE  # not a lazy continuation: ❌ 忘了… right after a quote
                if list_depth and item_first_paragraph and offset == 0:
                    box = _CHECKBOX.match(raw)
                    if box:
                        raw = raw[box.end():]
                        line_kind = _CHECKBOX_KIND.get(box.group(1), BlockKind.DONE)
                if line_kind in (BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.TASK) \
                        and (_STRUCK.match(raw.strip()) or _struck_with_reason(raw.strip())):
                    line_kind = BlockKind.CANCELLED  # (a done item is often struck through too)
                text = plain_inline(raw)
                if _ORG_NOISE.match(text):
                    continue  # CLOSED: [2026-06-27 Sat 16:00], :PROPERTIES: / :END:: Org's bookkeeping
                if line_kind in (BlockKind.PARAGRAPH, BlockKind.ITEM):
                    text, line_kind = _typed_marker(text, line_kind)
                if text:
                    out.append(Line(text, begin + offset, line_kind, sec, path))
                    if line_kind is BlockKind.ITEM and offset == 0 and _LEAD_IN.match(text):
                        leads.append((list_depth, text.rstrip(":：").strip()))
            item_first_paragraph = False
    return tuple(out)
