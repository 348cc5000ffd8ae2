"""Does a name in Latin letters spell a Chinese name in pinyin? (Zhao Yating = 赵雅婷)

Only ever asked about a writer's few Chinese full names against their few Latin full names,
never about every word of a note. pypinyin (and its dictionary, ~0.3 s) is imported on the
first question, so a vault with no such pair never loads it.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

_SPLIT = re.compile(r"[\s\-'’]+")


@lru_cache(maxsize=4096)
def spellings(hanzi: str) -> frozenset[tuple[str, ...]]:
    """Every way pinyin spells `hanzi`, one lower-case syllable per character, each character's
    other readings included (曾 ceng/zeng, 单 dan/shan) and ü both as v and u (吕 lv, lu)."""
    from pypinyin import Style, pinyin  # lazy: a dictionary of ~0.3 s

    readings = []
    for options in pinyin(hanzi, style=Style.NORMAL, heteronym=True, errors=lambda c: [[]] * len(c)):
        found = {o.lower() for o in options if o.isascii() and o.isalpha()}
        found |= {o.replace("v", "u") for o in found} | {o.replace("v", "yu") for o in found if "v" in o}
        if not found:
            return frozenset()  # not all Han characters: no name
        readings.append(sorted(found))
    if len(readings) != len(hanzi) or len(readings) > 4:
        return frozenset()
    return frozenset(itertools.product(*readings))


def spells(latin: str, hanzi: str) -> bool:
    """`latin` (Zhao Yating, Yating Zhao, Ou-yang Feng) is `hanzi` (赵雅婷) in pinyin: the surname
    syllable as one word, the given name's syllables run together as the other."""
    words = [w.lower() for w in _SPLIT.split(latin.strip()) if w]
    if len(words) < 2 or len(hanzi) < 2 or not all(w.isascii() and w.isalpha() for w in words):
        return False
    for syllables in spellings(hanzi):
        for cut in (1, 2):  # a one- or two-character surname (欧阳)
            if cut >= len(syllables):
                continue
            surname, given = "".join(syllables[:cut]), "".join(syllables[cut:])
            for k in range(1, len(words)):
                head, tail = "".join(words[:k]), "".join(words[k:])
                if (head, tail) in ((surname, given), (given, surname)):
                    return True  # surname first, or the given name first as on a passport
    return False


def spells_surname(word: str, hanzi: str) -> bool:
    """`word` (Wu) is the surname of `hanzi` (吴佳琪) in pinyin: Lisa Wu is 吴佳琪 once Lisa is."""
    word = word.lower()
    return any(syllables[0] == word for syllables in spellings(hanzi[:1])) or (
        len(hanzi) >= 3 and any("".join(syllables) == word for syllables in spellings(hanzi[:2])))
