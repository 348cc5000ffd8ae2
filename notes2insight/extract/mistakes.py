"""Mistakes the writer made: the "don't make it twice" list.

A line counts when it sits under a mistake heading (失误, Mistakes), or carries a mistake cue
(忘了, 迟到, 算错, 没有及时…) — under a reflection heading only then. Left out: negations
(今天没有失误, 没迟到), near misses (差点忘了), and other people's mistakes (小刘把钥匙弄丢了).
"""

from __future__ import annotations

import re

from ..model import BlockKind, Mention, Mistake, Note, Source
from ..text.sentences import clause_before, split_sentences, subject_is_other
from .sections import SectionKind, section_kind

# Checked before the negation test: "没有及时回电话" is itself a mistake.
_NOT_IN_TIME = re.compile(r"没有?及时|没能及时|未及时|没有第一时间|没第一时间")
_CUE = re.compile(
    r"失误|忘了|忘记|忘带|给忘|迟到|算错|搞错|弄错|写错|说错|报错|记错|看错|填错|录错|拿错|发错|打错|"
    r"漏了|漏掉|漏报|漏填|遗漏|不该|不应该|本不该|教训|下次要注意|下次注意|疏忽|粗心|大意|错过|"
    r"被(?:经理|店长|领导|主管|老板|客户)?(?:批评|骂|投诉|扣)|挨批|挨骂|被扣|失职|没做好|做得不好|"
    r"没(?:有)?(?:提前|事先|先)(?:确认|核对|准备|沟通|问|查|充电|检查)|弄丢|搞砸|丢了|太急|太冲动|"
    r"\b(?:I forgot|forgot to|forgot|my mistake|my fault|was late|I should have|should have|"
    r"missed|mixed up|wrong price|miscalculated|messed up)\b",
    re.IGNORECASE)
_SELF_CRITICAL = re.compile(r"太慢|不够|不好|没做好|应该先|本应|没能|做错|不到位|拖了|拖延|too slow|"
                            r"not enough|should", re.IGNORECASE)
_NEGATION = re.compile(
    r"(?:没|没有|未|无|零|不再|并没有|并没|从不|不会|别)(?:再)?(?:出现|犯|有)?(?:什么|任何|大的|明显)?"
    r"(?:失误|迟到|忘|出错|算错|搞错|报错|写错|说错|漏|差错|错误|问题)"
    r"|差点|险些|幸好|还好没|好在|幸亏|\b(?:no mistakes?|didn't forget|not late|no errors?)\b",
    re.IGNORECASE)
_EMPTY = re.compile(r"^(?:无|没有|暂无|none|n/?a|no|-|—|nothing)[。.!！]?$", re.IGNORECASE)
_GENERIC_RESOLUTION = re.compile(r"^(?:以后|今后|要|要学会|要多|成交的|每个|试驾是|跟经理学到)")


def _is_negated(text: str) -> bool:
    return bool(_NEGATION.search(text)) and not _NOT_IN_TIME.search(text)


def _others_mistake(text: str, position: int, names: tuple[str, ...]) -> bool:
    head = clause_before(text, position)
    return subject_is_other(head, names)


def extract_mistakes(note: Note, mentions: list[Mention]) -> list[Mistake]:
    names_by_line: dict[int, list[str]] = {}
    for m in mentions:
        names_by_line.setdefault(m.source.line, []).append(m.surface)
    out: list[Mistake] = []
    for line in note.lines:
        if line.kind in (BlockKind.HEADING, BlockKind.TASK):
            continue
        names = tuple(names_by_line.get(line.line, ()))
        kind = section_kind(line.section_path)
        source = Source(note.path, line.line)
        if kind is SectionKind.MISTAKE:
            if _EMPTY.match(line.text.strip()) or _is_negated(line.text):
                continue
            cue = _NOT_IN_TIME.search(line.text) or _CUE.search(line.text)
            if cue and _others_mistake(line.text, cue.start(), names):
                continue
            out.append(Mistake(line.text, source, "mistake-section"))
            continue
        for sentence in split_sentences(line.text):
            text = sentence.text
            cue = _NOT_IN_TIME.search(text) or _CUE.search(text)
            if cue is None:
                if kind is SectionKind.REFLECTION and _SELF_CRITICAL.search(text) \
                        and not _GENERIC_RESOLUTION.match(text) and not _is_negated(text):
                    out.append(Mistake(line.text, source, "reflection"))
                    break
                continue
            if _is_negated(text) or _others_mistake(text, cue.start(), names):
                continue
            out.append(Mistake(line.text, source, f"cue:{cue.group(0)}"))
            break
    return out
