"""Traditional characters and regional speech, read as simplified Mandarin.

The extractors' rules, names and time words are written in simplified Mandarin. A note in
traditional characters (Hong Kong, Taiwan) or written in a regional speech — Cantonese
(佢話聽日覆我), Shanghainese (我搭伊讲明朝回伊), Sichuanese (莫得, 搞忘了, 约起), the north's 俺 — is read
through a *reading* of it: OpenCC's traditional → simplified conversion, then the regional words
replaced by their Mandarin equivalents (聽日 → 明天, 唔記得 → 忘记了, 今朝 → 今天, 搞忘了 →
忘记了). Tags that file a line (#跟进, #承诺) are blanked out of the reading. Every replacement
keeps the length, so a position in a line's reading is the same position in the line as
written: facts are found in the reading and quoted as written (see `Written`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Speech:
    """A regional speech: the words that show a note is written in it, and its words with the
    same-length Mandarin each reads as. Applied only to such a note: 係, 伊 or 讲 mean
    something else in Mandarin prose."""

    name: str
    markers: re.Pattern
    words: dict[str, str]
    # a word read by where it stands, not as a whole (陕西's 额 = 我, but not 金额 / 额度)
    characters: tuple[tuple[re.Pattern, str], ...] = ()

    def __post_init__(self) -> None:
        assert all(len(k) == len(v) for k, v in self.words.items()), self.name
        assert all(len(pattern.pattern) and len(v) == 1 for pattern, v in self.characters), self.name

    @property
    def pattern(self) -> re.Pattern:
        return _alternation(tuple(self.words))


@lru_cache(maxsize=None)
def _alternation(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


# (markers and words after conversion to simplified characters)
CANTONESE = Speech("cantonese", re.compile("[佢咗嘅唔冇嚟睇喺哋嘢啲嗰]"), {
    # days and times of day
    "听日": "明天", "听朝": "明早", "听晚": "明晚", "琴日": "昨天", "寻日": "昨天", "琴晚": "昨晚",
    "前日": "前天", "后日": "后天", "朝早": "早上", "上昼": "上午", "下昼": "下午", "晏昼": "中午", "今个": "这个",
    "月尾": "月底",
    # people and verbs
    "佢哋": "他们", "佢": "他", "我哋": "我们", "你哋": "你们",
    "唔记得": "忘记了", "应承": "答应", "搞掂": "搞定", "同佢": "跟他", "同我": "跟我",
    # 话 after a speaker is 说 (我话算，佢话礼拜六过嚟); not 电话
    "我话": "我说", "我哋话": "我们说", "佢话": "他说", "佢哋话": "他们说", "你话": "你说", "厂家话": "厂家说",
    "店度": "店里", "屋企": "家里", "揸": "开",
    # kin and papers: 佢个仔梁志豪 (her son), 合同上面个名系区咏诗 (the name on it is)
    "个仔": "儿子", "个女": "女儿", "个名系": "的名是", "个名叫": "的名叫",
    "覆佢": "回他", "覆我": "回我", "覆返": "回复",
    "唔该晒": "谢谢你", "唔该": "谢谢", "多谢": "谢谢",
    "差啲": "差点", "咗": "了", "嘅": "的", "喺": "在", "冇": "没", "唔": "不", "嚟": "来", "睇": "看", "係": "是",
    "俾": "给", "畀": "给", "搵": "找", "攞": "拿", "拎": "拿", "蚊": "块", "啱": "对", "嗰": "那",
})
# (markers chosen so Mandarin prose does not hold them: not 阿拉伯, 好额度, 安逸, 要得到)
SHANGHAINESE = Speech("shanghainese", re.compile("今朝|明朝|辰光|交关|阿拉(?!伯)|侬|伊讲|搭伊|伊拉|好额(?!度)|[伊的]伐"), {
    "今朝": "今天", "明朝": "明天", "昨日": "昨天", "后日": "后天", "前日": "前天", "辰光": "时候",
    "伊拉": "他们", "阿拉": "我们", "搭伊": "跟他", "搭侬": "跟你", "伊": "他", "侬": "你", "伐": "吗",
    "讲": "说", "好额": "好的", "交关": "非常", "一道": "一起", "下趟": "下次", "爷叔": "大叔", "哪能": "怎么",
    "差一眼眼": "差一点点",
})
SICHUANESE = Speech("sichuanese", re.compile("莫得|巴适|一哈|嬢嬢|老汉儿|搞忘|约起|还莫"), {
    "莫得": "没有", "还莫": "还没", "搞忘了": "忘记了", "搞忘": "忘了", "一哈": "一下", "啥子": "什么",
    "约起": "约好", "晓得": "知道", "嬢嬢": "阿姨",
})
# Northern speech's 俺 is 我 (俺说明儿个后晌给他回电话); the rest of it the time reader knows
NORTHERN = Speech("northern", re.compile("俺"), {"俺们": "我们", "俺": "我"})
# 陕西话: 额 is 我 where it stands as a word (额明儿上午克看, 叫额帮着留意), never in 金额, 额度,
# 名额, 额外; 克 before a place or 看 is 去; 嫑 is 别, 咧 ends a sentence as 了 does
_SHAANXI_I = re.compile("(?<![金数名限份差定总余配超欠税面巨全高低减免])额(?![度外头定数])")
_SHAANXI_GO = re.compile("克(?=[他她看把拉车店那这一过])")  # 克他小区看车: 去
SHAANXI = Speech("shaanxi", re.compile("嫑|(?:^|[\\s，,。；;：:！!？?、（(—-])额(?:明儿|后儿|今儿|跟|说|去|给|把|就|也|还|"
                                       "先|要|想|们|问|看|让|叫|帮|自己|心里|睡|这|那|一)"),
                 {"嫑": "别", "咧": "了"}, ((_SHAANXI_I, "我"), (_SHAANXI_GO, "去")))
# 长沙话: 港 is 说 (港成了 300 公里, 跟他港清楚) where it is no harbour or Hong Kong; 冇 is 没
_HUNAN_SAY = re.compile("(?<![香海军渔商])港(?![口湾澳股币台城区务])")
HUNANESE = Speech("hunanese", re.compile("冇得|么子|霸蛮|娭毑|满哥|妹坨|伢子|港成|港清|冇港|港拢|别个"),
                  {"冇得": "没有", "冇": "没", "么子": "什么", "晓得": "知道", "别个": "别人"},
                  ((_HUNAN_SAY, "说"),))
# (长沙 first: its 冇得 is 没有, and a 长沙 note is not Cantonese for its 冇)
SPEECHES = (HUNANESE, CANTONESE, SHANGHAINESE, SICHUANESE, NORTHERN, SHAANXI)
# 話 is "to say" in Cantonese (陳生話…, 阿May話…) except in the words Mandarin shares (电话, 回话…)
_SAYS = re.compile("(?<![电说讲对通废答回笑])话(?![题费术筒])")


@lru_cache(maxsize=1)
def _converter():
    import opencc  # C++ conversion tables; imported only for a note that needs them

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    """OpenCC's traditional → simplified, one line at a time, never changing a line's length
    (a phrase that would is converted character by character instead)."""
    convert = _converter().convert
    out = []
    for line in text.split("\n"):
        simple = convert(line)
        if len(simple) != len(line):
            simple = "".join(convert(ch) if len(convert(ch)) == 1 else ch for ch in line)
        out.append(simple)
    return "\n".join(out)


# Characters that exist only in traditional script are many; these common ones say a note
# needs converting (a cheap test before loading OpenCC for a note in simplified characters).
_TRADITIONAL_HINT = re.compile(
    "[們個這說話對會時間來後車價與點麼為還進過於從問見單買賣錢給經總發開關記將現專業]")


_LABEL_TAGS = {"#失误": "失误：", "#反思": "反思：", "#教训": "教训："}
_TAG = re.compile(r"(?<![^\s（(，,。])#[\u4e00-\u9fff]{1,8}(?=[\s，,。；;：:）)]|$)", re.MULTILINE)


def reading(text: str) -> tuple[str, bool, bool]:
    """The note as the extractors read it; has it traditional characters; is it Cantonese?
    Same lines and line lengths as `text`; `text` itself when it reads as written."""
    traditional = bool(_TRADITIONAL_HINT.search(text))
    read = _simplified(text) if traditional else text
    if "#" in read:  # #承诺 #跟进: a tag files the line, it is not what the line says; but
        # #失误 / #反思 read as the label they are (失误：), as a mistakes heading would
        read = _TAG.sub(lambda m: _LABEL_TAGS.get(m.group(), " " * len(m.group())), read)
    if "你" in read:
        read = _second_person(read)
    cantonese = False
    for speech in SPEECHES:
        if speech.markers.search(read):
            read = speech.pattern.sub(lambda m, words=speech.words: words[m.group()], read)
            for pattern, meaning in speech.characters:
                read = pattern.sub(meaning, read)
            if speech is CANTONESE:
                cantonese = True
                read = _SAYS.sub("说", read)
    return read, traditional and read != text, cantonese


# A diary written to oneself (你今天又把报价算错了，明天上午你记得给李总回电话): 你 is the writer.
# Told by count: 你 outside quotes, often, and hardly a 我 (a customer's words, quoted, keep theirs).
_QUOTED = re.compile(r"“[^”\n]*”|「[^」\n]*」|\"[^\"\n]*\"")
_YOU = re.compile(r"你(?!们)")


def _second_person(text: str) -> str:
    outside = _QUOTED.sub("", text)
    you, me = len(_YOU.findall(outside)), outside.count("我")
    if you < 4 or me * 4 > you:
        return text
    parts, last = [], 0
    for m in _QUOTED.finditer(text):
        parts.append(_YOU.sub("我", text[last:m.start()]))
        parts.append(m.group())
        last = m.end()
    parts.append(_YOU.sub("我", text[last:]))
    return "".join(parts)


@lru_cache(maxsize=1)
def _traditional_converter():
    import opencc

    return opencc.OpenCC("s2t")


class Written:
    """Strings found in a note's reading, given back as the note wrote them."""

    def __init__(self, lines: tuple[tuple[int, str, str], ...], traditional: bool, same: str = "") -> None:
        """`lines`: (file line, reading, as written) of every line whose reading differs;
        `same`: the text of the lines that read as written."""
        self.lines = {number: (read, written) for number, read, written in lines}
        self.traditional = traditional
        self.same = same

    def text(self, text: str, line: int | None = None) -> str:
        """`text` as written where a line's reading holds it (that line first)."""
        found = self._find(text, line)
        if found is None and text.endswith("…"):  # a shortened context
            found = self._find(text[:-1], line)
            return text if found is None else found + "…"
        return text if found is None else found

    def name(self, name: str | None, line: int | None = None) -> str | None:
        """A customer's name as written; one the note does not hold (learned from other notes)
        in traditional characters when the note is written in them."""
        if not name or not self.lines:
            return name
        found = self._find(name, line)
        if found is not None:
            return found
        if not self.traditional or name in self.same:  # written in simplified in this very note
            return name
        return _traditional_converter().convert(name)

    def _find(self, text: str, line: int | None) -> str | None:
        if not text:
            return None
        held = self.lines.get(line)
        for read, written in ([held] if held else []) + list(self.lines.values()):
            at = read.find(text)
            if at >= 0:
                return written[at:at + len(text)]
        return None
