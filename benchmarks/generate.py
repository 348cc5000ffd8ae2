#!/usr/bin/env python3
"""Write a realistic synthetic vault of car salespeople's daily logs, for benchmarks.

Standard library only, and deterministic: the same --notes, --seed and options give the same
files, byte for byte, with the same mtimes.

    python benchmarks/generate.py --notes 365 --out /tmp/vault365
    python benchmarks/generate.py --notes 36500 --out /tmp/vault36k --seed 7

Layout under OUT:

    notes/YYYY/YYYY-MM-DD.md            one salesperson (up to --per-rep notes)
    notes/<rep>/YYYY/YYYY-MM-DD.md      several salespeople (36,500 notes = 10 × 10 years)
    .n2i-bench.json                     what was generated (benchmarks/run.py reuses a vault
                                        only when this matches), written last

Every salesperson writes one note a day from --start (2017-01-02) on; each file's mtime is the
evening (UTC+8) of its date. Bodies are 300–1500 Chinese characters; about 60 % of the notes open
with YAML front matter (date, customers, a deals list with customer / stage / model / amount /
source / level). Bodies use headings such as 今日工作 / 客户跟进 / 明日计划 / 失误 / 反思, task
checkboxes with relative due dates (明天, 周五前, 下周三, 月底前, 两个工作日内 …), later notes that
tick off or report earlier tasks, colleagues, and mistakes. Each salesperson has a pool of
customers who come back note after note, by full name, honorific form (王总, 李女士) or [[link]],
and move through 线索 → 到店 → 试驾 → 报价 → 谈判 → 订车 → 成交 → 交车, or are lost (战败).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import random
import re
import shutil
import sys
import time

# ---------------------------------------------------------------------------------------------
# People, cars, places
# ---------------------------------------------------------------------------------------------

FAMILY_NAMES = ("张王李赵刘陈杨黄吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁"
                "蔡蒋余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏付方邹熊白孟秦邱侯江尹")
MALE_GIVEN = ("志强", "建华", "国栋", "海涛", "俊杰", "文斌", "晓东", "振宇", "立新", "子豪",
              "宏伟", "德明", "家乐", "凯", "鹏", "勇", "涛", "斌", "浩然", "一鸣", "天佑",
              "永刚", "春生", "少华", "明轩", "博文", "长青", "锦程", "学军", "卫东")
FEMALE_GIVEN = ("丽华", "美玲", "雅琴", "晓燕", "婉婷", "思雨", "静怡", "雪梅", "春花", "秀兰",
                "佳琪", "梦瑶", "欣然", "玉珍", "慧敏", "琳", "洁", "颖", "倩", "蕾", "若曦",
                "淑芬", "红梅", "诗涵")
MALE_TITLES = ("总", "总", "先生", "先生", "哥", "老板", "师傅", "工")
FEMALE_TITLES = ("女士", "女士", "姐", "总", "老师", "小姐")

# Dealer brand → (model, lowest, highest price in 万 yuan)
DEALERS = {
    "东风日产": (("轩逸", 9, 13), ("天籁", 17, 23), ("奇骏", 18, 25), ("逍客", 13, 18),
             ("艾睿泽N7", 12, 16)),
    "广汽本田": (("雅阁", 17, 24), ("型格", 13, 17), ("皓影", 18, 26), ("飞度", 8, 10),
             ("e:NP2", 17, 20)),
    "长安": (("CS75 PLUS", 11, 16), ("逸动", 7, 10), ("UNI-K", 15, 20), ("深蓝SL03", 15, 20),
           ("启源A07", 13, 17)),
    "别克": (("君越", 20, 28), ("昂科威Plus", 20, 28), ("GL8", 23, 45), ("威朗Pro", 11, 14),
           ("E5", 18, 23)),
    "奇瑞": (("瑞虎8", 9, 15), ("艾瑞泽8", 9, 13), ("星途瑶光", 15, 21), ("风云A8", 11, 15),
           ("瑞虎9", 13, 19)),
}
RIVALS = ("特斯拉Model 3", "比亚迪海豹", "问界M5", "小鹏G6", "大众迈腾", "丰田亚洲龙", "理想L7",
          "哈弗H6", "领克06", "零跑C10", "五菱星光", "极氪007", "宝马3系", "吉利星越L")
LEAD_SOURCES = ("抖音", "懂车帝", "汽车之家", "易车", "自然进店", "老客户介绍", "电话邀约",
                "车展", "朋友圈", "主机厂线索", "小红书", "异业合作")
SOURCE_WEIGHTS = (17, 15, 14, 5, 15, 11, 6, 3, 5, 5, 3, 1)
LEVELS = ("H", "A", "B", "C")
FUNNEL = ("线索", "到店", "试驾", "报价", "谈判", "订车", "成交", "交车")
LOST = "战败"
PAINTS = ("雪域白", "墨玉黑", "深海蓝", "星河灰", "香槟金", "中国红", "极光绿")
DISTRICTS = ("城东", "高新区", "开发区", "老城区", "江北", "南湖", "滨江", "西郊")
JOBS = ("开饭店的", "做外贸的", "小学老师", "跑物流的", "医院护士", "公务员", "做装修的",
        "程序员", "开超市的", "退休教师", "网约车司机", "做服装批发的", "银行职员", "包工头")
WEEKDAY_CN = "一二三四五六日"
COLLEAGUE_POOL = ("小刘", "小何", "阿杰", "小蔡", "老钱", "小邓", "小方", "阿梅", "小许", "大宋")
MANAGER_POOL = ("孙经理", "周经理", "吴经理", "郑经理", "冯店长", "陈店长")
REP_SLUGS = ("zhangwei", "liming", "wangfang", "chenjing", "liuyang", "zhaolei", "huangmin",
             "zhoutao", "wuxiaoyan", "xujun", "sunhao", "majie", "zhuli", "hubin", "guoyu",
             "linna", "hejun", "luoxin", "gaoyan", "zhengkai")

# ---------------------------------------------------------------------------------------------
# Sentences. Slots: {c} customer as written, {full} full name, {model}, {other} another model of
# the dealer, {rival}, {paint}, {price} yuan, {wan} price in 万, {n} 2–9, {due} relative due date,
# {src}, {mate} colleague, {boss} manager, {brand}, {job}, {area}, {yrs} 1–8
# ---------------------------------------------------------------------------------------------

DAILY = (
    "早上八点半开晨会，{boss}通报了上周的排名，我们组{model}还差{n}台没完成。",
    "上午在展厅站岗，接待了{n}组自然进店的客户，留下电话的有一半。",
    "把{src}渠道新分过来的{n}条线索都打了一遍，接通的不到一半，有两个愿意周末来店。",
    "下午参加主机厂的线上培训，讲的是{model}年度改款的卖点和新的置换政策。",
    "今天轮到我值晚班，一直待到九点，接了{n}个问价电话，大部分是问现车和落地价。",
    "和{mate}一起布置展厅，把{model}的展车换成了{paint}，看起来精神多了。",
    "拍了一条{model}的短视频发到抖音，晚上看播放量有两千多，有人私信问价。",
    "陪二手车评估师老钱看了一台置换车，车况一般，估价比客户心理价位低了快一万。",
    "去车管所帮客户上牌，排了一个多小时的队，顺便把两份临牌也办了。",
    "把上个月交车的客户挨个回访了一遍，只有一个客户对保养预约不太满意。",
    "和金融专员核对贷款材料，有{n}个客户的银行流水还没交齐。",
    "有一家公司的行政打电话来，想团购{n}台{model}做商务用车，已经报给{boss}了。",
    "周会复盘了上周的战败客户，{boss}说主要问题是邀约不及时，报价太早。",
    "把试驾车{model}里里外外收拾了一遍，加满了油，换了新的脚垫。",
    "店里搞{brand}车主关爱日，来了好多老客户做免费检测，一整天都在端茶倒水。",
    "带新来的同事{mate}熟悉线索系统，教他怎么录客户级别和下次跟进时间。",
    "和库管对了一下库存，{model}的{paint}只剩{n}台，要先留给已经订车的客户。",
    "中午随便吃了两口盒饭，趁空把客户档案补全了，尤其是购车预算和用车场景。",
    "下午跟{mate}去{area}的小区摆展位，发了一百多张传单，加了{n}个微信。",
    "晚上在直播间当了一个小时讲解员，介绍{model}的空间和油耗，在线人数不多。",
    "和保险专员确认了几个客户的续保价格，准备明天统一回复。",
    "算了一下本月的数据，到店率还行，试驾到成交的转化明显偏低。",
    "售后转过来一个老客户的抱怨，说保养等了三个小时，我先道歉，再约了专人接待。",
    "整理了今天的交车照片，挑了几张好看的发到客户群和朋友圈。",
    "{boss}临时开了个短会，说月底前要冲一下{model}的销量，厂家有额外返利。",
    "天气不好，进店的人很少，就在工位上把意向客户又梳理了一遍。",
    "跟{mate}换了班，今天上早班，七点五十就到店开门做卫生。",
    "市场部让每个人转发{brand}新车上市的海报，我发了朋友圈和三个车友群。",
)

FOLLOW_UP = {
    "线索": (
        "{c}是{src}来的线索，在电话里问了{model}的优惠，预算大概{wan}万。",
        "第一次给{c}打电话，对方在开会，约好{due}再联系，先加了微信发了车型资料。",
        "{c}在网上留了电话，想了解{model}有没有现车，我把价格表和金融方案发过去了。",
        "{c}说之前在看{rival}，还没定，我重点讲了我们的质保和保值率。",
        "{c}是{job}，想换一台空间大一点的车，对{model}和{other}都有兴趣。",
    ),
    "到店": (
        "{c}今天第一次到店，绕着{model}看了半天，对内饰做工比较认可。",
        "{c}一家三口来看车，小孩一直坐在后排不肯下来，爱人比较关心安全配置。",
        "{c}到店主要是问置换，旧车开了{yrs}年，想先让评估师看看能卖多少。",
        "接待了{c}，客户在{model}和{other}之间犹豫，我按客户的通勤距离算了一下用车成本。",
        "{c}是开车路过进来的，看完{model}说周末带家里人再来一趟。",
    ),
    "试驾": (
        "带{c}试驾了{model}，客户觉得加速够用，过减速带很稳，就是嫌后排中间有点凸起。",
        "{c}试驾了二十多分钟，对隔音和座椅都很满意，下车就问最低能到多少钱。",
        "陪{c}走了一段环线高架，客户对自适应巡航很感兴趣，回来主动要了报价。",
        "{c}试驾完说还要去{rival}的店里对比一下，我把两台车的参数差异整理好发了过去。",
    ),
    "报价": (
        "给{c}报了{model}的落地价{price}元，包含购置税、保险和上牌服务费。",
        "{c}要了一份分期方案，首付三成，{yrs}年期，月供三千多，客户说回去算算。",
        "给{c}做了全款和贷款两套方案，贷款有厂家贴息，客户比较倾向于贷款。",
        "{c}嫌报价高，说网上看到的比我们便宜{n}千，我解释了配置和赠品不一样。",
    ),
    "谈判": (
        "{c}拿着别的店的报价来谈，对方便宜{n}千，我找{boss}申请了特价，还在等答复。",
        "和{c}磨了一个多小时，最后卡在精品上，客户想要全车贴膜加行车记录仪。",
        "{c}要求送三次保养，我只能争取到两次，客户说回去跟家里商量。",
        "{boss}亲自出面和{c}谈，给了一个底价，客户答应{due}给答复。",
    ),
    "订车": (
        "{c}交了五千定金，订了一台{paint}的{model}，预计{due}到车，已经跟库管登记。",
        "{c}今天签了订车单，选的{paint}，另外加装了电动尾门。",
        "{c}订完车一直在问到车时间，我问了物流，大概还要{n}周。",
    ),
    "成交": (
        "{c}今天正式签了合同，做了{yrs}年贷款，旧车也一起置换了，这个月又多一台。",
        "{c}全款拿下了{model}，成交价{price}元，{boss}说这单毛利还可以。",
        "帮{c}把合同、保险和金融手续都办完了，约好{due}来提车。",
    ),
    "交车": (
        "给{c}办了交车仪式，讲了车机和手机互联，拍了合影发朋友圈。",
        "{c}提车很顺利，临走还说下周带一个同事来看{other}。",
        "{c}交车时发现副驾门板有一道细划痕，马上找售后处理好了，客户表示理解。",
    ),
    LOST: (
        "{c}最后订了{rival}，说对方现车多、优惠也大，这个客户只能算战败了。",
        "{c}说家里决定今年先不换车，钱要留着装修，只好标记战败。",
        "打电话给{c}才知道已经在别的{brand}店订了，对方多送了一年保养，挺可惜的。",
    ),
}

ABOUT = (
    "{c}是{job}，家住{area}，平时上下班单程二十多公里。",
    "{c}家里已经有一台{rival}，这次是增购，主要给爱人接送孩子用。",
    "{c}晚上在微信上问了{model}的保养间隔和质保年限，我一条条回复了。",
    "{c}比较在意落地价，对装潢精品兴趣不大，谈价格要直接一点。",
    "{c}的预算在{wan}万左右，能往上浮一点，前提是要有现车。",
    "{c}说{due}会带爱人再来一次，家里大事都是爱人拍板。",
    "{c}很喜欢{paint}，可惜这个颜色要等车，我建议考虑一下现车颜色。",
    "{c}朋友圈经常晒自驾游，可以从长途舒适性的角度多聊聊。",
    "{c}问我{model}和{other}到底差在哪里，我做了一张对比表发过去。",
    "{c}这周在外地出差，回来再约，先把资料发过去让客户有空看看。",
    "{c}担心电池衰减，我把厂家的三电质保政策仔细讲了一遍。",
    "{c}说小区里没有充电桩，我帮忙查了最近的公共充电站，大概八百米。",
    "{c}的旧车是{yrs}年前买的，评估下来车况不错，可以多争取一点置换补贴。",
    "{c}是{mate}的老同学介绍来的，人很爽快，但是对售后要求高。",
)

CHECK_ITEMS = (
    "{due}给{c}回电话，问问考虑得怎么样了", "{due}把{model}的配置单发给{c}",
    "{due}整理本周线索，录进系统", "{due}交周报给{boss}", "{due}准备周六试驾活动的物料",
    "{due}把旧车的评估结果告诉{c}", "{due}在朋友圈发{model}的限时优惠",
    "{due}给{c}发最新的金融政策", "{due}把试驾车开去洗车", "{due}跟{mate}对一下库存表",
)
CHECK_BY_STAGE = {
    "线索": ("{due}邀约{c}到店看车", "{due}再给{c}打一次电话"),
    "到店": ("{due}约{c}来试驾{model}", "{due}给{c}发一份{model}的详细介绍"),
    "试驾": ("{due}给{c}发报价单", "{due}问问{c}试驾完的感受"),
    "报价": ("{due}找{boss}帮{c}申请特价", "{due}跟金融专员确认{c}的贷款审批"),
    "谈判": ("{due}答复{c}赠品的事", "{due}约{c}再来店里谈一次"),
    "订车": ("{due}跟库管确认{c}的车什么时候到", "{due}提醒{c}带身份证来签合同"),
    "成交": ("{due}帮{c}预约上牌", "{due}通知{c}来提车"),
    "交车": ("{due}给{c}做交车回访", "{due}提醒{c}首保的时间"),
}
DONE_LINES = (
    "已经把报价单发给{c}了，客户说收到。", "{c}的电话回过了，客户还在比较。",
    "昨天答应{c}的资料今天上午发过去了。", "按计划把周报交给了{boss}。",
)

SLIPS = (
    "答应{c}的回电忘了打，晚上客户自己打过来问，很被动，这是今天最大的失误。",
    "报价单上的贴息金额写错了，被{c}当场指出来，以后发之前一定要再核对一遍。",
    "试驾车没提前充电，{c}只开了十分钟就提示电量低，体验很差。",
    "没有及时把{c}录进系统，差点被分给别的顾问，被{boss}说了一顿。",
    "答应{c}的赠品没跟精品部确认，结果缺货，明天得去协调。",
    "把{c}的到车时间说早了，实际还要{n}周，客户很不高兴。",
    "跟{c}聊的时候说了竞品的坏话，客户明显有点反感，以后要注意。",
    "{c}问置换补贴，我把金额说错了，后来又打电话去更正。",
    "早上迟到了十分钟，晨会前半段没听到，被扣了绩效分。",
    "接待{c}的时候手机一直响，没专心听客户的需求。",
    "给{c}算月供的时候算错了利率，少算了一百多块，被客户发现了。",
)

LESSONS = (
    "今天跟进的节奏太慢了，H级和A级客户必须当天回复，不能拖到第二天。",
    "以后报价前先把政策问清楚，宁可慢一点，也不能报错。",
    "客户犹豫的时候不要急着降价，多讲产品价值和售后保障。",
    "本月还差{n}台，下周要把A级以上的客户全部再邀约一遍。",
    "对{model}的配置还不够熟，晚上要把参数表再过一遍。",
    "今天有点急躁，跟客户说话语气不好，明天要调整状态。",
    "成交客户要持续维护，转介绍是最好的线索来源。",
    "客户的关键信息一定要记下来：家里几口人、预算、用车场景、谁拍板。",
    "试驾是成交的关键，到店客户都要尽量安排试驾。",
    "跟{boss}学到一点：先问清楚购车时间，不急的客户不要急着让价。",
    "今天的线索质量一般，以后多花时间在老客户转介绍上。",
    "对{rival}了解得不够，客户一问就卡壳，周末要专门研究一下。",
)

MOODS = ("天气晴，心情不错。", "下了一天雨，进店的人很少。", "今天有点累，但是收获不少。",
         "降温了，展厅里很冷。", "忙得脚不沾地。", "状态一般，需要调整。")

HEADINGS = {
    "work": ("今日工作", "今日工作", "今日工作", "工作记录", "今天做了什么"),
    "follow": ("客户跟进", "客户跟进", "客户跟进", "客户情况", "跟进客户"),
    "plan": ("明日计划", "明日计划", "待办", "明天要做"),
    "slip": ("失误", "失误", "今日失误", "问题和失误"),
    "lesson": ("反思", "反思", "复盘", "心得"),
}

BODY_MIN, BODY_MAX = 300, 1500
UTC8 = dt.timezone(dt.timedelta(hours=8))
_HAN = re.compile(r"[\u4e00-\u9fff]")


def han_count(text: str) -> int:
    """Chinese characters (CJK unified ideographs) in `text`."""
    return len(_HAN.findall(text))


# ---------------------------------------------------------------------------------------------
# One salesperson's world
# ---------------------------------------------------------------------------------------------

class Customer:
    __slots__ = ("name", "title", "model", "price", "source", "level", "stage", "seen")

    def __init__(self, name, title, model, price, source, level, seen):
        self.name, self.title, self.model, self.price = name, title, model, price
        self.source, self.level, self.stage, self.seen = source, level, 0, seen

    @property
    def stage_name(self) -> str:
        return LOST if self.stage < 0 else FUNNEL[self.stage]


class Salesperson:
    """Simulates one salesperson day by day and writes their notes."""

    def __init__(self, slug: str, seed: str) -> None:
        self.slug = slug
        self.rng = rng = random.Random(f"n2i-bench:{seed}:{slug}")
        self.brand = rng.choice(sorted(DEALERS))
        self.models = DEALERS[self.brand]
        self.mates = rng.sample(COLLEAGUE_POOL, 3)
        self.boss = rng.choice(MANAGER_POOL)
        self.active: list[Customer] = []
        self.names: set[str] = set()
        self.open_tasks: list[tuple[str, Customer | None]] = []  # (text without due, customer)
        self.style = {
            "h": rng.choice(("##", "##", "###")),
            "title": rng.choice(("none", "cn", "iso")),
            "subheads": rng.random() < 0.5,
            "links": rng.choice((0.0, 0.1, 0.25)),
            "numbered": rng.random() < 0.3,
            "flow": rng.random() < 0.4,
            "quoted_date": rng.random() < 0.2,
            "author": rng.random() < 0.5,
            "mood": rng.random() < 0.4,
        }

    # -- the funnel ----------------------------------------------------------------------------

    def _new_customer(self, day: int) -> Customer:
        rng = self.rng
        for attempt in range(40):
            male = rng.random() < 0.62
            family = rng.choice(FAMILY_NAMES)
            name = family + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
            if name not in self.names:
                break
        else:
            name = family + rng.choice("春夏秋冬东西南北") + rng.choice(
                MALE_GIVEN if male else FEMALE_GIVEN)
        self.names.add(name)
        title = family + rng.choice(MALE_TITLES if male else FEMALE_TITLES)
        model, low, high = rng.choice(self.models)
        return Customer(name, title, model, rng.randrange(low * 10000, high * 10000, 100),
                        rng.choices(LEAD_SOURCES, SOURCE_WEIGHTS)[0],
                        rng.choices(LEVELS, (1, 3, 4, 2))[0], day)

    def _move(self, cust: Customer) -> None:
        rng = self.rng
        roll = rng.random()
        if cust.stage < len(FUNNEL) - 1 and roll < 0.35:
            cust.stage += 1
            if cust.level != "H" and rng.random() < 0.25:
                cust.level = LEVELS[LEVELS.index(cust.level) - 1]
        elif roll > 0.95 - 0.025 * min(cust.stage, 4) and cust.stage < FUNNEL.index("成交"):
            cust.stage = -1

    def day(self, day: int) -> list[Customer]:
        """Today's customers: new leads, then old ones followed up (stages moved on)."""
        rng = self.rng
        self.active = [c for c in self.active if day - c.seen <= 40]
        fresh = [self._new_customer(day) for _ in range(rng.choices((0, 1, 2, 3), (25, 35, 28, 12))[0])]
        pool = list(self.active)
        chosen: list[Customer] = []
        if pool:
            wanted = min(len(pool), rng.choice((1, 1, 2, 2, 3, 4)))
            weights = [4 - LEVELS.index(c.level) for c in pool]
            while len(chosen) < wanted:
                c = rng.choices(pool, weights)[0]
                if c not in chosen:
                    chosen.append(c)
        for c in chosen:
            self._move(c)
        today = fresh + chosen
        for c in today:
            c.seen = day
        self.active = [c for c in self.active if c.stage >= 0 and c.stage < len(FUNNEL) - 1]
        self.active.extend(c for c in fresh if c.stage >= 0)
        return today

    # -- words ---------------------------------------------------------------------------------

    def due(self, date: dt.date) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.25:
            return rng.choice(("明天", "明天上午", "明天下午", "明早"))
        if kind < 0.4 and date.weekday() < 5:
            return "周" + WEEKDAY_CN[rng.randint(date.weekday() + 1, 5)] + "前"
        if kind < 0.55:
            return "下周" + WEEKDAY_CN[rng.randrange(5)] + rng.choice(("", "", "之前"))
        if kind < 0.75:
            return rng.choice(("后天", "月底前", "本周内", "两个工作日内", "三天内", "下个月初",
                               "三个工作日内", "今晚", "下班前", "这周末"))
        later = date + dt.timedelta(days=rng.randint(3, 20))
        return f"{later.month}月{later.day}日前"

    def call(self, cust: Customer | None) -> str:
        """How the note names a customer this time."""
        rng = self.rng
        if cust is None:
            return rng.choice(FAMILY_NAMES) + rng.choice(MALE_TITLES)
        roll = rng.random()
        if roll < self.style["links"]:
            return f"[[{cust.name}]]"
        return cust.name if roll < 0.55 else cust.title

    def fill(self, template: str, cust: Customer | None, date: dt.date) -> str:
        return template.format_map(_Slots(self, cust, date))

    # -- one note ------------------------------------------------------------------------------

    def front_matter(self, date: dt.date, today: list[Customer]) -> str:
        rng, style = self.rng, self.style
        out = ["---", f'date: "{date.isoformat()}"' if style["quoted_date"] else f"date: {date}"]
        if style["author"]:
            out.append(f"author: {self.slug}")
        names = [c.name for c in today]
        if style["flow"] or not names:
            out.append("customers: [" + ", ".join(names) + "]")
        else:
            out.append("customers:")
            out.extend(f"  - {n}" for n in names)
        if today:
            out.append("deals:")
            for c in today:
                amount = f'"{c.price / 10000:.2f}万"' if rng.random() < 0.12 else str(c.price)
                out += [f"  - customer: {c.name}", f"    stage: {c.stage_name}",
                        f"    model: {c.model}", f"    amount: {amount}",
                        f"    source: {c.source}", f"    level: {c.level}"]
        if rng.random() < 0.25:
            out.append(f"tags: [工作日志, {self.brand}]")
        out.append("---\n")
        return "\n".join(out)

    def body(self, date: dt.date, today: list[Customer]) -> str:
        rng, style = self.rng, self.style
        target = min(BODY_MAX - 70, int(rng.triangular(BODY_MIN, BODY_MAX, 650)))
        used: set[str] = set()

        def line(options, cust=None) -> str:
            free = [t for t in options if t not in used] or options
            template = rng.choice(free)
            used.add(template)
            return self.fill(template, cust, date)

        def follow(c: Customer) -> str:
            options = FOLLOW_UP[c.stage_name]
            return line(options if any(t not in used for t in options) else ABOUT, c)

        def task(c: Customer | None) -> str:
            by_stage = CHECK_BY_STAGE.get(c.stage_name) if c else None
            options = by_stage if by_stage and rng.random() < 0.6 else CHECK_ITEMS
            free = [t for t in options if t not in used] or options
            template = rng.choice(free)
            used.add(template)
            if rng.random() < 0.3:  # a later note ticks it off or reports it done
                self.open_tasks.append((self.fill(template.replace("{due}", ""), c, date), c))
            return self.fill(template, c, date)

        people = today or [None]
        work = [line(DAILY) for _ in range(rng.randint(1, 2))]
        # tick off or report an earlier promise
        while self.open_tasks and rng.random() < 0.5:
            text, c = self.open_tasks.pop(rng.randrange(len(self.open_tasks)))
            if rng.random() < 0.5:
                work.append("[x] " + text)
            else:
                work.append(line(DONE_LINES, c))
        self.open_tasks = self.open_tasks[-6:]
        follows = [(c, [follow(c)]) for c in today]
        plans = [task(rng.choice(people)) for _ in range(rng.randint(2, 4))]
        slips = [line(SLIPS, rng.choice(people)) for _ in range(rng.randint(1, 2))] \
            if rng.random() < 0.45 else []
        lessons = [line(LESSONS, rng.choice(people))] if rng.random() < 0.85 else []
        heads = {k: rng.choice(v) for k, v in HEADINGS.items()}
        mood = rng.choice(MOODS) if style["mood"] and rng.random() < 0.5 else ""

        count = sum(map(han_count, work)) + sum(han_count(t) for _, ls in follows for t in ls) \
            + sum(map(han_count, plans + slips + lessons)) + 30
        while count < target:
            roll = rng.random()
            open_follows = [f for f in follows if len(f[1]) < 3]
            if roll < 0.35 and open_follows:
                c, ls = rng.choice(open_follows)
                added = follow(c)
                ls.append(added)
            elif roll < 0.72 or (roll > 0.9 and len(lessons) >= 3):
                added = line(DAILY)
                work.append(added)
            elif roll < 0.9:
                added = task(rng.choice(people))
                plans.append(added)
            else:
                added = line(LESSONS, rng.choice(people))
                lessons.append(added)
            count += han_count(added)

        def render() -> str:
            h = style["h"]
            out: list[str] = []
            if style["title"] == "cn":
                out.append(f"# {date.year}年{date.month}月{date.day}日 星期{WEEKDAY_CN[date.weekday()]}\n")
            elif style["title"] == "iso":
                out.append(f"# {date.isoformat()} 工作日志\n")
            if mood:
                out.append(mood + "\n")
            out.append(f"{h} {heads['work']}\n")
            for i, text in enumerate(work, 1):
                if text.startswith("[x] "):
                    out.append("- " + text)
                else:
                    out.append(f"{i}. {text}" if style["numbered"] else f"- {text}")
            if follows:
                out.append(f"\n{h} {heads['follow']}\n")
                for c, ls in follows:
                    if style["subheads"]:
                        out.append(f"{h}# {c.name}（{c.level}级｜{c.model}｜{c.stage_name}）\n")
                        out.append("".join(ls) + "\n")
                    else:
                        out.append(f"- **{c.title}**（{c.stage_name}）：" + "".join(ls))
            out.append(f"\n{h} {heads['plan']}\n")
            out.extend(f"- [ ] {t}" for t in plans)
            if slips:
                out.append(f"\n{h} {heads['slip']}\n")
                out.extend(f"- {s}" for s in slips)
            if lessons:
                out.append(f"\n{h} {heads['lesson']}\n")
                out.append("".join(lessons))
            text = "\n".join(out)
            while "\n\n\n" in text:
                text = text.replace("\n\n\n", "\n\n")
            return text.strip() + "\n"

        text = render()
        # headings, titles and sub-headings were estimated above: trim to the cap exactly
        while han_count(text) > BODY_MAX:
            longest = max((work, plans, lessons, *[ls for _, ls in follows]), key=len)
            if len(longest) <= 1:
                break
            longest.pop()
            text = render()
        return text


class _Slots(dict):
    """Template slots filled lazily (str.format_map), each once per sentence."""

    def __init__(self, rep: Salesperson, cust: Customer | None, date: dt.date) -> None:
        super().__init__()
        self.rep, self.cust, self.date = rep, cust, date

    def __missing__(self, key: str) -> str:
        rep, cust, rng = self.rep, self.cust, self.rep.rng
        if key == "c":
            value = rep.call(cust)
        elif key == "full":
            value = cust.name if cust else rep.call(None)
        elif key == "model":
            value = cust.model if cust else rng.choice(rep.models)[0]
        elif key == "other":
            mine = self.get("model") or (cust.model if cust else "")
            value = rng.choice([m for m, _, _ in rep.models if m != mine])
        elif key == "price":
            value = str(cust.price if cust else rng.randrange(90000, 300000, 100))
        elif key == "wan":
            value = str(round((cust.price if cust else rng.randrange(90000, 300000)) / 10000))
        elif key == "n":
            value = str(rng.randint(2, 9))
        elif key == "yrs":
            value = str(rng.randint(1, 8))
        elif key == "due":
            value = rep.due(self.date)
        elif key == "src":
            value = cust.source if cust else rng.choice(LEAD_SOURCES)
        elif key == "mate":
            value = rng.choice(rep.mates)
        elif key == "boss":
            value = rep.boss
        elif key == "brand":
            value = rep.brand
        elif key == "rival":
            value = rng.choice(RIVALS)
        elif key == "paint":
            value = rng.choice(PAINTS)
        elif key == "job":
            value = rng.choice(JOBS)
        elif key == "area":
            value = rng.choice(DISTRICTS)
        else:
            raise KeyError(key)
        self[key] = value
        return value


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------

MANIFEST = ".n2i-bench.json"


def generator_version() -> str:
    """Changes whenever this file changes, so stale benchmark vaults are regenerated."""
    with open(__file__, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def plan(notes: int, reps: int | None, per_rep: int) -> list[int]:
    reps = reps or max(1, math.ceil(notes / per_rep))
    return [notes // reps + (1 if i < notes % reps else 0) for i in range(reps)]


def write_rep(job: tuple[str, str, str, int, dt.date, float]) -> tuple[int, int, str]:
    """One salesperson's notes under `base`: (bytes, notes with front matter, last date)."""
    base, slug, seed, count, start, fm_ratio = job
    rep = Salesperson(slug, seed)
    made: set[int] = set()
    size = with_fm = 0
    date = start
    for day in range(count):
        date = start + dt.timedelta(days=day)
        today = rep.day(day)
        has_fm = rep.rng.random() < fm_ratio
        text = (rep.front_matter(date, today) if has_fm else "") + rep.body(date, today)
        if date.year not in made:
            os.makedirs(os.path.join(base, str(date.year)), exist_ok=True)
            made.add(date.year)
        data = text.encode("utf-8")
        evening = dt.datetime(date.year, date.month, date.day, rep.rng.randint(19, 22),
                              rep.rng.randrange(60), rep.rng.randrange(60), tzinfo=UTC8)
        stamp = evening.timestamp()
        with open(os.path.join(base, str(date.year), f"{date.isoformat()}.md"), "wb") as f:
            f.write(data)
            f.flush()
            os.utime(f.fileno(), (stamp, stamp))
        size += len(data)
        with_fm += has_fm
    return size, with_fm, date.isoformat()


def generate(out: str, notes: int, seed: str = "1", reps: int | None = None,
             per_rep: int = 3650, start: dt.date = dt.date(2017, 1, 2),
             fm_ratio: float = 0.6, force: bool = False) -> dict:
    counts = plan(notes, reps, per_rep)
    root = os.path.join(out, "notes")
    manifest_path = os.path.join(out, MANIFEST)
    if os.path.exists(root):
        if not force:
            raise SystemExit(f"{root} exists; use --force to replace it")
        shutil.rmtree(root)
    if os.path.exists(manifest_path):
        os.remove(manifest_path)
    os.makedirs(root)
    jobs = []
    for index, count in enumerate(counts):
        slug = REP_SLUGS[index] if len(counts) <= len(REP_SLUGS) else f"rep{index + 1:03d}"
        base = root if len(counts) == 1 else os.path.join(root, slug)
        jobs.append((base, slug, str(seed), count, start, fm_ratio))
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers > 1:  # salespeople are independent (one RNG each): same files either way
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(write_rep, jobs))
    else:
        results = [write_rep(job) for job in jobs]
    info = {"notes": notes, "seed": str(seed), "reps": len(counts), "start": start.isoformat(),
            "last": max(r[2] for r in results), "fm_ratio": fm_ratio,
            "bytes": sum(r[0] for r in results),
            "with_front_matter": sum(r[1] for r in results), "generator": generator_version()}
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump(info, f, ensure_ascii=False, indent=1)
    return info


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="Example: python benchmarks/generate.py --notes 3650 --out /tmp/v3650")
    p.add_argument("--notes", type=int, default=365, help="number of notes (default 365)")
    p.add_argument("--out", required=True, help="vault folder; the notes go to OUT/notes")
    p.add_argument("--seed", default="1", help="random seed (default 1)")
    p.add_argument("--reps", type=int, help="salespeople (default: notes / --per-rep, rounded up)")
    p.add_argument("--per-rep", type=int, default=3650,
                   help="most notes per salesperson when --reps is not given (default 3650 = 10 years)")
    p.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2017, 1, 2),
                   help="date of the first note (default 2017-01-02)")
    p.add_argument("--fm-ratio", type=float, default=0.6, help="share of notes with front matter")
    p.add_argument("--force", action="store_true", help="replace an existing OUT/notes")
    p.add_argument("--stats", action="store_true", help="also print body length statistics")
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.notes < 1 or args.per_rep < 1 or (args.reps is not None and not 1 <= args.reps <= args.notes):
        p.error("need --notes >= 1, --per-rep >= 1 and 1 <= --reps <= --notes")
    began = time.perf_counter()
    info = generate(args.out, args.notes, args.seed, args.reps, args.per_rep, args.start,
                    args.fm_ratio, args.force)
    took = time.perf_counter() - began
    if not args.quiet:
        print(f"{info['notes']} notes by {info['reps']} salesperson(s), {info['start']} … "
              f"{info['last']}, {info['with_front_matter']} with front matter, "
              f"{info['bytes'] / 1e6:.1f} MB in {os.path.join(args.out, 'notes')} ({took:.1f} s)")
    if args.stats:
        lengths = []
        for folder, _, files in os.walk(os.path.join(args.out, "notes")):
            for name in files:
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    text = f.read()
                if text.startswith("---\n"):
                    text = text.split("\n---\n", 1)[1]
                lengths.append(han_count(text))
        lengths.sort()
        print(f"body hanzi: min {lengths[0]}, median {lengths[len(lengths) // 2]}, "
              f"max {lengths[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
