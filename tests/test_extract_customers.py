"""Customers: who the salesperson is selling to, named however the note names them."""

from __future__ import annotations


def test_front_matter_links_mentions_and_honorifics(one_note):
    facts = one_note("""
        ---
        date: 2026-11-26
        customers: [王建国]
        ---
        ## 客户跟进
        - 王总上午来店里看了汉EV，对续航比较满意。
        - 下午李女士打电话问秦PLUS的现车，约了周六来看车。
        - [[陈静]] 在微信上问保养周期，@赵磊 说下周带家人来。
        - 老郑又打电话来问保险的事情。
        """)
    assert facts.customers == ("王建国", "李女士", "陈静", "赵磊", "老郑")
    by_surface = {m.surface: m.name for m in facts.mentions}
    assert by_surface["王总"] == "王建国"  # the note names exactly one customer surnamed 王
    assert {m.rule for m in facts.mentions} >= {"front-matter", "honorific", "link", "at"}


def test_every_mention_keeps_its_file_line(one_note):
    facts = one_note("""
        ---
        date: 2026-11-26
        ---

        今天接待了张先生。
        下午刘姐来试驾。
        """)
    lines = {m.surface: m.source.line for m in facts.mentions}
    assert lines == {"张先生": 5, "刘姐": 6}


def test_car_models_holidays_and_common_words_are_not_people(one_note):
    facts = one_note("""
        黄金周期间展厅人流量很大，宋PLUS和秦PLUS卖得最好。
        高兴的是这个月终于完成了销售目标，客户马上就到。
        方向盘有点异响，文明驾驶，安全第一。
        首付高总价低的方案最受欢迎。
        """)
    assert facts.customers == ()


def test_colleagues_and_managers_are_not_customers(one_note):
    facts = one_note("""
        孙经理答应帮我们申请额外的金融贴息。
        同事小刘帮我把试驾车开到门口，刘姐已经在等了。
        老马说库里还有两台白色的。
        """, colleagues=frozenset({"老马"}))
    assert facts.customers == ("刘姐",)


def test_alias_from_config_and_from_the_text(extract):
    vault = extract({
        "2026-11-25.md": "Met Mr. Wang (王建国) again, he wants the hybrid.\n",
        "2026-11-26.md": "李总今天来签了合同。\n",
    }, aliases={"李总": "李秀英"})
    first, second = vault.notes
    assert first.customers == ("王建国",)
    assert second.customers == ("李秀英",)


def test_vault_learns_an_honorific_once_a_note_resolves_it(extract):
    vault = extract({
        "2026-11-20.md": "---\ncustomers: [张伟]\n---\n张先生今天来试驾了。\n",
        "2026-11-26.md": "张先生说周六再来一次。\n",
    })
    assert vault.notes[1].customers == ("张伟",)


def test_a_name_revealed_later_in_the_vault_is_known_everywhere(extract):
    """宋雨桐（就是宋女士）and 他叫赵一鸣 name a customer first met under a form of address."""
    vault = extract({
        "2026-03-10.md": "14:20 宋女士，抖音线索，第一次到店，看海豹06\n小赵来了，他叫赵一鸣，做程序员的。\n",
        "2026-03-13.md": "14:00 宋雨桐（就是宋女士）和老公来了，TD 海豹06\n",
        "2026-03-18.md": "14:00 宋雨桐 订 海豹06，定金 5000\n赵一鸣发消息问提车时间。\n",
    })
    first, second, third = vault.notes
    assert first.customers == ("宋雨桐", "赵一鸣")
    assert second.customers == ("宋雨桐",)
    assert third.customers == ("宋雨桐", "赵一鸣")


def test_whose_colleague_decides_who_is_a_customer(extract):
    """评估师老王 is the writer's colleague whatever follows; 张磊介绍的同事 is a customer."""
    vault = extract({
        "2026-03-13.md": "14:30 评估师老王明天上门看朗逸，我陪同\n张磊介绍的同事 李文博 到店看车，试驾了汉L EV\n",
        "2026-03-18.md": "老王评估朗逸 3.8 万\n李文博今天来订了汉L EV\n",
    })
    assert [f.customers for f in vault.notes] == [("张磊", "李文博"), ("李文博",)]


def test_two_people_with_one_surname_stay_as_written(extract):
    vault = extract({
        "2026-11-20.md": "---\ncustomers: [王建国, 王丽]\n---\n王总今天来了。\n",
    })
    assert vault.notes[0].customers == ("王建国", "王丽", "王总")


def test_unknown_full_names_in_meeting_sentences(one_note):
    facts = one_note("今天接待了李秀英和她老公张伟，两个人意见不统一，都想试驾。\n")
    assert set(facts.customers) >= {"李秀英", "张伟"}


def test_known_name_is_not_found_inside_a_longer_name(extract):
    vault = extract({
        "2026-11-20.md": "---\ncustomers: [张伟]\n---\n张伟来了。\n",
        "2026-11-26.md": "张伟明的车到了，通知他来提车。\n",
    })
    assert "张伟" not in vault.notes[1].customers


def test_english_notes(one_note):
    facts = one_note("""
        ## Follow-ups
        - Ms. Li came back for a second test drive of the RAV4.
        - Called Mr. Zhao about the trade-in price.
        """)
    assert facts.customers == ("Ms. Li", "Mr. Zhao")


def test_hostile_names_are_kept_as_plain_text(one_note):
    facts = one_note("---\ncustomers: ['../../x', 'a|b', '<script>']\n---\n正文\n")
    assert facts.customers == ("../../x", "a|b", "<script>")


# --- the shared name cases: every person mention, given the customers the vault knows ---------

import json  # noqa: E402

import pytest  # noqa: E402

from conftest import PROJECT  # noqa: E402
from notes2insight.extract.customers import CustomerFinder, Directory  # noqa: E402

ZH_CASES = PROJECT.parent / "shared" / "data" / "zh_cases.json"


def _name_cases():
    if not ZH_CASES.exists():
        return []
    data = json.loads(ZH_CASES.read_text(encoding="utf-8"))
    return [(c["sentence"], c["names"], data["known_customers"]) for c in data["name_cases"]]


@pytest.mark.skipif(not ZH_CASES.exists(), reason="../shared/data/zh_cases.json not present")
@pytest.mark.parametrize("sentence, names, known", _name_cases())
def test_shared_name_cases(segmenter, sentence, names, known):
    finder = CustomerFinder(Directory(customers=frozenset(known)), segmenter)
    assert sorted(s.surface for s in finder.spans(sentence)) == sorted(names)


@pytest.mark.parametrize("sentence, names", [
    ("今天上午王总来店里看了汉EV，对续航比较满意。", ["王总"]),
    ("杨总对海豹的加速很满意。", ["杨总"]),
    ("下午带老郑试驾，他开得很猛。", ["老郑"]),
    ("首付高总价低，提高总体满意度。", []),
    ("小王子是一本书，老黄历也不准。", []),
    ("陪吴老师和周阿姨看了凯美瑞。", ["吴老师", "周阿姨"]),
    ("欧阳先生说下周再来。", ["欧阳先生"]),
])
def test_honorific_forms_without_a_dictionary(segmenter, sentence, names):
    finder = CustomerFinder(Directory(), segmenter)
    assert [s.surface for s in finder.spans(sentence)] == names


def test_names_given_in_passing_and_the_customer_column_of_a_table(extract):
    """王哥大名王振东 and 冯总就是冯建平 name the customer; a follow-up table's 客户 column holds
    a customer even when no sentence around it says so."""
    vault = extract({
        "2026-10-09.md": "- 王哥 的 2019 款思域，评估价三万二\n- 冯总就是冯建平昨天经理批了再让四千\n",
        "2026-10-14.md": "- 王哥大名王振东，合同上签的\n",
        "2026-10-15.md": "| 客户 | 级别 | 下一步 |\n|---|---|---|\n| 周国华 | H | 约交车 |\n",
    })
    assert [f.customers for f in vault.notes] == [("王振东", "冯建平"), ("王振东",), ("周国华",)]


def test_in_a_teams_vault_a_form_of_address_is_resolved_within_its_writers_folder(extract):
    """Two salespeople's folders: 王哥 in one is not 王总 王海峰 of the other."""
    vault = extract({
        "elaine/2026-10-08.md": "---\ncustomers: [王海峰]\n---\n王总来店里看了 Model Y。\n",
        "dachuan/2026-10-09.md": "- 王哥 的思域，评估价三万二，约他周六来签\n",
        "dachuan/2026-10-10.md": "- 老周 的 CR-V 过户\n",
        "2026/10/2026-10-11.md": "周女士来了\n",
        "2026/10/2026-10-12.md": "---\ncustomers: [周丽]\n---\n周丽订车\n",
    })
    by_path = {f.path: f.customers for f in vault.notes}
    assert by_path["dachuan/2026-10-09.md"] == ("王哥",)
    assert by_path["elaine/2026-10-08.md"] == ("王海峰",)
    assert by_path["2026/10/2026-10-11.md"] == ("周丽",)  # date folders: one writer


def test_an_english_given_name_alone_is_the_one_customer_who_has_it(extract):
    vault = extract({
        "2026-08-04.md": "---\ncustomers: [Kevin Zhang, Eric Li, Eric Wang]\n---\nKevin 来店里试驾了 Model X。\n",
        "2026-08-07.md": "Kevin 说还是太贵，Eric 也来了。\n",
    })
    assert vault.notes[1].customers == ("Kevin Zhang",)  # two Erics: Eric stays unresolved


def test_kin_terms_of_a_county_town(one_note):
    facts = one_note("老李叔说赶集那天来看车\n王婶问有没有白色的\n刘二哥开着三轮来的\n周支书打电话来\n")
    assert facts.customers == ("老李叔", "王婶", "刘二哥", "周支书")


def test_english_forms_of_address_and_colleagues_named_by_their_role(extract):
    """Mr. Chan is Chan Kok Wai (surname first), Ms. Lin is Lin Jing; "Mr. Lim (my SM)" is a
    colleague everywhere; Auntie Lim is no full name for Mr. Lim to fold into."""
    vault = extract({
        "kelvin/2026-11-16.md": "---\ncustomers: [Chan Kok Wai, Lin Jing]\n---\n"
                                "Mr. Chan came in. Ms. Lin called.\n",
        "kelvin/2026-11-20.md": "Mr. Chan again. Said I'd ask Mr. Lim (my SM) for a better trade-in.\n",
        "kelvin/2026-11-26.md": "Auntie Lim came by. Mr. Lim approved the discount.\n",
    })
    assert [f.customers for f in vault.notes] == [
        ("Chan Kok Wai", "Lin Jing"), ("Chan Kok Wai",), ("Auntie Lim",)]


def test_a_section_headed_with_a_customers_full_name(extract):
    vault = extract({
        "2026-03-26.md": "### 白宇航（新客户）\n- 第一次到店，看 EQE\n### 周五\n- 例会\n",
        "2026-04-08.md": "- 给白宇航发了续航数据\n",
    })
    assert [f.customers for f in vault.notes] == [("白宇航",), ("白宇航",)]


def test_an_english_form_of_address_also_folds_to_the_writers_chinese_full_name(extract):
    vault = extract({
        "2026-11-20.md": "---\ncustomers: [王建国]\n---\n王建国来看车。\n",
        "2026-11-21.md": "Mr. Wang called about the quote.\n",
    })
    assert vault.notes[1].customers == ("王建国",)


def test_a_form_of_address_named_in_the_line_below_it_or_by_an_id_card(extract):
    vault = extract({
        "2026-01-16.md": """
            **小叶** 🟢
            林薇的闺蜜，加了微信。全名叶子涵，在新百上班。
            """,
        "2026-12-22.md": """
            投保人写汤总本人，身份证上是汤卫国。老秦下午来了。
            """,
        "2026-12-23.md": """
            汤总的续保单已经发了，小叶说周末过来。
            """,
    })
    names = {f.path: f.customers for f in vault.notes}
    assert names["2026-01-16.md"] == ("叶子涵", "林薇")
    assert names["2026-12-22.md"] == ("汤卫国", "老秦")
    assert names["2026-12-23.md"] == ("汤卫国", "叶子涵")  # what one note taught, every note knows


def test_elders_addressed_as_family_and_names_given_after_the_form(extract):
    vault = extract({
        "2026-07-06.md": """
            王姨下午来看车，張媽媽也一起來了，吳阿伯在門口等。
            訂單上的名字是林淑芬，就是林小姐本人。
            周建华就是周总，明天来签合同。
            孙浩，刘宝山的同事，让我管他叫小孙就行。
            刘哥大号叫刘宝山。
            """,
        "2026-07-07.md": """
            林小姐、周总、小孙和刘哥今天都来了电话。
            """,
    })
    second = next(f for f in vault.notes if f.path == "2026-07-07.md")
    first = next(f for f in vault.notes if f.path == "2026-07-06.md")
    assert {"王姨", "張媽媽", "吳阿伯"} <= set(first.customers)
    assert second.customers == ("林淑芬", "周建华", "孙浩", "刘宝山")


def test_an_english_name_given_with_its_form_of_address(extract):
    vault = extract({
        "2026-11-04.md": """
            - Angela Russo (Ms. Russo): got her payoff quote Monday.
            - Linda (Mrs. Park) came back today to sign.
            """,
        "2026-11-05.md": """
            - Ms. Russo called about the plates. Linda Park took delivery.
            """,
    })
    first, second = sorted(vault.notes, key=lambda f: f.path)
    assert first.customers == ("Angela Russo", "Linda Park")
    assert second.customers == ("Angela Russo", "Linda Park")


def test_a_client_firms_manager_named_in_full_is_a_customer(extract):
    vault = extract({
        "2026-08-12.md": "顺达物流采购部张经理（张振宇）上午来电，要换 20 台厢式车。\n",
        "2026-08-19.md": "张经理回话：我们价格排第二。店里的孙经理说再等等。\n",
    })
    assert [f.customers for f in sorted(vault.notes, key=lambda f: f.path)] == [("张振宇",), ("张振宇",)]


def test_names_given_by_a_nickname_a_paper_or_an_introduction(extract):
    vault = extract({
        "20260326.md": """
            新客户 小美！！同龄人哈哈哈 本名赵美琪，预算 10 万，看海豚。
            王姐姐今天来交定金了，合同上的名字是王丽娟，我之前一直以为她叫王丽娜 哈哈还好没写错。
            新来了个客户叫胡建军，湘潭人，问了几句油耗就走了。
            售后的黄师傅讲变速箱出了毛病，金融公司的小彭讲可以贴息。
            """,
        "20260330.md": "小美说周末来试驾。王姐姐的按揭批了。胡建军回微信讲月底来看车。\n",
    })
    first, second = sorted(vault.notes, key=lambda f: f.path)
    assert set(first.customers) == {"赵美琪", "王丽娟", "胡建军"}  # not 王丽娜, no colleague
    assert set(second.customers) == {"赵美琪", "王丽娟", "胡建军"}


def test_malaysian_forms_of_address_and_a_full_name_given_later(extract):
    vault = extract({
        "2026-03-03.md": """
            - Mr. Lim test drove the EX5. Full name Lim Wei Jie (from his IC copy).
            - Encik Farid came with his wife, booked the X90 under his full name Farid Hassan.
            - **Cindy Wang (王欣)** — M3，国贸上班，午休过来看车的，问 12 月提车能不能赶上购置税减半。
            """,
        "2026-03-07.md": "- Mr. Lim replied ok noted. Encik Farid called. Cindy 说周末再来。\n",
    })
    for facts in vault.notes:
        assert set(facts.customers) == {"Lim Wei Jie", "Farid Hassan", "王欣"}


def test_each_writer_of_a_team_means_their_own_customer_by_a_form(extract):
    vault = extract({
        "meng/2026-10-20.md": "孙女士（孙晓雯）7X 交车 ✓\n",
        "meng/2026-10-23.md": "孙女士座椅异响，下周二到件。\n",
        "sam/2026-10-20.md": "孙女士（孙婷）来试驾了。\n",
        "sam/2026-10-23.md": "孙女士说周末再来。\n",
    })
    got = {f.path: f.customers for f in vault.notes}
    assert got["meng/2026-10-23.md"] == ("孙晓雯",) and got["sam/2026-10-23.md"] == ("孙婷",)


def test_spanish_forms_of_address_and_names_that_lead_a_block(extract):
    vault = extract({
        "2026-08-24.md": """
            - **Sra. López**, retired teacher, looking at the Omoda 5.
            - **Luis Hernández**, drives Uber, wants the Tiggo 7 Pro.
            - Ben Nguyen (used cars, no relation) valued Sr. Ramírez's trade-in.
            """,
        "2026-09-11.md": "- Sr. Ramírez called Wednesday. Booked Jorge Ramírez and his wife to sign tomorrow.\n",
        "2026-09-15.md": "- Sr. Ramírez signed. Luis Hernández came back. Called Sra. López Wednesday.\n",
    })
    got = {f.path: set(f.customers) for f in vault.notes}
    assert got["2026-09-15.md"] == {"Jorge Ramírez", "Luis Hernández", "Sra. López"}
    assert got["2026-08-24.md"] == {"Sra. López", "Luis Hernández", "Jorge Ramírez"}  # not Ben, a colleague


def test_full_names_the_writer_dealt_with_and_regional_surnames(extract):
    vault = extract({
        "2026-08-25.md": "- Booked Chidi Okonkwo in for Thurs 6pm to sign.\n- 普老板（普文华）来看唐L。\n",
        "2026-08-29.md": "- Chidi Okonkwo signed ✔. 普老板说下礼拜来提车。\n",
    })
    for facts in vault.notes:
        assert set(facts.customers) == {"Chidi Okonkwo", "普文华"}


def test_cyrillic_names_and_a_full_name_given_after_the_given_name(extract):
    vault = extract({
        "2026-03-23.md": "**Иван Петров**（Ivan Petrov，赤塔来的）— 哈弗 H9 柴油版。\n",
        "2026-03-27.md": "Ольга 定了三台 H6。Ольга 全名 Ольга Смирнова，护照上是 SMIRNOVA OLGA。\n",
        "2026-04-01.md": "Ольга 的 инвойс 今天开出去了 ✅\n",
    })
    got = {f.path: f.customers for f in vault.notes}
    assert got["2026-03-23.md"] == ("Иван Петров",)
    assert got["2026-04-01.md"] == ("Ольга Смирнова",)


def test_a_full_name_read_off_a_contract_or_a_business_licence(extract):
    vault = extract({
        "2026年9月14日.md": "- 王姐头晌来看卡罗拉双擎。孙老板说店里要整台车拉货。\n",
        "2026年9月29日.md": "- 王姐头晌来签合同了，全款。合同上写的王淑珍，我这才知道王姐大名。\n"
                          "- 孙老板又来了。营业执照上写的孙德利，开单得用这个名儿。\n",
    })
    for facts in vault.notes:
        assert set(facts.customers) == {"王淑珍", "孙德利"}


def test_the_writers_boss_is_a_colleague_whatever_his_title(extract):
    """A 总 who approves prices, sets everyone's targets or runs the team's chat is the
    writer's boss; a customer 总 with his own staff stays a customer."""
    vault = extract({
        "2026-09-14.md": "- 邢总说十月目标十台，完不成的年底奖金就别寻思了。\n"
                         "- 陈总的团购价邓总批了，每台再让六千。\n"
                         "- 王总说他们公司每个人都要配一台，下礼拜来试驾。\n",
        "2026-09-17.md": "- 邢总下晚儿在群里说，中秋国庆谁要是能整出三台，节后请吃杀猪菜。\n"
                         "- 我去跟邓总申请再让 500。陈总说节后过来签合同。\n",
        "2026-09-20.md": "- 報價單抬頭林董要開公司，負責人寫林正雄。\n",
        "2026-09-24.md": "早会：高总说九月还剩六天，让我盯紧点。\n- 九月战败客户回访表，交高总\n"
                         "- 合同交给王总签字\n- 报价单交给冯总了，订单交给何总签字\n",
    })
    got = {f.path: set(f.customers) for f in vault.notes}
    assert got["2026-09-14.md"] == {"陈总", "王总"}
    assert got["2026-09-17.md"] == {"陈总"}
    assert got["2026-09-20.md"] == {"林正雄"}
    assert got["2026-09-24.md"] == {"王总", "冯总", "何总"}  # 高总 runs the meeting, takes the reports


def test_a_singaporean_name_surname_first_after_the_title(extract):
    vault = extract({
        "2026-10-05.md": "- Mr Tan cannot make it Sat. Moved his Seal TD to Sun 10am.\n",
        "2026-10-14.md": "Mr Tan Wei Ming's TD on Sun went well. Wei Ming say the Seal very shiok.\n",
    })
    for facts in vault.notes:
        assert facts.customers == ("Tan Wei Ming",)


def test_a_southern_nickname_with_a_names_a_person_not_a_kin_word_or_a_brand(extract):
    vault = extract({
        "2026-07-13.md": """
            📞 阿强 E5 落价 发了 ✅ 嫌贵 ⏳ 等他老婆点头
            阿维塔的展车旁边，阿明说想试驾 07。
            阿姨说阿拉上海人不喜欢白色，要去阿里巴巴上班。
            交付的阿芳说现车要等十五天左右。
            """,
        "2026-07-16.md": "阿芳把交车仪式弄得很好，阿强也来看了。\n",
    })
    first, second = vault.notes
    assert first.customers == ("阿强", "阿明")
    assert second.customers == ("阿强",)  # 阿芳 works in delivery: a colleague in every note


def test_a_nickname_named_by_its_last_character_and_a_configured_colleague_in_traditional(extract):
    vault = extract({
        "2026-11-02.md": """
            | 问题 | 原因 | 改进 |
            | --- | --- | --- |
            | 阿辉的定金收据名字写成了"阿辉" | 没问他身份证上的名字，他叫李志辉 | 明天上午重开一张给他 |
            """,
        "2026-11-06.md": "阿辉来交了尾款。\n",
        "2026-11-09.md": "阿凱說禮拜三可以幫我把試乘車開回來，張大姐下午來看車。\n",
    }, colleagues=frozenset({"阿凱"}))
    assert [facts.customers for facts in vault.notes] == [("李志辉",), ("李志辉",), ("張大姐",)]


def test_a_customers_relative_named_beside_them_is_a_customer_of_their_own(extract):
    vault = extract({
        "2026-04-20.md": """
            - 周叔带他儿子周浩然来看车，车是给周浩然上班开的。
            - 李姐老公周建平话不多，就问了后排能不能放平。
            - 于大爷今儿带着孙女来了，孙女叫于小雨，相中了锐放的蓝色。
            - 王秀云的妹妹来看卡罗拉了，叫王秀兰，我接待的。
            - 钟阿姨的儿子周末回来，孙子高考完再来。
            """,
        "2026-04-24.md": "- 周叔又来了一趟，于大爷打电话问价。\n",
    })
    first, later = vault.notes
    assert first.customers == ("周叔", "周浩然", "李姐", "周建平", "于大爷", "于小雨", "王秀云", "王秀兰", "钟阿姨")
    assert later.customers == ("周叔", "于大爷")  # the elders are not folded into their young


def test_names_off_papers_in_dialect_southern_titles_and_names_glued_to_wechat(extract):
    vault = extract({
        "2026-01-26.md": """
            上昼林老板来睇腾势 D9，蔡阿姆同郑阿叔也来了。
            杨帆微信问七月几号能到。
            """,
        "2026-02-05.md": "今日林老板来签合同，合同上个名是林泽鑫，公司是泽鑫玩具。\n",
        "2026-04-30.md": "上午十点马总来签的合同。合同上的名字马宝田，公司叫宝田建材。\n",
    })
    first, signed, other = vault.notes
    assert first.customers == ("林泽鑫", "蔡阿姆", "郑阿叔", "杨帆")
    assert signed.customers == ("林泽鑫",)
    assert other.customers == ("马宝田",)


def test_a_pasted_message_calls_the_writer_by_name_and_at_all_is_everyone(extract):
    facts = extract({"2026-06-01.md": """
        > 王姐 10:32
        > 小李，首付我们打算付一半，剩下的贷款，你帮我们算算
        > 陈老师：谢谢小李，很详细。我端午后带我爱人来试驾
        > 我：好的王姐，周五前把方案发您
        > 店长：@所有人 周四下班前把端午值班表定下来
        """}).notes[0]
    assert facts.customers == ("王姐", "陈老师")


def test_names_off_order_forms_and_cards_and_regional_titles_that_stay_apart_from_kin(extract):
    vault = extract({
        "2026-02-02.md": "2. 11:20 用户 周先生，SU7 Pro 海湾蓝，TD 20 min。吴阿姨来看 YU7。\n",
        "2026-02-13.md": """
            1. 周先生今朝锁单了！锁单信息写的周启明。
            3. 吴阿姨讲儿子吴嘉诚过年回来，初八以后一道来 TD YU7。
            """,
        "2026-02-24.md": "4. 吴阿姨带吴嘉诚来试驾了。\n",
        "2026-04-20.md": "- 曾娭毑带孙伢子来了，孙伢子叫曾宇轩，刚毕业。刘满哥问 08 的纯电能跑好远。\n",
        "2026-04-23.md": "- 曾娭毑又来了。\n",
        "2026-09-07.md": "张孃孃来看深蓝 S07。\n",
        "2026-09-16.md": "张孃孃来定了，身份证上叫张淑芬。\n",
    })
    assert [facts.customers for facts in vault.notes] == [
        ("周启明", "吴阿姨"), ("周启明", "吴阿姨", "吴嘉诚"), ("吴阿姨", "吴嘉诚"),
        ("曾娭毑", "曾宇轩", "刘满哥"), ("曾娭毑",), ("张淑芬",), ("张淑芬",)]


def test_an_english_writers_pinyin_forms_fold_to_the_chinese_names_on_the_papers(extract):
    # An expat writer calls customers Mr. Wang, Xiao Li, Li jie and reads their full names off
    # the contract or ID later; his staff (Deng zong, our GM; Xiao Ma from delivery; Lao Qin,
    # our appraiser) are no customers, and Xiao Li is not folded into Li jie's name.
    vault = extract({
        "2026-09-14.md": """
            - **Mr. Wang (王总)** wants the XC90. Told him I'd ask Xiao Ma from delivery by Wed.
            - **Xiao Li** (小李), first car, dad is paying.
            Deng zong (邓总, our GM) at the morning huddle: target is 18 units.
            """,
        "2026-09-20.md": """
            - New lead: **Li jie (李姐)**, owns six bubble tea shops.
            - Kevin Huang: Lao Qin, our appraiser, can only look at the Model 3 tomorrow.
            """,
        "2026-09-24.md": """
            - Mr. Wang: contract signed! Name on the contract: 王海涛, company 海涛电子.
            - Xiao Li came in with his dad. Full name on his ID: 李子豪.
            - Was late for my call with Li jie. Asked Deng zong about the wallbox.
            """,
        "2026-09-30.md": """
            - Li jie: the buyer is her company, legal rep 李慧敏 on the business licence.
            - Xiao Li's dad: "after Golden Week". 王总 sent a WeChat.
            - Ms. Zhou's partner: Alex will be the main driver; his ID says 陈浩宇.
            """,
        "2026-10-15.md": "- Alex's phone key set up. Lao Qin valued the Accord. Xiao Ma says the cars land on the 28th.\n",
    })
    assert [facts.customers for facts in vault.notes] == [
        ("王海涛", "李子豪"), ("李慧敏", "Kevin Huang"), ("王海涛", "李子豪", "李慧敏"),
        ("李慧敏", "李子豪", "王海涛", "Ms. Zhou", "陈浩宇"), ("陈浩宇",)]


def test_a_pinyin_word_that_is_no_form_of_address_stays_apart(extract):
    # Xiao Li Ming is a full name, not 小李; "the Li jiang plant" holds no title
    facts = extract({"2026-09-14.md": "Xiao Li Ming phoned about the EX30. Visited the Li jiang plant.\n"}).notes[0]
    assert not {"Xiao Li", "小李", "Li jiang", "Li jie"} & set(facts.customers)


def test_a_name_given_after_the_surname_and_a_relative_of_the_wider_family(extract):
    # 他姓王叫王振国 names the 王总 of the line (in every note); 他二舅叫刘福 is the customer's
    # relative, so the writer's 刘哥 never folds into the uncle's name
    vault = extract({
        "2026-03-16.md": "我跟王总说明天上午把金融方案发他微信，他说行，他姓王叫王振国。\n",
        "2026-03-20.md": "王总问交车时间。\n",
        "2026-09-20.md": "- 刘哥来交了订金，开收据才知道大名叫刘长海。\n",
        "2026-10-09.md": "- 刘哥的车交了。他二舅也跟着来了，二舅叫刘福，想整台凌放。刘哥说二舅不会用手机。\n",
    })
    assert [facts.customers for facts in vault.notes] == [
        ("王振国",), ("王振国",), ("刘长海",), ("刘长海", "刘福")]


def test_a_surname_alone_or_an_elder_of_the_family_is_no_name(extract):
    # 她姓罗 gives no full name; 我二舅 is the writer's own uncle
    facts = extract({"2026-09-16.md": "幺妹带她老汉儿来了，她老汉儿姓罗，话不多。我二舅王强也来店里坐了坐。\n"}).notes[0]
    assert "王强" not in facts.customers and not any(c.startswith("罗") for c in facts.customers)


def test_nicknames_everyone_uses_and_a_youngest_or_fourth_son_named_later(extract):
    # 大家都喊他刀哥: the only name the writer has for him; 幺妹 and 徐老四 are named later (大名),
    # and each name folds in every note; 叫他明天来 is a request, 街坊都喊他李老板 no new person
    vault = extract({
        "2026-09-07.md": "下午来了个幺妹，刚毕业，想买 SL03。徐老四，种草莓的，来看皮卡。\n",
        "2026-09-11.md": "刀哥来了，跑滴滴的，大家都喊他刀哥，想换纯电。我叫他明天来试驾。\n",
        "2026-09-16.md": "登记试驾的时候才晓得幺妹大名叫罗佳怡。徐老四大名徐长根。\n",
        "2026-09-20.md": "刀哥今天莫来。幺妹说国庆来定。徐老四的流水还没送来。\n",
        "2026-09-24.md": "李哥带他堂客来看车，街坊都喊他李老板。\n",
    })
    assert [set(facts.customers) for facts in vault.notes] == [
        {"罗佳怡", "徐长根"}, {"刀哥"}, {"罗佳怡", "徐长根"}, {"刀哥", "罗佳怡", "徐长根"}, {"李哥", "李老板"}]


def test_a_nickname_beside_a_full_name_is_that_person(extract):
    vault = extract({
        "2026-03-23.md": "**Иван Петров**（赤塔来的，店里都叫他伊万）— 哈弗 H9 柴油版。\n",
        "2026-03-27.md": "伊万又来了，问出口手续。\n",
    })
    assert [facts.customers for facts in vault.notes] == [("Иван Петров",), ("Иван Петров",)]


def test_page_links_to_latin_names_english_names_in_brackets_and_quoted_nicknames(extract):
    # [[Lisa Wong]] is a person's page (then Lisa alone is her), [[Weekly Review]] no one;
    # [[徐子腾]] (Tony) gives the English name he goes by; 只知道她叫"大白": her only name;
    # Walt Patterson (Mr. Patterson from the 19th) is Mr. Patterson
    vault = extract({
        "2026-05-15.md": "- [[Lisa Wong]] 官网留资，约了她明天来试驾。TODO 周五前把 [[Weekly Review]] 交给店长\n",
        "2026-05-20.md": "- TODO email Lisa the financing breakdown by Thu\n- Hao 介绍了他同事 Tony 来看 LS6\n",
        "2026-06-01.md": "- 抖音私信问 L6 落地价，只知道她叫\"大白\"，在张江上班\n",
        "2026-06-05.md": "- 大白周三没回消息。[[徐子腾]] (Tony) 下周来交订金\n",
        "2026-06-08.md": "- Tony called back.\n",
        "2026-06-19.md": "- Mr. Patterson walked in asking for me.\n",
        "2026-06-29.md": "- Walt Patterson (Mr. Patterson from the 19th) bought the Camry SE.\n",
    })
    assert [facts.customers for facts in vault.notes] == [
        ("Lisa Wong",), ("Lisa Wong", "徐子腾"), ("大白",), ("大白", "徐子腾"), ("徐子腾",),
        ("Walt Patterson",), ("Walt Patterson",)]


def test_a_given_name_alone_is_not_a_title_or_a_porter(extract):
    # Uncle Lim's "Uncle" is no given name; "Luis (our porter)" is staff, not Luis Ramos
    vault = extract({
        "2026-10-15.md": "- Booked Luis Ramos in for a test drive Sat.\n- Uncle Lim came by with Auntie Mary.\n"
                         "- Booked Tom Barlow in for Fri.\n",
        "2026-10-23.md": "- Luis (our porter) and I paired her phone in the lot. Handover I fix with Uncle on Sat.\n"
                         "Tomorrow:\n- ring Bev\n",
    })
    assert vault.notes[1].customers == ()  # (nor is Tom in "Tomorrow")
    assert all(m.surface != "Uncle" or m.name == "Uncle Lim" for f in vault.notes for m in f.mentions)


def test_a_relative_named_in_traditional_characters_keeps_the_elder_apart(extract):
    # 賴阿伯帶兒子來…叫賴冠廷: the son is a customer of his own, and 賴阿伯 (never a full name)
    # is not folded into him, in this note or a later one
    vault = extract({
        "20260824.md": "# 115年8月24日（一）\n- 賴阿伯帶兒子來看 SENTRA，兒子剛退伍要通勤，叫賴冠廷。\n",
        "20260908.md": "# 9/8（二）\n- 賴阿伯打來說禮拜二要來試乘。\n",
    })
    assert [facts.customers for facts in vault.notes] == [("賴阿伯", "賴冠廷"), ("賴阿伯",)]


def test_a_direct_stores_user_column_names_the_buyer(extract):
    # 极氪 / 蔚来 stores call buyers 用户: the column says who, also for a 总 (not 店长 in a cell)
    vault = extract({
        "20260427.md": "| 用户 | 车型 | 下一步 |\n| --- | --- | --- |\n| 钱总 | 009 ×2 | 找店长申请大客户政策 |\n"
                       "| 宋女士 | 001 | — |\n",
    })
    assert vault.notes[0].customers == ("钱总", "宋女士")


def test_a_clients_decision_meeting_or_staff_do_not_make_colleagues(extract):
    # 王总说下周三开会定: the client's own meeting; 他们公司…运营部的小韩: the client's staff;
    # 采购部马经理 named 马国栋 on the contract is a customer. The writer's boss still is a colleague.
    vault = extract({
        "2026-01-04.md": "### 易行出行（网约车）\n- 王总说下周三开会定。\n- 采购部马经理上午来电，要 30 台。\n",
        "2026-01-08.md": "- 周三去他们公司开会，王总、运营部的小韩都在。\n- 冯总开早会说这个月每人 5 台。\n",
        "2026-01-13.md": "- 合同上签字的是马国栋，就是马经理本人。\n",
    })
    got = [set(f.customers) for f in vault.notes]
    assert got[0] == {"王总", "马国栋"}  # (易行出行 is a firm, no person)
    assert got[1] == {"王总", "小韩"}
    assert got[2] == {"马国栋"}


def test_a_four_character_firm_name_and_a_job_title_are_no_people(one_note):
    facts = one_note("""
        ### 泉城快运
        - 马经理说他们车队长老彭更喜欢星享 V6E。
        """)
    assert "泉城快运" not in facts.customers and "车队长" not in facts.customers
    assert "老彭" in facts.customers


def test_a_name_off_the_contract_said_in_passing_folds_the_form(extract):
    # 合同写的她的名字刘雅琴, 合約名字吳美玲, 合約上是林志豪 (read in traditional too); 合約寫陳建宏
    # after 建宏 was named by his given name is the son's, not 陳阿伯's
    vault = extract({
        "2026-04-07.md": "刘老师说那就买ID.3吧 合同写的她的名字刘雅琴 下午交了定金\n",
        "0618日報.md": "---\n日期: 2026-06-18\n---\n- 吳大姐：今天來訂了黑色 NX，合約名字吳美玲。\n"
                      "- 林大哥今天來簽約，合約上是林志豪。\n- 陳阿伯跟建宏來了，阿伯當場說訂，合約寫陳建宏。\n",
        "0601日報.md": "---\n日期: 2026-06-01\n---\n- 林大哥想換 ES。吳大姐來看 NX。\n",
    })
    got = {f.path: set(f.customers) for f in vault.notes}
    assert got["2026-04-07.md"] == {"刘雅琴"}
    assert got["0601日報.md"] == {"林志豪", "吳美玲"}
    assert {"陳阿伯", "陳建宏"} <= got["0618日報.md"] and "林大哥" not in got["0618日報.md"]


def test_a_given_name_inside_the_full_name_or_a_street_is_no_one_called_by_it():
    """合同…王建国 folds the form the line used (王总), also when 建国 stands in the full name
    said before or in 建国路: only a given name used alone (跟建宏来了) names the son."""
    from notes2insight.extract.customers import paren_aliases

    assert paren_aliases("王总，也就是王建国本人，合同上的名字是王建国") == {"王总": "王建国"}
    assert paren_aliases("今天去建国路见了王总，合同上的名字是王建国") == {"王总": "王建国"}
    assert paren_aliases("陈阿伯跟建宏来了，合约写陈建宏") == {"建宏": "陈建宏"}


def test_a_spouses_form_folds_to_her_name_but_a_sons_keeps_the_father_apart(extract):
    # 他媳妇叫孟丽 … 孟姐: a wife keeps her surname, so 孟姐 is her; 周叔带他儿子周浩然: two people
    vault = extract({
        "2026-03-30.md": "周六赵哥两口子来了 他媳妇叫孟丽 开了ID.4 X挺喜欢的\n对比表周三之前发给孟姐\n",
        "2026-03-31.md": "周叔带他儿子周浩然来看车。\n",
    })
    assert set(vault.notes[0].customers) == {"赵哥", "孟丽"}
    assert set(vault.notes[1].customers) == {"周叔", "周浩然"}


def test_a_customer_introduced_by_who_they_are_and_a_used_car_appraiser(extract):
    # 一个小伙子叫马骏: a new customer named at once; 中古車的老謝 (Taiwan's used-car desk) and a
    # 主任 who sets the month's target are the store's people
    vault = extract({
        "2026-03-26.md": "新客户 一个小伙子叫马骏 在高新区上班 看凌渡L\n",
        "0604日報.md": "---\n日期: 2026-06-04\n---\n- 我請中古車的老謝明天估。\n- 陳主任說這個月要衝 12 台。\n",
    })
    assert vault.notes[0].customers == ("马骏",)
    assert vault.notes[1].customers == ()


def test_common_surnames_that_are_no_everyday_word(one_note):
    # 肖, 付, 柯, 窦, 翁, 裘, 巩 are common surnames: a name given with them is a customer
    facts = one_note("""
        - 上午来了个小伙子看秦L，他叫肖文博，在高新区上班，预算十五万。
        - 下午付文杰来交了定金，柯丽萍陪她妈妈来试驾。
        """)
    assert {"肖文博", "付文杰", "柯丽萍"} <= set(facts.customers)


def test_a_pinyin_full_name_folds_to_the_chinese_name_it_spells(extract):
    """Fang Xiaoling is 方晓玲 once a paper gives the characters; her husband, glossed in brackets,
    is 邓志军 (also later, by his pinyin alone); Mr. Ma is not folded into his daughter."""
    vault = extract({
        "2026-05-11.md": "- **Fang Xiaoling**, a dentist, came in with her husband, Deng Zhijun (邓志军), for the X1.\n"
                         "- **Mr. Ma** asked about the 530Li for his daughter, Ma Jiayi (马佳怡).\n",
        "2026-05-13.md": "- Fang Xiaoling signed. The name on the contract is 方晓玲.\n"
                         "- Deng Zhijun wants the tow bar.\n- Mr. Ma called again.\n",
    })
    first, second = vault.notes
    assert set(first.customers) == {"方晓玲", "邓志军", "Mr. Ma", "马佳怡"}
    assert set(second.customers) == {"方晓玲", "邓志军", "Mr. Ma"}


def test_a_pinyin_name_the_front_matter_lists_is_the_writers_own_spelling(extract):
    """customers: [Guo Lei]: the gloss 郭磊 folds to the writer's spelling, not the other way."""
    vault = extract({
        "2026-05-11.md": "---\ncustomers: [Guo Lei]\n---\nGuo Lei (郭磊) test drove the XC60.\n",
    })
    assert vault.notes[0].customers == ("Guo Lei",)


def test_pinyin_spelling_of_chinese_names():
    from notes2insight.text.romanise import spells

    assert spells("Zeng Wei", "曾伟") and spells("Wei Zeng", "曾伟")  # a surname's other reading; given first
    assert spells("Ouyang Fang", "欧阳芳") and spells("Lyu Na", "吕娜")
    assert not spells("Chen Jing", "陈晶晶") and not spells("Lisa Wu", "吴佳琪")


def test_a_form_of_address_named_by_the_papers_she_brings(extract):
    """周姐 brings her loan papers, 资料上的名字是周晓梅: 周姐 is 周晓梅, also in the note before."""
    vault = extract({
        "2026-04-07.md": "- 周姐看了途观L，想贷款，我答应她明天把方案发过去。\n",
        "2026-04-10.md": "- 周姐把按揭资料送来了，资料上的名字是周晓梅。\n",
    })
    assert [f.customers for f in vault.notes] == [("周晓梅",), ("周晓梅",)]


def test_an_elder_is_not_folded_into_her_son_the_deal_is_written_to(extract):
    """范阿姨带儿子范志强: the deal's customer is her son; 范阿姨 alone later is still 范阿姨,
    and 她爱人高建国 (which the tagger reads as a place) is a relative of his own."""
    vault = extract({
        "2026-04-07.md": "---\ndeals:\n  - customer: 范志强\n    stage: 试驾\n---\n"
                         "- 范阿姨带儿子范志强来看帕萨特，钱范阿姨出。\n",
        "2026-04-09.md": "---\ndeals:\n  - customer: 范志强\n    stage: 报价\n---\n"
                         "- 范阿姨打电话问有没有白色的现车。\n- 高姐来提车，她爱人高建国也一起来了。\n",
    })
    first, second = vault.notes
    assert set(first.customers) == {"范志强", "范阿姨"}
    assert set(second.customers) == {"范志强", "范阿姨", "高姐", "高建国"}


def test_what_the_writer_says_a_form_is_beats_a_guess_by_surname(extract):
    """刘姐 shares a note with 刘强, but her receipt later says 刘雪芬: she is 刘雪芬 there too."""
    vault = extract({
        "2026-04-07.md": "- 刘姐看了卡罗拉双擎，说周末带老公来。\n- 刘强来试驾了雷凌。\n",
        "2026-04-11.md": "- 刘姐来交了定金，收据上写的刘雪芬。\n",
    })
    assert [set(f.customers) for f in vault.notes] == [{"刘雪芬", "刘强"}, {"刘雪芬"}]


def test_a_plan_heading_is_no_name_though_its_first_character_is_a_surname(extract):
    """## 计划 / ## 安排 head what to do (计 and 安 are surnames); ### 安志远 heads a customer."""
    vault = extract({
        "2026-04-07.md": "## 计划\n- 周三前把凯美瑞的报价发给何先生\n## 安排\n- 下午去车管所\n"
                         "### 安志远\n- 第一次到店，看汉兰达\n",
        "2026-04-08.md": "- 何先生说计划下个月提车，安排在周六。\n",
    })
    assert [f.customers for f in vault.notes] == [("何先生", "安志远"), ("何先生",)]


def test_the_one_the_loan_papers_go_to_is_a_colleague(extract):
    """贷款资料…交给阿珍了 / 阿珍说…出审批: the store's finance, in the earlier note too."""
    vault = extract({
        "2026-04-07.md": "- 问阿珍 5 年贷款的贴息还有没有\n- 郑先生看了 RAV4，想贷款。\n",
        "2026-04-09.md": "- 郑先生把贷款资料拿来了，我交给阿珍了。阿珍说明天下午出审批结果。\n",
    })
    assert [f.customers for f in vault.notes] == [("郑先生",), ("郑先生",)]


def test_a_given_name_named_by_a_paper_in_the_next_sentence_and_her_full_english_name(extract):
    """Grace Xu … Grace came back. Her ID card says 许婧: Grace and Grace Xu (Xu spells 许) are 许婧."""
    vault = extract({
        "2026-05-11.md": "- **Grace Xu**, a nurse, looked at the X1 with her sister.\n",
        "2026-05-14.md": "- Grace came back to sign. Her ID card says 许婧. Deposit 5k.\n",
    })
    assert [f.customers for f in vault.notes] == [("许婧",), ("许婧",)]


def test_a_form_of_address_other_than_an_elders_still_folds_to_a_relative_the_deal_names(extract):
    """他的朋友章涛 … 章总: the deal's 章涛 is the 章总 of the same note (only an elder's form,
    章阿姨, is kept apart from a relative with her surname)."""
    vault = extract({
        "2026-04-07.md": "---\ndeals:\n  - customer: 章涛\n    stage: 到店\n---\n"
                         "- 老客户带了他的朋友章涛来看车，章总想要七座的。\n",
    })
    assert vault.notes[0].customers == ("章涛",)


def test_a_front_matter_link_names_its_target_and_teaches_its_alias(extract):
    """客户: ["[[孔德明|孔总]]"], as Obsidian's property editor writes it: 孔德明, never the brackets,
    and 孔总 is him in a later note though the writer has another customer surnamed 孔."""
    vault = extract({
        "2026-06-02.md": '---\ndate: 2026-06-02\n客户:\n  - "[[孔德明|孔总]]"\n  - "[[孔丽]]"\n---\n'
                         "- 孔丽带朋友来看海豹，说下周再来。\n",
        "2026-06-03.md": "- 孔总打电话问三台车的开票，我说明天给他答复。\n",
    })
    assert [f.customers for f in vault.notes] == [("孔德明", "孔丽"), ("孔德明",)]


def test_an_english_form_with_the_full_name_beside_it(extract):
    """Mr. Yip (Yip Chi Keung): the form is that full name in the writer's later notes too."""
    vault = extract({
        "2026-06-02.md": "Mr. Yip (Yip Chi Keung) came back about the GLC 300L and asked for the brochure.\n",
        "2026-06-04.md": "Called Mr. Yip about the finance papers; he'll sign on Saturday.\n",
    })
    assert [f.customers for f in vault.notes] == [("Yip Chi Keung",), ("Yip Chi Keung",)]


def test_cantonese_full_names_opening_a_sentence_about_meeting_them(extract):
    vault = extract({
        "2026-06-02.md": "Jessica Cheung came in after lunch to look at the EQA. Lau Ka Ming called about "
                         "his trade-in.\n",
    })
    assert vault.notes[0].customers == ("Jessica Cheung", "Lau Ka Ming")


def test_an_elders_form_given_as_a_parent_is_never_their_childs(extract):
    """钟磊带他爸钟叔来, 他儿子叫 [[孟昊]], the mother of Derek Fung: the elder is a person of
    their own, in that note and later ones, and Derek is still Derek Fung."""
    vault = extract({
        "2026-06-02.md": "- 钟磊带他爸钟叔来看汉兰达，钟叔开了二十年车，问得很细。\n"
                         "- [[孟伯]] 来看宋PLUS，他儿子叫 [[孟昊]]，在深圳上班。\n",
        "2026-06-03.md": "- 钟叔打电话问保养周期。\n- 孟伯说周末再来。\n",
        "2026-06-04.md": "Mrs. Fung called. She is the mother of Derek Fung, who bought a C 200L from us.\n\n"
                         "Derek Fung rang later to ask about the V-Class.\n",
        "2026-06-05.md": "Derek will bring Mrs. Fung in on Sunday.\n",
    })
    assert [f.customers for f in vault.notes] == [
        ("钟磊", "钟叔", "孟伯", "孟昊"), ("钟叔", "孟伯"), ("Mrs. Fung", "Derek Fung"), ("Derek Fung", "Mrs. Fung")]


def test_a_form_folds_to_the_name_a_paper_gives_in_the_writers_notes(extract):
    """订单上写的名字是韦国平, 联系人写的谭志成: the form used before it is that name, though the
    writer has another customer with the surname."""
    vault = extract({
        "2026-06-02.md": "韦哥中午来订了车，订单上写的名字是韦国平。\n\n"
                         "谭总的助理把开票信息发来了，联系人写的谭志成。\n",
        "2026-06-03.md": "韦东来看车，是朋友介绍的。韦哥下午也来了。\n\n新来了个客户叫谭飞，想看凯美瑞。谭总的车明天到。\n",
    })
    assert [f.customers for f in vault.notes] == [("韦国平", "谭志成"), ("韦东", "韦国平", "谭飞", "谭志成")]


def test_asking_a_customer_about_his_companys_meeting_does_not_make_him_the_boss(extract):
    """问邵总开会结果: the outcome of his company's meeting, not the writer's boss holding one."""
    vault = extract({
        "2026-06-02.md": "- 邵总要 5 台唐L 给销售用，公司下周一开会定。\n",
        "2026-06-05.md": "- [ ] 6/8 周一下午问邵总开会结果\n",
    })
    assert [f.customers for f in vault.notes] == [("邵总",), ("邵总",)]


def test_latin_full_names_of_any_origin_met_introduced_or_named_as_family(extract):
    """Hans Becker came in, 新客户 Priya Nair, Her husband Arjun Nair (the family's surname),
    名片上写的 Kim Dong-hyun (a hyphenated given name): their given names and Mr. Kim fold to them."""
    vault = extract({
        "2026-07-13.md": "Hans Becker came in again with his wife. Promised to send him the breakdown by Fri.\n\n"
                         "新客户 Priya Nair，在协和教书，看 MIX。Her husband Arjun Nair drives a Model Y.\n",
        "2026-07-16.md": "Mr. Kim came back with his wife. 名片上写的 Kim Dong-hyun, a manager at 三星 SDI.\n",
        "2026-07-18.md": "Priya and Arjun came at 10 for the test drive. Hans signed! Mr. Kim's Hyundai: 5.2w.\n",
    })
    got = {f.path: set(f.customers) for f in vault.notes}
    assert got["2026-07-13.md"] == {"Hans Becker", "Priya Nair", "Arjun Nair"}
    assert got["2026-07-16.md"] == {"Kim Dong-hyun"}
    assert got["2026-07-18.md"] == {"Priya Nair", "Arjun Nair", "Hans Becker", "Kim Dong-hyun"}


def test_capitalised_words_that_name_no_person_and_a_relative_named_by_given_name_alone(extract):
    vault = extract({
        "2026-10-14.md": "Head Office called about the stock. Uncle Lim signed on Sat. "
                         "His daughter Mei Hua will come for the handover.\n",
    })
    assert set(vault.notes[0].customers) == {"Uncle Lim"}  # not Head Office, not Mei Hua


def test_a_colleague_with_customers_of_his_own_or_from_the_used_car_desk(extract):
    """小王的客户王先生（王立新）: 小王 sells cars, he is not 王立新; 二手车老孟 is the appraiser."""
    vault = extract({
        "2026-09-14.md": "3. 小王的客户王先生（王立新）来签了 GLC 300 L。\n"
                         "明天上午去二手车老孟那问一下刘哥那台旧车能估多少。\n",
        "2026-09-16.md": "1. 昨天陪小王见了刘总，老孟说最多两万二。\n",
        "2026-09-18.md": "小王来了，开了一台五菱想置换，老张也一起来的。\n",
    })
    got = {f.path: set(f.customers) for f in vault.notes}
    assert got["2026-09-14.md"] == {"王立新", "刘哥"}
    assert got["2026-09-16.md"] == {"刘总"}
    assert got["2026-09-18.md"] == {"老张"}  # 小王 stays a colleague vault-wide


def test_a_son_named_before_a_day_word_is_a_relative_his_elder_never_folds_into(extract):
    vault = extract({
        "2026-08-17.md": "| 陶叔 | i6 | 他儿子这周六回来 | 周五给他打电话 | 8/21 |\n",
        "2026-08-21.md": "| 陶叔 | i6 | 电话约了，他和儿子陶文斌周日上午一起来 | 留一台试驾车 | 8/23 |\n",
        "2026-08-24.md": "| 陶叔 | i6 | 周日陶文斌试驾完，说要等九月的政策 | 政策出来第一时间发他 | — |\n",
    })
    got = {f.path: set(f.customers) for f in vault.notes}
    assert got["2026-08-17.md"] == {"陶叔"}  # 儿子这周六: no name
    assert got["2026-08-21.md"] == got["2026-08-24.md"] == {"陶叔", "陶文斌"}


def test_a_form_of_address_after_a_word_that_ends_in_a_surname_character(one_note):
    """然后赵老板打电话: 后 belongs to 然后 (not to the dynasty 后赵); 主张先生 stays no one."""
    facts = one_note("然后赵老板打电话问坦克三百有没有现车。我一直主张先生们先试驾再谈价。\n")
    assert facts.customers == ("赵老板",)


def test_a_name_read_off_an_intent_form_or_a_card_the_sentence_names(extract):
    """意向单上写的金卫东 names 金总; 罗总的名片…，上面写的罗永福 names 罗总; an Obsidian `## 任务`
    heading over the task list is no customer called 任务."""
    vault = extract({
        "2026-12-15.md": "金总上午来试驾XT6。意向单上写的金卫东。\n\n## 任务\n- [ ] 给金总报价\n",
        "2026-12-16.md": "罗总的名片我今天才仔细看，上面写的罗永福，合作社理事长。\n",
        "2026-12-17.md": "金总回电话了，罗总也回了。\n",
    })
    got = {f.path: set(f.customers) for f in vault.notes}
    assert got["2026-12-15.md"] == {"金卫东"}
    assert got["2026-12-16.md"] == {"罗永福"}
    assert got["2026-12-17.md"] == {"金卫东", "罗永福"}


def test_people_called_by_birth_order_and_the_paper_that_names_them(extract):
    """A county town's 老三 and 四哥 are customers; 去老三家看车…行驶证上写的杨庆山 names 老三. Not
    his family's 老三, an 二舅, nor an old 五菱 (老五菱)."""
    vault = extract({
        "2026-03-25.md": "老三打电话 想把他那台宝骏730卖了换星越L\n四哥 收粮的 问宋PLUS 我说明天给他问个底价\n",
        "2026-03-26.md": "上午去老三家看车 17年宝骏730 给他1.8万\n行驶证上写的杨庆山 车在他自己名下\n",
        "2026-03-27.md": "刘二哥说他家老三也想买一辆。他二舅也来了，开着一台老五菱。\n",
    })
    got = {f.path: set(f.customers) for f in vault.notes}
    assert got["2026-03-25.md"] == {"杨庆山", "四哥"}
    assert got["2026-03-26.md"] == {"杨庆山"}
    assert got["2026-03-27.md"] == {"刘二哥"}


def test_a_customers_form_is_never_a_colleagues_name(extract):
    """陈姐…陈昊帮我接的: the colleague 陈昊 shares her surname; 陈姐 stays 陈姐."""
    vault = extract({
        "2026-06-29.md": "- 陈姐女儿周六来试驾了，陈昊帮我接的。陈姐今天打电话说定了。\n",
    }, colleagues=frozenset({"陈昊"}))
    assert vault.notes[0].customers == ("陈姐",)


def test_papers_sent_up_to_the_boss_make_him_no_customer(extract):
    vault = extract({
        "2026-09-23.md": "二、明日计划\n1. 上午九时前将疑问函报王总审阅。\n2. 请王总协调厂家，争取专项支持价。\n"
                         "3. 向李处长发送全省服务网点清单。\n",
    })
    assert vault.notes[0].customers == ("李处长",)


def test_the_name_a_customers_chat_message_calls_the_writer_is_no_customer(extract):
    """韦姐 10:12：小陈，… / 黄志明 16:45：小陈你好，…: in a pasted chat the customer writes to the
    writer, whom she calls 小陈; the writer's own `我 10:15：好的韦姐，…` names the customer."""
    vault = extract({
        "2026-09-17.md": "韦姐 10:12：小陈，那台白色FREE+还在不？我周六想带我老公过来看看\n"
                         "我 10:15：好的韦姐，白色现车还有一台，周六上午我给您留着\n"
                         "黄志明 16:45：小陈你好，我是华通物流黄志明，报价我看了\n",
    })
    assert set(vault.notes[0].customers) == {"韦姐", "黄志明"}


def test_a_dotted_name_and_the_form_made_of_its_first_part(extract):
    """艾力哥（艾力·买买提）: a Uyghur customer's contract name, and the form the writer calls him
    by before and after it; a heading `### 艾力·买买提` is his section."""
    vault = extract({
        "2026-06-24.md": "### 艾力哥\n- 进展：电话问豹5黑色现车\n",
        "2026-06-30.md": "### 艾力哥（艾力·买买提）\n- 进展：晚上来交了定金，合同上的名字是艾力·买买提\n",
        "2026-07-02.md": "### 艾力·买买提\n- 下一步：车到了当天我给艾力哥打电话约交车\n",
    })
    assert [f.customers for f in vault.notes] == [("艾力·买买提",)] * 3


def test_the_name_opening_a_customers_quoted_words_is_the_one_she_speaks_to(extract):
    """顾姐说：“小何，…” calls the writer 小何; the writer's `我说：“王总，…”` names the customer."""
    vault = extract({
        "2026-10-10.md": "顾姐说：“小何，我下个月介绍我妹妹来买车。”\n"
                         "我说：“王总，明天我给您把合同送过去。”\n",
    })
    assert set(vault.notes[0].customers) == {"顾姐", "王总"}


def test_a_village_secretary_named_by_his_invoice_and_a_sons_name_after_a_space(extract):
    """周支书 is a form of address like 王总, and 发票上开的周建设 names him; on a ledger line with
    spaces for commas, 张婶的儿子加了我微信 叫张磊 gives her son's name: 张婶 is not 张磊."""
    vault = extract({
        "2026-06-15.md": "- 张婶的儿子加了我微信 叫张磊 首付他转 剩下的做贷款\n- 我答应张婶白车一到先给她打电话\n",
        "2026-06-30.md": "- 周支书昨天交了一万定金 发票上开的周建设 是他本人的名字\n- 我跟周支书说七月五号之前交车\n",
    })
    by_path = {f.path: set(f.customers) for f in vault.notes}
    assert by_path == {"2026-06-15.md": {"张婶", "张磊"}, "2026-06-30.md": {"周建设"}}


def test_an_english_writers_name_card_and_manager_are_read_as_such(extract):
    """`Wang Zong's name card is in the folder: 王振宇` names Wang Zong; `Manager Chen` is the
    writer's manager, no customer called Chen."""
    vault = extract({
        "2026-04-28.md": "- Wang Zong's name card is in the folder: 王振宇, 董事长.\n"
                         "- Manager Chen approved 6% for Wang Zong, not 8%.\n",
    })
    assert set(vault.notes[0].customers) == {"王振宇"}


def test_a_mentor_named_in_an_aside_and_a_form_named_by_its_card_in_shorthand(extract):
    """陈师傅（我师傅） is the writer's mentor, no customer; 张总名片 张立新 (a veteran's
    shorthand) names 张总."""
    vault = extract({
        "2026-04-24.md": "后来陈师傅（我师傅）过来，三句话就讲明白了。\n张总名片 张立新 立新建设 董事长\n",
        "2026-04-27.md": "张总 电 问交车 跟他说9号上午十点我在店门口等\n",
    })
    assert [set(f.customers) for f in vault.notes] == [{"张立新"}, {"张立新"}]


def test_name_cards_with_company_and_title_a_signed_agreement_and_a_bear_tag(extract):
    """名片：振东物流 总经理 李振东 names 李总; 试驾协议上她签的是赵雅琴 names 赵老师; a Bear tag
    `#客户/孟凡` names the customer a line is about though the text only says 那小伙子."""
    vault = extract({
        "ni/2026-03-28.md": "- 李总上午来了，给了你一张名片：振东物流 总经理 李振东。\n"
                            "- 赵老师来交定金，试驾协议上她签的是赵雅琴。\n",
        "bear/2026-02-09.md": "- 周日那个小伙子和他对象来了，越野视频也发他了 #客户/孟凡 #待跟进\n",
    })
    by_path = {f.path: set(f.customers) for f in vault.notes}
    assert by_path == {"ni/2026-03-28.md": {"李振东", "赵雅琴"}, "bear/2026-02-09.md": {"孟凡"}}


def test_one_writers_resolved_form_does_not_fold_another_writers_same_form(extract):
    """fupan's 陈先生 is 陈国栋 (订单上写的); ni's 陈先生, with no evidence in ni's notes, is
    someone else; 问马经理何姐的评估价 makes no colleague of 何姐; 她儿子周磊接的 names 周磊."""
    vault = extract({
        "fupan/2026-06-22.md": "- 上午给陈先生打了电话。订单上写的陈国栋，今天签的正式合同。\n",
        "ni/2026-03-28.md": "- 陈先生，新客户，看星舰7。你答应陈先生回头把配置对比表发他。\n",
        "dcc/2026-02-02.md": "明天上午给何姐打电话更正。\n",
        "dcc/2026-02-14.md": "- 问马经理何姐的评估价能不能到 4.5\n",
        "xubao/2026-03-23.md": "- 刘阿姨 3月31日到期。电话是她儿子周磊接的。\n",
    })
    by_path = {f.path: set(f.customers) for f in vault.notes}
    assert by_path["fupan/2026-06-22.md"] == {"陈国栋"}
    assert by_path["ni/2026-03-28.md"] == {"陈先生"}
    assert by_path["dcc/2026-02-02.md"] == {"何姐"}
    assert "周磊接" not in by_path["xubao/2026-03-23.md"]
