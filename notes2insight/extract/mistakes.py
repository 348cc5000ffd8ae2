"""Mistakes the writer made: the "don't make it twice" list.

A line counts when it sits under a mistake heading (失误, Mistakes), or carries a mistake cue
(忘了, 迟到, 算错, 没有及时…) — under a reflection heading only then. Left out: negations
(今天没有失误, 没迟到), near misses (差点忘了), and other people's mistakes (小刘把钥匙弄丢了).
"""

from __future__ import annotations

import re

from ..model import BlockKind, Mention, Mistake, Note, Source
from ..text.sentences import (FIRST_PERSON, WRITERS_REPLY, clause_before, clause_span, colleagues_in, split_sentences,
                              subject_is_other, written_by_other)
from .sections import SectionKind, inline_label, section_kind

# 说到底是我…: the writer owns a loss (a slip of its own, and it makes the slip on its line the writer's)
_OWNED = r"(?:说到底|归根到底|归根结底|说白了)(?:还)?是我"
# Checked before the negation test: "没有及时回电话" is itself a mistake.
_NOT_IN_TIME = re.compile(r"没有?及时|没能及时|未及时|没有第一时间|没第一时间")
SLIP_CUE = re.compile(
    # a promise not kept (答应…的事…没问) and 没回…微信 are slips too
    r"失误|翻车了|忘了|忘记|忘带|给忘|迟到|算错|搞错|弄错|写错|说错|报错|记错|看错|填错|录错|拿错|发错|打错|漏了|漏掉|漏报|漏填|遗漏|不该|不应该|本不该|教训|下次要注意|"
    r"下次注意|疏忽|粗心|大意|错过|(?:(?<=我)|(?<=^)|(?<=[，,。；;：:\s]))被(?:经理|店长|领导|主管|老板|客户)?(?:批评|骂|投诉|扣)|挨批|"
    r"挨骂|被扣|失职|没做好|做得不好|没(?:有)?(?:提前|事先|预先)|没(?:有)?先(?:确认|核对|准备|沟通|问|查|充电|检查)|弄丢|"
    r"落(?:在)?[^，。]{0,4}里了|搞砸|(?<![单算])丢了|太急|太冲动|(?:勾|选|填|写|报|算|计|说|记|看|发|打|拿|放|录|输|订|下|开|贴|标)错|我的锅|怪我|"
    r"是我的问题|我的错|是我不对|误(?:写|填|报|录|发|算|记|输|开|标)|回(?:复)?(?:迟|晚)了|"
    r"答应[^，,。]{0,8}的事[^，,。]{0,8}(?:还|都)?没(?:有)?[做办问发回给]|"
    r"(?<![他她])没回(?:复)?[^，,。]{0,8}(?:微信|消息|信息|电话|邮件)|\bI was\b[^.;]{0,40}\blate\b|\bmy bad\b|"
    r"\bshouldn't have\b|\bshould not have\b|\bI messed up\b|(?:打|写|说|讲|看|记|算|抄|填|报|输|录|开|标|勾|发|拨)成了|"
    # 我约重了, 约的时候没看排班，撞了, 名单看串了行, 你听岔了
    r"约重了?|(?<=[，,\s])撞了|看串|听岔|听串|"
    r"把[^，,。]{1,14}(?:打|写|说|讲|记|算|抄|填|报|输|录|标|勾|贴)成|(?:少|多)(?:算|收|报|写|说|输|打|填|录)了|忘在|跟得不(?:紧|够)|"
    r"没(?:有)?规划|(?<=[，,])拖了(?:快|近|将近)(?:[一二两三四五六七八九十几\d]+|好几)(?:天|周|个星期|个礼拜|礼拜|个月)|"
    r"没再(?:看|检查|确认|核对)|(?:晚|迟)了(?:[一二两三四五六七八九十几\d]+|好几|大?半)天|记串|搞串|弄串|(?:贴|装|放|写|挂|插|说|讲|报|算)反了|忘(?:到)?脑后|失礼|"
    r"怠慢|抄错|漏[看填报发算记录听]|犯了个?[^，。]{0,6}错|低级错误|丢人|干等|漏(?![水油气电风雨液])[\u4e00-\u9fff]了|"
    r"(?:报|算|估|开|写|定|给|说|讲)(?:高|低)了|拖(?:得|了)?太久|"
    # 山东's 说差了 / 选差了 (差 = wrong); 错给了, 错发了
    r"(?:说|选|算|写|报|填|记|打|开|拿|给)差了|错(?:给|发|拿|放|交|填|写|报|开|约)了|"
    r"\b\d+\s?min(?:utes?|s)?\s+late\b|\bwith the wrong\b|\bshould've\b|\bthat's on me\b|睡过头|睡过了|"
    r"\b(?:sent|gave|told|quoted|put|wrote|booked|entered)\b(?:[^.;]|\.(?=\S)){0,60}\binstead of\b|"
    r"\b(?:gave|quoted|sent|told)\b[^.;]{0,30}\bthe old (?:price|figure|rate|list|spec|brochure)\b|"
    r"(?:叫|喊|念|约)成了|没(?:调|开|设)?静音|答应[^。！？]{0,30}结果[^。！？]{0,12}才|"
    # 我讲 10%，其实最低 15%: what the writer told someone, then what is true
    r"(?:(?:我|俺)(?:跟[^，,。]{1,4})?|(?:(?<=^)|(?<=[-*]\s)|(?<=[，,。；;时\s]))跟[^，,。\s]{1,5})(?:张嘴就|顺口|随口|随便|想当然(?:地)?)?(?:说|讲|报|告诉他|告诉她)"
    r"[^。！？]{0,16}[，,\s]\s*其实(?:[^，,。！？\s]{0,10}是|[^，,。！？]{0,14}?(?:只有|只要|最低|最高)|最低|最高|只有|只要|应该|"
    r"[^，,。！？]{0,8}(?:没有|没这么|没那么|不是|不行|不能|不带|不含|不支持|不包括))|"
    # 我说可以，后来问了金融的才知道不行: an answer the writer took back
    r"(?:我|俺)(?:跟[^，,。]{1,4})?(?:说|讲|答应|告诉[他她])[^。！？]{0,10}[，,]\s*后来[^。！？]{0,24}(?:不行|不对|不能|不可以|才知道|才发现|不享受|不适用|不包括|不含|没有这个|没这个)|"
    # 我说 15 分钟，回来一查是 20 分钟: told, then looked up and found otherwise
    r"(?:我|俺)(?:跟[^，,。]{1,4})?(?:张嘴就|顺口|随口|随便)?(?:说|讲|报|告诉[他她])[^。！？]{0,24}[，,\s]\s*"
    r"(?:后来|回来|回头|事后)(?:再)?一?(?:查|问|看|核对|翻)(?:了一?下)?[，,]?\s*(?:才知道|才发现|发现|是|只有|才|不是|没有)|"
    # 试驾前我没看油量: a check skipped before the customer's drive; 没问清楚就报了价
    r"(?:(?<=前)|(?<=前我))没(?:有)?(?:看|查|检查|确认|核对|充电?)(?!到|见|过)|没(?:有)?(?:问|搞|弄|看)清楚就(?:报|说|答应|发|签|给)|"
    # 记重了, 说多了 30 公里
    r"(?:记|算|录|收|开|报)重了|(?:说|讲)(?:多|少)了|"
    # 我说终身质保，其实…，我没说全: the writer told half of it
    r"(?:我|俺)(?:没|没有)(?:说|讲|交代|解释)(?:全|清楚|明白)|"
    # 我偏离表里填的是 CLTC 605 公里，口径不一致: a value the writer put down that was not the one asked for
    r"(?:我|俺)[^，,。]{0,8}(?:填|写|报|录)的(?:是)?[^。！？]{0,20}[，,]\s*(?:口径|数据|数字)?(?:不一致|对不上|不符)|"
    # 说到底是我…: a lost deal the writer owns; 弄混了, 算少了, 漏盖公章, 写成「白金」
    + _OWNED + r"|(?:弄|搞|记|拿|看|放)混了?|"
    r"(?:算|报|收|写|填|录|输)(?:少|多)了|漏(?:盖|签|贴|放|装|拿|带|交|写|印|传|附|扫|录)|(?:写|打|填|录|记|标)成[「『“\"]|"
    r"走错|选成了|忘(?:给|发|拿|交|问|回|打)(?:[他她]|客户)|"
    # a promise still not kept, a job dragged out, a share of the blame taken
    r"答应[^。！？]{0,20}(?:到今[天日]|到现在)?[都还]?(?:没|未)(?:有)?(?:发|做|办|问|回|给|打|交|报|联系)|"
    r"拖(?:了|到)[^，,。]{1,10}才(?:发|报|回|给|做|办|交|打|问)|我也有(?:份|责任)|没把(?:好)?关|"
    r"(?:晚|迟)(?:到)?了\s*(?:[一二两三四五六七八九十几\d]+|好几|半)\s*个?\s*多?\s*(?:分钟|个?小时|个?钟头|刻钟)|"
    # 车架号那一栏空着没填就拿给他签了: a step skipped before the next one
    r"(?:空着)?(?:没|未)(?:有)?(?:填|写|签|盖|核对|检查|看)就(?:拿|给|让|交|发|签|打)|"
    # "I told him last Thursday he'd get it, which was wrong": a wrong fact told, found out later
    r"(?:\bI\s+(?:told|said|promised)|(?:^|(?<=[.;]\s))(?-i:Told|Said|Promised))\b[^.;]{0,60}\b(?:which|that) (?:was|is) (?:wrong|not true|incorrect|untrue)\b|"
    # the "under 9,000" I told her yesterday was wrong
    r"\bI\s+(?:told|said|quoted|gave)\b[^.;]{0,30}\b(?:was|were) (?:wrong|not true|incorrect|off)\b|"
    # 方案发晚了: a promise kept late
    r"(?:发|回|交|报|送|做|开门|回来|赶到|出门)(?:得)?(?:晚|迟)了|"
    r"(?i:\bЯ\s+(?:забыл[аи]?|ошиб(?:ся|лась)|опоздал[аи]?)\b|забыла|ошиблась)|"
    # 一直没盯住, 是我没控制好时间, 优惠没填进结算单; 就该贴好，结果现场才贴 (what should have been)
    r"没(?:盯住|盯紧|控制好|把控好|把握好|看出来|填进|录进|算进|写进)|"
    # 没问经理就跟他说能再便宜五千: a price given without asking the one who decides it
    r"没(?:有)?(?:问|请示|报备|请教)(?:过)?(?:一下)?(?:经理|店长|领导|主管|老板|师傅)就|"
    r"(?:本该|就该|早该|应该|本应|本来该)[^，,。]{1,20}[，,]\s*(?:结果|却|可)[^，,。]{0,12}才|"
    r"(?:(?<=^)|(?<=[，,。；;\s我]))拖了(?:[一二两三四五六七八九十几\d]+|好几)(?:天|周|个星期|个礼拜|礼拜|个月)|超了|超过了?(?:\d+|[一二两三四五六七八九十几]+个?(?:小时|天|分钟))|拖到|"
    # 下午三点说好给高姐回电话，我四点半才打: a promised hour kept late
    r"说好[^。！？]{0,20}[，,\s]\s*我?[^，,。！？]{0,8}才(?:打|发|回|给|到|送)|"
    r"(?:没|(?<![尚还仍])未)(?:有)?(?:更新|录入|跟进|回复|回访|登记|检查|确认|核对|通知|提醒|带|交|充电)|"
    r"\b(?:I forgot|forgot to|forgot|my mistake|my fault|I was late|I should have|missed|mixed up|wrong price|miscalculated|messed up|double-?booked)\b|"
    r"\b(?:wrote|gave|sent|quoted|told|entered|typed|used|put|said)\b[^;]{0,40}?\bthe wrong\b|"
    r"\b(?:keyed|typed|entered|wrote|filled|put)\b[^.;]{0,40}\bwrong\b|"
    r"\bby (?:accident|mistake)\b|\b(?:accidentally|mistakenly)\b|\bfat-?fingered\b|"
    r"\b(?:replied|answered|responded|called back|got back)\b[^.;]{0,15}\blate\b|"
    r"\bnot (?:by|before|on)\b[^.;]{0,30}\bas (?:I )?promised\b|"
    r"\b(?:didn't|did not|couldn't|could not|failed to)\s+(?:manage to\s+)?(?:finish|send|call|reply|follow up|get back)\b",
    re.IGNORECASE)
_SELF_CRITICAL = re.compile(r"太慢|不够|不好|没做好|应该先|本应|没能|做错|不到位|拖了|拖延|too slow|"
                            r"not enough|should", re.IGNORECASE)
_NEGATION = re.compile(
    r"(?:没|没有|没得|冇得|冇|未|无|零|不再|并没有|并没|从不|不会|别|木(?=有|啥))(?:再)?(?:出现|出|犯|有)?(?:什么|任何|大的|明显|嘛|啥|啥子|么子)?(?:大)?"
    r"(?:工作|操作|重大)?"
    r"(?:失误|迟到|忘|出错|算错|搞错|报错|写错|说错|漏|差错|错误|问题|毛病|岔子|纰漏|搞砸|掉链子|出包|崴泥|岔劈|做孬|"
    r"包(?![装括])|乱子|篓子|状况|坑|栽|错(?=[。.！!，,\s]|$)|晚(?=[。.！!，,\s]|$))"  # 没出什么包, 没捅什么篓子, 没啥坑, 没栽, 没晚
    r"|没有?(?:开|写|算|说|报|填|记|看|拿|发|打|录|输|标|拨)错[\u4e00-\u9fff]{0,3}(?=[。.！!，,\s]|$)"  # 多看了一眼，没开错; 没有打错电话
    r"|没有?(?:拖|翻车)(?=[。.！!，,\s]|$)|没有?(?:回|发|交)晚"  # 当天回的，没有拖; 今天没回晚私信; 其他没翻车
    r"|差点|差一点|险些|幸好|还好没|好在|幸亏|不是我|(?:不|没有?)(?:怪|怨)我|^\s*(?:今天|今日)?(?:none|nothing|无|没有)\b"
    r"|\b(?:no mistakes?|didn't forget|not late|no errors?|wasn't my|no (?:slip|screw|cock|mess|foul|mix)-?ups?)\b"
    r"|^\s*(?:别的|其他|其它)(?:都)?(?:没|冇|木|无)[^，,。.!！]{0,4}[。.!！]?\s*$|без ошибок|[Чч]уть не"
    # 别跟丢了, 千万不要忘了: an admonition, no slip made
    r"|(?:别|不要|千万别|可别|不能再)[\u4e00-\u9fff]{0,3}(?:丢|忘|错|漏|迟到|晚)"
    r"|\b(?:almost|nearly) (?:sent|forgot|missed|gave|quoted|booked|told|signed|deleted|put|wrote|entered|typed|"
    r"used|handed|charged)\b",
    re.IGNORECASE)
# "None today. (Didn't forget anything, for once.)": the line says there was nothing
_NOTHING_TODAY = re.compile(r"^\s*(?:今天|今日)?(?:none|nothing|无|没有|没得|冇得|暂无)\b(?:\s*(?:today|今天|今日))?\s*[。.!！]",
                            re.IGNORECASE)
_EMPTY = re.compile(r"^(?:无|没有|暂无|none|n/?a|no|-|—|nothing)[。.!！]?$", re.IGNORECASE)
# (and "Will sort it out tomorrow: …" under the slips: the repair, no slip of its own)
_LESSON_ONLY = re.compile(r"^\s*(?:下次|以后|今后|往后|下回|将来|记住|记得|要|一定要|\b(?:next time|in future|from now on|(?:I'll|I will|Will) (?:sort|fix|call|send|redo|check|ask|move)\b))",
                          re.IGNORECASE)
# A resolution for the future ("以后要…", "要多…", "应该…") is a lesson, not a mistake.
_GENERIC_RESOLUTION = re.compile(r"^(?:以后|今后|下次|往后|要|一定要|应该|必须|\b(?:next time|always)\b)",
                                 re.IGNORECASE)


# 偏离表续航口径（见上）, 数据晚交了半天，见上。: the slip told above, listed again
_SEE_ABOVE = re.compile(r"[（(]\s*(?:见上|見上|同上|上面说了|见前)\s*[)）]|[，,]\s*(?:见上|見上|同上|见前)\s*(?:[。.]|$)")


def _is_negated(text: str, position: int | None = None) -> bool:
    """A negation in the cue's clause (没迟到, 差点忘了), not anywhere in the line:
    算错了置换补贴，客户差点签了错的合同 is still a mistake."""
    if position is not None:
        start, end = clause_span(text, position)
        if (start, end) == (0, len(text)) and len(_SPACE_CLAUSE.findall(text)) >= 2:
            # a ledger line with spaces for commas (少算了三千多 还好没送出去): its words between them
            start = max((m.end() for m in _SPACE_CLAUSE.finditer(text, 0, position)), default=0)
            end = next((m.start() for m in _SPACE_CLAUSE.finditer(text, position)), len(text))
        text = text[start:end]
    return bool(_NEGATION.search(text)) and not _NOT_IN_TIME.search(text)


_SPACE_CLAUSE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


def _opens_with_nothing(text: str) -> bool:
    """今天没嘛毛病。刘主任那个，…: a short first sentence saying there was nothing to report;
    差点把月供表发错人，好彩…: a near miss told first."""
    first = split_sentences(text)[0].text if text.strip() else ""
    return (len(first) <= 12 and _is_negated(first)) or bool(_NEAR_MISS_FIRST.match(text))


_NEAR_MISS = re.compile(r"差点|差一点|险些|\b(?:almost|nearly)\b", re.IGNORECASE)
_NEAR_MISS_FIRST = re.compile(r"^\s*(?:(?:没有|没|无)[，,]\s*)?(?:今天|今日|上午|下午)?\s*(?:差点|差一点|险些|幸好|还好|好在|\b(?:almost|nearly)\b)",
                              re.IGNORECASE)


_OWN_BLAME = re.compile(r"我的锅|怪我|" + _OWNED + r"|是我的(?:问题|错|失误)|(?:^|(?<=[，,。；;！!\s]))我的问题|我的失误|我的错|我也有(?:份|责任)|"
                        r"\b(?:my (?:fault|mistake|bad))\b",
                        re.IGNORECASE)


def _ends_with_denial(body: str) -> bool:
    """说好月底前交的，今天交了，没晚。: a line that ends by saying there was no slip."""
    last = re.split(r"[，,；;]", body.strip().rstrip("。.!！~～ "))[-1].strip()
    return len(last) <= 6 and _is_negated(last)


def _others_mistake(text: str, position: int, names: tuple[str, ...]) -> bool:
    if _OWN_BLAME.search(text) and not re.search(r"不是我|不怪我", text):
        return False
    if text.startswith(("我", "俺"), position):
        return False  # 孔先生问亏电油耗 我说5个油 其实是6.5: a cue that opens on 我 is the writer's
    # 早会马经理说…订了没交车的全催一遍: the manager's instruction about everyone's deals, no slip
    # of the writer's (who is nowhere before it)
    if _BRIEFING.search(text, 0, position) and not FIRST_PERSON.search(text, 0, position):
        return True
    # 韩姐试驾的时候忘了开空调: the time clause has its own subject; the slip is the writer's
    head = _WHILE.split(clause_before(text, position))[-1]
    if _DROPPED_I_PROMISED.search(head):
        return False  # 答应郑叔昨天给他回…的价 拖到今天才回: the diary's own promise, kept late
    return subject_is_other(head, names)


def _colleague_opens(sentence: str, position: int, staff: tuple[str, ...]) -> bool:
    """大周报价按的是上个月的政策，少报了 8000: a sentence a colleague opens, with the writer named
    nowhere before the slip, tells the colleague's slip (the clause of the cue drops its subject)."""
    opening = sentence.lstrip(" -*•0123456789.、")
    # (冯总要的对比表，答应周五前给，拖到周一才给: 答应 with its subject dropped is the diary's writer)
    return any(opening.startswith(c) for c in staff) and not FIRST_PERSON.search(sentence, 0, position) \
        and not _DROPPED_I_PROMISED.search(sentence, 0, position)


_DROPPED_I_PROMISED = re.compile(r"(?:^|[，,；;\s])\s*(?:答应|承诺|保证)")


_NOT_MINE = re.compile(r"不是我(?:这边|们|这儿)?的(?:锅|错|问题|失误|事|责任)|不是我的\s*(?:[。.！!]|$)|不是我(?=[）)。，,]|$)|不怪我|"
                       # …，厂家的事。 / …。大伟的事，我说了他两句: the blame put on someone named
                       # after the slip (not 王姐调车的事，…: a topic; not 三千块的事: a sum)
                       r"[，,。；;]\s*(?:这|都|这都)?是?(?![^，,。；;]*?[\d一二三四五六七八九十百千万两几块元])"
                       r"[^，,。；;我\s]{1,4}的(?:事|问题|锅|责任)(?:儿)?\s*(?=[。；;！!]|$|[，,]\s*我)|"
                       r"不关我(?:的)?事|\bnot mine\b|\bnot me\b|\bnot my (?:fault|mistake)\b",
                       re.IGNORECASE)
_BRIEFING = re.compile(r"(?:经理|店长|主管|总监|领导|[早晨夕例]会上?|开会)[^，,。；;]{0,8}?(?:说|讲|强调|要求|通知|布置)")
_WHILE = re.compile(r"(?:的)?时候|(?<=[\u4e00-\u9fff])时(?=[\u4e00-\u9fff])|那阵|那会儿?|"
                    r"(?<=[\u4e00-\u9fff])(?:那天|当天)"  # 杜总交车那天忘了拍视频: the writer's slip
                    # 王总试驾前没检查胎压: before (or after) the customer's event, the writer's slip
                    r"|(?:试驾|试乘|试车|交车|提车|签约|签合同|订车|到店|进店|来店|见面|上门|付款|看车)(?:之前|以前|前|之后|以后|完)")


def extract_mistakes(note: Note, mentions: list[Mention], colleagues: frozenset[str] = frozenset()) -> list[Mistake]:
    """`colleagues`: the vault's known colleagues (大周报价按的是上个月的政策，少报了 8000: his slip)."""
    staff = colleagues_in(note, colleagues)
    names_by_line: dict[int, list[str]] = {}
    for m in mentions:
        names_by_line.setdefault(m.source.line, []).append(m.surface)
    out: list[Mistake] = []
    for line in note.lines:
        if line.kind in (BlockKind.HEADING, BlockKind.CANCELLED) or (
                line.kind is BlockKind.QUOTE and not WRITERS_REPLY.match(line.text)):
            continue  # a quoted message is someone else's unless it is the writer's reply (> 我：…)
        names = tuple(names_by_line.get(line.line, ()))
        kind = section_kind(line.section_path)
        label_kind, label, rest = inline_label(line.text)
        if label_kind is not None:
            kind = label_kind
        if line.kind is BlockKind.TASK:
            kind = SectionKind.OTHER  # a to-do is a plan; only a mistake cue in it counts
        source = Source(note.path, line.line)
        if written_by_other(line.text, note.author):
            continue  # [小敏] 我把…记错了: the assistant's slip, in a shared log
        if _NOT_MINE.search(line.text):
            continue  # 小麦把试驾车开去洗车没登记，不是我的锅: a slip reported, not the writer's
        if SLIP_CUE.fullmatch(line.text.strip(" ：:*")):
            continue  # `- 失误` over the lines under it (a Notion toggle): a label, no slip of its own
        if kind is SectionKind.MISTAKE:
            body = rest if label_kind is not None else line.text
            cue = _NOT_IN_TIME.search(body) or SLIP_CUE.search(body)
            # "…算错了…，还好没生气" is a mistake: a negation counts in the cue's clause, or
            # for a short line with no cue at all (今天没有失误)
            # (no slip named, only one nearly made: 差点把报价单发错人，发之前看了一眼 / "Nearly…")
            negated = _is_negated(body, cue.start()) if cue else (
                _is_negated(body) and (len(body) <= 20 or (body.isascii() and len(body.split()) <= 8)  # ("No mix-ups on paperwork today.")
                                       or bool(_NOTHING_TODAY.match(body))
                                       or _opens_with_nothing(body) or bool(_NEAR_MISS.search(body))
                                       or _ends_with_denial(body)))
            if _EMPTY.match(body.strip()) or negated:
                continue
            if _LESSON_ONLY.match(body) and not (SLIP_CUE.search(body) or _NOT_IN_TIME.search(body)):
                continue  # 下次接待老客户要提前准备: a resolution, not a mistake
            cue = _NOT_IN_TIME.search(line.text) or SLIP_CUE.search(line.text)
            # ❌ 阿强交车 把他的ETC卡忘在我抽屉里了: a line the writer marked as their own slip
            if cue and label != "❌" and _others_mistake(line.text, cue.start(), names):
                continue
            out.append(Mistake(line.text, source, "mistake-section"))
            continue
        for sentence in split_sentences(line.text):
            text = sentence.text
            cue = _NOT_IN_TIME.search(text) or SLIP_CUE.search(text)
            if cue is None:
                if kind is SectionKind.REFLECTION and _SEE_ABOVE.search(text) and not _is_negated(text):
                    out.append(Mistake(line.text, source, "see-above"))
                    break  # 偏离表续航口径（见上）: the slip told above, listed again
                if kind is SectionKind.REFLECTION and _SELF_CRITICAL.search(text) \
                        and not _GENERIC_RESOLUTION.match(text) and not _is_negated(text):
                    out.append(Mistake(line.text, source, "reflection"))
                    break
                continue
            if _is_negated(text, cue.start()) or (not _OWN_BLAME.search(line.text) and (
                    _others_mistake(text, cue.start(), names)
                    or _colleague_opens(text, cue.start(), tuple(c for c in staff if c not in names)))):
                continue  # (…小王把车型写成了…。收据是我签的字，签之前没看，我的问题: owned on the line)
            out.append(Mistake(line.text, source, f"cue:{cue.group(0)}"))
            break
    return out
