"""The week's keywords: term counts per note by dictionary lookups, then TF-IDF over a period.

Why not jieba: `cut` runs at ~0.6 MB/s (NLP_NOTES.md), too slow to re-read a 36,500-note vault for
every summary, and raw `extract_tags` is noisy (来试, 王总来, 21, 觉得). A keyword only needs to be a
known word, not a correct segmentation of every sentence, so `note_terms` does this instead:

1. A priority pass finds the domain words (试驾, 落地价, 金融贴息 … — several are missing from
   jieba's dictionary, and the ones that are present lose to neighbours: 来试|驾) and the caller's
   extra words (customer names, car models) with one trie-shaped regular expression per word set,
   unless the match would cut a common word in two (发现车况 holds no 现车).
2. The rest of each CJK run is scanned left to right for the longest word of 2-4 characters in
   jieba's FREQ dict (dict lookups only: no DAG, no route, no HMM), so 试驾车 is not also 试驾.
   Measured on the devset and held-out notes: 6-7x the speed of `Segmenter.cut` (3.7-4.4 vs 0.6 MB/s).
3. ASCII tokens (RAV4, DM-i, CRM) count when they hold a letter; common English words of the
   glossary count as their Chinese term so a bilingual writer's "quote" and "报价" add up.
4. Stop words (domain filler: 今天, 客户, 觉得 …), numbers, dates and single characters are dropped.

`top_keywords` then scores a period's counts against document frequencies over all notes.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .glossary import GLOSSARY

if TYPE_CHECKING:  # jieba stays out of the import path: the segmenter loads it lazily
    from .segmenter import Segmenter

# A dictionary word rarer than this does not count. jieba's dict holds ~160k entries with the
# minimum frequency 3, many of them compounds glued to a function character (那御弟, 袁绍处) or
# phrase fragments (来试, 今天下午); letting them win the longest match splits real words apart.
# Domain words that jieba rates that low (订车 4, 购置税 3) are in DOMAIN_WORDS instead.
MIN_FREQ = 5
MIN_LEN = 2  # single characters say nothing; dictionary words are read up to 4 characters, longer
# entries of jieba's dict are rare compounds (domain and extra words may be longer)

# Words of a car salesperson's notes that must come out whole (and are never stop words).
# Several are not in jieba's dictionary at all (试驾, 落地价, 交车, 月供, 插混 …).
DOMAIN_WORDS: frozenset[str] = frozenset("""
试驾 试驾车 试乘 试乘试驾 到店 进店 留资 邀约 回访 跟进 报价 报价单 议价 砍价 谈判 成交 订车 下订 定车
签单 签约 合同 订单 战败 意向 意向金 竞品 线索 交车 提车 交付 交车仪式 交车照 上牌 临牌 车管所 验车
开票 发票 尾款 定金 订金 首付 月供 分期 按揭 贷款 金融 金融方案 贷款方案 免息 低息 贴息 金融贴息 利率
手续费 零首付 落地价 裸车价 指导价 一口价 优惠 现金优惠 置换 置换车 置换补贴 补贴 国补 地补 以旧换新
报废 二手车 旧车 评估 评估价 车况 购置税 上牌费 保险 商业险 交强险 续保 保养 首保 质保 延保 三包 精品
装潢 贴膜 脚垫 行车记录仪 赠品 库存 现车 库存车 展车 调车 配车 排产 续航 油耗 电耗 充电 快充 慢充
充电桩 家充 混动 插混 纯电 增程 油车 电车 新能源 绿牌 四驱 两驱 配置 顶配 高配 中配 低配 选装 外观
内饰 空间 后排 后备箱 座椅 天窗 车机 智驾 辅助驾驶 底盘 动力 车漆 轮毂 车型 七座 五座 车价 价格战
比亚迪 海豹 海鸥 海豚 腾势 仰望 方程豹 领克 极氪 吉利 银河 星越 博越 长安 深蓝 阿维塔 问界 理想 蔚来
小鹏 零跑 埃安 哪吒 小米 特斯拉 丰田 本田 大众 奔驰 宝马 奥迪 凯美瑞 卡罗拉 雅阁 思域 朗逸 速腾 迈腾
帕萨特 途观 汉兰达 荣放 别克 日产 轩逸 奇瑞 星途 坦克 哈弗 五菱 宏光 比亚迪汉
""".split())

# Domain filler and function words: common in every note, so they say nothing about a week.
STOP_WORDS: frozenset[str] = frozenset("""
今天 明天 昨天 后天 前天 今早 今晚 昨晚 明早 明晚 上午 下午 中午 晚上 早上 早晨 傍晚 凌晨 刚才 刚刚
现在 当时 之前 之后 以前 以后 后来 最近 平时 时候 时间 一会 一会儿 马上 立刻 本周 这周 上周 下周 周末
月底 月初 月中 年底 年初 今年 去年 明年 当天 第二天 点钟 小时 分钟 今日 明日 每天 天天 早会 晨会
我们 他们 她们 你们 咱们 自己 大家 别人 人家 对方 客户 顾客 先生 女士 小姐 阿姨 大哥 大姐 老板 师傅
同事 朋友 家人 爱人 老公 老婆 经理 店长 主管 专员 顾问 一家人
这个 那个 这些 那些 这样 那样 这种 那种 这边 那边 这里 那里 一个 一些 一点 一下 一次 一直 一起 一样
一般 一定 有点 有些 很多 许多 所有 每个 各种 其他 其它 其中 之类 几个 两个 个人
觉得 感觉 知道 认为 发现 看到 看看 说明 表示 希望 想要 打算 准备 需要 应该 可以 可能 能够 必须 还要
就是 不是 没有 已经 还是 还有 比较 非常 特别 真的 确实 其实 基本 主要 直接 然后 因为 所以 但是 不过
而且 如果 虽然 或者 以及 只是 只有 于是 另外 同时 不然 否则 总之 反正 毕竟 终于 结果 首先 最后 方面
情况 问题 事情 东西 电话 消息 微信 联系 沟通 聊天 说话 告诉 回复 答应 约好 过来 过去 回来 出来 起来
下来 上来 进来 离开 不用 不会 不能 不要 不错 挺好 很好 还行 满意 什么 怎么 怎么样 为什么 多少 哪里
哪个 哪些 为了 关于 对于 通过 按照 根据 不少 多久 左右 以上 以下 之间 出头 大概 大约 差不多 几乎 也许
或许 好像 似乎 肯定 当然 而已 的话 有没有 是不是 能不能 要不要 工作 处理 安排 店里 公司 门店 上班
下班 记录 计划 总结 失误 教训 复盘 备注 待办 今天下午 今天上午 一下子 这次 上次 下次 这次 那天 当时
还会 也是 都是 就是说 不了 只能 只好 还得 得到 一边 然而 而是 并且 那么 这么 怎样 这会 有时 经常
算了 来看 打电话 发给 提前 及时 确认 完成 整理 注意 介绍 儿子 女儿 临时 顺便 工作日 一下午 一上午 看了
决定 再次 家里 清楚 说了 问了 来了 走了 到了 好了 接到 收到 打算 继续 开始 结束 重新 还没 并没有 没什么 不太 有点儿
""".split())

# English filler, lower-case; English notes go through the same counting as Chinese ones.
EN_STOP_WORDS: frozenset[str] = frozenset("""
a an the and or but if then so as at by for from in into of on onto to with without about over under
after before up down out off again also just only very too more most less much many some any all each
both few other such no not nor own same than can could will would shall should may might must do does
did done doing have has had having be is am are was were been being get got gets getting go went goes
gone come came make made take took say said tell told ask asked see saw seen know knew think thought
want wanted need needed i me my mine we us our you your he him his she her they them their it its this
that these those there here what which who whom whose when where why how today tomorrow yesterday
morning afternoon evening night week weekend month year am pm mr mrs ms miss dr customer customers
client clients call called calls phone back still yet ok okay yes let lets im ive dont didnt wasnt
todo done tbd note notes monday tuesday wednesday thursday friday saturday sunday mon tue wed thu
fri sat sun january february march april may june july august september october november december jan
feb mar apr jun jul aug sep sept oct nov dec wants said says asked told good great nice bad fine well
really maybe sure send sent give gave put keep kept try tried meet met new old big small long little lot
lots bit time times day days thing things way work worked working even ever never always once isnt cant wont wasn didn isn don doesn couldn wouldn shouldn hasn haven aren ll ve re next last first
one two three around because while until since though
""".split())

# A CJK "word" that is only a number, a count or a date (两万, 三个, 第一, 十五号, 周五, 星期三).
_ZH_NUMBER = re.compile(
    r"[零〇一二两三四五六七八九十百千万亿几半多第每]+"
    r"(?:[个台辆天次万千百点号月年日周岁块元分位家种些下遍趟张份套条款倍成折期批轮组段句]|小时|公里|分钟)?")
_ZH_DATE = re.compile(r"[上下本这]?(?:周|星期|礼拜)[一二三四五六七日天末]|[上下本这今明后前昨去]+(?:天|周|月|年|午|晚|早)")
# 10w, 3k, 5km, 3pm, 1st: numbers with a unit are amounts or times, not keywords (2.0T and 4S stay).
_ASCII_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*(?:w|k|km|kw|kwh|wan|pm|am|h|hr|hrs|min|mins|st|nd|rd|th|x|"
                           r"yuan|rmb|kg|cm|mm|m|d|days?)?", re.IGNORECASE)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_URL = re.compile(r"https?://\S+|www\.\S+")
# Markdown headings are the note template (## 客户跟进, ## 明日计划), not what the day was about.
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t].*)?$", re.MULTILINE)
# A YAML front matter block, if the caller passed the whole file rather than the body.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^---[ \t]*$", re.DOTALL | re.MULTILINE)
# English phrases that are one term; the glossary's single words count as their Chinese term too,
# so a bilingual writer's "quote" and "报价" add up.
_EN_PHRASES = {"test drive": "试驾", "trade in": "置换", "down payment": "首付", "follow up": "跟进",
               "license plate": "上牌"}
# Letters and digits, joined by - or + (DM-i, CR-V, 4S+) or by a decimal point (2.0T).
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+(?:(?:[-+]|(?<=[0-9])\.(?=[0-9]))[A-Za-z0-9]+)*\+?")
# Gaps between priority matches are read as CJK runs and ASCII tokens. Two plain alternatives and
# findall's tuples: this regex runs over most of every note, so it must stay cheap.
_TOKENS = re.compile(rf"([{_CJK}]+)|({_ASCII_TOKEN.pattern})")

_Tokens = tuple[str, ...]  # lower-case ASCII tokens of an English term or extra word


def _english_sequences() -> dict[str, list[tuple[_Tokens, str]]]:
    """Lower-case ASCII token sequences of the English glossary terms, by first token."""
    table: dict[str, list[tuple[_Tokens, str]]] = {}
    for word, zh in GLOSSARY.items():
        if " " not in word and "-" not in word and len(zh) >= 2 and zh not in STOP_WORDS:
            table.setdefault(word, []).append(((word,), zh))
    for phrase, zh in _EN_PHRASES.items():
        *head, last = phrase.split()
        for ending in ("", "s", "d", "ed"):  # test drives, test-drived, trade-ins
            words = (*head, last + ending)
            table.setdefault(words[0], []).append((words, zh))
            hyphenated = ("-".join(words),)
            table.setdefault(hyphenated[0], []).append((hyphenated, zh))
    return table


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """Compiled matchers for the domain words plus one collection of extra words."""

    priority: re.Pattern[str]     # CJK-initial domain and extra words, longest first
    canonical: dict[str, str]     # surface matched by `priority` → term
    sequences: dict[str, list[tuple[_Tokens, str]]]  # first ASCII token → (tokens, term), longest first
    protected: frozenset[str]     # terms never dropped as stop words or numbers


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


_END = ""  # trie key marking the end of a word


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex for `words` shaped as a trie, longest match first.

    A flat alternation tries every word that shares a first character (a few hundred names
    starting with 王 or 客), a trie tries one branch per character. Every top-level branch starts
    with a literal, so the engine still skips positions that cannot start a word in C.
    """
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}

    def emit(node: dict, last: str) -> str:
        branches = [re.escape(ch) + emit(child, ch) for ch, child in sorted(node.items()) if ch]
        if _END in node:
            # The shorter word is the last resort; a word ending in a letter or digit must not
            # stop inside an ASCII token (宋PLUS is no prefix of 宋PLUSX).
            branches.append(r"(?![A-Za-z0-9])" if last.isascii() and last.isalnum() else "")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return "|".join(re.escape(ch) + emit(child, ch) for ch, child in sorted(root.items()))


@lru_cache(maxsize=32)
def _lexicon(raw_extra: tuple[object, ...] | frozenset[object]) -> _Lexicon:
    # Cached per word collection as passed: a summary run calls note_terms on thousands of notes
    # with the same names, and cleaning and compiling them per note would cost more than the scan.
    # NFKC like the text; a 2-40 character word (longer is no name, and would deepen the trie).
    extra = frozenset(unicodedata.normalize("NFKC", w).strip() for w in raw_extra
                      if isinstance(w, str) and MIN_LEN <= len(w.strip()) <= 40)
    # a customer called 客户 or 今天 is still filler as a keyword
    extra = frozenset(w for w in extra if len(w) >= MIN_LEN and w not in STOP_WORDS)
    canonical = {word: word for word in DOMAIN_WORDS}
    sequences = {first: list(entries) for first, entries in _english_sequences().items()}
    for word in sorted(extra):
        tokens = tuple(t.lower() for t in _ASCII_TOKEN.findall(word))
        if word.isascii() and tokens:
            # Matched token by token, so Amy is not found in Amygdala and "Mr. Wang" also
            # matches "Mr Wang"; put before the glossary's entries so a name wins.
            sequences.setdefault(tokens[0], []).insert(0, (tokens, word))
        else:
            canonical[word] = word
    for entries in sequences.values():
        entries.sort(key=lambda entry: -len(entry[0]))  # stable: extras stay ahead of the glossary
    return _Lexicon(re.compile(_trie_pattern(canonical)), canonical, sequences,
                    extra | DOMAIN_WORDS)


_RARE_PAIR = 300  # a two-character word rarer than this yields to a 10x commoner right neighbour


def _scan_run(run: str, freq: Mapping[str, int], counts: dict[str, int]) -> None:
    """Longest dictionary word of 2-4 characters at each position, left to right.

    jieba's FREQ also holds every prefix of every word (with frequency 0), so when a two-character
    fragment is absent no longer word can start there: most misses cost one lookup.
    """
    get = freq.get
    n = len(run)
    i = 0
    while i < n - 1:
        f2 = get(run[i:i + 2])
        if f2 is None:
            i += 1
            continue
        best = 2 if f2 >= MIN_FREQ else 0
        if i + 3 <= n:
            f3 = get(run[i:i + 3])
            if f3 is not None:
                if f3 >= MIN_FREQ:
                    best = 3
                if i + 4 <= n and get(run[i:i + 4], 0) >= MIN_FREQ:
                    best = 4
        if best == 2 and f2 < _RARE_PAIR and get(run[i + 1:i + 3], 0) >= 10 * f2:
            best = 0  # 陪客|户 → 陪|客户, 没完|成 → 没|完成: a rare pair gives way to a common one
        if best:
            word = run[i:i + best]
            counts[word] = counts.get(word, 0) + 1
            i += best
        else:
            i += 1


# Two-character fragments this frequent are words in their own right: a two-character domain
# match that starts on their second character cuts through them (发现车况 is 发现|车况, not 现车;
# 坐公交车 has no 交车; 尝试驾驶 no 试驾).
_LEFT_WORD_FREQ = 100


def _cuts_word(text: str, start: int, end: int, freq: Mapping[str, int],
               canonical: Mapping[str, str]) -> bool:
    """Does the two-character match text[start:end] split a common word on its left?"""
    left = text[start - 1]
    if not _is_cjk(left) or freq.get(text[start - 1:start + 1], 0) < _LEFT_WORD_FREQ:
        return False
    if text[start - 1:end] in canonical:
        return False  # the longer domain word would have matched: leave the decision to it
    # 提前提车: 前 already belongs to 提前, so 前提 is no reading and 提车 stands.
    return not (start >= 2 and freq.get(text[start - 2:start], 0) >= _LEFT_WORD_FREQ)


def _scan_gap(gap: str, lexicon: _Lexicon, freq: Mapping[str, int], counts: dict[str, int]) -> None:
    """Count dictionary words, extra English words, glossary terms and ASCII tokens of a gap."""
    items = _TOKENS.findall(gap)
    sequences = lexicon.sequences
    i, n = 0, len(items)
    while i < n:
        run, token = items[i]
        i += 1
        if run:
            _scan_run(run, freq, counts)
            continue
        lower = token.lower()
        candidates = sequences.get(lower)
        term = None
        if candidates:
            for words, value in candidates:
                end = i - 1 + len(words)
                if end <= n and all(items[i - 1 + k][1].lower() == words[k]
                                    for k in range(1, len(words))):
                    term, i = value, end
                    break
        if term is None:
            if len(token) < 2:
                continue
            # Names keep their capital (Linda, Xu); note_terms folds a sentence-initial "Quote"
            # into "quote" when the lower-case form occurs in the same note. Models keep their
            # spelling: RAV4, DM-i, CR-V.
            term = lower if token.isalpha() and token.islower() else token
        counts[term] = counts.get(term, 0) + 1


_KEEP_CACHE: dict[str, bool] = {}  # term → kept; the vocabulary of a vault is finite


def _keep(term: str) -> bool:
    """Is `term` a content word (not a stop word, number, date or single character)?"""
    kept = _KEEP_CACHE.get(term)
    if kept is None:
        if len(_KEEP_CACHE) > 500_000:
            _KEEP_CACHE.clear()
        kept = _KEEP_CACHE[term] = _decide(term)
    return kept


def _decide(term: str) -> bool:
    if len(term) < MIN_LEN or term in STOP_WORDS:
        return False
    if term.isascii():
        return (term.lower() not in EN_STOP_WORDS and any(ch.isalpha() for ch in term)
                and not _ASCII_NUMBER.fullmatch(term))
    return not (_ZH_NUMBER.fullmatch(term) or _ZH_DATE.fullmatch(term))


def note_terms(text: str, segmenter: Segmenter, extra_words: Iterable[str] = ()) -> dict[str, int]:
    """Counts of the content terms in one note's body.

    Terms are domain words and `extra_words` (customer names, car models — counted whenever they
    occur, even if jieba does not know them), dictionary words of 2-4 characters (longest match
    first, so 试驾车 is not also 试驾) and ASCII words or models with a letter in them (RAV4, DM-i).
    Stop words, numbers, dates and single characters are dropped, and so are Markdown headings
    (the note template) and URLs. Every count is >= 1.
    """
    if not text:
        return {}
    key = extra_words if isinstance(extra_words, (tuple, frozenset)) else tuple(extra_words)
    lexicon = _lexicon(key)
    freq = segmenter.tokenizer.FREQ
    if text.startswith(("---", "\ufeff---")):
        text = _FRONT_MATTER.sub("", text, count=1)
    if "#" in text:
        text = _HEADING.sub("", text)
    # NFKC: full-width ＲＡＶ４ and ２１ are the same tokens as RAV4 and 21 (the check is cheaper
    # than the normalisation, and most notes are already normal apart from their punctuation).
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    counts: dict[str, int] = {}
    canonical = lexicon.canonical
    search = lexicon.priority.search
    gap_start = 0
    position = 0
    while True:
        match = search(text, position)
        if match is None:
            break
        start, end = match.span()
        surface = match.group()
        if start > gap_start and end - start == 2 and _cuts_word(text, start, end, freq, canonical):
            position = start + 1  # leave these characters to the dictionary scan
            continue
        if start > gap_start:
            _scan_gap(text[gap_start:start], lexicon, freq, counts)
        term = canonical[surface]
        counts[term] = counts.get(term, 0) + 1
        gap_start = position = end
    if gap_start < len(text):
        _scan_gap(text[gap_start:], lexicon, freq, counts)
    for term in [t for t in counts if t.isascii() and t.istitle() and t.isalpha()]:
        lower = term.lower()
        if lower in counts and lower not in lexicon.protected and term not in lexicon.protected:
            counts[lower] += counts.pop(term)  # sentence-initial "Quote" is the word "quote"
    protected = lexicon.protected
    return {term: count for term, count in counts.items() if term in protected or _keep(term)}


def document_frequencies(notes: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """How many notes each term occurs in (the `doc_freq` of `top_keywords`)."""
    df: dict[str, int] = {}
    for terms in notes:
        for term in terms:
            df[term] = df.get(term, 0) + 1
    return df


def top_keywords(period_terms: Mapping[str, int], doc_freq: Mapping[str, int], n_docs: int,
                 top: int = 10) -> list[tuple[str, float]]:
    """The period's `top` terms by TF-IDF against all notes, as (term, score), best first.

    tf is the raw count in the period (a normalised tf would round to 0 over a year of notes);
    idf = log((1 + n_docs) / (1 + df)) + 1, with df capped at n_docs so idf never drops below 1.
    Scores are rounded to 4 decimals before sorting, so ties break by term and the order shown
    always agrees with the scores shown.
    """
    if top <= 0:
        return []
    n = max(n_docs, 0)
    scored: list[tuple[str, float]] = []
    for term, count in period_terms.items():
        if count <= 0:
            continue
        df = min(max(doc_freq.get(term, 0), 0), n)
        idf = math.log((1 + n) / (1 + df)) + 1
        scored.append((term, round(count * idf, 4)))
    # the first `top` of the sorted list, without sorting a year's fifty thousand terms
    return heapq.nsmallest(top, scored, key=lambda item: (-item[1], item[0]))
