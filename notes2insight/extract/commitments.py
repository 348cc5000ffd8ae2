"""Commitments: what the writer promised or planned to do, with the day it is due.

Sources, in order of strength: an unchecked checkbox; a line under a plan / to-do / promise
heading; a prose sentence with a promise cue (答应, 约好, 记得, 要/会 + action, "will"), or a
future time followed by an action (周五前给王总发报价单). Left out: the customer's own promises
(kept as their next step), other people's promises, hypotheticals, lessons for "next time",
promises reported from the past, and work already done (which may close an earlier promise).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import (BlockKind, Commitment, Completion, CustomerStep, Mention, Note, Problem,
                     Severity, Source)
from ..text.dates import TimeExpr, find_time_expressions, points_back, weekday_index
from ..text.sentences import (CHAT_MESSAGE, FIRST_PERSON, PERSON_LIKE, REPORTED_SPEECH, THIRD_PARTY, TO_WHOM,
                              WRITER_QUOTES, WRITER_SELF, Sentence,
                              WRITERS_REPLY, chat_speakers, clause_before, colleagues_in, clause_span, split_sentences, subject_is_other,
                              written_by_other)
from ..text.workdays import WorkdayCalendar
from .customers import CUSTOMER_HEADER, is_full_name
from .mistakes import SLIP_CUE
from .sections import SectionKind, heading_time, inline_label, plan_default_offset, section_kind, written_days

ACTION_WORDS = (r"给|发|打|约|联系|回(?!来)|准备|提醒|通知|确认|送|带|办|跟进|整理|交|申请|问|安排|做|去|把|帮|"
          r"拿|催|落实|核对|更新|录入|寄|签|预约|再|上门|报|拜访|回访|邀约|处理|协调|跟|找|写|查|挑|选(?!择)|"
          r"算|出|订|开(?!始|标|会|心|门|业|盘|学|工)|接|陪|传|上传|提交|汇报|填|补|复印|打印|申报|取|换|洗|充|检查|布置|对接|"
          r"沟通|反馈|答复|讲|介绍|演示|解释|争取|谈|递|录|登记|提(?!车)|过去|转|拉|改|电话|微信|让(?=[他她]|客户)|告诉(?=[他她您你]|客户)|叫(?=[他她]|[老小阿][\u4e00-\u9fff])|"
          r"(?<![充来停断放漏用省耗])电(?=[他她您你]|催|[\u4e00-\u9fff]{1,3}(?:总|姐|哥|先生|女士|老师|师傅|叔|姨|经理|老板))|"  # 电杜姐: a call, in shorthand
          r"下载|call|send|email|prepare|book|"
                r"follow up|check|confirm|remind|visit|arrange|deliver|text|message|finish|submit")
ACTION = f"(?:{ACTION_WORDS})"
_HURRY = "马上|赶紧|抓紧|尽快|早点|提前|先|"
_PROMISE = re.compile(
    r"(?:(?<=我)|(?<=本人))(?:会|要|得|需要|来|将(?!来|近)|需|拟|计划于)|答应|应允|应承|(?:别|不要|千万别|可别)忘(?:了|记)?(?=[^，,。]{0,12}(?:前|后|天|号|周|礼拜|星期|把|给|跟|发|打))|承诺(?![书函])|保证(?![金书函])|约好|约定(?=[^，,。]{0,14}(?:到店|来店|试驾|见面|面谈|上门|签约|看车))|约了|约(?=[他她]|客户)|(?<![他她])说好|说好(?!的?(?:[\s，,。！!；;~～]|$))|记得|争取"
    # (她说好的 / 他说好: the customer saying yes to the writer's offer, no promise of its own)
    r"|(?<=我)(?:改)?约的(?=这|下|本|明|后|礼拜|周|星期|\d|[一二三四五六七八九十两]+[号点])"  # 我约的下周一上午九点
    r"|一定要|必须|务必"
    rf"|(?<=我)(?:第一时间|头一个|马上|立刻|立马)(?={ACTION_WORDS})"  # 政策一出来我头一个告诉他
    # …，下来了第一时间告诉他 / 有了头一个告诉他: the reply's dropped 我 (not 第一时间通知我)
    rf"|(?<![我他她])(?:第一时间|头一个)(?=(?:就|都|再)?(?:{ACTION_WORDS}))(?![^，,。；;]{{0,8}}?我)"
    r"|\bI'm (?:covering|on for|taking)\b|\bset (?:him|her|them)\b[^.;]{0,30}\bup for\b"
    rf"|(?<![不别])回头(?=(?:再|就|我)?{ACTION_WORDS})"  # 回头问一下经理: later, no day
    r"|(?:^|(?<=[，,。；;：:\s]))(?:拟于?|需在|需于)"  # a report's 拟于两个工作日内回复, 需在本周内补办
    r"|拍(?:了)?胸脯|打(?:了)?包票"
    r"|\bbooked\b|\b(?:set|booked|scheduled) (?:for|with)\b"
    # 交车俺跟他约在5月9号 / 交车约在 11 月 7 号: the writer set the day (a customer's 他说约在… is his)
    r"|(?:交车|交付|提车|签约|签合同|试驾|试乘|过户|上牌)(?:我)?(?:[跟和][^，,。；;\s]{1,4}?)?(?:改)?(?:约在|约的)"
    r"|(?<=我)[跟和给][^，,。；;\s]{1,4}?(?:改)?(?:约在|约的)"
    # 我跟她约这礼拜六早上十点, 试乘我跟她改约下礼拜六: the writer setting a day ahead
    r"|(?<=我)[跟和][^，,。；;\s]{1,4}?(?:改)?约(?=\s?(?:这|下|本|明|后|礼拜|周|星期|\d|[一二三四五六七八九十两]+[号点]))"
    rf"|得(?={_HURRY}{ACTION_WORDS})"
    rf"|准备(?=好(?!了)|{ACTION_WORDS}|资料|合同|材料|物料|试驾|报价|方案|礼|鲜花|文件|发票|手续|PPT|ppt)"
    rf"|计划(?={ACTION})|打算(?=\S{{0,4}}?{ACTION})"
    rf"|(?<![开晨例周月年大展车聚约机学社班体协商工备训布谈])会(?={ACTION})"  # (筹备会开到六点: a meeting)
    rf"|(?<![需重主只想要])(?<!不然)(?<!否则)要(?={_HURRY}{ACTION_WORDS})"  # 不然要让他白等: what would have been
    rf"|需要(?={ACTION})"
    r"|\b(?:will|I'll|we'll|promised?|committed to|commit to|need to|have to|must|going to|"
    r"plan to|remember to)\b|\b(?:I'd|I would|we'd)\b(?! (?:like|love|prefer|rather|say|think|guess))",
    re.IGNORECASE)
# 答应刀哥礼拜一之前发他，搞忘了，今天下午才发 / 答应 3 天内出，拖到今天才发: the promise told with
# how it was broken (a slip, told as one), not a promise still open
_BROKEN_AFTER = re.compile(r"[，,；;]\s*(?:[^。！？!?]{0,12}?(?:忘了|忘记|给忘|拖到|拖了|才(?:发|回|传|给|打|做|办|交|问)|"
                           r"(?:迟|晚)了(?:[一二两三四五六七八九十几\d]+)(?:天|日)|结果))")
_EXPLICIT_PROMISES = frozenset({"答应", "承诺", "保证", "promise", "promised", "committed to", "commit to"})
# "Quote to her by Friday", "Follow up within 2 working days": a to-do with no subject
_IMPERATIVE = re.compile(
    r"^[-*•\s]*(?:[A-Z][\w.' ]{0,30}:\s*)?(?:quote|reply|send|call|email|text|message|follow up|"
    r"prepare|book|confirm|check|remind|visit|arrange|deliver|finish|submit|get back|chase|update|"
    r"sort out|ask|draft|print|schedule|whatsapp|wechat|ping|revert|check in|drop by|collect|bring|"
    r"follow-up)\b", re.IGNORECASE)
# "下周要做的：", "Next week:": a line that introduces the plan items below it
_LEAD_IN = re.compile(r"^[^：:。！？!?]{0,12}[：:]\s*$")
# A line that names who it is about or by (我：…, 韦丽：…, 陆总：…), after an optional number
# 让他帮您看, 我让小覃做个方案: the errand goes to someone else
_HANDED_ON = re.compile(r"(?:^|[，,。\s]|我)(?:让|请|叫)(?:[他她]|小|老|阿|同事|[\u4e00-\u9fff]{1,2}(?:经理|总|姐|哥))")
_SPEAKER = re.compile(r"^\s*(?:[\U0001F300-\U0001FAFF\u2600-\u27BF]\uFE0F?\s*)?(?:\d{1,2}[.、．)）]\s*)?(?P<who>[\u4e00-\u9fff]{1,4}|[A-Z][a-z]+)\s*[:：]\s*")
# 等厂家回复企业采购政策, Org's WAITING: waiting on someone else's move, not a step of the writer's
_MEETING = re.compile(r"晨会|早会|夕会|例会|周会|月会|会上|开会|部门会|店会")
_WAITING = re.compile(r"^\s*(?:等待[:：]|等(?=[^，,。]{0,12}(?:回复|答复|通知|消息|结果|审批|政策|到货|到车)))")
# …unless the writer is in it (沈国华：…。我将于下周一…; 许先生：询问…，拟于两个工作日内回复)
_WRITER_IN = re.compile(r"我|本人|俺|(?:^|[，,。；;])\s*(?:拟于?|需在|需于)")


def _is_person(who: str) -> bool:
    """韦丽, 陆总, 小刘, Kevin — not a label (进度, 本周目标, 反省, 明天)."""
    return bool(PERSON_LIKE.fullmatch(who)) or (is_full_name(who) and section_kind((who,)) is SectionKind.OTHER
                                                and not _STATUS_WORD.search(who) and not _DAY_LABEL.fullmatch(who))


# 周一：Tony 金融方案, 周一上午：…: a day, no 周 called 一
_DAY_LABEL = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天末](?:上午|下午|中午|早上|晚上)?")


_STATUS_WORD = re.compile(r"目标|进度|结果|情况|数据|业绩|战报|客户|时间|地点|车型|备注|问题|原因|天气|心情|顾虑|担心|"
                          r"需求|预算|意向|反馈|跟进|进展|结论|建议|要求|说明|方案|报价|价格|配置|颜色|状态|阶段|来源|级别")
_HYPOTHETICAL = re.compile(r"如果|假如|假设|要是(?!求)|万一|倘若|若是|\bif\b|\bin case\b|\bunless\b"
                           r"|(?:^|(?<=[，,。；;\s]))如(?![下期实何今此同果若约])",  # a report's 如沈总能…，拟…
                           re.IGNORECASE)
_PAST_PROMISE = re.compile(
    r"(?:答应|承诺|说好|约好)(?:过)?(?:[他她你]们?|客户)?的|(?:昨天|前天|上周|之前|上次|以前|那天|当时|本来|原来|原本|早先)[^，,。]{0,6}(?:答应|承诺|约好|说好)|(?:答应|承诺)(?:过|了的)"
    # 答应郑叔昨天给他回…，拖到今天才回 / 说好下班前发的，晚了三个多小时: kept late, a report
    r"|(?:答应|承诺|说好|约好)[^，,。]{0,8}(?:昨天|前天|上周|上礼拜|上星期)"
    r"|(?:答应|承诺|说好|约好)[^，,。]{1,12}的[，,\s]\s*[^，,。]{0,6}(?:晚了|迟了|结果|拖到|才)"
    r"|\b(?:promised|had promised) (?:yesterday|last week)\b", re.IGNORECASE)
_LESSON = re.compile(r"(?:(?<![了到完])以后|下次|今后|将来|往后|再也|下回)|要注意|要学会|要多|要记住|(?<!能)不能再|别再|"
                     r"\b(?:next time|in future|from now on)\b", re.IGNORECASE)
_NEGATED = re.compile(r"不会|不要|不用|不需要|没答应|没有答应|不准备|不打算|不必|无需|"
                      r"\b(?:won't|don't|can't|can’t|cannot|can not|couldn't|not going to|no need|shouldn't have|should not have)\b",
                      re.IGNORECASE)
_FAILED = re.compile(r"(?:(?<![他她的个])结果|却|可是|但是?)[^。；]{0,12}(?:忘|没|迟|错|拖)|\b(?:shouldn't have|should not have)\b",
                     re.IGNORECASE)
_ENGLISH_CUE = re.compile(r"^[A-Za-z']+(?: [a-z]+)?$")
# "Told her I send her the estimate tmr", "Sun 10am, I come in early to charge the demo car":
# informal English (Singlish, a hurried diary) states the writer's plan in the present tense
_EN_VERB = (r"(?:call|send|email|prepare|book|follow up|check|confirm|remind|visit|arrange|deliver|"
            r"text|message|finish|submit|whatsapp|update|fix|settle|bring|ask|chope|reserve|print|"
            r"drop by|swing by|come in|charge|show|quote|revert|pass|get|do|go)")
_EN_I_ACT = r"I\s+(?:(?:also|first|then|just|still|personally|quickly)\s+)?" + _EN_VERB + r"\b"
_EN_OWN_ACT = re.compile(r"(?<![\w'])" + _EN_I_ACT + r"[^,;.!?]*$")  # …, up to the time
_EN_ACT_AFTER = re.compile(r"[ \t]*,?[ \t]*" + _EN_I_ACT)  # right after the time
_HABIT = re.compile(r"\b(?:every|each|usually|always|often)\b", re.IGNORECASE)
_DONE = re.compile(r"已经|已(?=[经发给打回做办交送提完约联确改])|搞定|办好了|做好了|完成了|弄好了|"
                   r"按时完成|都完成|做完了|"
                   r"(?<=[发打送交办回问约签寄传讲改驾做装充理请认排系访查拍算录备])(?:好了|完了|了|过(?![^，,。]{0,8}才)|完)(?!解)|"
                   r"了[\W_]*$|"
                   r"\b(?:sent|called|done|finished|completed|delivered|emailed)\b", re.IGNORECASE)
# What may stand between a time and the writer's action: 明天(我)(一定/先/马上…)给他打电话
# (下礼拜一他路过店里我在给他弄: after a day ahead, a dictation's 在 before 给/跟/帮 is 再 — "am
# doing" cannot happen on a later day)
_AGAIN_MISHEARD = "在(?=给|跟|帮)"
_WRITER_THEN = (r"^[，,\s]*(?:第一天|头一天|第一个工作日)?(?:回来|回去)?(?:第一件事(?:就)?是?)?(?:我|我们)?(?:要|得|会|一定|必须|再|先|尽快|马上|一准|肯定|保证|就|立马|"
                r"第一时间|全部|都|主动|即刻|立刻|立即|亲自|及时|准时|按时|再次|重新|一块儿?|一起|一并|顺便|顺手|"
                + _AGAIN_MISHEARD + ")*")
# 我在店里等他 / 等你; not 礼拜四之前给我回话: an act toward the writer is someone else's
# 给我回话, 联系我, 帮我盯着: an act toward the writer, someone else's
_TOWARD_ME = r"(?:给|跟|找|告诉|通知|回|问|联系|打给|答复|回复|帮|替|让|叫)我"
# (…明天上午九点半我从店里出发: the writer setting off from somewhere)
_ACTION_AFTER = re.compile(_WRITER_THEN + r"(?:在[^，,。\s]{1,4}?等(?=他|她|客户|你|您)|(?<=我)从[^，,。\s]{1,5}?(?:出发|过去|动身)|(?!" + _TOWARD_ME + r")"
                           + ACTION + ")")
# 礼拜六头晌试驾车我给她留着, 明天 10:00 YU7 试驾车我留好: the thing first, then the writer's act
_TOPIC_THEN_I = re.compile(r"\s*(?:的)?[^，,。；;！!？?他她说讲问要想没不时]{1,12}?(?:我|俺)"
                           r"(?:就|先|再|一定|亲自|会|都)*(?:" + ACTION_WORDS + ")")
# 这礼拜六他回来的时候我把两台试驾车都给他留着, 下礼拜一他路过店里我在给他弄: the day, when the
# customer comes by on it, then the writer's act
_WHEN_THEY_COME = re.compile(r"\s*[他她](?:们)?[^，,。；;！!？?我]{0,6}?(?:来|回来|过来|路过|到店|到)[^，,。；;！!？?我]{0,4}?"
                             r"(?:的时候|以后|之后)?[，,]?\s*(?:我|俺)(?:就|先|再|一定|亲自|会|都|" + _AGAIN_MISHEARD + r")*"
                             r"(?:" + ACTION_WORDS + ")")
# 21号下班前装订好, 周五前搞定: a deadline and what will be finished by it
_FINISHED_BY = re.compile(_WRITER_THEN + r"(?:[\u4e00-\u9fff]{1,2}(?:好|完)(?![的看像多])|搞定)")
# 周末前我先把draft写了, 15号之前把回访做完: 把 … 了/完 after a time still ahead is the plan
_STILL_AHEAD = re.compile(_WRITER_THEN + "把")
_ALREADY = re.compile(r"已经|已(?=[经发给打回做办交送提完约联确改])|\b(?:already|done)\b", re.IGNORECASE)
_MISTAKE_WORDS = re.compile(r"忘了|忘记|结果没|却没|没做到|没有做到|迟到|写错|算错|说错|搞错|失误|"
                            r"forgot|was late", re.IGNORECASE)
# The time words that only say "today" (上午, 下午, 9:30): in a diary they narrate the day.
_TODAY_WORDS = re.compile(r"^(?:今天|今日)?(?:上午|下午|中午|早上|早晨|白天|刚才|晚上|下班前|下班之前|头晌|过晌|后晌|"
                          r"[0-9０-９]{1,2}[:：点]|[一二两三四五六七八九十]{1,3}点|[0-9]{1,2}(?::[0-5][0-9])?\s?(?:am|pm)\b|(?:this )?(?:morning|afternoon))",
                          re.IGNORECASE)
_TONIGHT = re.compile(r"今晚|今天晚上|晚上|下班前|下班之前|今天之内|今天内|tonight|EOD|end of day", re.I)
_FESTIVAL_ONLY = re.compile(r"^(?:国庆|中秋|春节|元旦|五一|端午|清明|除夕|十一|劳动节|国庆节|中秋节|元宵|七夕|七夕节)$")
_RANGE_WORD = re.compile(r"^(?:(?:本|这|这个|下|下个|上|上个)?(?:周|星期|礼拜|月)|(?:[一二三四五六七八九十]{1,3}|\d{1,2})月份?)$")
_HANZI_CHAR = re.compile(r"[\u4e00-\u9fff]")
_THE_BEFORE = re.compile(r"\bthe\s+$")
_NOUN_AFTER = re.compile(r"\s+[a-z]")
# (3 周内 is three weeks; 老马估 8.5 周三前 is a price, then a weekday)
_SPACED_NUMBER = re.compile(r"(?<![:：]\d)(?<![:：]\d\d)(?<=\d)[ \u00a0]+(?=[年月日号点天个前后]|周(?![一二三四五六日天末])|之前|以前)"
                            r"|(?<=[年月])[ \u00a0]+(?=\d)")


# Code-switched notes (明天 EOD 前, 我说 ASAP 给他出 quote): the English office words read as
# the Chinese ones the rules know.
_CODE_SWITCH = {"eod": "下班前", "cob": "下班前", "asap": "尽快"}
# (not "by EOD Thursday" in an English line with a Chinese word in it: the English day is the due)
_CODE_SWITCH_RX = re.compile(r"\s*\b(EOD|COB|ASAP|eod|cob|asap)\b(?!\s+(?:on\s+)?(?i:mon|tue|wed|thu|fri|sat|sun|tomorrow|today|tonight))"
                             r"\s*(?:之?前)?")


def normalise_spacing(text: str) -> str:
    """`10 月 4 号` → `10月4号`: some people type spaces around numbers; `明天 EOD 前` and
    `锁车单 EOD` → `…下班前`."""
    if _CODE_SWITCH_RX.search(text) and _HANZI_CHAR.search(text):
        text = _CODE_SWITCH_RX.sub(lambda m: _CODE_SWITCH[m.group(1).lower()], text)
    if _EN_BEFORE_ZH.search(text):
        text = _EN_BEFORE_ZH.sub(_before_as_zh, text)
    return _SPACED_NUMBER.sub("", text)


# "before 五一", "by 周五": an English deadline on a Chinese day reads as 五一前, 周五前
_EN_BEFORE_ZH = re.compile(r"\b(?i:before|by)\s+([\u4e00-\u9fff0-9]{2,6})(?=$|[\s,.;:!?，。；：)）])")


def _before_as_zh(m: re.Match) -> str:
    day = m.group(1)
    found = find_time_expressions(day, dt.date(2026, 1, 5))  # (any base: is it a day at all?)
    if found and found[0].start == 0 and found[0].end == len(day) and found[0].kind == "point":
        return day + "前"
    return m.group(0)


@dataclass(frozen=True, slots=True)
class LineMentions:
    """Customer mentions on one line (surface as written → canonical name)."""

    names: tuple[tuple[str, str], ...]

    def first_in(self, text: str) -> str | None:
        best: tuple[int, str] | None = None
        for surface, name in self.names:
            where = text.find(surface)
            if where >= 0 and (best is None or where < best[0]):
                best = (where, name)
        return best[1] if best else None

    def surfaces(self) -> tuple[str, ...]:
        return tuple(surface for surface, _ in self.names)


def _mentions_by_line(mentions: list[Mention]) -> dict[int, LineMentions]:
    grouped: dict[int, list[tuple[str, str]]] = {}
    for m in mentions:
        grouped.setdefault(m.source.line, []).append((m.surface, m.name))
    return {line: LineMentions(tuple(pairs)) for line, pairs in grouped.items()}


def _heading_customers(note: Note, by_line: dict[int, LineMentions]) -> dict[str, str]:
    """Heading text → customer, for headings that name exactly one customer."""
    out: dict[str, str] = {}
    for line in note.lines:
        if line.kind is BlockKind.HEADING:
            names = {name for _, name in by_line.get(line.line, LineMentions(())).names}
            if len(names) == 1:
                out[line.text] = next(iter(names))
    return out


def _plan_default(note_date: dt.date | None, kind: str | dt.date | None) -> dt.date | None:
    """The due date of an undated item under a plan heading: 'tomorrow', 'week' (its Sunday),
    or the day the heading names (端午后第一天：)."""
    if note_date is None or kind is None:
        return None
    if isinstance(kind, dt.date):
        return kind
    if kind == "tomorrow":
        return note_date + dt.timedelta(days=1)
    return note_date + dt.timedelta(days=6 - note_date.weekday())  # Sunday of that week


def _mistake_in_clause(text: str, position: int) -> bool:
    """Is there a mistake word in the clause that holds `position`?"""
    start, end = clause_span(text, position)
    return bool(_MISTAKE_WORDS.search(text[start:end]))


# The Obsidian Tasks plugin's due date (📅 2026-06-17), which the user set on purpose
_DUE_MARK = re.compile(r"📅\uFE0F?\s*")


class DueFinder:
    """Picks the due date of a promise among the time expressions of its sentence."""

    def __init__(self, note_date: dt.date | None, calendar: WorkdayCalendar,
                 plan_day: dt.date | None = None) -> None:
        self.note_date = note_date
        self.calendar = calendar
        self.plan_day = plan_day  # under 明日计划 / 端午后第一天：, the day "上午" falls on
        self._seen: dict[str, list[TimeExpr]] = {}

    def candidates(self, text: str) -> list[TimeExpr]:
        if self.note_date is None:
            return []
        found = self._seen.get(text)
        if found is None:  # a line's sentences and clauses are asked about several times
            found = self._seen[text] = find_time_expressions(text, self.note_date, self.calendar)
        return [t for t in found if t.kind != "past" and not self._attribute(text, t)
                and not (self.plan_day is not None and _NAMES_A_THING.match(text, t.end))
                and text[t.start - 1:t.start] != "第"  # 国庆后第一个工作日: an ordinal, not "within"
                and not _DAY_OFF.match(text, t.end)  # 明天放假: a day off, not a deadline
                and not _CORRECTED.match(text, t.end)  # 周三不对周四: the day said again, corrected
                # 我值 25 号的班: the writer's shift, no deadline (but …的班，那天我把车衣贴好)
                and not (_in_roster(text, t.start) and not _ON_THAT_DAY.match(text, t.end))]

    @staticmethod
    def _attribute(text: str, t: TimeExpr) -> bool:
        """国庆车展, 中秋礼盒, 这周的线索: a time word describing a thing, not a deadline."""
        following = text[t.end:t.end + 1]
        if _FESTIVAL_ONLY.match(t.text) and _HANZI_CHAR.match(following or " "):
            return True
        if _THE_BEFORE.search(text, max(0, t.start - 6), t.start) and _NOUN_AFTER.match(text, t.end):
            return True  # "the 6 June ceremony": a thing's date, not the to-do's
        if t.text.endswith("期间") and following == "的":
            return True  # 五一期间的线索: the leads of that time, not a deadline
        return bool(_RANGE_WORD.match(t.text)) and following == "的"

    @staticmethod
    def _roughly(text: str, t: TimeExpr) -> bool:
        """车大概四月二十号左右到: an estimate of someone else's event, before the promise."""
        return t.text.endswith(("左右", "前后", "上下")) or bool(_ROUGHLY.match(text, t.end))

    def _today_narration(self, t: TimeExpr) -> bool:
        return (t.kind == "point" and t.due == self.note_date and not _TONIGHT.search(t.text))

    def due(self, text: str, after: int = 0) -> TimeExpr | None:
        """The expression after position `after` (the cue) first, then any before it that is
        more than a narration of today."""
        found = self.candidates(text)
        if self.plan_day is not None:
            # under ## Tomorrow, "Charge the i3 for Zhou Peng's test drive on Saturday": the
            # event's day, not the step's (which is the heading's)
            found = [t for t in found if not _FOR_EVENT_BEFORE.search(text, max(0, t.start - 50), t.start)]
        marked = _DUE_MARK.search(text)
        if marked:  # - [ ] 6 月交车计划表 📅 2026-06-17: the task's own due date, whatever it names
            set_due = next((t for t in found if 0 <= t.start - marked.end() <= 1), None)
            if set_due is not None:
                return set_due
        start, end = clause_span(text, max(0, after - 1)) if after else (0, 0)
        near = [t for t in found if start <= t.start < end and not self._today_narration(t)
                and not (t.start < after and self._roughly(text, t))]
        later = [t for t in found if t.start >= after and t not in near]
        prep = next((t for t in later if _OWN_PREP_AFTER.match(text, t.end)
                     or (_STEP_AFTER.match(text, t.end) and text[:t.start].rstrip().endswith(("，", ",")))), None)
        # (a to-do read whole has no cue: the event is the day named before the step)
        event = near[0] if near else next((t for t in found if prep is not None and t.start < prep.start), None)
        if prep is not None and event is not None and prep.due < event.due:
            # 约了周六上午来试驾，周五我先把试驾车充满电: the writer's own step before the
            # appointment, on its own day, is when the line's promise falls due
            return self._shift_for_plan(self._inherit_day(prep, found))
        if after:
            # the time at the cue (约好下礼拜二过来, 我礼拜五得把…) over another in a long
            # run-on clause (钱姐礼拜天没来…我礼拜五得把表填好)
            at_cue = [t for t in near if 0 <= t.start - after <= 1 or 0 <= after - t.end <= 4]
            near = at_cue + [t for t in near if t not in at_cue]
        if near and near[0].kind == "range":
            # 下个月初要交 forecast，deadline 9 月 5 号: a deadline named later says more
            near = [t for t in later if t.kind == "deadline"][:1] + near
        earlier = [t for t in found if t.start < after and t not in near
                   and not self._today_narration(t)
                   and not self._roughly(text, t)]  # 车大概四月二十号左右到，到了我第一时间通知他
        # 今天忘了，明天一早打: a day later than today says more than "today"; an explicit
        # deadline (下班前) says more than a period named in passing (年底冲量名单)
        ranked = (near + sorted((t for t in later if not self._today_narration(t)),
                                key=lambda t: (t.kind != "deadline", t.start))
                  + [t for t in later if self._today_narration(t)] + earlier)
        for t in ranked:
            # 周六上午试驾，要提前一天把车充满电 / 3/29 交付，前一天把花准备好: the day the
            # action is counted back to is where it happens, not the day of the event
            back = next((r for r in found if r.start > t.start and points_back(r.text) == "earlier"), None)
            return self._shift_for_plan(self._inherit_day(back or t, found))
        return None

    def at(self, text: str, t: TimeExpr) -> TimeExpr:
        """`t` itself as the due date (the time an action follows), read as `due` reads it."""
        return self._shift_for_plan(self._inherit_day(t, self.candidates(text)))

    def _inherit_day(self, t: TimeExpr, found: list[TimeExpr]) -> TimeExpr:
        """明天双十一，我要8点前到店: a clock time takes the day named before it."""
        if t.due != self.note_date or not _TODAY_WORDS.match(t.text) or "今" in t.text:
            return t
        days = [d for d in found if d.end <= t.start and d.kind in ("point", "after") and d.due > t.due]
        if not days:
            return t
        day = days[-1].due
        return TimeExpr(t.text, t.start, t.end, t.kind, day, day, t.time)

    def _shift_for_plan(self, t: TimeExpr) -> TimeExpr:
        # under 明日计划, "上午去车管所" means tomorrow morning (under 端午后第一天：, that day's)
        if self.plan_day is not None and t.due == self.note_date and _TODAY_WORDS.match(t.text) \
                and "今" not in t.text:
            day = self.plan_day
            return TimeExpr(t.text, t.start, t.end, t.kind, day, day, t.time)
        return t

    def is_future(self, t: TimeExpr) -> bool:
        return t.kind in ("deadline", "range", "after") or (
            self.note_date is not None and t.due > self.note_date) or bool(_TONIGHT.search(t.text))


# 我值 5 月 2 号跟 4 号的班, 清明我值班, "I'm on duty Oct 3": the writer's shift on the roster, a
# day at work and no promise (covering a colleague's is one: 周日我帮她值半天班, cover his Sat)
_ROSTER_CLAUSE = re.compile(r"[^，,。；;！!？?（(]{0,8}?(?:(?:我|俺|本人)[^，,。；;！!？?]{0,10}?值(?:了)?[^，,。；;！!？?]{0,20}?班"
                            r"|\bI'?m on duty\b[^.;!?]*)[^，,。；;！!？?]*", re.IGNORECASE)
_COVERING = re.compile(r"替|帮|顶|代|换|cover", re.IGNORECASE)
_SCHEDULE_CLAUSE = re.compile(r"[^，,。；;！!？?]*(?:上班|放假|休息|轮休|调休|照常|开门)[^，,。；;！!？?]*")


def _in_roster(text: str, position: int) -> bool:
    return any(start <= position < end for start, end in _roster_spans(text))


@lru_cache(maxsize=256)
def _roster_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The writer's own shifts in `text` (asked once per time expression of a line: a line is
    scanned once)."""
    return tuple(m.span() for m in _ROSTER_CLAUSE.finditer(text) if not _COVERING.search(m.group()))


def _roster_only(text: str) -> bool:
    """店里放假到 23 号，24 号上班。我值初四的班。: a plan line that only gives the shifts."""
    if not _ROSTER_CLAUSE.search(text) or _COVERING.search(text):
        return False
    rest = _SCHEDULE_CLAUSE.sub("", _ROSTER_CLAUSE.sub("", text))
    return re.search(ACTION, rest) is None


# 礼拜六的试驾车排一下, 月底的回访表 under 明日计划: the time names a thing; the item is the plan's
_NAMES_A_THING = re.compile(r"\s*的(?!时候|话|前一天|前一日|前两天|头一天|那天|当天|之前|以前|前|后)")
_ROUGHLY = re.compile(r"\s*(?:左右|前后|上下)")
_FOR_EVENT_BEFORE = re.compile(r"\bfor\s+(?:(?:his|her|their|the)\s+|[A-Z][\w.]*(?:\s+[A-Z]\w*)?(?:'s|’s)\s+)"
                               r"[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+(?:on|this|next)?\s*$")
_OWN_PREP_AFTER = re.compile(r"[ \t]?我(?:就|得|要)?(?:先|提前)(?:把|给|去|将|帮|准备)")
# …交车，10/23 把车检查好: a clause that opens with its own day and a 把 step
_STEP_AFTER = re.compile(r"[ \t]?(?:先|提前)?把")
_CORRECTED = re.compile(r"\s*(?:哦|噢|啊|嗯)?\s*(?:不对|不是不是|说错了|错了)(?:是|应该是)?\s*(?=[\u4e00-\u9fff\d])")
_DAY_OFF = re.compile(r"\s*(?:开始)?(?:放假|休息|休假|调休(?!上班)|不上班|轮休)")


@dataclass(frozen=True, slots=True)
class Verdict:
    what: str  # "commitment" | "done" | "step"
    text: str
    rule: str
    time: TimeExpr | None


def extract_commitments(note: Note, mentions: list[Mention], calendar: WorkdayCalendar,
                        colleagues: frozenset[str] = frozenset()
                        ) -> tuple[list[Commitment], list[Completion], list[CustomerStep]]:
    """`colleagues`: the vault's known colleagues, who may be a clause's subject (林琳约她周四来签合同)."""
    by_line = _mentions_by_line(mentions)
    staff = colleagues_in(note, colleagues)
    heading_customer = _heading_customers(note, by_line)
    speakers = chat_speakers(note.lines)
    days = written_days(note)  # a weekly file: the day each line was written
    field_times = _field_times(note.lines)
    commitments: list[Commitment] = []
    completions: list[Completion] = []
    steps: list[CustomerStep] = []
    for line in note.lines:
        written = days.get(line.line, note.date)
        if line.kind is BlockKind.HEADING:
            continue
        here = by_line.get(line.line, LineMentions(()))
        staff_here = tuple(c for c in staff if c in line.text)
        names = here.surfaces() + staff_here
        default_customer = next((heading_customer[h] for h in reversed(line.section_path)
                                 if h in heading_customer), None)
        source = Source(note.path, line.line)

        def customer_of(text: str) -> str | None:
            return here.first_in(text) or default_customer

        if line.kind is BlockKind.DONE:
            completions.append(Completion(line.text, source, customer_of(line.text)))
            continue
        if line.kind is BlockKind.CANCELLED or (line.kind is BlockKind.TASK and _CALLED_OFF.search(line.text)):
            continue  # dropped: neither still to do nor kept (- [ ] 给刘二哥打电话… 不用打了 他自己来了)
        if written_by_other(line.text, note.author):
            continue  # [小敏] 我说明天帮她查好: the assistant's promise, in a shared log
        kind = section_kind(line.section_path)
        if kind is SectionKind.OTHER and _TODO_TAG.search(line.text):
            kind = SectionKind.PLAN  # Bear / Obsidian: `… #todo` files the line as a to-do
        offset = plan_default_offset(line.section_path) if kind is SectionKind.PLAN else None
        if kind in (SectionKind.OTHER, SectionKind.PLAN):
            ahead = heading_time(line.section_path, written, calendar)
            if ahead is not None:  # 端午后第一天： over a list (in 明日计划 too): to do that day
                kind, offset = SectionKind.PLAN, ahead
        row = _next_step_cells(line)
        if row is not None:  # | 客户 | 进展 | 下一步 | 时间 |: the next-step cell is the to-do
            verdict = _table_verdict(*row, names, DueFinder(written, calendar))
            if verdict is not None and verdict.what == "commitment":
                commitments.append(Commitment(verdict.text, source, verdict.time.due if verdict.time
                                              else None, customer_of(line.text), verdict.rule,
                                              verdict.time.text if verdict.time else None))
            elif verdict is not None:
                completions.append(Completion(line.text, source, customer_of(line.text)))
            continue
        prose = _row_prose(line)
        if prose == "":
            continue  # a table's header row
        if line.kind is BlockKind.QUOTE:
            # > 我：好的吴总，到时候我把合同样本打印好 — the writer's reply in a quoted
            # exchange is what they told the customer; any other quoted line is someone else's
            reply = WRITERS_REPLY.match(line.text)
            if reply is not None:
                prose = "我说：" + line.text[reply.end():]
            elif speakers.get(line.line) in WRITER_SELF:  # under a `> 我 10:35` header
                prose = "我说：" + line.text
            else:
                continue
        speaker = CHAT_MESSAGE.match(prose or line.text) or _SPEAKER.match(prose or line.text)
        if speaker and speaker.re is CHAT_MESSAGE:  # a pasted chat's message (韦姐 10:12：…)
            if speaker.group("who") not in WRITER_SELF:
                continue  # 黄志明 14:06：好，定了就国庆前交车吧 — someone else's
            message = (prose or line.text)[speaker.end():]
            if _DONE.search(message) or _HANDED_ON.search(message) or not re.search(ACTION, message):
                # 我 09:30：车已经洗好了 / 我让小覃做个方案: a report or an errand handed on —
                # read as any line of the writer's (a promise after it still counts)
                prose, speaker = message, None
        if speaker and _MEETING.fullmatch(speaker.group("who")) \
                and not _I_AGAIN.search((prose or line.text)[speaker.end():]):
            continue  # 晨会：九月组里目标 18 台，这周必须追到 8 台 — what the meeting said
        if speaker and speaker.group("who") not in WRITER_SELF and _is_person(speaker.group("who")) \
                and not here.first_in(speaker.group("who")) \
                and not _WRITER_IN.search((prose or line.text)[speaker.end():]):
            continue  # 韦丽：周四前约莫老板再来一次 — a task on someone else's line
        if speaker and speaker.group("who") in WRITER_SELF:
            # 我：明天上午陪蒙小燕去新桥镇… / 我回：…帮您留到下个星期三: the writer's own line
            text = normalise_spacing((prose or line.text)[speaker.end():])
            time = DueFinder(written, calendar).due(text) if text else None
            if time is None and text and _REPORTED_LE.search(text):
                continue  # 我 09:30：梁哥，续航对比发您了[图片]: a report, no day ahead
            if text and not _HYPOTHETICAL.search(text) and _first_action(text) < len(text):
                commitments.append(Commitment(text, source, time.due if time else None, customer_of(text),
                                              "own-line", time.text if time else None))
            continue
        label_kind, label, rest = inline_label(prose or line.text)
        timed = _WORD_LABEL.match(prose or line.text) if label_kind is None else None
        if timed and timed.group(1).isascii() and weekday_index(timed.group(1)) is not None and (
                kind is SectionKind.PLAN or _first_action(timed.group(2).lower()) < len(timed.group(2))):
            # `Mon: call 张伟…`, on a Saturday (a Chinese 周一： is read by inline_label)
            ahead = heading_time((timed.group(1),), written, calendar)
            if ahead is not None:
                label_kind, label, rest, kind, offset = SectionKind.PLAN, timed.group(1), timed.group(2), SectionKind.PLAN, ahead
        if label_kind is not None:
            kind = label_kind
            offset = plan_default_offset((label,)) if kind is SectionKind.PLAN else None
            if kind is SectionKind.PLAN:  # 端午前要办：… — due by the time the label names
                offset = heading_time((label,), written, calendar) or offset
        text = normalise_spacing(rest if label_kind is not None else prose or line.text)
        dues = DueFinder(written, calendar, plan_day=_plan_default(written, offset)
                         if offset == "tomorrow" or isinstance(offset, dt.date) else None)
        seen: set[str] = set()
        promised_at = len(text)  # where the line's promise starts (a report after it may keep it)
        for verdict in _classify_line(text, line.kind, kind, names, dues, staff_here):
            if verdict.what in seen:
                continue  # one fact of each kind per line
            seen.add(verdict.what)
            if line.kind is BlockKind.QUOTE:
                verdict = replace(verdict, text=line.text)  # the reply as written, not our 我说
            if verdict.what == "commitment":
                found_at = text.find(verdict.text)
                promised_at = found_at if found_at >= 0 else 0
                time = verdict.time
                if time is None and line.line in field_times:  # - 下一步：… / - 时间：明天中午前
                    time = DueFinder(written, calendar).due(field_times[line.line])
                due = time.due if time else _plan_default(written, offset)
                commitments.append(Commitment(verdict.text, source, due, customer_of(verdict.text),
                                              verdict.rule, time.text if time else None))
            elif verdict.what == "done":
                completions.append(Completion(verdict.text, source, customer_of(verdict.text),
                                              after_promise=text.find(verdict.text) >= promised_at))
            elif customer_of(verdict.text):  # a colleague's plan is nobody's next step here
                steps.append(CustomerStep(verdict.text, source, customer_of(verdict.text),
                                          verdict.time.due if verdict.time else None))
    # a deal's next step the body also promises (明日计划: 答应王总明天上午把报价单发给他) is one promise
    said = {(c.customer, c.due) for c in commitments}
    commitments.extend(c for c in _front_matter_next_steps(note, calendar) if (c.customer, c.due) not in said)
    commitments.sort(key=lambda c: c.source.line)  # in the note's order (front matter first)
    return commitments, completions, steps


_NEXT_KEYS = ("next", "next_step", "下一步", "下步")
_CUSTOMER_SIDE = re.compile(r"付(?:款|尾款|定金|首付|全款)|交(?:定金|尾款|首付|全款|款)|^\s*等|考虑|商量|"
                            r"(?<![我])(?:来店|到店|来看|来试)")


_FIELD = re.compile(r"^\s*([^：:，,。]{1,8}?)\s*[:：]\s*(\S.*)$")


def _field_times(lines) -> dict[int, str]:
    """A customer's field block (`- 下一步：…` then `- 时间：周五前`, the columns of a follow-up
    table written as lines): the next step's line → the time its own field gives it."""
    out: dict[int, str] = {}
    for line, after in zip(lines, lines[1:]):
        step, when = _FIELD.match(line.text), _FIELD.match(after.text)
        if after.line == line.line + 1 and step and when and _NEXT_STEP_HEADER.fullmatch(step.group(1)) \
                and _WHEN_HEADER.fullmatch(when.group(1)):
            out[line.line] = when.group(2)
    return out


def _front_matter_next_steps(note: Note, calendar: WorkdayCalendar) -> list[Commitment]:
    """A deal's `next:` in front matter is the writer's next step with that customer, as a
    follow-up table's 下一步 column is (not when it is the customer's: 她说这周六带她爸来)."""
    out: list[Commitment] = []
    for key in ("deals", "商机"):
        items = note.meta.get(key)
        items = [items] if isinstance(items, dict) else items if isinstance(items, list) else []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            field = next((k for k in item if str(k).strip().lower() in _NEXT_KEYS), None)
            text = item.get(field) if field is not None else None
            line = note.value_lines.get((key, index, field)) if field is not None else None
            if not isinstance(text, str) or not text.strip() or line is None:
                continue
            who = next((item[k] for k in ("customer", "客户") if isinstance(item.get(k), str)), None)
            text = normalise_spacing(text.strip())
            if _CUSTOMER_SIDE.search(text):
                continue  # 下周日前付尾款, 周五交定金, 等二手车评估结果: the customer's move, or a wait
            dues = DueFinder(note.date, calendar)
            # read as a sentence of the writer's (发他, 约他, 我…), not as a plan's item: a
            # deal's next step is often the customer's
            for verdict in _classify_line(text, BlockKind.PARAGRAPH, SectionKind.OTHER, (who,) if who else (),
                                          dues):
                if verdict.what == "commitment":
                    out.append(Commitment(text, Source(note.path, line), verdict.time.due if verdict.time
                                          else None, who, "front-matter-next",
                                          verdict.time.text if verdict.time else None))
                break
    return out


_NEXT_STEP_HEADER = re.compile(r"^(?:下一步|下步|后续|跟进计划|跟进动作|跟进事项|待办|待跟进|行动|计划|动作|"
                               r"next\s*steps?|actions?|to-?dos?|follow[- ]?ups?)", re.IGNORECASE)
_WHEN_HEADER = re.compile(r"^(?:时间|日期|截止|期限|时限|完成时间|计划时间|跟进时间|预计时间|"
                          r"deadline|due|when|by)", re.IGNORECASE)
# An empty cell or plan item: blank, dashes, or "none" with perhaps an aside (承诺：无（他说回去想想）)
_NOTHING = re.compile(r"^[\s—–\-/／·.。?？]*$|^\s*(?:无|暂无|没有|n/?a|none|tbd)\s*(?:[。.]?\s*$|[（(])",
                      re.IGNORECASE)
_WAITING = re.compile(r"^(?:等|等待|待)(?!我)|^(?:wait|waiting)\b", re.IGNORECASE)


_CLOCK = re.compile(r"^\s*\d{1,2}[:：]\d{2}\s*$")
# In a reply to the customer, what the writer says they will do: 我把合同样本打印好, 我给您安排,
# 政策一出来我第一时间告诉您, 到时候给叔叔阿姨准备两把椅子
_REPLY_PROMISE = re.compile(r"(?:我|(?<=[，,。：:])\s*(?=到时候|回头|马上|第一时间))"
                            r"(?:到时候|回头|再|先|也|就|会|来|去|马上|立刻|第一时间|尽快|一定|提前)*"
                            + ACTION)


def _row_prose(line) -> str | None:
    """What a table row without a next-step column says: | 13:00 | 邓姐 | 约她周六来试驾 |
    reads as 邓姐：约她周六来试驾 — the customer labels the row (as in 钱主任：…), and a clock
    time is when the call was, not a deadline. "" for the header row; None for a line that is
    no table row."""
    if line.kind is not BlockKind.TABLE or not line.header:
        return None
    if line.cells == line.header:
        return ""
    customer, kept = "", []
    for cell, head in zip(line.cells, line.header):
        if CUSTOMER_HEADER.match(head.strip()):
            customer = cell.strip()
        elif cell.strip() and not _CLOCK.match(cell):
            kept.append(cell.strip())
    prose = "；".join(kept)
    return (f"{customer}：{prose}" if customer and prose else prose) or None


def _next_step_cells(line) -> tuple[str, str] | None:
    """(next step, when) of a table row under a header with a next-step column; None for
    any other line (read as prose)."""
    if line.kind is not BlockKind.TABLE or not line.header:
        return None
    step = next((i for i, h in enumerate(line.header) if _NEXT_STEP_HEADER.match(h.strip())), None)
    if step is None or step >= len(line.cells):
        return None
    if line.cells == line.header:
        return "", ""  # the header row itself: nothing to do
    when = next((i for i, h in enumerate(line.header) if _WHEN_HEADER.match(h.strip())), None)
    return line.cells[step].strip(), (line.cells[when].strip() if when is not None
                                      and when < len(line.cells) else "")


def _table_verdict(step: str, when: str, names: tuple[str, ...], dues: DueFinder) -> Verdict | None:
    """A next-step cell is a to-do of the writer's unless it is empty, waits on someone, is
    done, or names someone else as the one acting (小李出报价; but 小周跟进；我帮她申请)."""
    if _NOTHING.match(step) or _WAITING.match(step) or _HYPOTHETICAL.search(step):
        return None
    if _TICKED.search(step):
        return Verdict("done", step, "done", None)
    if _ASSIGNED.search(step) or _HANDED_OVER.match(step):
        return None  # 交给小吴跟: a colleague's from now on
    head = step[:_first_action(step)]
    if (subject_is_other(head, names) or (PERSON_LIKE.match(step) and not _ASKS_SOMEONE.match(step))) \
            and not FIRST_PERSON.search(head):
        own = _TAKEOVER.search(step)
        if own is None:
            return None
        step = step[own.end():]
    if _NOTHING.match(when):
        when = ""
    time = (dues.due(when) if when else None) or dues.due(step)
    if when and time is not None and _DAY_BEFORE_EVENT.search(step) \
            and (time.start > 0 or time.end < len(when.rstrip("。. "))):
        # 约交付时间，前一天把车检查好 | 5/16 交付: the step's day is counted back from the event
        # the cell names (试驾前一天把车充满 | 8/13: a bare day in the cell is the step's own)
        time = dues.due(f"{when}，{step}") or time
    text = f"{step}（{when}）" if when else step
    return Verdict("commitment", text, "table:next-step", time)


# 到了马上通知他, 政策出来第一时间发他, 一到货我就约她: what the writer will do once something
# happens (to the customer: 他/她/客户; not 到了通知我, someone else's word to the writer)
# (…到了我马上给她打了电话: done, a report)
_EVENT_PROMISE = re.compile(rf"(?:到了|到店了?|到货了?|出来了?|下来了?|批了|一到)(?:以后|之后)?[，,]?\s*"
                            rf"(?:(?:当天|那天)\s*我(?:就)?|(?:我)?(?:就|马上|立刻|立马|第一时间|头一个)+)(?:{ACTION_WORDS})(?!了)[^，,。了]{{0,6}}?"
                            rf"(?:他|她|客户|您|[\u4e00-\u9fff]{{1,2}}(?:总|姐|哥|师傅|老师|先生|女士))(?![^，,。]{{0,3}}了)")
_DROPPED_I = re.compile(r"^\s*(?:[-*]\s*)?(?:Called|Showed|Emailed|Texted|Phoned|Talked|Explained|Offered|Quoted|"
                        r"Checked|Printed|Handed|Gave|Sent|Took|Met|Told|Got|Spoke|Rang|Went|Drove|Wrote|Brought|"
                        r"Walked (?:him|her|them))\b")
_LATER_REPAIR = re.compile(rf"(?<![不别])回头(?:得|要|再|就|我)*(?:{ACTION_WORDS})")
_DAY_BEFORE_EVENT = re.compile(r"前一天|提前(?:一|两|二|三|几)天|头一天|前两天")
# 交给小吴跟, 转给金融专员处理: a cell handing the customer to a colleague
_HANDED_OVER = re.compile(r"^(?:交给|转给|移交给?|交由|转交给?)\s*(?:[老小阿][\u4e00-\u9fff]|同事[\u4e00-\u9fff]{0,3}|"
                          r"[\u4e00-\u9fff]{0,3}(?:经理|主管|专员|顾问|店长|专家))\s*"
                          r"(?:跟进?|处理|负责|办理?|对接|跟单|接手)\s*$")
# 找店长申请…, 跟店长申请送全车膜: the writer asks the boss (the person is the object)
_ASKS_SOMEONE = re.compile(r"^(?:找|跟|和|问|请|催|约|陪|帮|给|向)")
# "…周五前交齐 —— 小李负责", "交车（小周主持）": a task handed to someone else
_ASSIGNED_EN = re.compile(r"^[-*•\s]*(?:\[[ xX]\]\s*)?(?!(?:Need|Needs|Have|Has|Had|Want|Wants|Going|Got|Plan|"
                          r"Planning|Try|Trying|Remember|Promised|Ought|Agreed|Decided|Forgot|Reminder|Note|"
                          r"Time|Nothing|Something)\b)[A-Z][a-z]+(?: [A-Z][a-z]+)? to (?!me\b|us\b)[a-z]+")
_ASSIGNED = re.compile(r"(?:——|—|--|（|\()\s*(?:由)?\s*(?:[老小阿][\u4e00-\u9fff]|[A-Z][a-z]+|\w{1,3}(?:经理|主管|总监))"
                       r"\s*(?:负责|主持|跟进|处理|对接|来做|来办|去办)\s*[）)]?\s*$")


def _classify_line(text: str, block: BlockKind, kind: SectionKind, names: tuple[str, ...],
                   dues: DueFinder, staff: tuple[str, ...] = ()) -> list[Verdict]:
    if _ASSIGNED.search(text) or _ASSIGNED_EN.match(text):
        return []  # 交齐 —— 小李负责, "Mei Ling to send the promo sheet"
    if _is_request(text, names):
        return []  # 卢晓雯的车国庆期间要做 PDI，需要售后排一下: what someone else is asked to do
    if block is BlockKind.TASK:
        if _HYPOTHETICAL.match(text):
            return []
        return [Verdict("commitment", text, "checkbox", _when_it_happens(text, _own_due(text, names, dues), dues))]
    if kind is SectionKind.PLAN:
        order = _ORDER.match(text)
        if order is not None and (any(order.group("who").startswith(c) for c in staff)
                                  or _TEAM_FORM.match(order.group("who"))):
            return []  # 明日计划: 让大周上午给冯老板打个电话 — a task handed to the team
        if not text.strip() or _HYPOTHETICAL.search(text) or _NEGATED.match(text) or _LEAD_IN.match(text) \
                or _NOTHING.match(text) or (_WAITING.match(text) and not FIRST_PERSON.search(text)) \
                or _roster_only(text):
            return []  # 承诺：无（他自己说回去想想）, 承诺：——, 等厂家回复政策 (someone else's move)
        head = text[:_first_action(text)]
        # (The expat customer list Steven wants for the event: a thing to do, which he wants)
        if subject_is_other(head, names) and (REPORTED_SPEECH.search(head) or _OTHER_AGREES.search(head)) \
                and not _THING_ITEM.match(text):  # (王总答应节后第一天与厂家通话: the boss's promise)
            # 郑经理要求月底前提交，本人拟于 28 日前完成初稿: the writer's part after it
            for part in _own_clauses(text):
                own = _classify_sentence(part, names, dues)
                if own is not None and own.what == "commitment":
                    return [own]
            return [Verdict("step", text, "customer-said", dues.due(text))]
        time = dues.due(text)
        # (腊月二十五前把…回访做完: what is to be finished by a day ahead, not a report)
        ahead = time is not None and dues.note_date is not None and time.due > dues.note_date \
            and _STILL_AHEAD.match(text[time.end:]) is not None
        if (_DONE.search(text) and not _PROMISE.search(text) and not ahead) or _TICKED.search(text):
            return [Verdict("done", text, "done", None)]
        return [Verdict("commitment", text, "plan-section", _acted_time(text, dues) or time)]
    if kind in (SectionKind.MISTAKE, SectionKind.REFLECTION):
        # …我说错了。明天跟他更正一下: a repair with its day set is a promise, in a mistakes
        # section too; a lesson for next time is not
        for sentence in split_sentences(text):
            # (今天打电话给她道歉，改约 10 号下午三点交车: the writer's own clause after the apology)
            # (…到今日还未发，明日上昼一定发: after the slip, a clause that opens on its day)
            slip = SLIP_CUE.search(sentence.text)
            tails = [sentence.text[m.end():] for m in _CLAUSE_MARK.finditer(sentence.text)
                     if slip is not None and slip.start() < m.start()]
            for part in (sentence.text, *_own_clauses(sentence.text), *tails):
                verdict = _classify_sentence(part, names, dues)
                if verdict is not None and verdict.time is not None and (
                        _slip_after(part, _cue_end(part, verdict))  # 周二…的时候，把…说成了: the slip's day
                        or part in tails and _story_goes_on(sentence.text, slip, verdict.time.text, dues.note_date)):
                    continue
                if verdict is not None and verdict.what == "commitment" and not _LESSON.search(sentence.text) \
                        and (verdict.time is None and _LATER_REPAIR.search(part)
                             or verdict.time is not None and dues.is_future(verdict.time)):
                    # (…其实是一年，回头得跟她更正一下: a repair put off, with no day)
                    return [verdict]
        return []
    if block is BlockKind.QUOTE:  # the writer's reply to a customer (> 我：…)
        found = _classify_line(text, BlockKind.PARAGRAPH, kind, names, dues)
        if any(v.what == "commitment" for v in found):
            return found
        offer = _REPLY_PROMISE.search(text)
        return [Verdict("commitment", text, "reply", dues.due(text))] if offer else found
    out: list[Verdict] = []
    previous = before = ""  # the sentence before; all the line's sentences before
    for sentence in _ledger_sentences(text):
        verdict = _classify_sentence(sentence.text, names, dues)
        verdict = _counted_from_before(verdict, previous, sentence.text, dues, before)
        verdict = _clock_on_day_before(verdict, before, dues)
        previous = sentence.text
        before += sentence.text
        if verdict is None or verdict.what != "commitment":
            # 经理答应送贴膜，我下周三前把贴膜排上: the writer's own clause after another's (a
            # customer's plan before it stays their next step: 马师傅说周六来…，我周五提醒他)
            for part in _own_clauses(sentence.text):
                own = _classify_sentence(part, names, dues)
                if own is None and verdict is not None and verdict.what == "step" \
                        and verdict.time is not None and _JOINS.match(part) and not _DONE.search(part) \
                        and not _DONE.search(sentence.text[:len(sentence.text) - len(part)]):
                    # 评估师老王明天上门看车，我陪同: the writer joins another's plan, at its time
                    # (not 她的桩礼拜二装好了，我去看了: what was done is no plan to join)
                    own = Verdict("commitment", part, "joins-plan", dues.due(part) or verdict.time)
                if own is not None and own.what == "commitment":
                    if verdict is not None and verdict.what == "step":
                        out.append(verdict)
                    time = own.time
                    if time is None:  # 大伟跟冯总约了五月八号交车，我跟大伟说那天我跟你一块儿去: its day is the one named before
                        offset = len(sentence.text) - len(part)
                        time = next((t for t in dues.candidates(sentence.text) if t.start >= offset), None)
                    verdict = Verdict("commitment", sentence.text, own.rule, time)
                    break
        told = _TOLD_PROMISE.search(sentence.text) if verdict is None or verdict.what != "commitment" else None
        if told and not _hypothetical_at(sentence.text, told.start()):
            # 我说有空的时候帮他问问报价: a promise told to the customer, with or without a day
            if verdict is not None and verdict.what == "step":
                out.append(verdict)
            time = dues.due(sentence.text[told.start():]) or next(  # (…说那天我跟你一块儿去: the day named before)
                (t for t in dues.candidates(sentence.text) if t.start >= told.start()), None)
            verdict = Verdict("commitment", sentence.text, "told", time)
        if verdict is not None and verdict.what == "commitment":
            verdict = replace(verdict, time=_when_it_happens(verdict.text, verdict.time, dues))
            if verdict.time is not None and _SOON.fullmatch(verdict.time.text):
                verdict = replace(verdict, time=None)  # 过两天我再给您打个电话: soon, no day
            verdict = _own_step_first(verdict, sentence.text, dues)
        event = _EVENT_PROMISE.search(sentence.text)
        if event is not None and not _hypothetical_at(sentence.text, event.start()) \
                and (event.start() == 0 or "我" in event.group(0) or FIRST_PERSON.search(sentence.text, 0, event.start())):
            if verdict is None or verdict.what != "commitment":
                # 我说 1 月中旬，到了马上通知他 / 我跟他说政策出来第一时间发他: a promise tied
                # to an event, whose day nobody knows
                if verdict is not None and verdict.what == "step":
                    out.append(verdict)
                # (厂家说26号到 到了当天我电他: the day the event was named with, when it is that day's act)
                named = [t for t in dues.candidates(sentence.text) if t.end <= event.start() and t.kind == "point"
                         and dues.is_future(t)] if re.search(r"当天|那天", event.group(0)) else []
                verdict = Verdict("commitment", sentence.text, "on-event", named[-1] if named else None)
            elif verdict.time is not None and verdict.time.kind == "range" and verdict.time.end <= event.start():
                # 车 1 月中旬到店，到了我第一时间约他: an estimate of the event is no day
                verdict = replace(verdict, time=None)
        if verdict is not None and verdict.what == "commitment" and verdict.time is not None \
                and any(_is_appointment(v) and v.time.due > verdict.time.due >= dues.note_date for v in out):
            # 约了 1 Aug 上午交车 — … I'll do the PDI on the 31st: the step before it wins the line
            verdict = replace(verdict, rule="own-step")
        if verdict is not None:
            out.append(verdict)
    favour = _FAVOUR_ASKED.search(text)
    agreed = _AGREED.search(text, favour.end()) if favour else None
    if agreed and not any(v.what == "commitment" for v in out):
        # 小周问我能不能替她周日的班，我说行 / "Josh asked me to cover his Tue 10am. Said yes."
        # (its day in the request, else said before it: 他这周六请假，让我帮他接…)
        out.append(Verdict("commitment", text, "agreed", dues.due(text[favour.end():agreed.start()])
                           or dues.due(text[:agreed.start()]) or dues.due(text[agreed.end():])))
    # a promise on the line wins the line; an explicit cue beats a time followed by an action
    # (and the writer's own step before an appointment wins over the appointment)
    out.sort(key=lambda v: (v.what != "commitment", v.rule == "time+action", v.rule not in ("counted-back", "own-step")))
    return out


# a plan item that opens with a determiner names the thing to do, whoever its clause says wants it
_THING_ITEM = re.compile(r"^\s*(?:The|A|An|Our|My|This|That|These|Those)\b")
# 让大周上午给冯老板打个电话, 安排小王明天做 PDI: an order the writer gives (a colleague's, or a
# 小X form of his team's, acts)
_ORDER = re.compile(r"^\s*(?:让|叫|安排|交代|吩咐)\s*(?P<who>[^，,。；;\s]{1,4})")
_TEAM_FORM = re.compile(r"[小大][王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁郑谢韩冯董程曹袁邓许沈彭吕苏蒋蔡魏叶潘杜钟姜范方姚谭]"
                        r"(?=[今明上下后这给把跟去来做打发联])")
# 需要何总批, 需要售后排一下, 需要何总跟二手车部再谈一下: a need someone else is to meet
# (not 准备…合同文本，烦请郑经理审核: the writer's own task, with a courtesy request after it)
_REQUEST = re.compile(r"(?:需要|需)(?P<who>[^，,。；;\s我]{1,4}?)(?:节后|明天|今天|尽快|再|帮忙|帮我|给|跟|和)?"
                      r"(?:批|排|审|签字|确认|协调|谈|出|处理|安排|跟进|核|定)")


def _is_request(text: str, names: tuple[str, ...]) -> bool:
    """A line that asks someone else for something (需要何总批) and where the writer acts in no
    clause of their own: a request, not a promise."""
    m = _REQUEST.search(text)
    if m is None or _I_AGAIN.search(text):
        return False
    who = m.group("who")
    return bool(PERSON_LIKE.match(who) or THIRD_PARTY.match(who) or any(who.startswith(n) for n in names))


_SOON = re.compile(r"过(?:两|几)天|这(?:两|几)天")


def _is_appointment(verdict: Verdict) -> bool:
    """约了 28 号上午交车, 我说让她这周四下午来, "Booked her for Sat 10am": a time set with someone."""
    return verdict.what == "commitment" and verdict.time is not None and (
        verdict.rule == "invited" or verdict.rule.startswith("cue:") and ("约" in verdict.rule
                                                                         or verdict.rule.lower() == "cue:booked"))


# A colleague asking the writer a favour (替她值班, 帮他接两个试驾, "cover his Sat")…
_FAVOUR_ASKED = re.compile(r"\basked (?:me to|if I(?:'d| would| could| can)?)\s+(?:cover|take|handle|look after|mind)\b"
                           r"|(?:问我|让我|叫我|请我|找我)[^，,。；;]{0,8}?(?:替|帮|顶|代)", re.IGNORECASE)
# …and the writer saying yes
_AGREED = re.compile(r"\b(?:said|told (?:him|her|them))\s+(?:yes|sure|ok(?:ay)?|no worries|no problem|fine|of course)\b"
                     r"|(?:我|俺)(?:说|讲|回)[:：]?\s*(?:行|可以|好(?:的|啊|嘞)?|OK|ok|没问题|中|成|要得|妥)(?=[，,。！!；;\s]|$)",
                     re.IGNORECASE)


# (after a comma, a time may come first: 陳生話…，下個禮拜三前我send合同俾佢; but not a verb
# whose object is the writer: 周四给我答复)
_TAKEOVER = re.compile(r"[，,；;]\s*(?:但是?|不过|可是|而)?(?=(?:[^，,。；;他她说给跟和向对让叫帮找问陪带答告诉复系\sA-Za-z]{1,8}?)?"
                       r"(?:我(?!们?的)|本人)|I\b|I'|we\b)"
                       r"|(?:回头|然后|所以|于是|因此|之后)(?=我(?!们?的))")  # dictated lines have no commas


_JOINS = re.compile(r"^(?:我|我们)(?:也|就|会|要|得|一起|负责|全程|亲自|再|先)*(?:陪|跟着|接待|到场|"
                    r"过去|去|在场|参加|配合|准备|带)")


# A clause whose object is a person: after someone else's words, its dropped subject is the
# writer (厂家说3.25到港，下周一先打电话跟陈姐说一声), not the speaker again.
_ADDRESSING = re.compile(r"[，,；;]\s*(?=[^，,。；;]{0,10}?(?:跟|给|和|向|提醒|通知|告诉|联系|问|打)"
                         r"(?:他|她|客户|\w{1,3}(?:总|姐|哥|女士|先生|小姐|老师|师傅|阿姨|叔))"
                         r"(?!们|家|老婆|爱人|家人|太太|老公|爸|妈|父母|儿子|女儿|朋友|同事))")


# 我跟他说后天给他回话, 我说两个工作日内开出来给她: what the writer tells a customer they
# will do is a promise, also in a run-on line with no comma to split it
# whom the writer tells: 跟王总, 跟她闺女, 跟 Tony (a Latin name set off by spaces)
_TO_WHOM = TO_WHOM
_WRITER_SAYS = re.compile(r"我(?:就|也|当时|当场)?(?:" + _TO_WHOM + r")?(?:说|讲|保证|表示|回复|答复)"
                          r"(?![成错漏了过解究])[:：，,]?\s*")
# …and with no day: 我说有空的时候帮他问问报价
_TOLD_PROMISE = re.compile(_WRITER_SAYS.pattern + r"(?:(?:行|好|可以|没问题)[，,]\s*)?"  # 我说行，过两天我在给您打个电话
                           r"(?:(?:有空的时候|等我?有空(?:的时候|了)?|回头|改天|过两天|过几天|到时候)我?"
                           r"(?:会|去|来|帮他|帮她|替他|替她|帮|替|再|先|尽快|马上|一定|肯定|就|" + _AGAIN_MISHEARD + r")*|我?"
                           r"(?:会|去|来|帮他|帮她|替他|替她|帮|替|再|先|尽快|马上|一定|肯定|就)+|我"
                           # 我说节后第一天就给他打电话: the day first, then 就/先 and the action
                           # (…节后第一天肯定能交: a modal between)
                           r"|[^，,。！？!?“”]{1,10}?(?:就|先|肯定|一定|马上)+(?:能|可以)?"
                           # 我跟他说节后第一天我把…发他, 俺说这礼拜天之前俺挑三台发他, 国庆后三个工作日内给她交车
                           r"|[^，,。！？!?“”]{1,10}?(?:第一天|头一天|天|日|号|早上|上午|下午|晚上|(?:周|礼拜|星期)[一二三四五六日天])"
                           r"(?:[（(][^）)，,]{1,8}[）)])?(?:之前|以前|前|之内|以内|内)?"  # 我跟伊讲下礼拜一（7/13）交车
                           r"(?:就|先|再)?(?:我(?:就|先|再|亲自|自己|会|一定)*)?)" + ACTION)


# 车一到我就给他打电话, 政策下来了第一时间告诉他: a promise to act once something happens; 到店当天
# 通知她: …on the day it happens
_ONCE = re.compile(r"第一时间|头一个(?!工作日|月|礼拜|星期|周|天)|(?<!一)一(?:到|出来|下来|批下来|有)[^，,。；;]{0,8}?(?:就|马上|立刻|即刻|先)"
                   r"|(?P<that_day>(?:到|到了|到车|到店|下来|出来)的?当天)")
# a time that names a day: 3月9号, 下礼拜二, 明天 (not 月底, 7月初, 下周, 年底, 双十二, 节后)
_NAMED_DAY = re.compile(r"[号日]|\d\s*[/.]\s*\d|(?:周|礼拜|星期)[一二三四五六日天]|明天|后天|明儿|后儿")
_TIME_OF_THE_ACT = re.compile(r"\s*(?:我|俺)?(?:一定|肯定|保证|就|会|都|也|再|马上)*")


def _when_it_happens(text: str, time: TimeExpr | None, dues: DueFinder) -> TimeExpr | None:
    """车要等到月底，我跟他说车一到我就给他打电话: a promise made for when something happens has
    no day of its own (月底, 下周, 节后 say when it may happen); 物流说下礼拜二到，到了当天给她打电话
    falls on the day named for it. A time said right before the act still binds it
    (端午前我一定第一时间发他)."""
    once = _ONCE.search(text)
    if once is None or time is None or time.start >= once.end():
        return time
    if _TIME_OF_THE_ACT.fullmatch(text, time.end, once.start()):
        return time
    if once.group("that_day"):  # (到店当天 itself reads as the day named before it)
        event = next((t for t in reversed(dues.candidates(text)) if t.end <= once.start()), None)
        if event is not None and event.kind == "point" and _NAMED_DAY.search(event.text) \
                and not text.startswith("的", event.end):
            return time
    return None


def _counted_from_before(verdict: Verdict | None, previous: str, sentence: str,
                         dues: DueFinder, before: str = "") -> Verdict | None:
    """宝来下礼拜四交车。我答应交车那天给他孙子整个大礼包: a day counted from one the sentence
    before named (交车那天, 提前一天, 到车当天, 到时候) is the promise's day."""
    # (前一天我把PDI做完: 做完 is how the step ends, no report — a report would say 了)
    own_step = (verdict is None or (verdict.what == "done" and "了" not in sentence)) and bool(before) \
        and _OWN_STEP_BEFORE.match(sentence) is not None
    if not own_step and (verdict is None or verdict.what != "commitment" or not previous or not points_back(sentence)):
        return verdict
    if own_step:  # (the appointment may be two sentences back: 约在小年那天上午，她说…。前一天我…)
        previous = before
    joined = previous + " " + sentence  # (…就是四月九号 前一天我…: not 九号前, a deadline)
    back = next((t for t in dues.candidates(joined) if t.start > len(previous)
                 and points_back(joined[t.start - 1:t.end])), None)  # (交车)那天: with the word before
    if back is not None and back.text in ("那天", "当天") and back.due == dues.note_date:
        back = None  # 8 月到今天 7 台。…我答应交车那天送她…: an event's day ahead, not today's tally
    if own_step:
        # 交车约在小年那天上午，…。前一天我把车洗好: the writer's own step, the day before the
        # appointment named before it, is the line's promise and its day
        return Verdict("commitment", sentence, "counted-back", back) if back is not None and back.kind != "past" else None
    return replace(verdict, time=back) if back is not None else verdict


def _acted_time(text: str, dues: DueFinder) -> TimeExpr | None:
    """后日曾娭毑提车，明朝把车洗好: of several times in a to-do, the one the writer's act follows."""
    found = dues.candidates(text)
    if len(found) < 2 or any(points_back(t.text) for t in found):
        return None  # (4 月 30 日接待…，提前一天踩点: the day counted back is the due reader's)
    acted = next((t for t in found if _ACTION_AFTER.match(text[t.end:]) and not _in_roster(text, t.start)
                  and not subject_is_other(clause_before(text, t.start))), None)  # (他要 11 月 1 号开去杭州)
    return dues.at(text, acted) if acted is not None else None


def _clock_on_day_before(verdict: Verdict | None, before: str, dues: DueFinder) -> Verdict | None:
    """…drive the iX3 on Saturday. Said yes, I'll book it for him at 11am: a clock time alone
    takes the day the line named just before it (as 明天双十一，我要8点前到店 does in one clause)."""
    if verdict is None or verdict.what != "commitment" or verdict.time is None or not before \
            or verdict.time.due != dues.note_date or not _CLOCK_ONLY.fullmatch(verdict.time.text):
        return verdict
    days = [t for t in dues.candidates(before) if t.kind == "point" and t.due > dues.note_date]
    if not days:
        return verdict
    t, day = verdict.time, days[-1].due
    return replace(verdict, time=TimeExpr(t.text, t.start, t.end, t.kind, day, day, t.time))


# 周五下午我先把试驾车洗好, 今天晚上我的把试驾车电充满 (的 for 得, dictated), 下周一下午我亲自去车间盯着, 27 号晚上我来店里把车检查
# 一遍: a day, then the writer doing something to get ready (把/给…, after coming in)
# (前一天我跟小张把两台车洗好: with a colleague; 约他 17 号来，前一天把车洗好: the 我 dropped after
# a day counted back from the appointment)
_OWN_STEP_AFTER_DAY = re.compile(r"[ \t]?(?:那|那就)?(?:我|俺)(?:就|得|的|要|先|提前|会|再|自己|亲自)*"
                                 r"(?:(?:跟|和|带着?)[^，,。；;！!？?\s把给]{1,4}?(?:一起|一块儿?)?)?"
                                 r"(?:(?:来|去|到|回)[^，,。；;！!？?把给]{1,4}?)?(?:先|提前)?(?:把|将|去|来|到)")
_DROPPED_I_STEP = re.compile(r"[ \t]?(?:先|提前)?把")


def _own_step_first(verdict: Verdict | None, sentence: str, dues: DueFinder) -> Verdict | None:
    """约了小郭明天上午十点来试驾，今天晚上我的把试驾车电充满; 约了 28 号上午交车，27 号晚上我来店里把车
    检查一遍; …I'll do the PDI on the 31st: the writer's own step before the appointment, on a
    day of its own, is when the line's promise falls due (not the appointment's day)."""
    if verdict is None or verdict.what != "commitment" or verdict.time is None:
        return verdict
    event = verdict.time
    for t in dues.candidates(sentence):
        if t.start == event.start or t.kind != "point" or not (dues.note_date <= t.due < event.due):
            continue
        if _OWN_STEP_AFTER_DAY.match(sentence, t.end) or _EN_OWN_ACT.search(sentence, 0, t.start) or (
                _DROPPED_I_STEP.match(sentence, t.end) and points_back(sentence[max(0, t.start - 1):t.end])):
            return replace(verdict, time=dues.at(sentence, t))
    return verdict


_CLOCK_ONLY = re.compile(r"(?i)(?:at\s+|by\s+)?\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm)|\d{1,2}[:：]\d\d|[0-9]{1,2}点(?:半|[0-9]{1,2}分?)?")
_OWN_STEP_BEFORE = re.compile(r"^\s*(?:前一天|前一晚|提前[1-7一二两三四五六七]天)[，,]?\s*我(?!们?的)")


_OWN_STEP_GAP = re.compile(r"(?<=[\u4e00-\u9fff\d])\s+(?=(?:前一天|前一晚|提前[1-7一二两三四五六七]天)\s*我(?!们?的))")


def _ledger_sentences(text: str) -> list[Sentence]:
    """The line's sentences; a comma-less ledger line is cut again where the writer's own step
    counted back from its appointment starts (约他下周三来提车 前一天我跟小张把车洗好)."""
    out: list[Sentence] = []
    for sentence in split_sentences(text):
        cuts = [m.end() for m in _OWN_STEP_GAP.finditer(sentence.text)] if not _CLAUSE_MARK.search(sentence.text) else []
        for begin, end in zip([0, *cuts], [*cuts, len(sentence.text)]):
            piece = sentence.text[begin:end].strip()
            if piece:
                out.append(Sentence(piece, sentence.start + begin))
    return out


def _own_due(text: str, names: tuple[str, ...], dues: DueFinder) -> TimeExpr | None:
    """A to-do's due date; when its first time is someone else's (他月底前给答复，但我这周先把
    草稿准备好), the time of the writer's own clause after it."""
    time = dues.due(text)
    if time is None:
        return None
    head = clause_before(text, time.start)
    if subject_is_other(head, names) or _spoken_by_other(text, time.start, names):
        for own in _TAKEOVER.finditer(text, time.end):
            # the writer's clause from its start: …，Thu 我再打个电话
            begin = max(text.rfind(mark, time.end, own.start()) for mark in "，,；;")
            mine = dues.due(text[begin + 1:]) if begin >= time.end else None
            mine = mine or dues.due(text[own.end():])
            if mine is not None:
                return mine
    return time


_REPORT_CUES = frozenset({"拟", "拟于", "需在", "需于"})
_STATED = re.compile(r"(?<!我)(?:表示|说|称|讲|告知)")
_CLAUSE_MARK = re.compile(r"[，,；;：:]")
# 我 as a subject (冯建平要开专票我答应他…), not an object or someone's quoted word (给我, 他说我)
_I_AGAIN = re.compile(r"(?<![给跟和对让叫帮找问陪带诉复说讲替向在到])我(?!们?的)")


_DAY_BEFORE_I = re.compile(r"(?:(?:这|下|本)?(?:周|礼拜|星期)[一二三四五六日天]|明天|后天|今晚|今天晚上)"
                           r"(?:上午|下午|中午|早上|晚上)?(?:[一二三四五六七八九十两\d]+点半?)?\s*$")


_OTHER_AGREES = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])(?<!我)(?:答应|同意|承诺|保证)")
_REPORTED_LE = re.compile(r"了\s*(?:\[[^\]]{1,6}\]|［[^］]{1,6}］)?\s*(?:[，,。！!~～]|$)")
_TODO_TAG = re.compile(r"(?<![^\s（(，,。])#(?:todo|to-do|TODO|Todo|待办|待做)(?![\w/-])")
_I_ACT_AFTER = re.compile(r"\s*(?:我|俺)(?:就|再|先|会|一定|亲自|提前)*(?:" + ACTION_WORDS + ")")
_WORD_LABEL = re.compile(r"^\s*([A-Za-z.]{2,10})\s*[:：]\s*(.+)$")
# a to-do's later words that call it off: 不用打了, 菏泽店说不要了, 取消了
_CALLED_OFF = re.compile(r"(?<=[\s，,；;])(?:[^\s，,；;。说]{0,4}说)?(?:不用[\u4e00-\u9fff]{0,2}了|不要了|取消了|算了|"
                         r"不去了|不办了|不做了|作废了?)(?=$|[\s，,。；;！!])")
_LEDGER_GAP = re.compile(r"(?<=[\u4e00-\u9fff\d])(?<![到在至为是估报卖收让降付])\s+(?=[\u4e00-\u9fff\d])")  # (排到 28号交车, 估 8.5: an object)
_OTHER_SPEAKS = re.compile(r"(?<!我)(?:说|讲|表示|答应|同意|要求)")


@lru_cache(maxsize=4096)  # (a sentence's own clauses are looked for by up to three readers)
def _opens_on_time(chunk: str) -> bool:
    """Do the words open on a day (明电…, 周三前…)? (Any base date will do: only the words count.)"""
    found = find_time_expressions(chunk, dt.date(2026, 1, 5))
    return bool(found) and found[0].start == 0 and found[0].kind != "past"


def _own_clauses(sentence: str) -> list[str]:
    """The rest of a sentence from each clause where the writer becomes the subject again."""
    starts = {m.end() for m in _TAKEOVER.finditer(sentence)}
    starts.update(m.end() for m in _ADDRESSING.finditer(sentence))
    starts.update(m.end() for m in _WRITER_SAYS.finditer(sentence))
    if not _CLAUSE_MARK.search(sentence):  # dictated, no commas: each 我 the subject again
        for m in _I_AGAIN.finditer(sentence):
            if m.start() > 0:  # (…改到下周二下午 嗯下周二下午我把ID.3充满电: from the day said before it)
                day = _DAY_BEFORE_I.search(sentence, max(0, m.start() - 12), m.start())
                starts.add(day.start() if day else m.start())
        # a ledger's chunks (孔先生流水还没交 明电催): one that opens on its day, after a space,
        # is the writer's act — until someone else speaks (他说 11号前给我答复: all his)
        for m in _LEDGER_GAP.finditer(sentence if not _TICKED.search(sentence) else ""):
            if _OTHER_SPEAKS.search(sentence, 0, m.start()):
                break
            chunk = sentence[m.end():].split(maxsplit=1)[0]
            # (周二回他了 / 周六交的: done; 忘在我抽屉里了 晚上送到…: the story going on)
            if _opens_on_time(chunk[:16]) and not re.search(_TOWARD_ME, sentence[m.end():]) \
                    and "了" not in chunk and not chunk.endswith("的") and sentence[m.start() - 1] != "了":
                starts.add(m.end())
    # "If her husband insists, I'll redo the quote": the condition still holds the clause
    return [sentence[start:] for start in sorted(starts)
            if not _hypothetical_at(sentence, start) and not _quoting_other(sentence, start)]


_QUOTE_OPEN = re.compile(r"[“「『]")
_QUOTE_CLOSE = re.compile(r"[”」』]")


def _quoting_other(sentence: str, position: int) -> bool:
    """她说：“我今天就是来试驾的，我老公下礼拜再来看。: a 我 inside someone else's open
    quote is the speaker, not the writer taking over (我说：“…我明天送过去” is the writer's)."""
    opened = [m.start() for m in _QUOTE_OPEN.finditer(sentence, 0, position)]
    if not opened or _QUOTE_CLOSE.search(sentence, opened[-1], position):
        return False
    return not WRITER_QUOTES.search(sentence, 0, opened[-1])


def _first_action(text: str) -> int:
    match = re.search(ACTION, text)
    return match.start() if match else len(text)


def _spoken_by_other(text: str, position: int, names: tuple[str, ...]) -> bool:
    """客户说他明天来 / 她很开心，说这周六来: someone else speaks before `position`."""
    speech = None
    for match in REPORTED_SPEECH.finditer(text[:position]):
        if not _MISSPOKEN.match(text, match.end()) and (match.start() == 0 or text[match.start() - 1] not in "少多"):
            speech = match  # 说成了 / 少说了一万: a wrong figure, not someone's words
    if speech is None:
        return False
    before = text[:speech.start()].strip()
    if re.search(r"我(?:[跟和对给向]\S{0,6})?$|我们$|\bI$", before):
        return False  # 我说 / 我跟王总说: the writer speaking
    told = _TOLD.search(before)
    if told and not subject_is_other(clause_before(text, told.start()), names):
        return False  # 上午跟黄总说总价时…: the writer (not written, as diaries do) told him
    between = text[speech.end():position]
    opened = max(between.rfind("“"), between.rfind("「"))
    if opened >= 0 and max(between.rfind("”"), between.rfind("」")) < opened:
        between = between[:opened]  # 说：“…我下个月初就订”: the speaker's own 我
    if FIRST_PERSON.search(between):
        return False  # 他想要…，所以我会…: the writer takes over before the cue
    return True


_EN_NOT_BEFORE = re.compile(r"(?i)\b(?:can't|can’t|cannot|can not|couldn't|won't|don't|didn't|never)\s+$")
_MISSPOKEN = re.compile(r"[成错漏]")
_OTHERS_CLAUSE = re.compile(r"[，,；;][^，,。；;我]{0,8}?(?:同意|答应|说好|说行|点头|接受|没意见)[^，,。；;我]*")
_MISSTATED = re.compile(r"(?:说|写|报|记|看|录|填|打|听|当|弄|搞|整)(?:成|错)了?\s*$")
_JUST_AGREED = re.compile(r"了[\W_]*$")
_TICKED = re.compile(r"[✅✔☑✓]")
_TO_ME = re.compile(r"\b(?:me|us)\b", re.IGNORECASE)
_TOLD = re.compile(r"[跟和对给向]\S{1,6}$")
_TOPIC_OTHER = re.compile(r"^(?:客户|他们|她们|他|她|对方|人家|the customer|he|she|they)", re.IGNORECASE)


def _topic_is_other(text: str, position: int, names: tuple[str, ...], cued: bool = False) -> bool:
    """王总这个人很精明，每一项都要问清楚: a sentence that opens on another person is about them
    until the writer steps in (我…). `cued`: a promise cue follows, and a sentence that opens on a
    customer's thing is the writer's (陈生的合同要记得明天…; but 马建军的车…8号交车没问题)."""
    opening = re.sub(r"^[^：:，,。]{1,8}[：:]\s*", "", text.lstrip("-*•· "))  # 钱主任：… is a label
    person = PERSON_LIKE.match(opening)
    starts_with_other = bool(_TOPIC_OTHER.match(opening)) or any(
        n and opening.startswith(n) and not (cued and opening.startswith("的", len(n))) for n in names) \
        or bool(person and not (cued and opening.startswith("的", person.end())))
    if not starts_with_other or FIRST_PERSON.search(text[:position + 4]):
        return False
    # 王婶那边还没动静，下个礼拜再问问: a follow-up after a comma is the writer's
    start, _ = clause_span(text, position)
    return not (start > 0 and _FOLLOW_UP.match(text, start))


_FOLLOW_UP = re.compile(r"[^，,。；;]{0,8}?再(?:问|打|跟|联系|约|催|找|发)")


def _english_own_act(text: str, time: TimeExpr) -> bool:
    """"I send her the estimate tmr" (the act before the time, no clause between) or
    "Sun 10am, I come in early" (right after it); not a habit ("I call him every Monday")."""
    own = _EN_OWN_ACT.search(text, 0, time.start) or _EN_ACT_AFTER.match(text, time.end)
    return own is not None and not _HABIT.search(text, max(0, own.start() - 12), time.end + 12)


def _hypothetical_at(text: str, position: int) -> bool:
    """如果客户问起，就说…: a condition before (or in the clause of) `position`; a condition
    that only follows the promise (…，彭总这单要是成了…) does not undo it."""
    _, clause_end = clause_span(text, position)
    # (他说要是能优惠三万就定，我说我明儿上午找马经理: a condition someone else said, which the
    # writer's own words answer before the promise, does not bind it)
    return any(m.start() < clause_end and not ("说" in text[max(0, m.start() - 6):m.start()]
                                               and _WRITER_ANSWERS.search(text, m.end(), clause_end))
               and not _ASKS_WHETHER.search(text, max(0, m.start() - 30), m.start())
               for m in _HYPOTHETICAL.finditer(text))


# "to check with regional if we can get…": an embedded question, no condition
_ASKS_WHETHER = re.compile(r"(?i)\b(?:check|ask|see|find out|confirm|know|wonder)(?:ed|s)?\b[^.;,!?]{0,24}$")


_WRITER_ANSWERS = re.compile(r"[，,。；;]\s*我(?:就|也|当时|当场)?(?:" + _TO_WHOM + r")?(?:说|讲|回)")


# 我说那这周六你们俩一起过来, 我说让她这周四下午来: the writer naming the day a customer comes
_INVITED = re.compile(r"我(?:就|也|当时|当场)?(?:" + _TO_WHOM + r")?说\s*(?:那|那就)?"
                      r"[^，,。！？!?\s]{0,8}?(?:你们?|您|让[他她]们?|叫[他她]们?)"
                      r"[^，,。！？!?]{0,12}?(?:过来|来店|到店|来(?![了的过]))")


# 1 月 30 号开标，那天我带上标书去现场; 二十二号到了以后我当天就给他打电话: the writer's step on
# the day just named (an event's), said after it
_ON_THAT_DAY = re.compile(r"[^，,。；;！!？?]{0,6}?(?:[，,\s]\s*(?:那天|当天|届时|到时候?)|到了?(?:以后|之后)\s*)"
                          r"(?:我|我们)(?:当天|那天)?(?:就|会|要|亲自|一定|先|再)*(?:" + ACTION_WORDS + ")")
_UNCHANGED = re.compile(r"[^，,。；;]{0,8}?(?:不变|不變|照旧|照舊|没变|沒變)\s*(?:[，,。；;！!]|$)")
_INSTRUCTED = re.compile(r"(?<![我])(?:让|叫|要|要求|安排)我$")
# 让小陈节后第一天就约上: the time of a task the writer hands to someone
_DELEGATED = re.compile(r"(?:^|[，,。；;\s])(?:让|叫|请|安排|交给)[^，,。；;我他她\s]{1,4}$")


def _cue_end(text: str, verdict: Verdict) -> int:
    """Where a verdict's promise is said: its cue word's end, else its time's end."""
    at = verdict.time.end if verdict.time is not None else len(text)
    if verdict.rule.startswith("cue:"):
        cue = text.find(verdict.rule[4:])
        if cue >= 0:
            return min(at, cue + len(verdict.rule) - 4)
    return at


_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _story_goes_on(sentence: str, slip: re.Match, time_text: str, note_date: dt.date | None) -> bool:
    """俺礼拜四把车龄看错了，礼拜五打电话改口, written the week after: a slip told on its own
    weekday, and a later weekday counted on from that day, not from the note's, is still the
    story when it falls before the note (on a Wednesday, 周二…说成了，礼拜五打电话更正 is ahead)."""
    told = _WEEKDAY.search(sentence, 0, clause_span(sentence, slip.start())[1])
    later = _WEEKDAY.match(time_text)
    if told is None or later is None or note_date is None:
        return False
    first, then = _WEEKDAY_INDEX[told.group(1)], _WEEKDAY_INDEX[later.group(1)]
    slip_day = note_date - dt.timedelta(days=(note_date.weekday() - first) % 7)  # a slip is past
    return slip_day + dt.timedelta(days=(then - first) % 7 or 7) <= note_date


def _slip_after(text: str, position: int) -> bool:
    """A slip told after `position` before the writer steps in again (周二…的时候，把…说成了)."""
    slip = SLIP_CUE.search(text, position)
    if slip is None:
        return False
    # (答应小蒋 5/7 约试驾，我把日子记成了 5/8: the 我 of the slip's own clause is no new step)
    return _I_AGAIN.search(text, position, clause_span(text, slip.start())[0]) is None


_AGAIN_LATER = re.compile(r"(?:改天|回头|过两天|下次|以后)?再$|(?:改天|回头|过两天)$")
_SELF_QUESTION = re.compile(r"(?:为什么|为啥|是不是|怎么|要不要|会不会|\bwhy\b)[^。！!]*[？?]\s*$", re.IGNORECASE)


def _classify_sentence(text: str, names: tuple[str, ...], dues: DueFinder) -> Verdict | None:
    if _SELF_QUESTION.search(text):
        return None  # 为什么我一紧张就忘事？ / 要不要明天再催一下他？: a question to herself, no plan
    cue = _PROMISE.search(text)
    while cue is not None and _EN_NOT_BEFORE.search(text, max(0, cue.start() - 16), cue.start()):
        cue = _PROMISE.search(text, cue.end())  # "I can't promise before Raya…, but I'll push": the next one
    anchor = cue.start() if cue else 0
    if _hypothetical_at(text, anchor):
        return None
    start, end = clause_span(text, anchor)
    explicit = cue is not None and cue.group(0).lower() in _EXPLICIT_PROMISES
    if (_LESSON.search(text[start:end]) and not explicit) or _FAILED.search(text):
        return None
    if cue is not None and (cue.group(0).lower() in ("约了", "booked")
                            or cue.group(0).endswith(("约", "约的"))):  # 我跟她约的周三: still ahead?
        time = dues.due(text, cue.end())  # "Booked her for a second look, Sat 10am"
        again = cue.group(0) == "约" and _AGAIN_LATER.search(text, max(0, cue.start() - 4), cue.start())
        if (time is None and not again) or (time is not None and (time.start < cue.end() or not dues.is_future(time))):
            cue = None  # 约了 / booked without a time still ahead: a past invitation (not 改天再约他)
    elided = False
    if cue is not None and _ENGLISH_CUE.match(cue.group(0)) and not cue.group(0).lower().startswith(
            ("i'll", "we'll", "i'd", "i would", "we'd", "i'm")):
        before = text[:cue.start()].rstrip()
        # "…, promised to", "…, will do today": a diary's dropped "I" (but "…, will let me know")
        elided = bool(re.search(r"[,;:：，]$", before)) and (
            cue.group(0).lower().startswith("promise") or (
                cue.group(0).lower() == "will" and not _TO_ME.search(text, cue.end(), end)))
        # "Gave him a brochure and promised to…": a diary's sentence that drops its "I" throughout
        elided = elided or (cue.group(0).lower().startswith("promise") and before.endswith(" and")
                            and _DROPPED_I.match(text) is not None)
        # "Promised 张伟 to check…": a diary's sentence that opens on the promise itself
        elided = elided or (not before.strip(" -*•") and cue.group(0).lower().startswith("promise"))
        if before and not elided and not re.search(r"\b(?:I|we|We)$", before) \
                and not FIRST_PERSON.search(before[-12:]):
            return None  # 海燕 will be the host, Jerry promised to…: someone else's plan
    if cue is not None:
        head = clause_before(text, cue.start())
        if _NEGATED.search(text[max(0, cue.start() - 3):cue.end()]) and "忘" not in cue.group(0):  # (别忘了…: a reminder)
            return None
        if _PAST_PROMISE.search(text) or (_mistake_in_clause(text, cue.start()) and "忘" not in cue.group(0)) or (
                explicit and _BROKEN_AFTER.search(text, clause_span(text, cue.start())[1])):
            return None
        time = dues.due(text, cue.end())
        # an appointment binds the writer too; "Mr. Li came in, will call him": the writer's
        # …，记得前一天给TD车充电: a note to self, whoever the sentence opened on
        # a report drops its 我: 许先生询问…，拟于两个工作日内回复 (but 顾女士表示…，拟于… is hers)
        report = cue.group(0) in _REPORT_CUES and not head.strip()
        mutual = cue.group(0) in ("约好", "约定", "说好") or elided or report or (
            cue.group(0) in ("记得", "remember to", "约了", "约") and not head.strip())
        said_i = cue.group(0).lower().startswith(("i'", "i would", "we'")) or (  # "Said I'd ask…"
            report and not _STATED.search(text, 0, cue.start()))
        if (_spoken_by_other(text, cue.start(), names) and not said_i) or (not mutual and (
                subject_is_other(head, names) or _topic_is_other(text, cue.start(), names, cued=True))):
            own = _TAKEOVER.search(text, cue.end())  # their words end where the writer's begin
            time = dues.due(text[:own.start()], cue.end()) if own else time
            return Verdict("step", text, "customer-said", time) if time else None
        agreed = cue.group(0) in ("约好", "说好", "答应") and _JUST_AGREED.match(text, cue.end())
        # 我答应他交车前帮他搞定过户: what was promised, not done, unless it says it is
        promised = explicit and not _ALREADY.search(text, cue.end()) and not _TICKED.search(text, cue.end())
        if _DONE.search(text[cue.end():]) and (time is None or _TICKED.search(text, cue.end())) \
                and not agreed and not promised:  # 这个我跟张经理说好了: the promise made, not the work done
            return Verdict("done", text, "done", None)  # 我答应今天下班前发他 ✅ 已发
        return Verdict("commitment", text, f"cue:{cue.group(0)}", time)
    invited = _INVITED.search(text)
    if invited and not _hypothetical_at(text, invited.start()):
        # 我说白姐你这周五下午过来我给你安排试驾: the writer sets the day the customer comes
        time = dues.due(text, invited.start() + 1)
        if time is not None and dues.is_future(time) and time.start >= invited.start():
            return Verdict("commitment", text, "invited", time)
    for time in dues.candidates(text):
        if not dues.is_future(time) or _MISSTATED.search(text, max(0, time.start - 6), time.start):
            continue  # 我跟唐姐说成了 6 号交车: the wrong day said, no plan
        after = text[time.end:]
        head = clause_before(text, time.start)
        if _UNCHANGED.match(after) or _INSTRUCTED.search(head) or _DELEGATED.search(head):
            continue  # 确认了 2 月 9 号上午交车不变: a status; 冯总让我这周…: the boss's time
        if _spoken_by_other(text, time.start, names) or subject_is_other(head, names) \
                or _topic_is_other(text, time.start, names):
            if any(later.start >= time.end and _I_ACT_AFTER.match(text, later.end)
                   for later in dues.candidates(text)):
                continue  # 陈师傅的营运险 4月20号到期，到期前三天我再给他打一次: the writer's day comes later
            return Verdict("step", text, "customer-said", dues.due(text, time.start + 1))
        acts = _ACTION_AFTER.match(after) or (time.kind == "deadline" and _FINISHED_BY.match(after)) \
            or _ON_THAT_DAY.match(after) or _TOPIC_THEN_I.match(after) or _WHEN_THEY_COME.match(after) \
            or _english_own_act(text, time)
        if acts and _TICKED.search(after):
            return Verdict("done", text, "done", None)  # …10月20号开始分三批交，29号确认的 ✔
        if acts and not _mistake_in_clause(text, time.start):
            # (…改约 10 号下午三点交车，她同意了: her agreeing is no report of the work done)
            # (but 周四我就跟杨帆说了，他…也接受了: the time's own clause already reports it)
            first_clause = re.split(r"[，,。；;]", after, maxsplit=1)[0]
            # (周五上午我跟小李一起把 PDI 做完、膜贴好: a day ahead and no 了 — how the plan ends)
            ahead = dues.note_date is not None and time.due > dues.note_date and (
                _STILL_AHEAD.match(after) or time.kind == "deadline" or (time.kind == "point" and "了" not in after))
            own_after = after if "了" in first_clause else _OTHERS_CLAUSE.sub("", after)
            if dues.note_date is not None and time.due > dues.note_date and "了" not in first_clause \
                    and not _ALREADY.search(after) and not _TICKED.search(text):  # (…他说已经…交了定金了, ☑ …: a report)
                # 明天下午两点半我在店里等你，手续一块办了: a day ahead, and the act itself says no
                # 了 — a 了 after it is how the plan will end, no report
                own_after = first_clause
            done = _DONE.search(own_after)
            if done and done.group(0) == "过" and own_after[done.end():done.end() + 1] in ("去", "来") \
                    and own_after[done.end() + 1:done.end() + 2] != "了" and time.due > dues.note_date:
                done = None  # 明天我改好寄过去: "over to him", a day ahead, not "have sent"
            if done and (not ahead or _ALREADY.search(after) or _TICKED.search(after)):
                return Verdict("done", text, "done", None)
            # 节后回来我把…整理一下 两个工作日内发她: a deadline after the day back says when
            later = next((t for t in dues.candidates(text) if t.start >= time.end and t.kind == "deadline"), None) \
                if time.kind == "after" else None
            return Verdict("commitment", text, "time+action", dues.at(text, later or time))
        if _IMPERATIVE.match(text) and time.kind in ("deadline", "point"):
            return Verdict("commitment", text, "to-do+time", dues.due(text, time.start + 1))
        # 3月战败分析 今天下班前交给店长, …说成了60.5万，明天一早跟他更正: a time that names a
        # thing or narrates the day leaves the next one its chance
    done = _DONE.search(text)
    if done and re.search(ACTION, text) and not subject_is_other(clause_before(text, done.start()), names):
        return Verdict("done", text, "done", None)
    return None


_WRITTEN_DATE = re.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]"
                           r"|(?P<iso_year>\d{4})[-/.](?P<iso_month>\d{1,2})[-/.](?P<iso_day>\d{1,2})")


def impossible_dates(commitments: list[Commitment], note_date: dt.date | None) -> list[Problem]:
    """A promise without a due date because the date it names does not exist (`2月30日前`):
    the writer meant some day, so say so at its line rather than drop it silently."""
    problems: list[Problem] = []
    for commitment in commitments:
        if commitment.due is not None:
            continue
        for m in _WRITTEN_DATE.finditer(commitment.text):
            year = m.group("year") or m.group("iso_year")
            month = m.group("month") or m.group("iso_month")
            day = m.group("day") or m.group("iso_day")
            try:
                dt.date(int(year) if year else (note_date or dt.date(2000, 1, 1)).year,
                        int(month), int(day))
            except ValueError:
                problems.append(Problem(
                    commitment.source.path, commitment.source.line,
                    f"'{m.group()}' is not a date; the promise '{commitment.text[:40]}' has no "
                    "due date", "due-date", Severity.WARNING))
                break
    return problems

