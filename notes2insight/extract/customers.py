"""Customers named in a note: front matter, `[[links]]`, `@mentions`, known names, honorific
forms (王总, 李女士, 老郑, Mr. Wang) and, in sentences about meeting someone, unknown full names.

Raw jieba `nr` tags are poor in this domain (宋/秦/唐 are car models, 黄金周 is a holiday), so
names come from rules anchored on jieba word boundaries; part-of-speech tagging (slow) runs only
on the few sentences where a cue says a person is being met (NLP_NOTES.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterator

from ..model import BlockKind, Mention, Note, Source
from ..text.segmenter import Segmenter
from ..text.sentences import CHAT_MESSAGE, WRITER_QUOTES, WRITER_SELF, WRITERS_REPLY, chat_speakers
from .sections import SectionKind, section_kind

SURNAMES = frozenset(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱"
    "汤尹黎易常武乔贺赖龚文庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂焦向柳邢骆岳齐"
    "沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阮封冉阎柴屈岑裴麦甘储蓝"
    "覃连晏卓邬单包鲍解饶栾宫郎池巫褚占臧简计伏鞠闫藺蔺荆冷戚米车滕"
    "普农"  # 普 (云南) and 农 (广西): regional surnames a dealer there meets daily
    "肖付柯窦翁裘巩")  # common ones (肖 is among the 30 commonest) that are no everyday word either
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
                     "令狐", "夏侯", "长孙", "宇文", "司徒", "端木")
# The traditional forms of the surnames above, for names quoted as a note in traditional
# characters wrote them (陳志明, 黃小姐): OpenCC's s2t/s2hk/s2tw, less the characters that are
# another word in traditional text (於, 餘, 範, 塗, 遊, 嶽, 佔, 蘆).
TRADITIONAL_SURNAMES = dict(zip(
    "儲劉吳呂喬單嚴孫宮張時楊欒歐湯溫畢盧簡紀羅聶荊莊萬葉蔣蕭藍藺蘇蘭計許謝譚費賀賈賴趙車連鄒鄔鄧鄭"
    "錢鍾閆閻關陳陸韋韓項顏顧饒馬馮駱魯鮑麥黃齊龍龐龔",
    "储刘吴吕乔单严孙宫张时杨栾欧汤温毕卢简纪罗聂荆庄万叶蒋萧蓝蔺苏兰计许谢谭费贺贾赖赵车连邹邬邓郑"
    "钱钟闫阎关陈陆韦韩项颜顾饶马冯骆鲁鲍麦黄齐龙庞龚"))
# 老X / 小X only with the most common surnames: 小时, 老家, 小米 are words, not people.
PREFIX_SURNAMES = frozenset("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁郑谢韩冯董程曹袁邓许傅沈"
                            "曾彭吕苏卢蒋蔡魏薛叶潘杜戴钟汪田姜范方姚谭廖邹熊陆郝孔崔邱顾侯孟"
                            "秦唐宋夏贾严付丁贺雷万武乔尹黎易龚石")
CUSTOMER_TITLES = ("先生", "女士", "小姐", "太太", "夫人", "阿姨", "大姐", "大哥", "老板", "老师",
                   "师傅", "总监", "总", "姐", "哥", "叔", "董", "医生", "律师", "教授", "处长",
                   "局长", "科长", "校长", "院长", "队长", "老弟", "妹", "主任", "会计",
                   # how a county town says it: 王婶, 刘二哥, 张大爷, 周支书
                   "婶", "嫂", "大爷", "大娘", "大伯", "大叔", "二哥", "三哥", "二姐", "三姐", "支书",
                   # and the south's: 蔡阿姆, 郑阿叔, 林阿兄 (阿伯 is below)
                   "阿姆", "阿叔", "阿婶", "阿嫂", "阿兄", "阿姐", "阿公", "阿婆", "阿嬷",
                   # 长沙's 曾娭毑 and 刘满哥, 四川's 张孃孃
                   "娭毑", "满哥", "满姐", "孃孃", "嬢嬢",
                   "村长", "书记",
                   # elders addressed as family: 王姨, 张妈妈, 吴阿伯 (Taiwan), 李奶奶
                   "姨", "妈妈", "阿伯", "伯伯", "奶奶", "爷爷", "大妈", "婆婆",
                   # 天津's 张姐姐 for any woman, 湖南's 曾满哥, 广东's 黄伯
                   "姐姐", "哥哥", "满哥", "伯", "拐子",
                   # a man called by his place among brothers: 徐老四, 张老三
                   "老二", "老三", "老四", "老五", "老六", "老七", "老幺")
# 主任 stays a customer title: in a dealer's notes it is usually a client firm's 办公室主任.
# Hong Kong and Guangdong forms of address, read in notes written in Cantonese only: elsewhere
# 车太贵 and 卫生 are no people.
CANTONESE_TITLES = ("生", "太", "sir", "Sir", "SIR")
COLLEAGUE_TITLES = ("经理", "店长", "主管", "专员", "组长", "顾问", "助理")
_TITLES = tuple(sorted(CUSTOMER_TITLES + COLLEAGUE_TITLES, key=len, reverse=True))
_SURNAME_CLASS = "".join(sorted(SURNAMES))
_HONORIFIC = re.compile(
    f"(?:老(?=[{_SURNAME_CLASS}][叔婶伯姨哥姐]))?"  # 老李叔: the 老 belongs to the name
    "(?P<surname>" + "|".join(COMPOUND_SURNAMES) + f"|[{_SURNAME_CLASS}])"
    "(?P<title>" + "|".join(_TITLES) + ")")
_ANY_PREFIXED = re.compile(f"[老小][{_SURNAME_CLASS}]")
_CANTONESE_HONORIFIC = re.compile(f"(?P<surname>[{_SURNAME_CLASS}])(?P<title>生|太|[sS]ir|SIR)(?![A-Za-z])")
_PREFIXED = re.compile(f"(?P<prefix>[老小])(?P<surname>[{''.join(sorted(PREFIX_SURNAMES))}])"
                       r"(?![总姐哥叔婶伯姨])")
# [[王建军]], [[王建军|王总]], [[王建军#电话|王总]]: the page's name (1) and the alias shown (2)
WIKI_LINK = re.compile(r"\[\[([^\[\]|#\n]{1,40})(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
# a nested tag naming the customer a line is about (Bear, Obsidian): #客户/孟凡, #customer/Lisa
_CUSTOMER_TAG = re.compile(r"(?<![\w#])#(?:客户|顾客|customers?|clients?)/([\u4e00-\u9fff]{2,4}|[A-Za-z][\w.-]{1,30})", re.I)
_AT = re.compile(r"(?<![\w.])@([\u4e00-\u9fff]{2,4}|[A-Za-z][\w.-]{1,30})")
# Sra. López Wednesday: a day or a month is never the second word of a name
_CALENDAR_WORDS = ("(?:Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun)(?:day)?|Wednesday|Saturday|January|February|March|"
                   "April|May|June|July|August|September|October|November|December|Today|Tomorrow|Tonight")
# Latin letters of names as Spanish, French or German write them (Ramírez, Müller)
LATIN_UPPER = "A-ZÁÉÍÓÚÑÜÇÀÈÖА-ЯЁ"  # and Cyrillic: Иван Петров
LATIN_LOWER = "a-záéíóúñüçàèöâêîôûëа-яё"
LATIN_WORD = f"[{LATIN_UPPER}][{LATIN_LOWER}]"
# One word of a Latin-letter name, a hyphenated given name too: Korean Dong-hyun, French Jean-Pierre
LATIN_NAME_WORD = f"{LATIN_WORD}+(?:-[{LATIN_UPPER}{LATIN_LOWER}][{LATIN_LOWER}]+)?"
# Forms of address before a Latin-letter name: English ones, Malaysia's Encik / Puan / Cik /
# Datuk, and Spain's and Latin America's Sr. / Sra. / Srta. (not Malay Tuan: Tuan Nguyen's name)
ENGLISH_FORMS = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Auntie", "Aunty", "Uncle", "Madam", "Mdm", "Encik",
                 "Puan", "Cik", "Datuk", "Datin", "Srta", "Sra", "Sr")
_ENGLISH = re.compile(r"\b(" + "|".join(ENGLISH_FORMS) + r")\.?\s+"
                      rf"({LATIN_WORD}{{1,12}}(?:\s(?!{_CALENDAR_WORDS}\b){LATIN_WORD}{{1,12}})?)")
_DOTTED_TITLES = frozenset({"Mr", "Mrs", "Ms", "Mx", "Dr", "Mdm", "Sr", "Sra", "Srta"})  # Mr. Wang; Auntie Lim
_ENGLISH_FULL = None  # built after PINYIN_SURNAMES below
_HANZI = re.compile(r"[\u4e00-\u9fff]")
_AFTER_ZONG = frozenset("价结部共额计算之体量数账台站店裁归和")
TITLE_CHARS = frozenset("总姐哥叔先女士老师工董")
# What may stand right before a person's name in running text.
_NAME_LEFT = re.compile(r"(?:了|和|跟|与|给|带|陪|约|接待|是|叫|姓|客户|的|把|被|让|问|找|见|帮|替|向|位|说|"
                        r"对|及|同|加|请|通知|提醒|联系|拜访|回访|老公|老婆|爱人|儿子|女儿|朋友|父亲|母亲|"
                        r"今天|昨天|上午|下午|晚上|中午|早上|又|也|还|就|才|新客)$")
# A "name" ending in one of these is a tagger's mistake (雪域白能不能 → 白能).
FUNCTION_CHARS = frozenset("能不说的了在是有没要会也都就还又把被给和跟来去到过着呢吗吧啊呀么个这那"
                           "发回打送问看做约带拿交")
# Characters common in given names: a known two-character name followed by one of these (and
# no dictionary word starting there) is likely the start of a longer name.
GIVEN_NAME_CHARS = frozenset(
    "伟强磊军洋勇杰涛明超刚平辉鹏飞俊峰浩宇斌建国志文华亮晨东海波永庆德胜芳娜敏静丽艳娟秀霞桂英"
    "玉兰萍红琳雪梅丹欣怡涵婷颖倩佳慧晓燕春龙生荣林琴云莉凤洁琼蓉薇嘉瑶璐宁坤凯帆豪翔旭阳鑫"
    "琪昊振德明军成立新光达安福兴家宏博彬帅锋鹏晶丽娇秋菊桃竹亮")
# 阿强, 阿辉, 阿芳: the south's way of calling someone by a given name (not 阿姨, 阿叔, 阿拉,
# 阿里, 阿维塔: kin words, 阿拉 "we", brands — none of those is a given-name character)
_A_NICKNAME = re.compile(f"阿[{''.join(sorted(GIVEN_NAME_CHARS | frozenset('珍芬玲雄宝贵发财根水娣')))}]")
# Who a county town calls by birth order: 老三, 四哥, 二姐 (not 老二手车, 三姐妹, 第三哥)
# (his family's 老三 and an 二舅 are someone's kin, no one the writer deals with by that name)
_BIRTH_ORDER = re.compile(r"(?<![0-9一二三四五六七八九十百第家的])(?:(?<![古养元父告敬到长遗衰苍变显])老[二三四五六七八九幺]"
                          r"(?![手十百千万年月日号天岁届次遍点个台辆块毛分菱轮样路川])|[二三四五六七八九][哥姐](?![妹弟们子]))")
_NAME_CANDIDATE = re.compile(
    "(?:" + "|".join(COMPOUND_SURNAMES) + f"|[{_SURNAME_CLASS}])[{''.join(sorted(GIVEN_NAME_CHARS))}]")

PINYIN_SURNAMES = {
    "wang": "王", "li": "李", "zhang": "张", "liu": "刘", "chen": "陈", "yang": "杨", "zhao": "赵",
    "huang": "黄", "zhou": "周", "wu": "吴", "xu": "徐", "sun": "孙", "hu": "胡", "zhu": "朱",
    "gao": "高", "lin": "林", "he": "何", "guo": "郭", "ma": "马", "luo": "罗", "liang": "梁",
    "song": "宋", "zheng": "郑", "xie": "谢", "han": "韩", "tang": "唐", "feng": "冯", "yu": "于",
    "dong": "董", "xiao": "萧", "cheng": "程", "cao": "曹", "yuan": "袁", "deng": "邓", "shen": "沈",
    "zeng": "曾", "peng": "彭", "lu": "陆", "su": "苏", "jiang": "蒋", "cai": "蔡", "jia": "贾",
    "ding": "丁", "wei": "魏", "ye": "叶", "pan": "潘", "du": "杜", "dai": "戴", "xia": "夏",
    "zhong": "钟", "tian": "田", "ren": "任", "fan": "范", "fang": "方", "shi": "石", "yao": "姚",
    "tan": "谭", "liao": "廖", "zou": "邹", "xiong": "熊", "jin": "金", "hao": "郝", "kong": "孔",
    "bai": "白", "cui": "崔", "kang": "康", "mao": "毛", "qiu": "邱", "qin": "秦", "gu": "顾",
    "hou": "侯", "shao": "邵", "meng": "孟", "long": "龙", "wan": "万", "duan": "段", "lei": "雷",
    "qian": "钱", "yin": "尹", "yi": "易", "chang": "常", "qiao": "乔", "lai": "赖", "wen": "文",
    "ouyang": "欧阳", "shangguan": "上官", "zhuge": "诸葛",
}
_ENGLISH_FULL = re.compile(
    r"\b(?<!Mr\. )(?<!Ms\. )(?!(?:Manager|Supervisor|Director|Officer|Secretary|Chairman|Team|Store|Sales|Finance)\b)"
    r"([A-Z][a-z]{1,10}) (" + "|".join(
        sorted((k.capitalize() for k in PINYIN_SURNAMES), key=len, reverse=True)) + r")\b(?!\s[A-Z])")
# An English-speaking writer's pinyin forms of address: Xiao Li (小李), Lao Qin (老秦), Wang zong (王总),
# Li jie (李姐). The surname is a pinyin one, the title lower case (or Zong): "Xiao Li" is 小李, no one's
# full name.
PINYIN_TITLES = {"zong": "总", "jie": "姐", "ge": "哥", "laoshi": "老师", "shifu": "师傅", "ayi": "阿姨",
                 "dage": "大哥", "dajie": "大姐", "laoban": "老板", "xiansheng": "先生", "nvshi": "女士"}
_PINYIN_SURNAME_WORD = "|".join(sorted((k.capitalize() for k in PINYIN_SURNAMES), key=len, reverse=True))
_PINYIN_FORM = re.compile(
    rf"\b(?:(?P<prefix>Xiao|Lao) (?P<s1>{_PINYIN_SURNAME_WORD})(?![\w-]| [A-Z][a-z])"
    rf"|(?P<s2>{_PINYIN_SURNAME_WORD}) (?P<title>" + "|".join(sorted(PINYIN_TITLES, key=len, reverse=True))
    + r"|Zong)(?![\w-]))")


def pinyin_form_hanzi(surface: str) -> str | None:
    """Xiao Li -> 小李, Wang zong -> 王总: a pinyin form of address as the Chinese write it."""
    m = _PINYIN_FORM.fullmatch(surface)
    if m is None:
        return None
    if m.group("prefix"):
        return ("小" if m.group("prefix") == "Xiao" else "老") + PINYIN_SURNAMES[m.group("s1").lower()]
    return PINYIN_SURNAMES[m.group("s2").lower()] + PINYIN_TITLES[m.group("title").lower()]


ENGLISH_TITLES = {"mr": "先生", "mrs": "女士", "ms": "女士", "miss": "小姐", "mx": "先生", "dr": "先生"}

# Capitalised words that come before a surname-like word without being a given name.
ENGLISH_NOT_GIVEN = frozenset({"The", "This", "That", "Met", "Called", "Told", "With", "And", "But",
                               "Mr", "Mrs", "Ms", "Dr", "Miss", "Call", "Ask", "Send", "Tell", "Meet",
                               "Visit", "Follow", "Email", "Text", "Saw", "Emailed", "Texted", "Drove",
                               "Hong", "Chang", "Great", "Big", "Ping"})
# Words that look like names to a tagger but are not people in a dealership's notes.
NOT_NAMES = frozenset({
    "宋PLUS", "秦PLUS", "汉EV", "唐DM", "海豹", "海鸥", "宝马", "奔驰", "奥迪", "大众", "丰田",
    "本田", "日产", "别克", "吉利", "长安", "哈弗", "理想", "问界", "小米", "蔚来", "极氪", "零跑",
    "黄金周", "高速", "高兴", "马上", "于是", "江南", "文明", "方向", "周末", "周一", "周二",
    "周检", "周报", "周会", "周结", "周评", "周计划", "毛病", "方便", "白天", "文件", "时间", "成本",
    "关键", "管理", "安排", "简单", "单位", "车主",
    "周三", "周四", "周五", "周六", "周日", "金融", "雷凌", "凯美瑞", "卡罗拉", "汉兰达", "朗逸",
    "速腾", "帕萨特", "途观", "探岳", "星越", "博越", "帝豪", "星瑞", "银河", "元PLUS", "常规",
    "安全", "成交", "易车", "高配", "高端", "钱包", "程序", "白色", "黑色", "蓝色", "红色",
    "黎明", "明天", "于今", "何时", "任何", "向前", "石头", "金额", "温度", "关于", "万元",
    "刘海", "陆续", "江湖", "童年", "齐全", "谷歌", "苗头", "雷达", "龙头", "包括", "钟头",
    "武汉", "沈阳", "成都", "杭州", "南京", "天津", "苏州", "长沙", "郑州", "曲面", "章程",
    "路况", "路上", "路口", "史上", "高德", "白天", "祝贺", "毕业", "应该", "罗列", "邱比",
    "宋朝", "秦朝", "唐朝", "汉朝", "孙子", "孔雀", "温州", "常州", "常熟", "马路", "施工",
    "所有人", "大家", "全体",
    # job titles that start with a surname's character: 他们车队长老彭 is 老彭's job
    "车队长", "车间主任", "车管",
})
# A sentence that is about meeting someone: only these are POS-tagged for unknown full names.
_MEETING_CUE = re.compile(
    r"接待|到店|来店|进店|试驾|看车|报价|订车|定车|提车|交车|签了|签合同|付了|交了定金|定金|"
    r"回访|电话|微信|客户|陪|约了|约好|成交|置换|贷款|首付|意向|预算|带着|一家")


@dataclass(frozen=True)
class Directory:
    """Who is who across the vault: known customer names, aliases, colleagues."""

    customers: frozenset[str] = frozenset()
    aliases: dict[str, str] = field(default_factory=dict)  # surface -> canonical
    colleagues: frozenset[str] = frozenset()
    author: str | None = None
    models: frozenset[str] = frozenset()  # car models the vault's deals name: never people
    relatives: frozenset[str] = frozenset()  # full names given as a customer's relative

    def is_colleague(self, surface: str) -> bool:
        if surface in self.colleagues or (self.author and surface == self.author):
            return True
        return surface.endswith(COLLEAGUE_TITLES) and surface not in self.aliases  # not 张经理（张振宇）

    def known_pattern(self) -> re.Pattern | None:
        names = sorted({n for n in (*self.customers, *self.aliases) if len(n) >= 2},
                       key=len, reverse=True)
        return _alternation(tuple(names)) if names else None


@lru_cache(maxsize=4)
def _alternation(names: tuple[str, ...]) -> re.Pattern:
    """One pattern for a vault's known names, kept across a watcher's saves (compiling it
    takes 0.1 s at 3,650 notes, and re's own cache may have let it go)."""
    return re.compile("|".join(map(re.escape, names)))


@lru_cache(maxsize=65536)
def surname_of(surface: str) -> str | None:
    """王总 -> 王, 欧阳娜娜 -> 欧阳, 老郑 -> 郑, Mr. Wang -> 王."""
    english = _ENGLISH.match(surface)
    if english:
        return PINYIN_SURNAMES.get(english.group(2).split()[-1].lower())
    hanzi = pinyin_form_hanzi(surface) if surface[:1].isascii() else None
    if hanzi:
        return surname_of(hanzi)
    for compound in COMPOUND_SURNAMES:
        if surface.startswith(compound):
            return compound
    if len(surface) >= 2 and surface[0] in "老小" and surface[1] in PREFIX_SURNAMES and len(surface) == 2:
        return surface[1]
    first = TRADITIONAL_SURNAMES.get(surface[:1], surface[:1])
    return first if first in SURNAMES else None


# How a four-character firm's name ends (a person's four-character name does not)
_ORGANISATION_ENDS = ("出行", "快运", "物流", "运输", "配送", "科技", "集团", "商贸", "贸易", "实业", "租赁", "汽车",
                      "医药", "建设", "建工", "地产", "置业", "传媒", "文化", "电子", "能源", "食品", "餐饮", "酒店",
                      "中心", "公司", "银行", "医院", "学校", "商行", "车行", "速递", "快递", "货运", "客运", "环保")


# 艾力·买买提, 古丽娜尔·吐尔逊: a Uyghur (or transliterated) name, its parts joined by a dot
DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}[·・][\u4e00-\u9fff]{1,8}")


@lru_cache(maxsize=65536)
def is_full_name(surface: str) -> bool:
    """A Chinese full name (2–4 hanzi starting with a surname, or a dotted name such as
    艾力·买买提) rather than an honorific form."""
    if "·" in surface or "・" in surface:
        return DOTTED_NAME.fullmatch(surface) is not None
    if not (2 <= len(surface) <= 4) or not all(_HANZI.match(c) for c in surface):
        return False
    if surface.endswith(_TITLES) or (surface[0] in "老小" and len(surface) == 2):
        return False
    if len(surface) == 2 and surface[1] in CANTONESE_TITLES:
        return False  # 陳生, 李太: Mr. Chan, Mrs. Li
    if len(surface) == 4 and surface.endswith(_ORGANISATION_ENDS):
        return False  # 易行出行, 泉城快运: a firm's name, four characters like a compound-surname name
    if surface.endswith(("氏", "家", "村", "路", "街", "店", "厂", "司")):
        return False  # 罗氏, 王家, 李村: a family, a firm or a place
    return surname_of(surface) is not None


def names_in_meta(value: object) -> list[str]:
    """Customer names from a front-matter value: a string, a list, or a 、/，-separated string."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for item in value:
            out.extend(names_in_meta(_named_in(item)))
        return out
    if isinstance(value, (str, int, float)):
        # "[[王建军|王总]]", as Obsidian's property editor writes a link: its target is the name
        text = WIKI_LINK.sub(lambda m: m.group(1).strip(), str(value))
        return [part.strip() for part in re.split(r"[、，,；;]", text) if part.strip()]
    return []


def _named_in(item: object) -> object:
    """A front-matter list item as a name: a mapping's name field (`- {name: 王建国, stage: 试驾}`)."""
    if isinstance(item, dict):
        return item.get("name") or item.get("customer") or item.get("客户") or item.get("姓名")
    return item


def meta_link_aliases(value: object) -> list[tuple[str, str]]:
    """(alias, name) of the aliased links in a front-matter value (`customers: ["[[王建军|王总]]"]`):
    the alias is a form of that name, as `[[王建军|王总]]` in the body is."""
    value = _named_in(value)
    if isinstance(value, (list, tuple)):
        return [pair for item in value for pair in meta_link_aliases(item)]
    if not isinstance(value, str):
        return []
    return [(m.group(2).strip(), m.group(1).strip()) for m in WIKI_LINK.finditer(value)
            if m.group(2) and m.group(2).strip() and m.group(2).strip() != m.group(1).strip()]


@dataclass(frozen=True, slots=True)
class Span:
    surface: str
    start: int
    end: int
    rule: str


_JOB_BEFORE = re.compile(r"(?:队|科|组|班|部|处|厂|站|所|车间)长$")


class CustomerFinder:
    """Finds customer mentions in text, given what the vault knows."""

    def __init__(self, directory: Directory, segmenter: Segmenter, tag_unknown: bool = True) -> None:
        self.directory = directory
        self.segmenter = segmenter
        self.tag_unknown = tag_unknown

    @cached_property
    def _known(self) -> re.Pattern | None:
        # Known names are matched by pattern, never added to the shared tokenizer: its word
        # list must not depend on which notes were read before (incremental == full build).
        # Compiled on first use: a warm start, with every note cached, reads no text with it
        # (0.1 s at 3,650 notes).
        return self.directory.known_pattern()

    def spans(self, text: str, cantonese: bool = False) -> list[Span]:
        """Mentions in one line of text, left to right, non-overlapping (`cantonese`: a
        line of a note written in Cantonese, where 陳生 and 李太 are people)."""
        found: list[Span] = []
        taken = [False] * (len(text) + 1)

        def add(surface: str, start: int, end: int, rule: str) -> None:
            if any(taken[start:end]) or not surface.strip():
                return
            for i in range(start, end):
                taken[i] = True
            found.append(Span(surface.strip(), start, end, rule))

        for m in WIKI_LINK.finditer(text):
            if self._is_person(m.group(1).strip()):
                add(m.group(1), m.start(), m.end(), "link")
        for m in _AT.finditer(text):
            surface = self._trim_at(m.group(1))
            if surface not in NOT_NAMES:  # @所有人 is everyone in the chat
                add(surface, m.start(), m.start() + 1 + len(surface), "at")
        for m in _CUSTOMER_TAG.finditer(text):  # Bear / Obsidian: #客户/孟凡
            add(m.group(1), m.start(), m.end(), "tag")
        if self._known is not None:
            for m in self._known.finditer(text):
                if self._word_at(text, m.start(), m.end()):
                    add(m.group(0), m.start(), m.end(), "known-name")
        for m in _ENGLISH.finditer(text):
            add(_normal_english(m.group(0)), m.start(), m.end(), "honorific")
        for m in _PINYIN_FORM.finditer(text):  # Xiao Li, Wang zong
            add(m.group(0), m.start(), m.end(), "honorific")
        for m in _ENGLISH_FULL.finditer(text):
            if m.group(1) not in ENGLISH_NOT_GIVEN:
                add(m.group(0), m.start(), m.end(), "full-name")
        candidates: list[tuple[int, int]] = []
        for m in _HONORIFIC.finditer(text):
            candidates.append((m.start(), m.end()))
        for m in _PREFIXED.finditer(text):
            candidates.append((m.start(), m.end()))
        for m in _A_NICKNAME.finditer(text):
            candidates.append((m.start(), m.end()))
        if cantonese:
            candidates += [(m.start(), m.end()) for m in _CANTONESE_HONORIFIC.finditer(text)]
        for start, end in sorted(candidates, key=lambda c: (c[0], -c[1])):  # longest first
            if not any(taken[start:end]) and self._honorific_ok(text, start, end):
                add(text[start:end], start, end, "honorific")
        for m in _BIRTH_ORDER.finditer(text):  # 老三, 四哥: no surname, so none of the checks above
            add(m.group(), m.start(), m.end(), "honorific")
        if self.tag_unknown and _MEETING_CUE.search(text) and _HANZI.search(text):
            for surface, start, end in self._tagged_names(text):
                add(surface, start, end, "full-name")
        found.sort(key=lambda s: s.start)
        return found

    def _is_person(self, name: str) -> bool:
        """[[王建国]] yes; [[2026-10-09]], [[海豹06]], [[周报]] no."""
        if name in self.directory.customers or name in self.directory.aliases:
            return True
        if _LINKED_LATIN_NAME.fullmatch(name) and not set(name.split()) & (_NOT_LEAD_WORDS | ENGLISH_NOT_GIVEN) \
                and name not in self.directory.models:
            return True  # [[Lisa Wong]]: a page for a person (not [[Weekly Review]])
        if is_full_name(name) or _ENGLISH.fullmatch(name) or _ENGLISH_FULL.fullmatch(name):
            return True
        honorific = _HONORIFIC.fullmatch(name) or _PREFIXED.fullmatch(name)
        return bool(honorific) and name not in NOT_NAMES

    def _trim_at(self, raw: str) -> str:
        if self._known is not None:
            m = self._known.match(raw)
            if m:
                return m.group(0)
        m = _HONORIFIC.match(raw)
        if m:
            return m.group(0)
        return raw[:3] if _HANZI.match(raw[0]) else raw

    def _word_at(self, text: str, start: int, end: int) -> bool:
        """Is text[start:end] a whole name? 张伟 in 张伟明的车 is not; in 张伟明天来 it is;
        Tom in Tomorrow is not."""
        if (text[end - 1:end].isalpha() and text[end - 1].isascii() and text[end:end + 1].isalpha()
                and text[end].isascii()) or (start > 0 and text[start].isascii() and text[start].isalpha()
                                             and text[start - 1].isascii() and text[start - 1].isalpha()):
            return False
        after = text[end] if end < len(text) else ""
        if after in GIVEN_NAME_CHARS and is_full_name(text[start:end]) and end - start == 2 \
                and not self.segmenter.is_word(text[end:end + 2]) \
                and not self.segmenter.is_word(text[end:end + 3]):
            return False
        if start > 0 and text[start - 1] in SURNAMES and is_full_name(text[start - 1:end]) \
                and not self.segmenter.is_word(text[start - 2:start]) and start >= 1 \
                and _HANZI.match(text[start - 1]) and text[start - 1] not in "和跟与给对把被让向在":
            return False  # 李张伟: another surname glued in front
        return True

    def _honorific_ok(self, text: str, start: int, end: int) -> bool:
        surface = text[start:end]
        if surface in NOT_NAMES:
            return False
        after = text[end:end + 1]
        if surface[0] == "阿":  # 阿根廷, 阿拉伯: a longer word; 明说 after 阿明 is no matter
            return not self.segmenter.is_word(text[start:end + 1]) and not (
                start > 0 and self.segmenter.is_word(text[start - 1:start + 1]))
        if len(surface) == 2 and surface[0] in "老小":
            # 老郑 / 小王: jieba's HMM often glues the surname to the next character (郑试驾),
            # so ask the dictionary instead: 小王子, 老黄历, 小周末 are words, not people.
            if self.segmenter.is_word(text[start + 1:end + 1]) and after:
                return False
            if _JOB_BEFORE.search(text, max(0, start - 3), start):
                return True  # 车队长老彭, 组长小王: a job title's 长 is no 长老
            return not (start > 0 and self.segmenter.is_word(text[start - 1:start + 1]))
        # Ask the dictionary rather than jieba's cut, whose HMM glues names to verbs (总来):
        # the surname must not end a word before it (提高总价 → 高), and a one-character title
        # must not start a word after it (王总价, 高总结, 李姐妹).
        if start > 0 and self.segmenter.is_word(text[start - 1:start + 1]) \
                and not (start > 1 and self.segmenter.is_word(text[start - 2:start])):
            return False  # (然后赵老板: 后 belongs to 然后, not to the dynasty 后赵)
        title = surface[len(surname_of(surface) or surface[:1]):]
        if title == "总":  # 总 starts many words (总是, 总对); only these make 王总 not a person
            return after not in _AFTER_ZONG
        if len(title) == 1 and after and self.segmenter.is_word(text[end - 1:end + 1]):
            return False
        return True

    def tagged_names(self, text: str) -> list[tuple[str, int, int]]:
        """Unknown full names in a sentence about meeting someone (empty for other sentences).

        The tagger is slow (0.05 MB/s), so it only sees a few characters around each place
        where a surname is followed by a character common in given names."""
        if not (_MEETING_CUE.search(text) and _HANZI.search(text)):
            return []
        out: list[tuple[str, int, int]] = []
        covered = -1
        for m in _NAME_CANDIDATE.finditer(text):
            if m.start() < covered or _BELIEVED.search(text, max(0, m.start() - 6), m.start()):
                continue  # 我一直以为她叫王丽娜: the name she does not have
            start, end = max(0, m.start() - 4), min(len(text), m.end() + 4)
            for surface, s, e in self._tagged_names(text[start:end]):
                if start + s <= m.start() < start + e:
                    out.append((surface, start + s, start + e))
            covered = m.end()
        return out

    def _tagged_names(self, text: str) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        position = 0
        for word, flag in self.segmenter.tag(text):
            start = position
            position += len(word)
            if flag != "nr":
                continue
            end = position
            if len(word) == 3 and word[2] == "微" and text[position:position + 1] == "信":
                word, end = word[:2], position - 1  # 杨帆微信问…: jieba glued the name to 微(信)
            if not is_full_name(word) or word in NOT_NAMES:
                continue
            if len(word) == 2 and word[1] in "总姐哥叔":
                continue
            if word[-1] in FUNCTION_CHARS or (len(word) == 3 and word[1] in FUNCTION_CHARS):
                continue
            if any(c in TITLE_CHARS for c in word[1:]) or (
                    len(word) == 4 and not word.startswith(COMPOUND_SURNAMES)):
                continue  # 何姐微(信), 雷凌双擎: a title inside or a four-character non-name
            if any(word in model or model.startswith(word) for model in self.directory.models):
                continue
            if not self._word_at(text, start, end):
                continue
            if start > 0 and _HANZI.match(text[start - 1]) and not _NAME_LEFT.search(text[:start]):
                continue  # 汉兰达 → 汉/兰达: a name glued to a word before it is a tagger's slip
            out.append((word, start, end))
        return out


def local_aliases(spans_by_line: list[list[Span]], meta_names: list[str],
                  relatives: frozenset[str] = frozenset()) -> dict[str, str]:
    """Honorific → full name, when this note names exactly one customer with that surname
    (not one it names as someone's relative: 周叔带他儿子周浩然 are two people)."""
    full = {s.surface for spans in spans_by_line for s in spans
            if is_full_name(s.surface) and s.surface not in relatives}
    full.update(n for n in meta_names if is_full_name(n))
    by_surname: dict[str, set[str]] = {}
    for name in full:
        surname = surname_of(name)
        if surname:
            by_surname.setdefault(surname, set()).add(name)
    aliases: dict[str, str] = {}
    for spans in spans_by_line:
        for s in spans:
            if is_full_name(s.surface) or s.rule in ("full-name",):
                continue
            surname = surname_of(s.surface)
            names = by_surname.get(surname or "", set())
            if _ELDER_FORM.search(s.surface):
                names = names - relatives  # 曲阿姨 is not her son 曲航, though the deal names him
            if len(names) == 1:
                aliases[s.surface] = next(iter(names))
    return aliases


# the forms of address of an elder: never a relative of theirs who shares the surname
_ELDER_FORM = re.compile(r"(?:阿姨|大爷|大妈|大娘|大叔|叔叔?|婶婶?|奶奶|爷爷|老太太?|老爷子|阿伯|伯伯?|阿婆|婆婆|姨妈?|姑妈?|舅舅?)$")


# The forms of address the naming patterns below recognise (王总, 小孙, 陈生…), the papers a full
# name is read off (身份证上是…, 訂單上的名字是…), and the full name's own words (全名, 大号)
_FORM_TITLES = ("总|董|经理|主任|科长|处长|部长|局长|支书|书记|村长|院长|校长|所长|厂长|行长|队长|站长|老[二三四五六七幺]|大姐|大哥|大叔|姐姐|哥哥|拐子|阿姆|阿叔|阿伯|阿兄|阿姐|孃孃|嬢嬢|娭毑|满哥|姐|哥|先生|女士|小姐|"
                "师傅|阿姨|老师|叔|老板|生|太|sir")
_PAPERS = ("身份证|证件|驾照|行照|行驶证|订单|合同|收据|营业执照|执照|发票|户口本|购车发票|登记证|投保单|保单|留资|"
           "锁单信息|订单信息|试驾单|试乘单|登记表|名片|合约|契约|订购单|购车合同|贷款资料|资料|协议|"
           "意向单|意向书|意向表|报价单|定金单|订车单|交车单|登记单|信息表|申请表|单子|表格")
_FULL_NAME_WORDS = "全名|大名|大号|本名|真名|实名"
# 他叫…, 她全名是…, or a bare ，全名… after the sentence named them by a form of address
_WRITTEN = "写的是?|填的是?|写着|印的是?|登记的是?|签字的是?|签名的是?|签的是?|开的是?|写(?![成错])"  # 锁单信息写的周启明, 名片上印的周国栋
_NAMED = re.compile(rf"(?:(?:他|她)(?:的)?(?:名字)?(?:姓[\u4e00-\u9fff][，,]?\s*)?(?:叫|(?:{_FULL_NAME_WORDS})(?:是|叫)?)"
                    rf"|(?:{_FULL_NAME_WORDS})(?:是|叫)?"
                    # 订单上写的名字是周建华, 协议上签的名字是苏晓燕
                    rf"|(?:{_PAPERS})(?:上(?:[他她])?(?:(?:写|填|签|印|登记)的名字(?:是|叫)?|(?:的|个|嘅)?名字?(?:是|叫|{_WRITTEN})?|(?:的|个|嘅)?(?:是|叫|{_WRITTEN}))"
                    rf"|里?(?:{_WRITTEN})|(?:的|个)?名字(?:是|叫)?)"
                    # 合同写的她的名字刘雅琴: whose name the paper holds, said in between
                    r"(?:(?:他|她)的名字(?:是|叫)?)?"
                    # 罗总的名片我今天才仔细看，上面写的罗永福: the paper the sentence named
                    rf"|(?<=[，,\s])上面(?:{_WRITTEN})"
                    # 开票信息…联系人写的邓志强: the contact a paper names
                    r"|(?:负责人|联系人)(?:写的?是?|填的?是?|是)"
                    # 给了你一张名片：振东物流 总经理 李振东 — the company, the title, the name
                    r"|名片[：:]\s*[^，,。；;：:]{0,14}?(?:总经理|董事长|副总(?:经理)?|经理|总监|老板|主任|院长|局长|处长|科长|校长|厂长|总裁|负责人|法人|合伙人))\s*"
                    r"([\u4e00-\u9fff]{2,3})(?![\u4e00-\u9fff]{2})")
_FORM_OF = "(?:[老小]{s}|{s}(?:" + _FORM_TITLES + "))"
# 幺妹, 幺儿: 四川's youngest daughter or son, often the only name the writer has for them
_YOUNGEST = r"幺[妹儿娃]"
_A_FORM = rf"{_YOUNGEST}|(?<![\u4e00-\u9fff])[老小阿][\u4e00-\u9fff]|[\u4e00-\u9fff](?:{_FORM_TITLES})"
# 王哥大名王振东, 冯总就是冯建平, 张大叔身份证上名字叫张国强
# (张总名片 张立新: a veteran's shorthand, the paper and then its name after a space)
_FORM_NAMED = re.compile(rf"({_A_FORM})(?:的)?(?:(?:(?:{_PAPERS})上(?:的)?)?"
                         rf"(?:(?:个)?名字?叫|(?:{_FULL_NAME_WORDS})(?:是|叫)?|就是|也就是|即)|(?:{_PAPERS})[ \t]+)\s*"
                         r"([\u4e00-\u9fff]{2,3})")
# Every naming pattern below holds one of these
_NAMING_HINT = re.compile(rf"[（(]|就是|即|叫|名|护照|负责人|联系人|{_FULL_NAME_WORDS}|{_PAPERS}|[Ff]ull name|"
                          r"[Rr]eal name|IC name|[Ll]egal name|[Nn]ame|says|reads|shows|[Ll]egal rep"
                          r"|\b(?:Mr|Mrs|Ms|Miss|Mdm|Madam)\.? [A-Z][a-z]+ [A-Z][a-z]+ [A-Z]")  # Mr Tan Wei Ming
# 林淑芬，就是林小姐本人 / 周建华就是周总: the full name first, then the form
_FULL_IS_FORM = re.compile(rf"([\u4e00-\u9fff]{{2,3}})[，,]?\s*(?:就是|也就是|即)\s*"
                           rf"([老小][\u4e00-\u9fff](?![\u4e00-\u9fff])|[\u4e00-\u9fff](?:{_FORM_TITLES}))")
_ENGLISH_NAMED = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*\((Mr|Mrs|Ms|Miss|Dr)\.?\s+([A-Z][a-z]+)"
                            r"(?:\s+(?:from|of|who|at|in)\b[^()]{0,30})?\)")  # Walt Patterson (Mr. Patterson from the 19th)
# [[徐子腾]] (Tony), 王欣（Cindy）: a Chinese name and the English name they go by
_CHINESE_THEN_ENGLISH = re.compile(r"([\u4e00-\u9fff]{2,4})(?:\]\])?\s*[（(]\s*([A-Z][a-z]{2,12})\s*[)）]")
# 孙浩，刘宝山的同事，…让我管他叫小孙就行: what the customer asked to be called
_CALLED = re.compile(r"^\s*([\u4e00-\u9fff]{2,3})[，,][^。！？!?]{0,40}?(?:管|叫)(?:他|她)叫?\s*"
                     r"([老小][\u4e00-\u9fff]|[\u4e00-\u9fff](?:总|姐|哥))")
# Characters that end a run-on sentence's next word rather than a name (冯建平昨天…)
_NOT_NAME_END = frozenset("昨今在说是的了和跟给我他她也都就还又要会")


def _given_name_used(full: str, text: str) -> bool:
    """Does `text` call the person by the given name of `full` alone (跟建宏來了)? Not inside
    the full name itself (王建国), nor as part of a place (建国路)."""
    return re.search(rf"(?<!{re.escape(full[0])}){re.escape(full[1:])}(?![路街道巷村镇区里])", text) is not None


_DOTTED_IN_PARENS = re.compile(r"([\u4e00-\u9fff]{1,8})\s*[（(]\s*(?:就是|也就是|即)?\s*(" + DOTTED_NAME.pattern + r")\s*[)）]")


def paren_aliases(text: str, before: str = "") -> dict[str, str]:
    """The writer says who an honorific form is: `Mr. Wang (王建国)`, `王总（王建国）`,
    `宋雨桐（就是宋女士）`, `小赵来了，他叫赵一鸣`. `before`: the lines just above in the same
    paragraph, where the form may be (**小叶** / 林薇的闺蜜，全名叶子涵)."""
    out: dict[str, str] = {}
    if not _NAMING_HINT.search(text):
        return out  # most lines name nobody: skip the patterns below (twice per line in a build)
    for m in re.finditer(r"((?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+|" + _PINYIN_FORM.pattern + r"|[\u4e00-\u9fff]{2,3})"
                         r"(?:\*\*)?\s*[（(]\s*"
                         r"(?:就是|也就是|即)?\s*([\u4e00-\u9fff]{2,4})\s*(?:[，,、；;][^）)]{0,30})?[)）]", text):
        a, b = m.group(1), m.group(m.lastindex)
        if is_full_name(a) and not is_full_name(b):
            a, b = b, a  # 宋雨桐（就是宋女士）
        if is_full_name(b) and a != b and (surname_of(a) == surname_of(b)) and b not in NOT_NAMES \
                and not _DAY_WORD.match(b):  # 周先生（周日，电话就行）: a day, not his name
            out[a if not a[0].isalpha() or _HANZI.match(a[0]) else _normal_english(a)] = b
            if pinyin_form_hanzi(a):
                out[pinyin_form_hanzi(a)] = b  # Xiao Li (李子豪): and 小李
    for m in _DOTTED_IN_PARENS.finditer(text):  # 艾力哥（艾力·买买提）: the form made of the first part
        form, full = m.group(1), m.group(2)
        if form != full and form.startswith(re.split("[·・]", full)[0]):
            out[form] = full
    for m in _FORM_NAMED.finditer(text):  # 王哥大名王振东, 冯总就是冯建平
        form, full = m.group(1), m.group(2)
        if len(full) == 3 and full[2] in _NOT_NAME_END:
            full = full[:2]
        if is_full_name(full) and (surname_of(form) == surname_of(full) or re.fullmatch(_YOUNGEST, form)):
            out[form] = full
    for m in _ENGLISH_WITH_CHINESE.finditer(text):  # Cindy Wang (王欣): the Chinese name is hers
        full = m.group(3)
        rest = text[:m.start()] + text[m.end():]
        # …in a line written in Chinese; in English (Chen Jing (陈静) came back…) the English one
        if is_full_name(full) and len(_HANZI_ALL.findall(rest)) > len(_LATIN.findall(rest)):
            out[f"{m.group(1)} {m.group(2)}"] = full
            if m.group(1) not in ENGLISH_NOT_GIVEN:
                out[m.group(1)] = full
    for m in _CHINESE_THEN_ENGLISH.finditer(text):  # [[徐子腾]] (Tony)
        if is_full_name(m.group(1)) and m.group(2) not in ENGLISH_NOT_GIVEN and m.group(2) not in _NOT_LEAD_WORDS \
                and m.group(2) not in _ENGLISH_TITLE_WORDS and not re.match(_CALENDAR_WORDS + "$", m.group(2)):
            out[m.group(2)] = m.group(1)
    for m in _ENGLISH_NAMED.finditer(text):  # Angela Russo (Ms. Russo), Linda (Mrs. Park)
        name, title, surname = m.group(1), m.group(2), m.group(3)
        words = name.split()
        if len(words) == 1 and words[0] not in ENGLISH_NOT_GIVEN:
            full = f"{words[0]} {surname}"
            out[words[0]] = full
        elif len(words) == 2 and words[1] == surname:
            full = name
        else:
            continue
        out[_normal_english(f"{title}. {surname}")] = full
    for m in _FORM_THEN_FULL.finditer(text):  # Mr. Chan (Chan Wing Hong), Ms. Lee (Karen Lee)
        words = m.group(3).split()
        if m.group(2) in (words[0], words[-1]) and not set(words) & (_NOT_LEAD_WORDS | ENGLISH_NOT_GIVEN - {"Hong"}):
            out[_normal_english(f"{m.group(1)} {m.group(2)}")] = m.group(3)
    for m in _SURNAME_FIRST.finditer(text):  # Mr Tan Wei Ming: Mr. Tan, Mr. Tan Wei, Wei Ming
        title, surname, given = m.group(1), m.group(2), f"{m.group(3)} {m.group(4)}"
        if (surname.lower() in PINYIN_SURNAMES or surname in _NANYANG_SURNAMES) \
                and not {m.group(3), m.group(4)} & _NOT_LEAD_WORDS:
            full = f"{surname} {given}"
            for form in (f"{title} {surname}", f"{title} {surname} {m.group(3)}"):
                out[_normal_english(form)] = full
            out[given] = full
    for pattern in (_FULL_IS_FORM, _CALLED):
        for m in pattern.finditer(text):
            full, form = m.group(1), m.group(2)
            if is_full_name(full) and surname_of(form) == surname_of(full):
                out[form] = full
    for m in _NAMED.finditer(text):
        full = m.group(1)
        surname = surname_of(full) if is_full_name(full) else None
        if surname is None or _BELIEVED.search(text, max(0, m.start() - 4), m.start()):
            continue  # 我一直以为她叫王丽娜: what the writer thought, not her name
        forms = re.findall(_FORM_OF.format(s=re.escape(surname)), before + "\n" + text[:m.start()])
        if len(full) == 3 and _given_name_used(full, text[:m.start()]):
            out[full[1:]] = full  # 陳阿伯跟建宏來了…合約寫陳建宏: the one called by his given name,
            continue  # not the form
        if forms:  # the form the sentence used for them before naming them
            out[forms[-1]] = full
        elif len(ranks := set(_BIRTH_ORDER.findall(before + "\n" + text[:m.start()]))) == 1:
            out[ranks.pop()] = full  # 去老三家看车…行驶证上写的杨庆山: the one 老三 / 四哥 named before
        elif re.match(_FULL_NAME_WORDS, m.group(0)):
            # 新客户 小美！！…本名赵美琪: the one nickname the line used before naming her
            nicknames = set(_NICKNAME.findall(text[:m.start()]))
            if len(nicknames) == 1:
                out[nicknames.pop()] = full
        else:
            # 阿辉的收据…，他叫李志辉: the nickname before it made of the full name's last character
            nicknames = set(re.findall(f"[小阿]{re.escape(full[-1])}", text[:m.start()]))
            if len(nicknames) == 1:
                out[nicknames.pop()] = full
    for m in _ENGLISH_FULL_NAME.finditer(text):  # Mr. Lim … Full name Lim Wei Jie
        full = m.group(1)
        words = set(full.split())
        forms = [f for f in _ENGLISH.finditer(before + "\n" + text[:m.start()])
                 if set(f.group(2).split()) <= words]
        if len(words) >= 2 and forms:
            out[_normal_english(forms[-1].group(0))] = full
        given = re.search(rf"({LATIN_WORD}+)\s*$", text[:m.start()])
        if len(words) >= 2 and given and given.group(1) == full.split()[0]:
            out[given.group(1)] = full  # Ольга 全名 Ольга Смирнова: the given name she goes by
    for start, full in english_named_chinese(text):  # Mr. Wang … Name on the contract: 王海涛
        surname = surname_of(full)
        earlier = before + "\n" + text[:start]
        forms = [f.group(0) for f in _PINYIN_FORM.finditer(earlier)] + \
                [_normal_english(f.group(0)) for f in _ENGLISH.finditer(earlier)]
        forms = [f for f in forms if surname_of(f) == surname]
        if forms:
            last = max(forms, key=lambda f: earlier.rfind(f.split(". ")[-1]))
            out[last] = full
            if pinyin_form_hanzi(last):
                out[pinyin_form_hanzi(last)] = full  # Xiao Li (小李): both ways of writing it
            continue
        # Alex will be the main driver…; his ID says 陈浩宇: the sentence's subject, a given name
        sentences = re.split(r"(?<=[.!?])\s+", text[:start])
        sentence = sentences[-1]
        subject = _SENTENCE_SUBJECT.search(sentence)
        if (subject is None or subject.group(1) in _PRONOUNS) and len(sentences) > 1 \
                and re.match(r"\s*(?:Her|His)\b", sentence):
            # Lisa called to move her test drive. Her driving licence says 吴佳琪: whose licence
            # the sentence before says
            subject = _SENTENCE_SUBJECT.search(sentences[-2])
        if subject and subject.group(1) not in ENGLISH_NOT_GIVEN and subject.group(1) not in _NOT_LEAD_WORDS \
                and subject.group(1) not in _ENGLISH_TITLE_WORDS and subject.group(1) not in _PRONOUNS:
            out[subject.group(1)] = full
    return out


_PRONOUNS = frozenset({"He", "She", "They", "His", "Her", "Their", "It", "We", "I", "You", "Name", "Full"})


_HANZI_ALL = re.compile(r"[\u4e00-\u9fff]")
# Singapore and Malaysia write a Chinese name surname first after the title: Mr Tan Wei Ming,
# the surname in its Hokkien, Teochew or Cantonese spelling as often as in pinyin
_NANYANG_SURNAMES = frozenset({
    "Tan", "Lim", "Lee", "Ng", "Goh", "Chua", "Teo", "Ong", "Koh", "Wong", "Chan", "Yeo", "Tay",
    "Sim", "Toh", "Low", "Ho", "Chong", "Leong", "Lau", "Chew", "Foo", "Kwok", "Quek", "Seah",
    "Tham", "Heng", "Khoo", "Loh", "Neo", "Pang", "Soh", "Yap", "Ang", "Chia", "Choo", "Tee", "Yong"})
# Mr. Chan (Chan Wing Hong): the English form, then the full name that has its surname
_FORM_THEN_FULL = re.compile(rf"\b(Mr|Mrs|Ms|Miss|Mdm|Madam|Dr)\.?\s+({LATIN_WORD}+)\s*[（(]\s*"
                             rf"({LATIN_WORD}+(?: {LATIN_WORD}+){{1,3}})\s*[)）]")
_SURNAME_FIRST = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mdm|Madam)\.?\s+([A-Z][a-z]{1,5})"
                            r"\s+([A-Z][a-z]{1,5})\s+([A-Z][a-z]{1,5})\b")
_LATIN = re.compile(r"[A-Za-z]")
_ENGLISH_WITH_CHINESE = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\s*[（(]\s*([\u4e00-\u9fff]{2,3})\s*[)）]")
_BELIEVED = re.compile(r"以为|当成|当作|记成")
# 新来了个客户叫胡建军，… / 表弟叫罗志强，…: someone introduced by name (jieba splits 胡/建军)
# The people a customer brings or sends: named, they are customers too (孙女叫于小雨, 她老公周建平)
_KIN = (r"(?:老公|老婆|爱人|丈夫|妻子|媳妇|儿子|女儿|孙女|孙子|孙伢子|伢子|外孙女?|侄子|侄女|外甥女?|弟弟|妹妹|哥哥|"
        r"姐姐|表[弟妹哥姐]|堂[弟妹哥姐]|女婿|儿媳|未婚[妻夫]|男朋友|女朋友|对象|朋友|同学|邻居|"
        # the wider family: 他二舅叫刘福, 她小姨王琴
        r"[大二三四小]?舅舅?|舅妈|[大二三四小]姑|姑姑|姑父|[大二三四小]姨|姨妈|姨父|小叔子?|[大二三四]叔|叔叔|婶婶|"
        r"外公|外婆|姥爷|姥姥|爷爷|奶奶|亲家|连襟|妯娌)")
# (他儿子叫 [[林浩]]: a link to their page names them as well)
_INTRODUCED = re.compile(rf"(?:客户|顾客|客人|[他她]|老板|{_KIN}|小伙子?|小姑娘|姑娘|大姐|大哥|年轻人|男的|女的|女士|先生)"
                         rf"(?:的名字|名字)?叫\s*(?:\[\[)?([\u4e00-\u9fff]{{2,3}})"
                         r"(?=[，,。；;！!？?、\s（(|\]]|$)"
                         # 王秀云的妹妹来看车了，叫王秀兰 (张婶的儿子加了我微信 叫张磊: a space for the comma)
                         rf"|{_KIN}[^，,。；;！!？?]{{1,12}}(?:[，,]|(?<=[\u4e00-\u9fff])\s)\s*(?:名字)?叫\s*(?:\[\[)?([\u4e00-\u9fff]{{2,3}})"
                         r"(?=[，,。；;！!？?、\s（(|\]]|$)")
# 她老公周建平想加装…: a full name right after the kin word (not the writer's own: 我老公)
_KIN_THEN_NAME = re.compile(rf"(?<!我)(?<!我们)(?<!咱)(?<!自己)(?<!我[大二三四小]){_KIN}([{_SURNAME_CLASS}][\u4e00-\u9fff]{{1,2}})")


# 大家都喊他刀哥, 店里都叫他伊万, 以前光管他叫大刘哥: what everyone calls them (not 叫他明天来: a
# request, which has no 都/一直/管 before it)
_CALLED_BY_ALL = re.compile(r"(?:(?:(?:都|一直|光|平时|平常|还是)(?:喊|叫)|管)(?:他|她)(?:叫)?"
                            r"|(?:只知道|只晓得|就知道)(?:他|她)叫)\s*[\"“「]?"
                            r"([\u4e00-\u9fff]{2,3}?)[\"”」]?(?=[，,。；;！!？?）)\s了]|就行|$)")
_GENERIC_FORMS = frozenset({"师傅", "老板", "老师", "大哥", "大姐", "阿姨", "叔叔", "哥哥", "姐姐", "美女", "帅哥",
                            "老铁", "兄弟", "老弟", "大爷", "大妈", "奶奶", "爷爷", "老总", "领导", "老大"})


def nicknames_called(text: str) -> list[str]:
    """The names a line says people call someone by (大家都喊他刀哥)."""
    if "喊" not in text and "叫" not in text:
        return []
    return [m.group(1) for m in _CALLED_BY_ALL.finditer(text)
            if m.group(1) not in _GENERIC_FORMS and m.group(1) not in NOT_NAMES
            and not m.group(1).endswith(COLLEAGUE_TITLES) and not _DAY_WORD.match(m.group(1))]


def introduced_names(text: str) -> list[str]:
    """Full names a line introduces with 叫 (not what the writer wrongly thought one was)."""
    if "叫" not in text:
        return []
    return [name for m in _INTRODUCED.finditer(text) for name in [m.group(1) or m.group(2)]
            if is_full_name(name) and not _BELIEVED.search(text, max(0, m.start() - 6), m.start())
            and not _COLLEAGUE_BEFORE.search(text[max(0, m.start() - 6):m.start() + 2])]


def kin_named(text: str, segmenter: Segmenter, known: frozenset[str] = frozenset()) -> list[str]:
    """The full names a line gives someone's relatives (孙女叫于小雨, 她老公周建平, 唐涛带他爸唐叔:
    唐涛 is 唐叔's son); `known`: the note's customers already known by name (its front matter),
    taken without the tagger."""
    return [*relatives_named(text, segmenter, known),
            *(name for m in _INTRODUCED.finditer(text) if re.match(_KIN, m.group(0))
              for name in [m.group(1) or m.group(2)] if is_full_name(name)),
            *_elders_children(text, segmenter, known)]


# 唐涛带他爸唐叔来, 她妈妈王阿姨: an elder's form given as someone's parent or grandparent
_PARENT = r"(?:爸爸?|妈妈?|父亲|母亲|老爸|老妈|老爷子|老太太|爷爷|奶奶|外公|外婆|姥爷|姥姥)"
_ELDER_AS_PARENT = re.compile(rf"[他她]的?{_PARENT}\s*(?:\[\[)?(?P<surname>[{_SURNAME_CLASS}])"
                              r"(?:阿姨|大爷|大妈|大娘|大叔|叔叔?|婶婶?|奶奶|爷爷|老太太?|老爷子|阿伯|伯伯?|阿婆|婆婆|阿公|阿嬷|阿嫲|姨)")


def _elders_children(text: str, segmenter: Segmenter, known: frozenset[str]) -> list[str]:
    """唐涛带他爸唐叔来看赛那: the full name on the line with the elder's surname is their child
    (or grandchild) — a relative, whom the elder's form never folds into."""
    surnames = {m.group("surname") for m in _ELDER_AS_PARENT.finditer(text)}
    if not surnames:
        return []
    linked = [m.group(1).strip() for m in WIKI_LINK.finditer(text)]
    tagged = [word for word, flag in segmenter.tag(text) if flag.startswith("nr")]
    return list(dict.fromkeys(name for name in [*linked, *tagged, *(k for k in known if k in text)]
                              if is_full_name(name) and surname_of(name) in surnames))


# "the mother of Kenneth Ho", "Kenneth Ho's mother", "her son, Kenneth Ho": a relative named in English
_EN_KIN = r"(?:mother|father|mum|mom|dad|grandmother|grandfather|grandma|grandpa|son|daughter|grandson|granddaughter|wife|husband)"
_EN_FAMILY_NAMED = re.compile(rf"\b(?:[Hh]er|[Hh]is|[Tt]heir) {_EN_KIN},?\s+({LATIN_WORD}+) ({LATIN_NAME_WORD})\b(?! ?{LATIN_WORD})")
_EN_KIN_NAMED = re.compile(rf"\b(?:{_EN_KIN} of|(?:[Hh]er|[Hh]is) {_EN_KIN},?)\s+({LATIN_WORD}+ {LATIN_WORD}+)\b"
                           rf"|\b({LATIN_WORD}+ {LATIN_WORD}+)['’]s {_EN_KIN}\b")


def english_family_named(text: str) -> list[str]:
    """Priya Nair … Her husband Arjun Nair: a relative introduced by a full name with the family's
    surname, which another of the line's people has — a customer of their own (not `his daughter
    Mei Hua`: a given name alone, whose surname is no one else's on the line)."""
    if not _LATIN.search(text):
        return []
    return [f"{m.group(1)} {m.group(2)}" for m in _EN_FAMILY_NAMED.finditer(text)
            if len(re.findall(rf"\b{re.escape(m.group(2))}\b", text)) > 1
            and not {m.group(1), m.group(2)} & (_NOT_LEAD_WORDS | ENGLISH_NOT_GIVEN | _ENGLISH_TITLE_WORDS)]


def english_kin_named(text: str) -> list[str]:
    """Names an English line gives as someone's relative: kept apart from that person's form
    (Mrs. Ho is not her son Kenneth Ho), found as names by other rules."""
    if not _LATIN.search(text):
        return []
    return [name for m in _EN_KIN_NAMED.finditer(text) for name in [m.group(1) or m.group(2)]
            if not set(name.split()) & (_NOT_LEAD_WORDS | ENGLISH_NOT_GIVEN | _ENGLISH_TITLE_WORDS)]


# a spouse or partner keeps their own surname: 他媳妇叫孟丽 is the 孟姐 of later lines, not 赵哥's
_SPOUSE_BEFORE = re.compile(r"(?:老公|老婆|爱人|丈夫|妻子|媳妇|未婚[妻夫]|男朋友|女朋友)(?:的名字|名字)?(?:叫|是)?\s*$")


def _spouse_forms(lines, spans_by_line: list[list[Span]], local: dict[str, str]) -> dict[str, str]:
    """他媳妇叫孟丽 … 发给孟姐: a form first written after the line that names a customer's
    husband or wife, with that spouse's surname, is the spouse (a relative, so `local_aliases`
    leaves it: 周叔带他儿子周浩然 are two people, but a spouse keeps her own surname)."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    spouses: dict[str, str] = {}  # surname -> the spouse named so far
    for line, spans in zip(lines, spans_by_line):
        for s in spans:
            if is_full_name(s.surface):
                if spouse_named(line.text, s.surface):
                    spouses[surname_of(s.surface) or ""] = s.surface
                continue
            spouse = spouses.get(surname_of(s.surface) or "")
            if spouse and s.surface not in seen and s.surface not in local:
                out[s.surface] = spouse
            seen.add(s.surface)
    return out


def spouse_named(text: str, name: str) -> bool:
    """Does the line give `name` as someone's husband, wife or partner (她老公陆川, 他媳妇叫孟丽)?"""
    at = text.find(name)
    return at > 0 and bool(_SPOUSE_BEFORE.search(text, max(0, at - 8), at))


def relatives_named(text: str, segmenter: Segmenter, known: frozenset[str] = frozenset()) -> list[str]:
    """她老公周建平, 带着女儿李思雨: a full name right after the word for who they are, where
    the next word plainly starts (周建平话不多, 王刚说…) and the tagger reads a person's name
    (not 儿子周末回来, 孙子高考完), or one word of three characters (她爱人孟庆国也…, which it
    reads as a place), or the note already knows it (带儿子曲航来看, `customer: 曲航`)."""
    out = []
    for m in _KIN_THEN_NAME.finditer(text):
        name, after = m.group(1), text[m.end():m.end() + 1]
        if len(name) == 3 and name[2] in _NEXT_WORD:
            name, after = name[:2], name[2]  # 老公王刚说…
        if after and _HANZI.match(after) and after not in _NEXT_WORD \
                and not _DAY_WORD.match(text, m.end()):  # 儿子陶文斌周日上午一起来: a day starts the next word
            continue  # 周建平安…: where the name ends is a guess; leave it to the tagger
        if not is_full_name(name) or name in NOT_NAMES or any(c in TITLE_CHARS for c in name[1:]):
            continue
        tags = segmenter.tag(name)
        if tags[0][1].startswith("nr") or name in known or (len(name) == 3 and len(tags) == 1 and tags[0][1] == "ns"):
            out.append(name)
    return out


# Characters that start the word after a name (说, 来, 想…), never end a given name
_NEXT_WORD = frozenset("说讲话来去想要在是也都就还又和跟一开问带陪看过今昨明上下打发给把让自的了呢吧吗啊接")


_NICKNAME = re.compile(r"(?<![\u4e00-\u9fff])([小阿][\u4e00-\u9fff])(?![\u4e00-\u9fff])")
# "Full name Lim Wei Jie", "booked under his full name Farid Hassan", "IC name: …"
_ENGLISH_FULL_NAME = re.compile(r"(?:\b(?:[Ff]ull name|[Rr]eal name|[Ll]egal name|IC name|name on (?:the |his |her )?"
                                r"(?:IC|form|booking|contract|order)|(?:[Hh]is|[Hh]er) name for the \w+)|全名|大名|"
                                r"名片上(?:写的|是)|护照上(?:写的|是))\s*(?:is\s+|:\s*)?"
                                rf"({LATIN_WORD}+(?: (?:bin |binti |a/[lp] |de |del |de la )?{LATIN_NAME_WORD}){{1,3}})")


# An English line giving a Chinese full name off a paper: "Name on the contract: 王海涛", "Full name
# on his ID: 李子豪", "Her full name's 周欣怡", "his ID says 陈浩宇", "legal rep 李慧敏 on the licence"
_EN_CUE_CHINESE_NAME = re.compile(
    r"(?:\b(?:[Ff]ull|[Rr]eal|[Ll]egal|[Cc]hinese|[Oo]fficial) name|\b[Nn]ame)"
    r"(?:'s|’s| is| on (?:the |his |her |their )?[A-Za-z ]{2,24}?)?\s*[:：]?\s*(?:is\s+)?"
    r"([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])"
    r"|\b(?:ID|IC|[Pp]assport|[Ll]icen[cs]e|[Cc]ontract|[Ff]orm)(?:\s+card)?\s+(?:says|reads|shows)\s*[:：]?\s*"
    r"([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])"
    r"|\b[Ll]egal rep(?:resentative)?\s*(?:is\s+|[:：]\s*)?([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])"
    # "Wang Zong's name card is in the folder: 王振宇, 董事长"
    r"|\b(?:[Nn]ame|[Bb]usiness) card\b[^.;:：]{0,30}?(?:[:：]|\bsays\b|\breads\b)\s*([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])")
_SENTENCE_SUBJECT = re.compile(rf"(?:^|[.;:!?]\s+|^\s*[-*]\s+)(?:\*\*)?({LATIN_WORD}+)(?:\*\*)?\s+[a-z]")


def english_named_chinese(text: str) -> list[tuple[int, str]]:
    """(where, full name) for each Chinese full name an English line reads off a paper."""
    if not _HANZI.search(text):
        return []
    out = []
    for m in _EN_CUE_CHINESE_NAME.finditer(text):
        full = m.group(1) or m.group(2) or m.group(3) or m.group(4)
        if is_full_name(full) and full not in NOT_NAMES:
            out.append((m.start(), full))
    return out


# Lin Hui (林慧), **Zhou Peng** (周鹏 on the test-drive form): a pinyin full name glossed with
# the characters it spells
_LATIN_THEN_HANZI = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Za-z][a-z]+){1,2})(?:\*\*)?\s*[（(]\s*"
                               r"([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])[^()（）\n]{0,40}[)）]")


_EN_KIN_BEFORE = re.compile(r"\b(?:wife|husband|daughter|son|father|mother|dad|mum|mom|brother|sister|"
                            r"father-in-law|mother-in-law|son-in-law|daughter-in-law|nephew|niece|"
                            r"cousin|partner|fianc[ée]e?)\s*[,:]?\s*(?:\*\*)?$")


def pinyin_glosses(text: str) -> list[tuple[str, str, bool]]:
    """(Lin Hui, 林慧, kin) for each Latin full name a line glosses with the Chinese name it
    spells in pinyin (not `Ben Nguyen (二手车)`, not `Cindy Wang (王欣)`: another name of hers);
    kin: named as someone's relative (`his wife, Lin Hui (林慧)`)."""
    if not _HANZI.search(text):
        return []
    from ..text.romanise import spells

    return [(m.group(1), m.group(2), _EN_KIN_BEFORE.search(text, 0, m.start()) is not None)
            for m in _LATIN_THEN_HANZI.finditer(text)
            if is_full_name(m.group(2)) and m.group(2) not in NOT_NAMES and spells(m.group(1), m.group(2))]


# - **Luis Hernández**, drives Uber… / Rajesh Kumar, walk-in, …: a block led by a full name
_LEAD_NAME = re.compile(rf"^\s*({LATIN_WORD}+ {LATIN_WORD}+)\s*(?:[,，:：—–]|-\s)")
_NOT_LEAD_WORDS = frozenset({
    "Next", "Steps", "Step", "Follow", "Up", "Test", "Drive", "Good", "News", "Action", "Items", "To",
    "Do", "Notes", "Plan", "Today", "Tomorrow", "Week", "Month", "Sales", "Team", "Meeting",
    "Review", "Lessons", "Mistakes", "Open", "Closed", "Delivery", "Trade", "In", "Walk", "Phone",
    "Internet", "Lead", "Leads", "New", "Old", "Hot", "Cold", "Last", "First", "Big", "Small", "Weekly",
    "Daily", "Monthly", "Year", "End", "Price", "Quote", "Finance", "Service", "Parts", "Model",
    "Deal", "Deals", "Lost", "Won", "Still", "Also", "Then", "All", "Both", "Each", "Other",
    "Front", "Back", "Desk", "Manager", "Store", "Show", "Room", "Car", "Cars", "Stock", "Used",
    "Happy", "Thank", "Thanks", "Quick", "Note", "Reminder", "Check", "Call", "Calls", "Email",
    "Emails", "Booked", "Confirmed", "Done", "Pending", "Waiting", "Sold", "Order", "Orders"})


def full_names_beside_titles(text: str) -> list[str]:
    """Sr. Ramírez called… Booked Jorge Ramírez and his wife: a full name whose surname a form
    of address on the same line has."""
    surnames = {m.group(2) for m in _ENGLISH.finditer(text) if " " not in m.group(2)}  # not Mrs Chen Seal
    out = []
    for surname in sorted(surnames):
        # not "Ben Nguyen (used cars, no relation)": someone introduced by their job
        for m in re.finditer(rf"(?<![\w.])({LATIN_WORD}+) {re.escape(surname)}\b(?!\s*[（(])", text):
            given = m.group(1)
            if given not in ENGLISH_NOT_GIVEN and given not in _NOT_LEAD_WORDS \
                    and given not in _ENGLISH_TITLE_WORDS:
                out.append(f"{given} {surname}")
    return out


_ENGLISH_TITLE_WORDS = frozenset(ENGLISH_FORMS)


# A page link to a person written in Latin letters: a given name and a surname, nothing else
_LINKED_LATIN_NAME = re.compile(rf"{LATIN_WORD}{{1,14}} {LATIN_WORD}{{1,19}}(?<!\bDay)")


def linked_latin_names(text: str) -> list[str]:
    """[[Lisa Wong]]: the Latin-letter people a line links to."""
    if "[[" not in text:
        return []
    return [m.group(1).strip() for m in WIKI_LINK.finditer(text)
            if _LINKED_LATIN_NAME.fullmatch(m.group(1).strip())
            and not set(m.group(1).split()) & (_NOT_LEAD_WORDS | ENGLISH_NOT_GIVEN)]


_KV_CUSTOMER = re.compile(r"^\s*(?:客户|客户名|客户姓名|姓名|customer|client)\s*[:：]\s*([\u4e00-\u9fff]{2,4})\s*$",
                          re.IGNORECASE)


def section_customer(line) -> tuple[str | None, str | None]:
    """`客户：蔡文华` (a key-value line, an Org property) under `## 蔡总`: the full name, and the
    form of address its section is headed with when the surname agrees."""
    m = _KV_CUSTOMER.match(line.text)
    if m is None or not is_full_name(m.group(1)):
        return None, None
    full = m.group(1)
    for heading in reversed(line.section_path):
        form = _HONORIFIC.fullmatch(heading.strip())
        if form and surname_of(form.group(0)) == surname_of(full):
            return full, form.group(0)
    return full, None


_MET_NAME = re.compile(rf"\b(?:[Bb]ooked|[Mm]et|[Rr]ang|[Pp]honed|[Ee]mailed|[Tt]exted|[Qq]uoted|[Ss]howed|[Ss]igned)\s+"
                       rf"({LATIN_WORD}+ {LATIN_WORD}+)\b(?!\s*[（(])")


_CYRILLIC_NAME = re.compile(r"(?<![А-Яа-яЁё])([А-ЯЁ][а-яё]{1,14} [А-ЯЁ][а-яё]{1,19})(?![А-Яа-яЁё])")


def cyrillic_names(text: str) -> list[str]:
    """Иван Петров in a Chinese line: two capitalised Cyrillic words are a person's name."""
    return _CYRILLIC_NAME.findall(text)


# Hong Kong's and Guangdong's surnames as Jyutping spells them (Chan Wing Hong, Peter Lam)
_CANTONESE_SURNAMES = frozenset({
    "Lam", "Cheung", "Leung", "Wong", "Chan", "Ho", "Lau", "Yip", "Fung", "Tsang", "Chow", "Mak",
    "Kwan", "Tse", "Yeung", "Cheng", "Kwok", "Law", "Lo", "Choi", "Tam", "Siu", "Poon", "Lui", "Au",
    "Ng", "Tang", "Chu", "Hui", "Lee", "Lok", "Tong", "Yiu", "Mok", "Ngai", "Chung", "Szeto", "Tsui",
    "Chiu", "Kwong", "Luk", "Yuen", "Wai", "Fok", "Kan", "Yau", "Pang", "Chau", "Shek"})
# …came in / called / test drove: a sentence about meeting someone, opened by their full name
_MET_OPENING = re.compile(rf"(?:^|(?<=[.:;!?。！？，,]\s)|(?<=[。！？，,])|(?<=^[-*]\s))\s*"
                          rf"({LATIN_WORD}+(?: {LATIN_NAME_WORD}){{1,2}})\s+"
                          r"(?:came\b|called\b|rang\b|phoned\b|messaged\b|texted\b|emailed\b|visited\b|"
                          r"dropped (?:by|in)\b|walked in\b|popped in\b|stopped by\b|showed up\b|turned up\b|"
                          r"test[- ]drove\b|WhatsApped\b|replied\b)")


# 新客户 Priya Nair，…, New customer Priya Nair: a Latin-letter full name introduced as a customer
_INTRODUCED_LATIN = re.compile(rf"(?:新客户|老客户|新客人|客户|接待了?|(?:\b[Nn]ew|\b[Ww]alk-in) (?:customer|client|lead)s?\b)"
                               rf"[:：,，]?\s*({LATIN_WORD}+ {LATIN_NAME_WORD})(?![\w-])(?!\s*[（(])")


def met_names(text: str) -> list[str]:
    """Booked Chidi Okonkwo in for Thurs, Rang Bev Shaw, Peter Lam came in, Wong Ka Yan called,
    Hans Becker came in, 新客户 Priya Nair: a full name the writer dealt with."""
    if not _LATIN.search(text):
        return []
    found = [m.group(1) for m in _MET_NAME.finditer(text)]
    found += [m.group(1) for m in _INTRODUCED_LATIN.finditer(text)]
    for m in _MET_OPENING.finditer(text):
        words = m.group(1).split()
        # Given Surname (Peter Lam, Hans Becker: two capitalised words open a sentence about
        # meeting someone) or, Jyutping's order, Surname Given Given (Wong Ka Yan)
        if len(words) == 2 or (len(words) == 3 and _is_surname_word(words[0])):
            found.append(m.group(1))
    return [name for name in found
            if not any(w in _NOT_LEAD_WORDS or w in ENGLISH_NOT_GIVEN or w in _ENGLISH_TITLE_WORDS
                       or w in _NOT_PERSON_WORDS for w in name.split())]


# Head Office called, Bank Of…: capitalised words of places and bodies, never a person's
_NOT_PERSON_WORDS = frozenset({
    "Office", "Head", "Bank", "Insurance", "Insurer", "Support", "Center", "Centre", "Factory", "Logistics",
    "Company", "Group", "Department", "Dept", "Dealer", "Dealership", "Showroom", "Headquarters", "Hotel",
    "School", "University", "Hospital", "Motors", "Auto", "Customer", "Customers", "Client", "Clients", "Branch",
    "Region", "Regional", "Area", "Brand", "Finance", "Leasing", "Credit", "Police", "Government", "Embassy"})


def _is_surname_word(word: str) -> bool:
    return word in _CANTONESE_SURNAMES or word in _NANYANG_SURNAMES or word.lower() in PINYIN_SURNAMES


def lead_name(text: str) -> str | None:
    """The full name a line or list item opens with, as a block per customer does."""
    m = _LEAD_NAME.match(text)
    if m is None or any(word in _NOT_LEAD_WORDS or word in ENGLISH_NOT_GIVEN for word in m.group(1).split()):
        return None
    return m.group(1)


def with_lines_above(lines) -> Iterator[tuple[object, str]]:
    """Each line with the (up to two) lines just above it in the same paragraph or list."""
    above: list[str] = []
    previous = None
    for line in lines:
        follows = previous is not None and line.line == previous.line + 1 \
            and line.kind is previous.kind and line.kind is not BlockKind.HEADING
        above = (above + [previous.text])[-2:] if follows else []
        yield line, "\n".join(above)
        previous = line


def _normal_english(surface: str) -> str:
    m = _ENGLISH.match(surface)
    if not m:
        return surface
    return f"{m.group(1)}. {m.group(2)}" if m.group(1) in _DOTTED_TITLES else f"{m.group(1)} {m.group(2)}"


def find_mentions(note: Note, finder: CustomerFinder) -> tuple[list[Mention], dict[str, str]]:
    """Every customer mention in a note (canonical within the note) and the aliases it teaches."""
    directory = finder.directory
    meta = note.meta
    meta_mentions: list[tuple[str, int, str]] = []
    for key in ("customers", "客户"):
        if key in meta:
            for name in names_in_meta(meta[key]):
                meta_mentions.append((name, note.meta_lines.get(key, 1), "front-matter"))
    for key in ("customer", "客户名", "姓名"):
        if isinstance(meta.get(key), (str, int)):
            meta_mentions.append((str(meta[key]).strip(), note.meta_lines.get(key, 1), "deal"))
    for key in ("deals", "商机"):
        deals = meta.get(key)
        if isinstance(deals, list):
            for deal in deals:
                if isinstance(deal, dict):
                    for k in ("customer", "客户", "name", "姓名"):
                        if isinstance(deal.get(k), (str, int)):
                            meta_mentions.append((str(deal[k]).strip(), note.meta_lines.get(key, 1), "deal"))
                            break
    spans_by_line: list[list[Span]] = []
    taught: dict[str, str] = {}
    for line, above in with_lines_above(note.lines):
        spans_by_line.append(finder.spans(line.text, note.cantonese))
        taught.update(paren_aliases(line.text, above))
    speakers = chat_speakers(note.lines)
    # (the directory holds every note's relatives, this one's too: its contribution named them)
    # (nor a colleague: 陈姐…陈昊帮我接的 — 陈姐 is no form of the colleague 陈昊)
    local = local_aliases(spans_by_line, [n for n, _, _ in meta_mentions],
                          directory.relatives | directory.colleagues)
    # Li jie … legal rep 李慧敏 — that's Li jie herself: the note says whose name it is, so
    # another form with that surname (Xiao Li's dad) is someone else
    local.update(_spouse_forms(note.lines, spans_by_line, local))
    named_forms = {full: form for form, full in taught.items()}
    local = {form: full for form, full in local.items() if form in taught or full not in named_forms}
    local.update(taught)

    mentions: list[Mention] = []
    for name, line_no, rule in meta_mentions:
        if name and not directory.is_colleague(name):
            mentions.append(Mention(directory.aliases.get(name, name), name, Source(note.path, line_no), rule))
    # 调车的小董说了…小董答应…: named a colleague once, a colleague all through the note
    colleagues_here = {s.surface for line, spans in zip(note.lines, spans_by_line) for s in spans
                       if _is_colleague_context(line.text, s)}
    colleagues_here |= _team_roster(note.lines, spans_by_line, directory)
    colleagues_here.update(filter(None, (_colleague_cell(line) for line in note.lines)))
    for line, spans in zip(note.lines, spans_by_line):
        cell = _customer_cell(line) or heading_name(line, finder.segmenter)
        if cell and not any(s.surface == cell for s in spans) and not directory.is_colleague(cell):
            start = line.text.find(cell)
            rule = "heading" if line.kind is BlockKind.HEADING else "table"
            spans = [Span(cell, max(start, 0), max(start, 0) + len(cell), rule), *spans]
        for s in spans:
            if directory.is_colleague(s.surface) or s.surface in colleagues_here:
                continue
            if (line.kind is BlockKind.QUOTE and speakers.get(line.line) not in WRITER_SELF
                    or _chat_from_other(line.text)) and _addressed(line.text, s):
                continue  # > 小李，首付我们打算付一半… / 韦姐 10:12：小陈，…: a customer's message calls the writer
            if _called_in_quote(line.text, s):
                continue  # 顾姐说：“小何，我下个月介绍我妹妹来”: she calls the writer
            name = directory.aliases.get(s.surface) or local.get(s.surface) or s.surface
            mentions.append(Mention(name, s.surface, Source(note.path, line.line), s.rule,
                                    _shorten(line.text)))
    return mentions, taught


# where a pasted message starts: after `王姐：` or `陈老师 10:32` (not the writer's own `我：`)
_MESSAGE_START = re.compile(r"^\s*(?:[^：:，,。\s]{1,8}\s*(?:\d{1,2}:\d{2})?\s*[：:]\s*)?(?:谢谢|多谢|麻烦|辛苦)?")


def _chat_from_other(text: str) -> bool:
    """A pasted chat's message (`韦姐 10:12：…`) sent by someone other than the writer."""
    m = CHAT_MESSAGE.match(text)
    return m is not None and m.group("who") not in WRITER_SELF


def _addressed(text: str, span: Span) -> bool:
    """Is the name the one a quoted message is addressed to (`小李，…`, `谢谢小李，…`)? A
    message quoted in the writer's notes is written to the writer, unless it is the writer's
    own reply (`我：好的王姐，…`, where the name is the customer's)."""
    if WRITERS_REPLY.match(text):
        return False
    start = _MESSAGE_START.match(text)
    return start is not None and start.end() == span.start and (
        text[span.end:span.end + 1] in "，,！!～~" or text[span.end:span.end + 2] in ("你好", "您好"))


_SAID_TO_WRITER = re.compile(r"(?<!我)(?:说|讲|问|喊|叫|道)\s*[:：]?\s*[“「『]$")


def _called_in_quote(text: str, span: Span) -> bool:
    """The name opening someone else's quoted words, with a comma after it (`顾姐说：“小何，…`):
    the one spoken to, the writer or a colleague. The writer's own quote (`我说：“王总，…`)
    names the customer."""
    return (text[span.end:span.end + 1] in "，,！!～~" and _SAID_TO_WRITER.search(text, 0, span.start) is not None
            and not WRITER_QUOTES.search(text, 0, span.start - 1))


def _team_roster(lines, spans_by_line, directory: Directory) -> set[str]:
    """A manager's note with a block per team member (**我自己** / **小王** / **小刘**): when
    one of the lines that hold nothing but a name is the writer or a known colleague, the
    other such lines name colleagues too (their customers are in the lines under them)."""
    alone = [spans[0].surface for line, spans in zip(lines, spans_by_line)
             if len(spans) == 1 and line.text.strip(" *:：") == spans[0].surface]
    if not alone:
        return set()
    anchors = [text for text in (line.text.strip(" *:：") for line in lines)
               if text in _WRITER_HEADERS or (text and directory.is_colleague(text))]
    if not anchors or len(alone) + len(anchors) < 3:
        return set()
    return {name for name in alone if name not in directory.customers}


_WRITER_HEADERS = frozenset({"我", "我自己", "自己", "本人", "Me", "me", "Myself"})


def heading_name(line, segmenter=None) -> str | None:
    """The customer a per-customer section is headed with: `### 白宇航（新客户）`; not a word
    the dictionary knows as no name (`## 任务` over an Obsidian task list: 任 is a surname too)."""
    if line.kind is not BlockKind.HEADING:
        return None
    name = re.split(r"[（(|:：\s—\-/]|[·・](?![\u4e00-\u9fff])", line.text.strip(), maxsplit=1)[0]
    titled = _HONORIFIC.match(name)
    if titled and titled.end() < len(name) and not is_full_name(titled.group(0)):
        return titled.group(0)  # ## 赵总交车: the section is about 赵总
    if not is_full_name(name) or name in NOT_NAMES or _DAY_WORD.match(name) \
            or any(c in TITLE_CHARS for c in name[1:]):
        return None  # ## 周五, ## 高兴: a day or a word, not a person
    if section_kind((name,)) is not SectionKind.OTHER:
        return None  # ## 计划, ## 安排, ## 反思: what the section holds (计 and 安 are surnames too)
    if segmenter is not None and segmenter.common_word(name):
        return None
    return name


_DAY_WORD = re.compile(r"周[一二三四五六日天末]|星期|礼拜|[上下本这]周")


# 用户 / 车主: a direct-sales brand's buyers (极氪, 蔚来, 特斯拉 stores say 用户, not 客户)
CUSTOMER_HEADER = re.compile(r"^(?:客户|客户名|客户姓名|姓名|用户|用户名|车主|customer|client|name)\s*$", re.IGNORECASE)


COLLEAGUE_HEADER = re.compile(r"^(?:顾问|销售顾问|销售|销售员|业务员|员工|同事|组员|consultant|staff|rep)\s*$",
                              re.IGNORECASE)


def _column_cell(line, header: re.Pattern) -> str | None:
    """A table row's cell under the first header `header` matches (None: no such column)."""
    if not line.header or line.cells == line.header:
        return None
    column = next((i for i, h in enumerate(line.header) if header.match(h.strip())), None)
    if column is None or column >= len(line.cells):
        return None
    return line.cells[column]


def _colleague_cell(line) -> str | None:
    """The name in a team table's 顾问 column (| 顾问 | 线索 | 到店 | 成交 |): a colleague."""
    cell = _column_cell(line, COLLEAGUE_HEADER)
    return re.split(r"[（(/、，,\s]", cell.strip(), maxsplit=1)[0] or None if cell else None


def _customer_cell(line) -> str | None:
    """The name in a table row's customer column (| 周国华 | H | …), before any （alias）."""
    cell = _column_cell(line, CUSTOMER_HEADER)
    if cell is None:
        return None
    name = re.split(r"[（(/、，,]", cell, maxsplit=1)[0].strip()
    if is_full_name(name) or _HONORIFIC.fullmatch(name) or _ENGLISH.fullmatch(name) \
            or _ENGLISH_FULL.fullmatch(name) or _CANTONESE_HONORIFIC.fullmatch(name) \
            or _ANY_PREFIXED.fullmatch(name):  # the column says who: 老万 and 小童 are people here
        return name
    return None


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# Words right before a name that make its bearer a colleague (同事小刘, 金融专员小周).
COLLEAGUE_CONTEXT = ("同事", "经理", "店长", "主管", "销售顾问", "顾问", "专员", "组长", "库管", "前台",
                     "实习生", "徒弟", "评估师", "财务", "出纳", "技师", "售后", "保安", "司机", "助理",
                     "领导", "搭档", "师父", "师傅", "二手车", "colleague", "manager")
_COLLEAGUE_BEFORE = re.compile("(" + "|".join(COLLEAGUE_CONTEXT) + r")\s*$", re.IGNORECASE)


# 陈师傅（我师傅）, 小吴（我们店交付的）: what the writer's aside says they are to the writer
_COLLEAGUE_AFTER = re.compile(r"\s*[（(](?:我的?|我们(?:店)?的?|店里的?)(?:[\u4e00-\u9fff]{0,4}的)?"
                              r"(?:师傅|师父|同事|经理|店长|主管|领导|搭档|徒弟)?[）)]")


# (a title that ends someone's form of address is no introduction: 问马经理何姐的评估价)
_FORM_ENDING_TITLES = frozenset({"经理", "店长", "主管", "组长", "师傅", "师父", "助理", "顾问"})
_COLLEAGUE_NAME = re.compile(
    "(?:" + "|".join((f"(?<![{_SURNAME_CLASS}])" if w in _FORM_ENDING_TITLES else "") + w
                     for w in COLLEAGUE_CONTEXT if not w.isascii()) + ")"
    # 评估师老王周六上门: a 老/小 form is two characters whatever follows
    rf"\s*([老小][{''.join(sorted(PREFIX_SURNAMES))}]|{_A_NICKNAME.pattern}"
    rf"|[{_SURNAME_CLASS}][\u4e00-\u9fff](?:(?<=.)[{''.join(sorted(GIVEN_NAME_CHARS))}])?"
    r"(?=说|的|帮|把|给|跟|和|也|又|在|来|去|今天|刚|[^\u4e00-\u9fff]|$))")


def _is_colleague_context(text: str, span: Span) -> bool:
    """同事小刘, 金融专员小周, "Mr. Lim (my SM)": the words right around a name say it is a
    colleague (not 张磊的同事李文博: someone else's colleague is a customer like any other)."""
    if _HANZI.match(span.surface[-1:]) is None and _named_by_role(text, span.start, span.end):
        return True
    if _named_by_job(text, span.start, span.surface) or _COLLEAGUE_AFTER.match(text, span.end):
        return True
    context = _COLLEAGUE_BEFORE.search(text[max(0, span.start - 6):span.start])
    return bool(context) and not others_colleague(text, max(0, span.start - 6) + context.start())


_EN_ROLE = (r"(?:SM|sales manager|manager|boss|colleague|team ?lead|TL|supervisor|GM|general manager|teammate"
            r"|appraiser|valuer|F&I guy|finance guy|finance manager|delivery guy|delivery specialist"
            r"|porter|lot attendant|lot guy|detailer|receptionist|service advisor|desk manager|BDC)")
# Mr. Lim (my SM), Lao Qin, our appraiser, Deng zong (邓总, our GM)
_EN_COLLEAGUE_AFTER = re.compile(rf"\s*[(,（]\s*(?:[\u4e00-\u9fff]{{2,4}}\s*[,，]\s*)?(?:my|our)\s+{_EN_ROLE}\b",
                                 re.IGNORECASE)
# Xiao Ma from delivery, Amy in finance: someone of a department of the store
_EN_FROM_DEPARTMENT = re.compile(r"\s+(?:from|in) (?:the )?(?:delivery|finance|F&I|service|parts|body shop|"
                                 r"used cars|reception|front desk|admin)\b")
_EN_COLLEAGUE_BEFORE = re.compile(rf"\b(?:my|our)\s+{_EN_ROLE},?\s*$", re.IGNORECASE)
_EN_ROLE_WORD = re.compile(rf"\b(?:my|our)\s+{_EN_ROLE}\b", re.IGNORECASE)


# The writer's boss is a 总 too (邢总, 罗总, 店总陆总): one who runs the team's meetings and
# chat group, approves prices, sets everyone's targets, or whom the writer asks and reports to.
_BOSS = re.compile(
    rf"(?P<a>[{_SURNAME_CLASS}][总總])(?:[^，,。；;：:！!？?\s他她]{{0,5}}?)"
    # (问罗总开会结果: the outcome of his own company's meeting, which the writer waits for)
    r"(?:在(?:群|微信群|工作群)里|开(?:早|晨|例|周|月)?会(?!再?(?:定|决定|商量|研究|讨论|拍板|讨论)|的?(?:结果|结论|情况))|点名|特批|审批|审核|审的时候|巡(?:店|展厅|展間|展间)|来巡"
    r"|批(?:了|的)(?!预算|采购|付款|款|合同|贷款|[他她]们?))"
    rf"|(?P<b>[{_SURNAME_CLASS}](?:[总總]|主任))(?:[^，,。；;：:！!？?\s]{{0,4}}?)(?:说|讲|要求|定了?|下了?)"
    r"[^，,。；;！!？?]{0,14}?(?:要[冲衝]\s*\d|[冲衝]到?\s*\d+\s*台|每人|每个人|每個人|每个营业所|每個營業所|全组|全組|谁要是|谁能|誰能|目标|目標|任务|指标|考核|交上来|报上来)"
    rf"|(?:跟|向|找)(?P<c>[{_SURNAME_CLASS}][总總])(?:申请|汇报|请示|报批|要政策|批)"
    rf"|(?:总经理|總經理|店总|店總|(?:早|晨|例|周)会(?:上|的时候)?[:：]?\s*)(?P<d>[{_SURNAME_CLASS}][总總])"
    # 四月报表交高总, 回访表，交高总: the writer's own reports go to the boss (not 报价单交给王总,
    # 订单, 合同: papers a customer gets)
    rf"|(?:报表|[周月日]报|总结|回访表|战败表|统计表|业绩表|台账)[，,]?\s*(?:[^，,。；;]{{0,4}}?)交(?:给)?"
    rf"(?P<f>[{_SURNAME_CLASS}][总總])"
    rf"|(?P<e>[{_SURNAME_CLASS}][总總])[（(](?:我们|公司|店里?的?|我们店的?)?(?:总经理|總經理|店总|老板|领导|总)[)）]"
    # 将疑问函报王总审阅, 请王总协调厂家, 待王总签字盖章: papers and asks that go up to the boss
    rf"|(?:报(?:给|请)?|请|待|呈)(?P<g>[{_SURNAME_CLASS}][总總])(?:审阅|审批|审核|批示|签字|签批|协调|定夺|过目)")


_OWN_STAFF = re.compile(r"他们|他們|他公司|她们|他家|公司的人|员工")


def bosses(text: str) -> list[str]:
    """邢总说十月目标十台, 陈总的团购价邓总批了, 跟陆总申请再让 500: a 总 who is the writer's
    boss, not a customer (not 王总说他们公司每个人…: his own staff)."""
    if "总" not in text and "總" not in text and "主任" not in text:
        return []
    out = []
    for m in _BOSS.finditer(text):
        if m.group("b") and _OWN_STAFF.search(m.group(0)):
            continue
        out.append(next(g for g in m.groups() if g).replace("總", "总"))
    return out


_STAFF_FORM = re.compile(rf"[老小][{''.join(sorted(PREFIX_SURNAMES))}]|{_A_NICKNAME.pattern}")


def staff_by_job(text: str) -> list[str]:
    """交付的阿芳, 调车的小董, 金融的小段: forms of address the line names by their job in the
    store (whatever they do later in the notes, they are colleagues); also by the store's work
    the line gives them (贷款资料交给阿琳了, 阿琳说两个工作日内出审批结果)."""
    out = [m.group(0) for m in _STAFF_FORM.finditer(text) if _named_by_job(text, m.start(), m.group(0))]
    if "资料" in text or "审批" in text:
        out += [m.group("a") or m.group("b") for m in _STAFF_BY_TASK.finditer(text)]
    return out


# 小王的客户, 大周的客户: whoever has customers of their own sells cars — a colleague
_HAS_CUSTOMERS = re.compile(rf"({_STAFF_FORM.pattern}|大[{''.join(sorted(PREFIX_SURNAMES))}])的(?:意向|老)?(?:客户|客人)")


def salespeople(text: str) -> list[str]:
    """The forms of address a line gives customers of their own (小王的客户王先生): colleagues."""
    if "的客" not in text:
        return []
    return [m.group(1) for m in _HAS_CUSTOMERS.finditer(text)]


# the one the customer's loan papers go to, who gives the approval out: the store's finance
_STAFF_BY_TASK = re.compile(rf"资料[^。；;！!？?]{{0,10}}?交给(?P<a>{_STAFF_FORM.pattern})"
                            rf"|(?P<b>{_STAFF_FORM.pattern})(?:说|讲|那边)[^。；;！!？?]{{0,12}}?(?:出|给)(?:审批|批复)")


def _named_by_job(text: str, start: int, surface: str) -> bool:
    """调车的小董, 新车组的阿芳 (a 老/小/阿 form after a job in the store); 售后的黄师傅, 金融公司的
    小彭 (any form after a department)."""
    before = text[max(0, start - 8):start]
    team = _TEAM_BEFORE.search(before)
    if team and (_CLIENT_DEPARTMENT.search(team.group(0))
                 or _CLIENT_BEFORE.search(text, max(0, start - 30), start - len(team.group(0)))):
        return False  # 采购部的小马, 他们公司开会，…运营部的小韩: the client's staff
    return bool((team and surface[0] in "老小阿") or _DEPARTMENT_BEFORE.search(before))


def english_colleagues(text: str) -> list[str]:
    """"Mr. Lim (my SM)", "my manager, Mr. Lim", "Deng zong (邓总, our GM)", "Xiao Ma from
    delivery": the names a line says are colleagues (a pinyin form in its Chinese writing too)."""
    out = [_normal_english(m.group(0)) for m in _ENGLISH.finditer(text)
           if _named_by_role(text, m.start(), m.end())]
    for m in _PINYIN_FORM.finditer(text):
        if _named_by_role(text, m.start(), m.end()):
            out += [m.group(0), pinyin_form_hanzi(m.group(0))]
            inner = re.match(r"\s*[(（]\s*([\u4e00-\u9fff]{2,4})\s*[,，]", text[m.end():])
            if inner and surname_of(inner.group(1)) == surname_of(m.group(0)):
                out.append(inner.group(1))  # Deng zong (邓总, our GM)
    return out


def _named_by_role(text: str, start: int, end: int) -> bool:
    """The name at text[start:end] is followed by "(my SM)" or "from delivery", or follows
    "my manager,"."""
    if _EN_FROM_DEPARTMENT.match(text, end):
        return True
    return bool(_EN_ROLE_WORD.search(text)) and bool(  # most lines: no role word, nothing to look at
        _EN_COLLEAGUE_AFTER.match(text, end) or _EN_COLLEAGUE_BEFORE.search(text, 0, start))


_TEAM_BEFORE = re.compile(r"(?:[\u4e00-\u9fff]{1,4}(?:组|部|中心|科)|调车|开票|上牌|办证|办过户|过户|做金融|管库|交付|整备|"
                          r"网销|电销|DCC|dcc)的\s*$")
# departments a car dealer does not have: a client firm's (采购部, 运营部, 法务部…)
_CLIENT_DEPARTMENT = re.compile(r"(?:采购|运营|法务|物流|人事|人力|技术|研发|生产|工程|后勤|办公室|行政|总务|车队)部?的")
# …or a department the line says is theirs: 他们公司…运营部的小韩
_CLIENT_BEFORE = re.compile(r"(?:他们|他們|她们|对方|客户)(?:公司|单位|單位)|(?:他们|他們|她们)的\s*$")
# a department of the store, or the finance company it works with (not 交付的: 今天交付的王总)
_DEPARTMENT_BEFORE = re.compile(r"(?<![他她])(?:售后|车间|财务|前台|保险|精品|金融公司|金融|市场部|行政|二手车部?|中古车部?)的\s*$")
# 张磊介绍的同事, 她同事孙女士: the colleague word belongs to someone else
_OTHERS = re.compile(r"(?:(?<!我)(?<!我们)(?<!咱们)(?<!新来)(?<!刚来)(?<!新)的|(?<![我自])[他她]|客户|他们|她们)\s*$")


def others_colleague(text: str, context_start: int) -> bool:
    """`张磊介绍的同事`: the colleague word at `context_start` belongs to someone else."""
    return bool(_OTHERS.search(text[max(0, context_start - 4):context_start]))
