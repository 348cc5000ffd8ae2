"""Recurring mistakes: group a period's mistakes into themes, so "don't make it twice" shows what
keeps coming back (忘记回电话 ×5) rather than a flat list.

Two steps, both deterministic and independent of input order:

1. A curated table of rules for the mistakes a dealership salesperson makes most (forgot to call
   back, wrong quote, late, test-drive car not ready, lead not logged, paperwork, wrong policy,
   attitude, delivery). Rules are tried in table order and the first one that matches wins, so
   the more specific ones come first: 没留客户电话 is a lead problem, not a forgotten call.
2. What no rule claims is clustered by similarity: Dice over character bigrams of the CJK text
   plus English words (English glossary words are read as their Chinese term first, so "lost the
   car key" and "车钥匙丢了" can meet), single link at >= 0.4. A cluster is labelled by the term
   most of its members share; a lone mistake by its own text, shortened.

No jieba here: mistakes are short and few, and bigrams need no segmentation.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..text.glossary import sinicise
from ..text.keywords import EN_STOP_WORDS, STOP_WORDS

DICE_THRESHOLD = 0.4
LABEL_LENGTH = 20  # characters of a lone mistake's text used as its label


@dataclass(frozen=True, slots=True)
class Theme:
    """A group of mistakes: a curated theme, or a cluster of similar ones."""

    key: str                    # stable id: "forgot-call", or "other:<label>" for a cluster
    label_zh: str               # e.g. "忘记回电话/跟进"
    label_en: str               # e.g. "Forgot to call back / follow up"
    members: tuple[int, ...]    # indices into the input list, ascending


@dataclass(frozen=True, slots=True)
class _Rule:
    key: str
    label_zh: str
    label_en: str
    pattern: re.Pattern[str]


def _rule(key: str, label_zh: str, label_en: str, *patterns: str) -> _Rule:
    return _Rule(key, label_zh, label_en, re.compile("|".join(patterns), re.IGNORECASE))


# Between an object and its failure: a few characters, not across a sentence.
_NEAR = r"[^。！？!?；;\n]{0,12}"
_CALL_OBJECT = (r"(?:回电|回个?电话|打电话|电话|回访|跟进|回复|回消息|回微信|联系|回话|复访|邀约|告诉|通知|"
                r"提醒|转告|发给|发过去|催)")

# Table order is priority order: the first rule that matches a mistake takes it.
RULES: tuple[_Rule, ...] = (
    _rule("late", "迟到", "Late",
          r"迟到|晚到|来晚了?|到晚了|起晚了?|起迟了?|睡过头|没赶上(?:早会|晨会|例会|班车)",
          r"\b(?:was|were|am|came|arrived|showed up|got in|clocked in|running|\d+\s*(?:minutes?|mins?|hours?|hrs?))"
          r"\s+(?:\w+\s+){0,2}late\b",
          r"\blate (?:for|to) (?:work|the|my|a|morning|meeting|shift|open)",
          r"\boverslept\b|\btardy\b"),
    _rule("lead-entry", "线索/客户信息未及时录入", "Lead or contact not logged in time",
          r"录入|录系统|建档|留资|线索",
          r"(?:系统|CRM|DCC|后台)(?:里|上)?" + _NEAR + r"(?:没|漏|忘|晚|未)",
          r"(?:没|忘了?|忘记|漏|未)(?:有)?(?:留|要|加|问)" + _NEAR + r"(?:电话|号码|手机|微信|联系方式)",
          r"\bcrm\b|\bdcc\b|\blog(?:ged)? (?:\w+ ){0,4}(?:visit|lead|customer|walk-?in|in the)",
          r"\b(?:phone|contact) (?:number|info|details)\b|\bwechat id\b|\bleads?\b"),
    _rule("forgot-call", "忘记回电话/跟进", "Forgot to call back / follow up",
          r"(?:忘|漏|没有?及时|没能及时|未及时|没有?第一时间|拖了|拖到|没顾上)" + _NEAR + _CALL_OBJECT,
          r"(?:回电话?|电话回访|回访|跟进|回复|回消息|回微信|告诉|通知)" + _NEAR + r"(?:忘|漏|没打|没回|没做|没跟|拖)",
          r"没(?:有)?(?:给|跟)[^。，,；;]{0,6}(?:回电话?|打电话|回消息|回微信)",
          r"(?:错过|漏接|没接到?)[^。，,]{0,6}(?:电话|来电)",
          r"\bforg[eo]t (?:to )?(?:call|ring|phone|text|message|follow|get back|reply|respond|return|tell|"
          r"inform|remind|let \w+ know)",
          r"\b(?:didn't|did not|never|failed to) (?:call|ring|phone|text|follow[- ]?up|get back|reply|"
          r"respond|return)",
          r"\bmissed (?:\w+ ){0,2}(?:call|calls|callback|follow[- ]?up)\b",
          r"\b(?:call(?:ed)?|got|get) (?:\w+ ){0,3}back (?:\w+ ){0,3}too late\b"),
    _rule("quote-error", "报价/金额出错", "Wrong quote or amount",
          r"(?:报价|价格|价钱|金额|总价|落地价|裸车价|优惠|折扣|补贴|贴息|利息|利率|首付|月供|尾款|定金|订金|"
          r"购置税|税费|上牌费|保险费|手续费|服务费|费用|差价|返利|团购价|成交价|收据|账)" + _NEAR +
          r"(?:错|漏算|少算|多算|算漏|漏掉|漏了|算成|写成|开成|报成|打成|填成|弄成)",
          r"算错|少算|多算|漏算|算漏|算重|重复算|算了两次|报错价|报低了|报高了|报价失误|报价有误|价格报错",
          # 开成了 3000 is an amount; 打成了 11 月 2 日 is a date (wrong-info)
          r"(?:算|写|开|报|打|填)成了?\s*[0-9一二两三四五六七八九十百千万.]+(?![0-9.]*\s*[月日号点年款期位])",
          r"\bwrong (?:\w+ ){0,2}(?:price|quote|amount|figure|number|discount|rate|tax|total|fee|payment)s?\b",
          r"\bmiscalculat|\bovercharg|\bundercharg",
          r"\b(?:price|quote|pricing|discount|calculation|amount|total)s?\b[^.;\n]{0,30}"
          r"\b(?:wrong|error|mistake|incorrect|off by)\b",
          r"\bforgot to (?:include|add|count) (?:the )?(?:\w+ )?(?:tax|fee|cost|charge)"),
    _rule("test-drive", "试驾车准备不足", "Test-drive car not ready",
          r"试驾车|试乘车|展车" + _NEAR + r"(?:没电|没油|脏|没洗|没充|电量|亏电)",
          r"试驾" + _NEAR + r"(?:没电|没油|电量|充电|没充|没加油|没洗|脏|钥匙|没准备|没安排|冲突|被占|没车)",
          r"(?:没|忘了?|忘记)(?:提前)?(?:给车)?(?:充电|加油)|车[^。，,]{0,4}(?:没电|亏电|没油)|油灯",
          r"没(?:有)?(?:及时)?(?:给[^。，,]{0,4})?安排[^。，,]{0,6}试驾",
          r"(?<![A-Za-z])TD(?![A-Za-z])",
          r"\btest[- ]?drive|\bdemo (?:car|vehicle)\b|\blow (?:on )?(?:charge|battery|fuel|gas)\b",
          r"\b(?:wasn't|not|didn't) (?:\w+ )?charged?\b|\bdead battery\b"),
    _rule("paperwork", "资料/手续遗漏或出错", "Missing or wrong paperwork",
          r"合同|发票|开票|收据|手续|证件|身份证|驾驶证|行驶证|登记证|户口本|营业执照|材料|资料|签字|签名|盖章|"
          r"确认单|交接单|评估单|申请单|订单|单据|表格|申请表|保单|临牌|委托书|复印件|过户|车管所|上牌|年检|周报|"
          r"报表|提交",
          r"\b(?:contracts?|invoices?|paperwork|documents?|forms?|signatures?|signed|receipts?|id card|"
          r"licen[cs]e|registration|policy document|cop(?:y|ies)|reports?|submit\w*)\b"),
    _rule("delivery", "交车问题", "Delivery problems",
          r"交车|交付|提车|PDI|交接|新车" + _NEAR + r"(?:划痕|脏|问题|没洗|没贴)|贴膜|洗车|脚垫",
          r"\bdeliver(?:y|ies|ed)?\b|\bhand-?over\b|\bpick-?up\b|\bpdi\b"),
    _rule("wrong-info", "说错政策/参数、承诺不实", "Wrong policy or spec, over-promised",
          r"说错|讲错|介绍错|答错|记错|搞错|弄错|告诉错|搞混|弄混|记混|说成|讲成|记成",
          r"(?:日期|时间|日子)" + _NEAR + r"(?:打成|写成|填成)",
          r"(?:政策|参数|配置|续航|数据|活动|规则|流程|时间|质保|保修)" + _NEAR + r"(?:不对|有误|不清楚)",
          r"乱承诺|随口承诺|过度承诺|承诺不实|夸大|说大了|答应" + _NEAR + r"(?:做不到|办不到|兑现不了|没兑现|实现不了)",
          r"没(?:有)?(?:提前)?(?:确认|核实|核对|问清楚?)" + _NEAR + r"就(?:答应|承诺|说)",
          r"\bwrong (?:\w+ ){0,3}(?:date|info|information|spec|specs|specification|policy|model|range|"
          r"feature|time|deadline|details?)\b",
          r"\b(?:told|promised|gave|quoted)\b[^.;\n]{0,40}\bwrong\b|\bover-?promis|\bmixed up\b|\bmisinformed\b",
          r"\bshould(?:n't| not) have (?:promised|said|told)\b|\bpromised\b[^.;\n]{0,60}\bwithout\b"),
    _rule("attitude", "服务态度/沟通", "Attitude or communication",
          r"态度|语气|口气|不耐烦|没耐心|冷落|怠慢|晾|干等|冷淡|急躁|太急|太冲动|争执|争吵|吵了|顶撞|打断|抢话|"
          r"没听|不礼貌|敷衍|强推|逼单|太强势|沟通|解释不清|没解释清楚|没讲清楚|说话太|投诉",
          r"\b(?:rude|impatient|impatience|interrupt\w*|argu\w*|attitude|tone|ignored|pushy|snapped|"
          r"dismissive|communicat\w*|complain\w*)\b|\bdidn't listen\b"),
)

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z][a-z0-9'-]*[a-z0-9]|[a-z0-9]*[a-z][a-z0-9]*")
# Characters a label may not start or end with: 弄丢了 → 弄丢, 的车钥匙 → 车钥匙.
_EDGE_CHARS = frozenset("的了着过又也就都还把被在是和与给跟对我你他她它吗呢吧啊呀么")


def _normalise(text: str) -> str:
    # NFKC folds full-width letters; English glossary words become the Chinese a note would use.
    return sinicise(unicodedata.normalize("NFKC", text)).lower()


def _features(text: str) -> frozenset[str]:
    """CJK character bigrams (minus filler like 今天, 客户) and English content words."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(b for b in (run[i:i + 2] for i in range(len(run) - 1)) if b not in STOP_WORDS)
    out.update(w for w in _WORD.findall(text) if len(w) >= 2 and w not in EN_STOP_WORDS)
    return frozenset(out)


def _classify(text: str) -> _Rule | None:
    for rule in RULES:
        if rule.pattern.search(text):
            return rule
    return None


def _candidates(text: str) -> set[str]:
    """Possible labels of a cluster from one member: CJK substrings of 2-8 characters that do
    not start or end on a function character, and English content words."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        for i in range(len(run) - 1):
            if run[i] in _EDGE_CHARS:
                continue
            for j in range(i + 2, min(i + 8, len(run)) + 1):
                piece = run[i:j]
                if piece[-1] not in _EDGE_CHARS and piece not in STOP_WORDS:
                    out.add(piece)
    out.update(w for w in _WORD.findall(text) if len(w) >= 3 and w not in EN_STOP_WORDS)
    return out


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LABEL_LENGTH else flat[:LABEL_LENGTH].rstrip() + "…"


def _cluster_label(texts: list[str], members: list[int]) -> str:
    """The term most members share (ties: longer, then alphabetical); otherwise the member text
    that sorts first, shortened (not the first by index, so the label survives reordering)."""
    if len(members) > 1:
        counts: Counter[str] = Counter()
        for index in members:
            counts.update(_candidates(_normalise(texts[index])))
        shared = [(count, term) for term, count in counts.items() if count >= 2]
        if shared:
            return min(shared, key=lambda item: (-item[0], -len(item[1]), item[1]))[1]
    return _shorten(min(texts[i] for i in members)) or "—"


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]  # path halving keeps chains short
        i = parent[i]
    return i


def _clusters(texts: list[str], indices: list[int]) -> list[list[int]]:
    """Single-link groups of `indices` whose Dice similarity reaches DICE_THRESHOLD.

    Connected components do not depend on the order pairs are visited in, so neither does the
    result. Only pairs that share a feature are compared (an inverted index), which keeps a
    year of mistakes well below n² set intersections in practice. A text with no features
    (only digits or punctuation) stays on its own.
    """
    features = [_features(_normalise(texts[i])) for i in indices]
    parent = list(range(len(indices)))
    by_feature: dict[str, list[int]] = {}
    for k, found in enumerate(features):
        for feature in found:
            by_feature.setdefault(feature, []).append(k)
    seen: set[tuple[int, int]] = set()
    for group in by_feature.values():
        for position, a in enumerate(group):
            for b in group[position + 1:]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if _resembles(features[a], features[b]):
                    ra, rb = _find(parent, a), _find(parent, b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for k, index in enumerate(indices):
        groups.setdefault(_find(parent, k), []).append(index)
    return [sorted(members) for members in groups.values()]


def group_mistakes(texts: list[str]) -> list[Theme]:
    """Partition `texts` (a period's mistakes) into themes.

    Every index belongs to exactly one theme. Themes come largest first, then by their first
    member's index. The grouping does not depend on the input order (the same texts shuffled
    give the same member sets), and neither do keys and labels, except that two clusters whose
    labels coincide are told apart by a numeric suffix in output order.
    """
    by_rule: dict[str, list[int]] = {}
    rest: list[int] = []
    for index, text in enumerate(texts):
        rule = _classify(_normalise_for_rules(text))
        if rule is None:
            rest.append(index)
        else:
            by_rule.setdefault(rule.key, []).append(index)
    themes: list[Theme] = [Theme(rule.key, rule.label_zh, rule.label_en, tuple(by_rule[rule.key]))
                           for rule in RULES if rule.key in by_rule]
    for members in _clusters(texts, rest):
        label = _cluster_label(texts, members)
        themes.append(Theme(f"other:{label}", label, label, tuple(members)))
    themes.sort(key=lambda theme: (-len(theme.members), theme.members[0]))
    used: Counter[str] = Counter()
    out: list[Theme] = []
    for theme in themes:
        used[theme.key] += 1
        if used[theme.key] > 1:
            theme = Theme(f"{theme.key}#{used[theme.key]}", theme.label_zh, theme.label_en,
                          theme.members)
        out.append(theme)
    return out


def _normalise_for_rules(text: str) -> str:
    # Rules are written for NFKC text (full-width ＣＲＭ, ，) with English left as English.
    return unicodedata.normalize("NFKC", text)


def theme_sequence(texts: list[str]) -> list[tuple[str, str, str]]:
    """(key, label_zh, label_en) for each mistake, given in date order.

    Unlike `group_mistakes`, each mistake's theme depends only on the mistakes before it: a
    rule theme if one matches, else the earliest earlier unruled mistake it resembles (Dice ≥
    DICE_THRESHOLD), else a new theme named after itself. So a week's summary, once written,
    keeps its themes when later mistakes arrive.
    """
    out: list[tuple[str, str, str]] = []
    seen: list[tuple[frozenset[str], tuple[str, str, str]]] = []
    for text in texts:
        theme, features = next_theme(text, seen)
        if features is not None:
            seen.append((features, theme))
        out.append(theme)
    return out


def next_theme(text: str, seen: list[tuple[frozenset[str], tuple[str, str, str]]]
               ) -> tuple[tuple[str, str, str], frozenset[str] | None]:
    """One step of `theme_sequence`: the theme of `text` after the unruled mistakes `seen`
    (their features and themes, in order), and its features (None: a rule took it)."""
    theme, features = _rule_or_features(text)
    if theme is not None:
        return theme, None
    if features:
        for earlier, earlier_theme in seen:
            if _resembles(features, earlier):
                return earlier_theme, features
    return _own_theme(text), features


def _resembles(a: frozenset[str], b: frozenset[str]) -> bool:
    """Dice similarity of two feature sets reaches DICE_THRESHOLD."""
    return 2 * len(a & b) >= DICE_THRESHOLD * (len(a) + len(b))


ThemeOf = tuple[str, str, str]  # (key, label_zh, label_en)


@lru_cache(maxsize=1 << 14)
def _rule_or_features(text: str) -> tuple[ThemeOf | None, frozenset[str]]:
    """A rule's theme for `text`, or (None, its features). Cached: the same words come back.
    A mistake quoted in traditional characters or Cantonese is themed by its reading."""
    from ..text.script import reading

    text = reading(text)[0]
    rule = _classify(_normalise_for_rules(text))
    if rule is not None:
        return (rule.key, rule.label_zh, rule.label_en), frozenset()
    return None, _features(_normalise(text))


class ThemeIndex:
    """`theme_sequence`, one mistake at a time, and undoable from the end (a watcher re-themes
    only the mistakes after the first changed one).

    Same answers as `next_theme` without comparing a mistake with every earlier one: a
    resemblance needs a shared feature, so only the earlier unruled mistakes holding one of its
    features are candidates (earliest first); and a text seen before takes the theme it took
    then (that occurrence resembles it perfectly, and nothing earlier changed)."""

    def __init__(self) -> None:
        self._unruled: list[tuple[str, frozenset[str], ThemeOf]] = []  # (text, features, theme)
        self._by_feature: dict[str, list[int]] = {}  # feature -> positions in _unruled, ascending
        self._by_text: dict[str, int] = {}  # text -> its first position in _unruled

    @property
    def unruled(self) -> int:
        return len(self._unruled)

    def add(self, text: str) -> ThemeOf:
        """The theme of the next mistake (an unruled one is counted by `unruled`)."""
        theme, features = _rule_or_features(text)
        if theme is not None:
            return theme
        first = self._by_text.get(text)
        if first is not None:
            theme = self._unruled[first][2]
        else:
            theme = self._resembled(features) or _own_theme(text)
            self._by_text[text] = len(self._unruled)
        for feature in features:
            self._by_feature.setdefault(feature, []).append(len(self._unruled))
        self._unruled.append((text, features, theme))
        return theme

    def _resembled(self, features: frozenset[str]) -> ThemeOf | None:
        from heapq import merge

        tried = -1
        # earliest first, lazily: the first resemblance is usually found among the first few
        for position in merge(*(self._by_feature.get(feature, ()) for feature in sorted(features))):
            if position == tried:
                continue  # shares several features: seen once is enough
            tried = position
            if _resembles(features, self._unruled[position][1]):
                return self._unruled[position][2]
        return None

    def truncate(self, unruled: int) -> None:
        """Forget every unruled mistake after the first `unruled` ones."""
        while len(self._unruled) > unruled:
            text, features, _ = self._unruled.pop()
            position = len(self._unruled)
            for feature in features:
                holders = self._by_feature[feature]
                holders.pop()  # positions are appended in order: this one is last
                if not holders:
                    del self._by_feature[feature]
            if self._by_text.get(text) == position:
                del self._by_text[text]


def _own_theme(text: str) -> ThemeOf:
    label = _shorten(text) or "—"
    return (f"other:{label}", label, label)
