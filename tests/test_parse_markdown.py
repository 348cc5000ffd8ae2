"""Markdown bodies become lines with file line numbers and the section they sit in."""

from __future__ import annotations

from notes2insight.model import BlockKind
from notes2insight.parse.markdown import body_lines


def test_lines_keep_file_numbers_sections_and_checkboxes():
    body = "# 2026年11月26日\n\n## 明日计划\n\n- [ ] 给王总回电话\n- [x] 发报价\n- 整理线索\n\n段落一\n段落二\n"
    lines = body_lines(body, first_line=8)
    got = [(l.line, l.kind, l.section, l.text) for l in lines]
    assert got == [
        (8, BlockKind.HEADING, "2026年11月26日", "2026年11月26日"),
        (10, BlockKind.HEADING, "明日计划", "明日计划"),
        (12, BlockKind.TASK, "明日计划", "给王总回电话"),
        (13, BlockKind.DONE, "明日计划", "发报价"),
        (14, BlockKind.ITEM, "明日计划", "整理线索"),
        (16, BlockKind.PARAGRAPH, "明日计划", "段落一"),
        (17, BlockKind.PARAGRAPH, "明日计划", "段落二"),
    ]
    assert lines[2].section_path == ("2026年11月26日", "明日计划")


def test_code_blocks_are_not_prose_and_html_is_plain_text():
    body = "```\n忘了给客户回电话\n```\n\n    缩进代码\n\n<div>正文</div>\n"
    assert [l.text for l in body_lines(body, 1)] == ["正文"]


def test_inline_markup_is_reduced_to_text_links_kept():
    lines = body_lines("- **王总**（报价）：发了[报价单](http://x)给 [[王建国]] `code`\n", 1)
    assert lines[0].text == "王总（报价）：发了报价单给 [[王建国]] code"


def test_tables_become_one_line_per_row():
    body = "| 客户 | 阶段 |\n| --- | --- |\n| 王总 | 报价 |\n"
    assert [(l.line, l.text) for l in body_lines(body, 1)] == [(1, "客户 阶段"), (3, "王总 报价")]


def test_a_nested_list_under_an_item_that_introduces_it_is_its_section():
    body = "- 张爷叔礼拜六交车。\n- 明天：\n  1. 鲜花跟横幅订好\n  2. 陆俊再打一趟电话\n- 王总来看车了\n"
    assert [(l.line, l.section_path) for l in body_lines(body, 1)] == [
        (1, ()), (2, ()), (3, ("明天",)), (4, ("明天",)), (5, ())]


def test_a_bold_label_alone_on_its_line_heads_the_lines_after_it():
    # a template's labels, all in one paragraph (no blank lines, no Markdown list)
    body = ("# 9月24日 周四\n\n**今日接待：** 3 批\n**明日计划：**\n中秋我轮休三天，节后第一天（28号）：\n"
            "① 问厂家到车日子\n**问题与反思：**\n报价单我写错了。\n\n## 客户\n**王总** 来了\n")
    got = [(l.line, l.kind, l.section_path[1:]) for l in body_lines(body, 1)]
    assert got == [
        (1, BlockKind.HEADING, ()),
        (3, BlockKind.PARAGRAPH, ()),  # a label with its text after it is a line like any other
        (4, BlockKind.HEADING, ("明日计划",)),
        (5, BlockKind.HEADING, ("明日计划", "节后第一天（28号）")),  # its last clause
        (6, BlockKind.PARAGRAPH, ("明日计划", "节后第一天（28号）")),
        (7, BlockKind.HEADING, ("问题与反思",)),
        (8, BlockKind.PARAGRAPH, ("问题与反思",)),
        (10, BlockKind.HEADING, ("客户",)),  # a real heading ends the labels
        (11, BlockKind.PARAGRAPH, ("客户",)),  # a bold name with no colon is no label
    ]


def test_a_bracketed_label_of_a_report_template_heads_the_lines_after_it():
    # WeCom's daily report: Markdown reads 【明日计划】 as the last item's lazy continuation
    # and the numbered lists after it as one list; each label still starts its own section
    body = ("【销售日报】3月30日 周一\n【今日工作】\n1. 王先生二次到店，试驾了帕萨特。\n2. 李女士电话回访。\n"
            "【明日计划】\n1. 上午给陈先生打回访电话。\n【今日反思】：\n1. 早上晨会迟到了 5 分钟。\n"
            "> 【客户原话】\n> 下周再说\n")
    got = [(l.line, l.kind, l.section_path) for l in body_lines(body, 1)]
    assert got == [
        (1, BlockKind.PARAGRAPH, ()),  # a bracket with words after it is no label
        (2, BlockKind.HEADING, ("今日工作",)),
        (3, BlockKind.ITEM, ("今日工作",)),
        (4, BlockKind.ITEM, ("今日工作",)),
        (5, BlockKind.HEADING, ("明日计划",)),
        (6, BlockKind.ITEM, ("明日计划",)),
        (7, BlockKind.HEADING, ("今日反思",)),
        (8, BlockKind.ITEM, ("今日反思",)),
        (9, BlockKind.QUOTE, ("今日反思",)),  # quoted: someone else's words, no label
        (10, BlockKind.QUOTE, ("今日反思",)),
    ]


def test_a_day_label_read_as_the_last_items_lazy_continuation_heads_the_items_after_it():
    body = ("- 张姐 海鸥 报价发了。约了她周六10点来TD。\n- 忘了在报价单上写精品赠送。\n明天：\n"
            "- 上午把海鸥试驾车充满\n- 小李的金融方案先找小潘问下政策\n"
            "- 刘哥说：\n- 下周再来\n")
    got = [(l.line, l.kind, l.section_path) for l in body_lines(body, 1)]
    assert got == [
        (1, BlockKind.ITEM, ()),
        (2, BlockKind.ITEM, ()),
        (3, BlockKind.HEADING, ("明天",)),
        (4, BlockKind.ITEM, ("明天",)),
        (5, BlockKind.ITEM, ("明天",)),
        (6, BlockKind.ITEM, ("明天",)),  # 刘哥说： is an item's own first line, no label
        (7, BlockKind.ITEM, ("明天",)),
    ]


def test_a_lazy_line_that_is_no_label_stays_the_items_text():
    body = "- 王总来电话，\n原因：\n- 下一条\n"
    got = [(l.line, l.kind, l.section_path) for l in body_lines(body, 1)]
    assert all(kind is BlockKind.ITEM and path == () for _, kind, path in got)


def test_a_masked_phone_number_keeps_its_stars_and_bold_still_goes():
    body = "- 王先生 138****5521 二次到店，**报价 23.6 万**，~~周五~~周六再来\n"
    (line,) = body_lines(body, 1)
    assert line.text == "王先生 138****5521 二次到店，报价 23.6 万，周五周六再来"


def test_an_official_reports_numbered_sections_head_their_items():
    """一、今日工作 / （一）项目 / 1. … / 二、明日计划 / 1. …: Markdown reads the section lines after
    a list as its items' lazy lines; they are the report's sections, and （一） a part of one that
    keeps its kind. 一、给王总打电话 is an item, no section."""
    from notes2insight.parse.markdown import body_lines

    lines = body_lines("一、今日工作\n（一）省直机关公务用车项目\n1. 上午拜访李处长。\n"
                       "二、明日计划\n1. 上午将疑问函报王总审阅。\n三、存在问题\n1. 迟到了二十分钟。\n"
                       "一、给王总打电话\n", 1)
    got = [(line.line, line.kind.name, line.section_path) for line in lines]
    assert got[:7] == [
        (1, "HEADING", ("今日工作",)),
        (2, "HEADING", ("今日工作", "省直机关公务用车项目")),
        (3, "ITEM", ("今日工作", "省直机关公务用车项目")),
        (4, "HEADING", ("明日计划",)),
        (5, "ITEM", ("明日计划",)),
        (6, "HEADING", ("存在问题",)),
        (7, "ITEM", ("存在问题",)),
    ]
    assert lines[-1].kind is not BlockKind.HEADING and lines[-1].text.endswith("给王总打电话")
