"""Sentences and clauses of a line, with their offsets, and who a clause is about.

Commitments and mistakes are decided per sentence; "whose promise / whose mistake" is decided
on the clause that holds the cue word, by looking at the words before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import BlockKind

_SENTENCE_END = re.compile(
    r"[。！？!?；;]+|\s*(?:——|—|→|-{2,})\s*|(?<=[\u4e00-\u9fff])\.(?=\s+[A-Z])|(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<=[A-Za-z0-9\)])(?<!\b[A-Z])\.(?=\s+[A-Z\u4e00-\u9fff])"
    r"|(?<=[a-z]),(?=\s*[\u4e00-\u9fff])")  # (see _english_clause_before)
# …wants to compare. 约了他们…; …can't come this Sat after all, 改约了…: an English clause (three
# words at least) then a Chinese one — the switch of language at the clause's end starts a new
# sentence, whose dropped subject is the writer's
_ENGLISH_CLAUSE_BEFORE = re.compile(r"(?:[A-Za-z'’]+\s+){2,}[A-Za-z'’]+$")
_CLAUSE_SEP = re.compile(r"[，,、：:（）()\"“”「」]")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset in the line


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of one line; the end punctuation stays with the sentence before it."""
    out: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0) == "," and not _ENGLISH_CLAUSE_BEFORE.search(text, max(0, match.start() - 60), match.start()):
            continue  # Hans, 明天…: a name or a word before the comma, no clause of its own
        piece = text[start:match.end()]
        if piece.strip(" 。！？!?；;.-"):
            lead = len(piece) - len(piece.lstrip())
            out.append(Sentence(piece.strip(), start + lead))
        start = match.end()
    tail = text[start:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        out.append(Sentence(tail.strip(), start + lead))
    return out


_CLAUSE_END = re.compile(r"[，,；;。！？!?—→]+|\s-\s")


def clause_span(text: str, position: int) -> tuple[int, int]:
    """Start and end of the clause (between commas, semicolons, dashes) holding `position`."""
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, position)), default=0)
    end_match = _CLAUSE_END.search(text, position)
    return start, (end_match.start() if end_match else len(text))


def clause_before(text: str, position: int) -> str:
    """The part of the clause that holds `position`, up to `position` (the subject side)."""
    head = text[:position]
    cut = max((m.end() for m in _CLAUSE_SEP.finditer(head)), default=0)
    return head[cut:]


# Words that make someone other than the writer the subject of a clause.
THIRD_PARTY = re.compile(
    r"客户|他们|她们|他|她|对方|人家|家人|老公|老婆|爱人|儿子|女儿|父亲|母亲|朋友|同事|经理|店长|主管|"
    r"领导|老板|专员|库管|评估师|财务|售后|厂家|银行|保险公司|师傅|顾问|前台|小伙|大家|别人|公司|单位|"
    r"\b(?:he|she|they|the customer|customer|client|manager|colleague)\b",
    re.IGNORECASE)
# The names a line uses for its writer (我：…, 我回：…, [我] …)
WRITER_SELF = frozenset({"我", "我回", "我回复", "我答", "本人", "自己", "me", "Me", "ME"})
_TRANSCRIPT = re.compile(r"^\s*[【\[](?:语音转文字|语音转写|语音|转文字|微信语音)[】\]]")
# A shared log's line in someone else's hand: `[小敏] 钱女士来电…`, `小敏记：…`
_OTHER_HAND = re.compile(r"^\s*(?:\[(?!\[)([^\]\s\d\[xX✓✔]{1,6})\]|【([^】\s\d]{1,6})】|([\u4e00-\u9fff]{1,4})记[:：])")


def written_by_other(text: str, author: str | None = None) -> bool:
    """The line says it was written by someone other than the writer (not `[我]`, not the
    configured author), or it is someone's voice message pasted in (`【语音转文字】王姐：…`)."""
    if _TRANSCRIPT.match(text):
        return True
    m = _OTHER_HAND.match(text)
    if m is None:
        return False
    hand = next(g for g in m.groups() if g)
    return hand not in WRITER_SELF and hand != author


# > 我：好的，明天发您 — the writer's own reply in a quoted exchange (other quoted lines are
# someone else's messages)
WRITERS_REPLY = re.compile(r"^\s*(?:我|me|Me|ME)\s*[:：]\s*")
# 跟王总 / 对 Tony / 给她: whom the writer speaks to (a Latin name may have spaces around it)
TO_WHOM = r"[跟对和向给同](?:\s?[A-Za-z][A-Za-z.'’-]*(?: [A-Z][a-z]+)?\s?|[^，,。说讲]{1,4})"
# 我说：“…” / 我跟王总讲：「…: the words before a quote the writer opens (search up to its mark)
WRITER_QUOTES = re.compile(r"我(?:就|也|当时|当场)?(?:" + TO_WHOM + r")?(?:说|讲|回|答|问)\S{0,2}[:：]?\s*$")
# > 王姐 10:32 — a pasted chat's header: the quoted lines under it are that person's message
_CHAT_HEADER = re.compile(r"^\s*([^\s：:，,。]{1,10})\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?\s*$")


# 韦姐 10:12：…, 我 10:15：… — a pasted chat's message on one line: its sender, the time, the text
CHAT_MESSAGE = re.compile(r"^\s*(?P<who>[^\s：:，,。]{1,10})\s*\d{1,2}[:：]\d{2}\s*[:：]\s*")


def chat_speakers(lines) -> dict[int, str]:
    """File line → who wrote it, for the quoted lines of a pasted chat that puts each sender
    and time on a line of its own (`> 我 10:35` then `> 王姐，我周三前…发您`)."""
    speakers: dict[int, str] = {}
    speaker = None
    for line in lines:
        if line.kind is not BlockKind.QUOTE:
            speaker = None
            continue
        header = _CHAT_HEADER.match(line.text)
        if header:
            speaker = header.group(1)
        elif speaker is not None:
            speakers[line.line] = speaker
    return speakers


# 自己 is the writer only when no one else stands right before it (他自己填错了 is his slip)
FIRST_PERSON = re.compile(r"我|俺|咱|本人|(?<![他她])(?<!客户)(?<![\u4e00-\u9fff][姐哥总美])自己|"
                          r"\b(?:I|we|my|me)\b", re.IGNORECASE)
# Someone named by an honorific or a 老/小 nickname (小刘, 王总, 孙经理) acting as the subject.
PERSON_LIKE = re.compile(
    # Vivian 答应, Jason 又丢了; not a trim or a model (Ultra 版, Pro 款)
    r"(?<![A-Za-z])(?!I\b)[A-Z][a-z]{2,}(?![A-Za-z])(?=\s*[\u4e00-\u9fff])(?!\s*(?:版|款|型|系列|车型|配置))|"
    r"[老小][王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁郑谢韩冯董程曹袁邓许沈彭吕苏蒋蔡魏叶潘杜钟姜范方姚谭]"
    # 阿杰, 阿龙 (a colleague's nickname); not 阿拉 (Shanghainese "we"), 阿姨 (below)
    r"|(?<![\u4e00-\u9fff])阿(?![拉姨])[\u4e00-\u9fff](?=[\u4e00-\u9fff])"
    # 王总, 孙经理, 何姐; not 总价 / 总额 / 总是 (两台总价写成了…)
    r"|[\u4e00-\u9fff](?:总(?![价额共是部之计数结体算账量])|经理|店长|主管|姐|哥|先生|女士|小姐|师傅|阿姨|老师|老板)")
REPORTED_SPEECH = re.compile(r"(说|表示|讲|提到|反馈|回复|答复|告诉我|说过|表态|称|问能不能|问可不可以|[回来]了?一?句|"
                             r"问了|问我|希望|想要|要求|says?|said|told me|asked|wants)")


# An English verb and its object (a diary drops the "I": "Told Victor", "texted Mrs. Alvarez")
_EN_OBJECT = re.compile(r"\b(?i:told|asked|promised|texted|called|emailed|rang|phoned|booked|gave|showed|sent|"
                        r"reminded|assured|messaged|pinged|let|tell|ask|call|text|email|remind)\s+"
                        r"(?:(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?")


def strip_objects(head: str) -> str:
    """Remove prepositional objects (跟王总, 给客户) so only a subject can remain; a 把-phrase
    holds the object up to the verb (小刘把钥匙 → 小刘, 把陈姐的电话 → nothing)."""
    head = re.sub(r"把.*$", "", head)
    head = _EN_OBJECT.sub("", head)  # "Told Victor I'd…": Victor is whom the writer told
    return re.sub(r"(?:跟|和|与|给|帮|替|向|为|对|陪|带|让|请|通知|提醒|告诉|联系|接待)"
                  r"(?:[\u4e00-\u9fff]{1,4}?(?:总|先生|女士|小姐|姐|哥|老板|师傅|阿姨|叔|老师)|客户|他们|她们|他|她|对方|家人|[\u4e00-\u9fff]{2,3})",
                  "", head)


def _without_possessor(text: str, name: str) -> str:
    """`text` with `name的` removed where the name owns something (not 王总的话/意思), also
    where the name is inside what describes the thing (沈先生提车的交车照片: the photos)."""
    at = text.find(name) if name else -1
    while at >= 0:
        rest = text[at + len(name):].lstrip()
        described = _DESCRIBING.match(rest)
        if rest.startswith("的") and not rest.startswith(("的话", "的意思", "的说法", "的想法")):
            text = text[:at] + rest[1:]
            at = text.find(name, at)
        elif described:
            text = text[:at] + rest[described.end():]
            at = text.find(name, at)
        else:
            at = text.find(name, at + 1)
    return text


# 提车的, 交车那天的: an event of the customer's that describes the thing after it
_DESCRIBING = re.compile(r"(?:提车|交车|试驾|签约|签合同|订车|到店|来店)(?:那天|当天|时)?的(?!话|意思|说法|想法)")


def subject_is_other(head: str, names: tuple[str, ...] = ()) -> bool:
    """True when the words before a cue name someone else as the one acting.

    `head` is the clause up to the cue; `names` are customer/colleague mentions in it.
    """
    bare = strip_objects(head)
    for name in names:  # 王哥的帕萨特 漏拍了照片: a customer's things, the writer's slip
        bare = _without_possessor(bare, name)
    mine = [m.end() for m in FIRST_PERSON.finditer(bare)]
    if not mine:
        if THIRD_PARTY.search(bare) or PERSON_LIKE.search(bare):
            return True
        return any(name and name in bare for name in names)
    # 我跟调车的小董说了小董答应…: in a line without commas the nearest subject acts
    after = bare[mine[-1]:]
    return bool(_NAMED_AFTER.search(after)) or any(name and name in after for name in names)


_NAMED_AFTER = re.compile(r"(?:说了|说过|讲了|问了|告诉他了|告诉她了)\s*(?P<who>[老小][\u4e00-\u9fff]|[\u4e00-\u9fff]{1,2}"
                          r"(?:总|姐|哥|经理|店长|主管))\s*$")


def colleagues_in(note, colleagues: frozenset[str]) -> tuple[str, ...]:
    """The vault's colleagues a note names, longest first (looked for once per note, not per
    line): a clause they open is theirs (林琳约她周四来签合同, 大周报价…少报了 8000)."""
    if not colleagues:
        return ()
    text = "\n".join(line.text for line in note.lines)
    return tuple(sorted((c for c in colleagues if len(c) >= 2 and c in text), key=len, reverse=True))
