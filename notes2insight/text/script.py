"""Traditional characters and Cantonese words, read as simplified Mandarin.

The extractors' rules, names and time words are written in simplified Mandarin. A note in
traditional characters (Hong Kong, Taiwan) or in written Cantonese (佢話聽日覆我) is read through
a *reading* of it: OpenCC's traditional → simplified conversion, then Cantonese words replaced
by their Mandarin equivalents (聽日 → 明天, 唔記得 → 忘记了, 佢 → 他). Every replacement keeps the
length, so a position in a line's reading is the same position in the line as written: facts
are found in the reading and quoted as written (see `Written`).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Written Cantonese: characters Mandarin prose does not use (after conversion to simplified).
_CANTONESE = re.compile("[佢咗嘅唔冇嚟睇喺哋嘢啲嗰]")

# Cantonese → Mandarin, same length each. Applied only to a note that reads as Cantonese:
# 係 or 同佢 mean something else in Mandarin prose.
CANTONESE_WORDS: dict[str, str] = {
    # days and times of day
    "听日": "明天", "听朝": "明早", "听晚": "明晚", "琴日": "昨天", "寻日": "昨天", "琴晚": "昨晚",
    "前日": "前天", "后日": "后天", "朝早": "早上", "下昼": "下午", "晏昼": "中午", "今个": "这个",
    "月尾": "月底",
    # people and verbs
    "佢哋": "他们", "佢": "他", "我哋": "我们", "你哋": "你们",
    "唔记得": "忘记了", "应承": "答应", "搞掂": "搞定", "同佢": "跟他", "同我": "跟我",
    "覆佢": "回他", "覆我": "回我", "覆返": "回复",
    "差啲": "差点", "咗": "了", "嘅": "的", "喺": "在", "冇": "没", "唔": "不", "嚟": "来", "睇": "看", "係": "是",
    "俾": "给", "畀": "给", "搵": "找", "攞": "拿", "拎": "拿", "蚊": "块", "啱": "对", "嗰": "那",
}
assert all(len(k) == len(v) for k, v in CANTONESE_WORDS.items())
_CANTONESE_WORD = re.compile("|".join(sorted(map(re.escape, CANTONESE_WORDS), key=len, reverse=True)))
# 話 is "to say" (陳生話…, 阿May話…) except in the words Mandarin shares (电话, 回话, 话题…)
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


def reading(text: str) -> tuple[str, bool, bool]:
    """The note as the extractors read it; is it in traditional characters; in Cantonese?
    Same lines and line lengths as `text`; `text` itself when it reads as written."""
    traditional = bool(_TRADITIONAL_HINT.search(text))
    read = _simplified(text) if traditional else text
    cantonese = bool(_CANTONESE.search(read))
    if cantonese:
        read = _CANTONESE_WORD.sub(lambda m: CANTONESE_WORDS[m.group()], read)
        read = _SAYS.sub("说", read)
    return read, traditional and read != text, cantonese


@lru_cache(maxsize=1)
def _traditional_converter():
    import opencc

    return opencc.OpenCC("s2t")


class Written:
    """Strings found in a note's reading, given back as the note wrote them."""

    def __init__(self, lines: tuple[tuple[int, str, str], ...], traditional: bool) -> None:
        """`lines`: (file line, reading, as written) of every line whose reading differs."""
        self.lines = {number: (read, written) for number, read, written in lines}
        self.traditional = traditional

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
        return _traditional_converter().convert(name) if self.traditional else name

    def _find(self, text: str, line: int | None) -> str | None:
        if not text:
            return None
        held = self.lines.get(line)
        for read, written in ([held] if held else []) + list(self.lines.values()):
            at = read.find(text)
            if at >= 0:
                return written[at:at + len(text)]
        return None
