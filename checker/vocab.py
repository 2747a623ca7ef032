"""The one vocabulary of ledgers and notices: the words offices use for fields, statuses, deadlines,
sections and kinds of document. Every reader (tables, YAML/JSON, Word, prose) takes its words from here,
so a word added here is known everywhere; no other module keeps a word list of its own.

This module is data only: tuples of words, and a few regular-expression fragments where a phrase has
optional parts (已(?:经)?完成). Readers build their patterns with `alternation`.

Sources, named on each group below:
- DESIGN §4: the contract's own examples (headers, status and deadline words).
- seed notices: 樊城区司法局党组 集中整改进展情况 (seeds/000), 平顶山市司法局党委 巡察整改情况通报
  (seeds/002); the non-reports beside them: 沅江市司法局 上半年工作总结 (seeds/001), 赤峰 教育整顿工作纪实
  (seeds/003), 省司法厅 三大专项行动 (seeds/004).
- office ledgers: the 整改台账 layouts of corpus/cases/tables (责任单位/责任人, 责任处室, 完成期限, 复查日期,
  基本完成, 已办结, 立行立改, 2023年上半年, 第二季度, 截至…的标题行) and the ledger templates published with
  巡察整改通报 (序号/问题/整改措施/责任领导/责任部门/责任人/整改时限/完成情况/佐证材料).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

# --- field labels --------------------------------------------------------------------------------
# Ledger field (dotted path of the model) -> the labels offices write for it: table headers and
# "label:" in prose. Headers are compared without whitespace and bracketed notes; English names lower-case.
# Source: DESIGN §4; office ledger templates; seeds/000, seeds/002 (labels inside notice items).
FIELD_LABELS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "id": ("序号", "编号", "问题编号", "id", "no", "no."),
    "title": ("问题", "存在问题", "问题清单", "问题描述", "反馈问题", "巡察反馈问题", "巡察发现问题",
              "巡视反馈问题", "具体问题", "问题表现", "主要问题", "title"),
    "category": ("问题类别", "问题类型", "问题分类", "类别", "category"),
    "section": ("所属部分", "section"),
    "measures": ("整改措施", "整改举措", "整改措施及成效", "measures"),
    "owner.leader": ("责任领导", "牵头领导", "分管领导", "包保领导", "leader", "owner.leader"),
    "owner.department": ("责任部门", "责任单位", "责任股室", "责任处室", "责任科室", "牵头部门", "牵头单位", "牵头科室",
                         "牵头股室", "牵头处室",
                         "责任主体单位", "department", "owner.department"),
    "owner.person": ("责任人", "具体责任人", "person", "owner.person"),
    "deadline": ("整改时限", "完成时限", "整改期限", "完成期限", "时限要求", "时限", "deadline"),
    "review_date": ("复查日期", "复查时间", "复核日期", "复核时间", "review_date"),
    "status": ("整改状态", "完成情况", "整改完成情况", "整改进度", "状态", "status"),
    "completed_on": ("完成时间", "完成日期", "销号时间", "销号日期", "completed_on"),
    "evidence": ("佐证材料", "佐证资料", "支撑材料", "证明材料", "evidence"),
    "progress": ("整改情况", "整改进展", "进展情况", "整改进展情况", "整改落实情况", "落实情况", "整改成效",
                 "progress"),
})

# A header may name two owner fields at once (责任单位/责任人, 整改责任单位/责任人, 责任领导及责任人):
# the parts are separated by one of these, and a leading word common to ledgers is dropped.
# Source: corpus/cases/tables/combined-owner-header; office ledger templates.
COMBINED_HEADER_SEPARATORS = ("/", "／", "、", "及", "和", "与", "\\")
HEADER_PREFIXES = ("整改",)  # 整改责任单位 is 责任单位

# Names of the ledger's other dates, for messages. Source: DESIGN §4.
DATE_NAMES: Mapping[str, str] = MappingProxyType({
    "report_date": "报告日期", "start": "巡察开始日期", "end": "巡察结束日期", "feedback": "反馈日期",
    "date": "措施日期"})

# Labels of facts about the whole table, written above the header (填报单位: …, 填报日期: …).
# Source: office ledger templates.
UNIT_LABELS = ("被巡察单位", "被巡察党组织", "单位名称", "填报单位", "报送单位", "单位")
REPORT_DATE_LABELS = ("填报日期", "填报时间", "报送日期", "报送时间", "日期")
FEEDBACK_DATE_LABELS = ("巡察反馈时间", "巡察反馈日期", "巡视反馈时间", "巡视反馈日期", "反馈时间", "反馈日期")
AS_OF_WORDS = ("截至", "截止", "截止到", "截至到")  # (截至2024年5月20日): the date a table speaks for
# Words a ledger title has after the unit's name (樊城区司法局党组|巡察整改台账); a title naming a ledger.
TITLE_CUT_WORDS = ("关于", "巡察", "巡视", "落实", "整改")
LEDGER_TITLE_WORDS = ("台账", "清单")
# Endings of a unit's name. Source: seeds/000, seeds/002 and the units of office ledgers.
UNIT_SUFFIXES = ("党组", "党委", "党工委", "党总支", "党支部", "总支", "支部", "委员会", "局", "委", "办公室", "办",
                 "院", "所", "公司", "中心", "站", "街道", "镇", "乡", "村", "区", "县", "市", "厅", "部", "处",
                 "室", "会", "校", "馆", "队")

# --- statuses ------------------------------------------------------------------------------------
# A status cell (whitespace and trailing punctuation removed, lower-cased) -> status. A cell that starts
# with one of these words has that status (已完成整改到位); longer words are tried first.
# Source: DESIGN §4; corpus/cases/tables/status-words; office ledger templates.
STATUS_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "completed": ("已完成", "完成", "已整改", "已销号", "整改完成", "已完成整改", "已整改到位", "整改到位", "已办结",
                  "办结", "已落实", "完成整改", "已整改完毕", "整改完毕", "已完成销号", "completed", "done"),
    "in_progress": ("正在推进", "整改中", "推进中", "未完成", "正在整改", "进行中", "持续推进中", "序时推进",
                    "基本完成", "尚未完成", "正在落实", "in_progress", "in progress"),
    "long_term": ("长期整改", "持续整改", "长期坚持", "长期", "长期推进", "常态化推进", "long_term", "long term"),
})
# Status phrases in prose: in a heading or section title they give the status of the items below;
# regular-expression fragments. Source: seeds/000 (已完成整改事项, 正在推进, 长期坚持), seeds/002.
STATUS_PHRASES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "long_term": (r"长期(?:整改|坚持|推进|任务|事项|落实)", "持续整改", r"需持续(?:推进|落实)", "常态化整改"),
    "in_progress": (r"正在(?:推进|整改|落实|办理)", "整改中", "推进中", "基本完成", "尚未完成", "未完成"),
    # 整改完成情况 names the topic, not a status; 整改完成的问题 does
    "completed": (r"已(?:经)?(?:全部)?(?:整改)?完成", "已整改", "已办结", "已销号",
                  r"(?:完成整改|整改完成)(?:的|事项|任务|问题)"),
})
# Status phrases next to a count (已完成20项, 20个问题已完成): (before the count, after the count);
# regular-expression fragments. Source: seeds/000, seeds/002.
COUNT_STATUS_PHRASES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "completed": ((r"已(?:全部)?(?:完成|整改完成|整改到位|办结|销号)(?:整改)?", "完成整改"),
                  (r"已(?:全部)?(?:完成|整改完成|整改到位|办结|销号)",)),
    "in_progress": ((r"正在(?:推进|整改)", "整改中", "推进中", "基本完成"), (r"正在(?:推进|整改)", "基本完成")),
    "long_term": ((r"长期(?:整改|坚持|推进)", r"持续(?:整改|推进)"),
                  (r"(?:需)?长期(?:整改|坚持|推进)", r"(?:需)?持续整改")),
})
# An item stating its own status in a clause of its progress text (整改情况:…。目前已整改到位。/ 已办结。/
# 长期坚持。/ 目前正在推进。): the clause is a status word (STATUS_WORDS) or phrase (STATUS_PHRASES,
# PROGRESS_PHRASES) and nothing else but these words before or after it, which do not change it;
# regular-expression fragments. Source: item-level status sentences of published notices (已完成整改。
# 目前已整改到位。 该问题已办结。 长期坚持。 正在推进中。).
STATUS_STATEMENT_LEADS = ("截至目前", "截止目前", "到目前为止", "目前", "当前", "至此", "现",
                          r"(?:该|此|本|上述)?项?问题", "整改", "均", "全部")
# Words after 已 that do not change the status (已按期完成整改 is 已完成整改).
STATUS_STATEMENT_ADVERBS = ("按期", "按时", "如期", "提前", "全面", "彻底", "全部")
STATUS_STATEMENT_TAILS = ("整改工作", "整改任务", "整改", "中")
# A completion date stated in prose (已于2023年10月20日完成整改, 于2023年7月完成整改, 2023年8月已整改到位):
# the words between the date and the verb, and the verbs that say the item (not one step of it) was done;
# the verb ends its clause. Regular-expression fragments. Source: item texts of published notices.
COMPLETION_BEFORE_DATE = ("已经于", "已于", "已在", "于", "在")
COMPLETION_VERBS = (r"(?:已经?)?(?:按期|按时|如期|提前|全面|全部)?"
                    r"(?:完成整改|整改完成|整改到位|整改完毕|整改销号|完成销号|办结|销号|完成)(?:整改)?"
                    r"(?:并(?:销号|办结|归档))?",)

# Words naming the list of problems itself: 问题清单共23条. Source: seeds/002.
ISSUE_LIST_WORDS = ("问题清单",)
# A status tag after an item's title: 关于“…”的问题(已完成). Source: seeds/000.
TITLE_STATUS_TAGS = ("已完成", "已整改", "基本完成", "正在推进", "正在整改", "整改中", "长期坚持", "长期整改",
                     "持续整改")

# --- deadlines -----------------------------------------------------------------------------------
# Source: DESIGN §4; corpus/cases/tables/deadline-words; office ledger templates.
# Immediate rectification: due at the feedback date.
DEADLINE_IMMEDIATE = ("立行立改", "立即整改", "即知即改", "立查立改", "即查即改", "马上就改", "立说立行")
# Long-term items have no deadline but a review date (status long_term).
DEADLINE_LONG_TERM = ("长期坚持", "长期整改", "持续整改", "长期推进", "持续推进", "长期", "持续", "常态化")
# A period of a year -> (month, day) of its last day. 第二季度, 二季度, 上半年, 年底前 ...
DEADLINE_PERIODS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "第一季度": (3, 31), "一季度": (3, 31), "第1季度": (3, 31), "1季度": (3, 31),
    "第二季度": (6, 30), "二季度": (6, 30), "第2季度": (6, 30), "2季度": (6, 30),
    "第三季度": (9, 30), "三季度": (9, 30), "第3季度": (9, 30), "3季度": (9, 30),
    "第四季度": (12, 31), "四季度": (12, 31), "第4季度": (12, 31), "4季度": (12, 31),
    "上半年": (6, 30), "下半年": (12, 31),
    "年底": (12, 31), "年末": (12, 31), "年内": (12, 31), "全年": (12, 31), "年度": (12, 31),
})
# Words around a date that do not change it: 6月底前, 2023年6月30日前, 年底之前完成.
DEADLINE_FILLERS = ("之前", "以前", "前", "完成", "底", "末", "内", "止", "为止")
# A deadline is "the end of" a month: 6月底, 6月末.
MONTH_END_WORDS = ("底", "末")
# Labels in prose that talk about deadlines. Source: seeds/000, seeds/002.
DEADLINE_WORDS = ("时限", "期限", "完成时间", "时间节点")
DEADLINE_STATED_LABELS = ("整改时限", "完成时限", "时限要求", "整改期限", "时间节点")
OWNER_STATED_LABELS = ("责任领导", "责任人", "责任部门", "责任单位", "牵头领导", "责任科室", "牵头部门")

# Words that make a date in a measure a promise (计划于2023年12月底前完成, 拟于6月召开, 力争年底前);
# a date bounded by 前 (4月22日前印发) is one too. Source: seeds/002; corpus/cases/word, notices.
PLAN_WORDS = ("计划", "拟", "将", "预计", "力争", "争取", "确保", "预定", "定于")

# --- evidence ------------------------------------------------------------------------------------
# Separators between items of an evidence list; never inside 《…》 or brackets. Source: office ledgers.
EVIDENCE_SEPARATORS = ("；", ";", "\n")
EVIDENCE_PROSE_SEPARATORS = ("、", "；", ";")  # in prose 、 separates too (材料A、材料B)

# --- sections ------------------------------------------------------------------------------------
# Sections of a notice that report on the work around the rectification, not on feedback items.
# Regular-expression fragments. Source: seeds/000, seeds/002.
SECTION_NOT_ITEMS = ("组织领导", "组织落实", "主要负责人", "第一责任人", "下一步", "下阶段", "工作打算", "工作安排",
                     "工作计划", "工作思路", "今后工作", r"^存在的?(?:主要)?(?:问题|不足)")
# Words of a heading whose subsections are items. Source: seeds/000, seeds/002.
SECTION_ITEM_WORDS = ("整改", "问题", "事项", "任务")

# --- document kinds ------------------------------------------------------------------------------
# Kinds of inspection whose findings are rectified and reported on (DESIGN §5: 巡察, 巡视, 督察, 审计,
# 专项检查); bare 巡视 is not enough (副巡视员 is a rank): an inspection is one of these words followed by
# one of INSPECTION_TAILS, or 开展…<kind>. Source: DESIGN §5; seeds/000, 002; corpus/cases/notices/ducha-kind.
INSPECTION_KINDS = ("巡察", "巡视", "督察", "督查", "审计", "检查")
INSPECTION_TAILS = ("组", "办", "反馈", "意见", "整改", "工作", "发现", "指出", "报告")
RECTIFY_WORDS = ("整改",)
# Feedback handed to the inspected unit; regular-expression fragments.
FEEDBACK_PHRASES = ("反馈", r"(?:发现|指出|交办|移交)[^。\n]{0,12}问题")
# A title naming a rectification report (…反馈问题整改进展情况的通报, …审计发现问题整改情况的报告);
# regular-expression fragments. Source: seeds/000, 002; corpus/cases/notices; DESIGN §5.
REPORT_TITLE_PHRASES = (r"整改[^。\n]{0,16}(?:情况|进展|工作)[^。\n]{0,6}(?:通报|报告|公告|公示|说明)",
                        r"(?:整改|反馈)[^。\n]{0,20}(?:进展|落实|完成)情况")
# Genres that are not reports, by what their titles (or subtitles) say; regular-expression fragments.
# Source: seeds/001 (上半年工作总结), seeds/003 (——…工作纪实); speeches and 巡察公告 published beside notices.
GENRE_TITLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工作总结", ("工作总结", r"[上下]半年工作(?:情况|总结|汇报)", r"年度工作(?:总结|报告)", r"述职(?:述廉)?报告")),
    ("新闻报道", ("工作纪实", "纪实$", "侧记", "综述$")),
    ("讲话稿", (r"在[^。\n]{2,30}(?:会议|大会|会)上的(?:讲话|发言)",)),
    ("巡察公告", (r"(?:巡察|巡视)[^。\n]{0,12}(?:进驻|公告)",)),
)
# A news story's byline. Source: tests/data/variants/10a (本报讯(记者 … 通讯员 …)).
NEWS_BYLINES = ("本报讯", r"[(（]\s*记者", r"记者[^。\n]{0,8}(?:报道|摄)", "通讯员", "新华社", r"据[^。\n]{0,8}报道")
# Top-level headings of a work summary (一、上半年工作开展情况, 三、下半年工作打算). Source: seeds/001.
SUMMARY_HEADINGS = (r"(?:[上下]半年|今年|全年|本年度)?工作(?:开展|完成|推进)?情况", "工作打算")
# An inspection announcement (巡察组进驻, 受理来信来访). Source: 巡察公告 published by inspection offices.
ANNOUNCEMENT_PHRASES = (r"(?:巡察|巡视)组[^。\n]{0,20}进驻", r"受理[^。\n]{0,12}来信来访", "举报箱")
# Progress of the rectification stated in a report. Source: seeds/000, 002; corpus/cases/notices.
PROGRESS_PHRASES = (r"已(?:全部)?完成整改", "整改完成率", "已整改到位", r"正在(?:推进|整改)", "已办结", "已销号",
                    "整改到位率")
# A report addressed to the public. Source: seeds/000, 002.
PUBLIC_CALL_PHRASES = (r"现将[^。\n]{0,30}(?:公布|通报|公告|公示)", r"欢迎[^。\n]{0,30}监督")

# --- facts of a notice ---------------------------------------------------------------------------
# Regular-expression fragments unless said otherwise. Source: seeds/000, 002 and tests/data/variants.
# Party bodies that send inspection groups (区委第一巡察组, 省委第三巡视组).
INSPECTING_BODIES = ("中央", "省委", "市委", "区委", "县委", "州委", "盟委", "旗委", "自治区党委", "党委", "党组")
# Party organisations a unit's name ends with (樊城区司法局党组); its name may start with 中共.
PARTY_ORGANISATIONS = ("党组", "党委", "党总支", "党支部")
PARTY_PREFIXES = ("中共", "中国共产党")
# Verbs that hand problems to the unit: 列出了30条问题, 反馈问题32个.
HANDED_OVER_VERBS = ("列出", "梳理出", "反馈", "指出", "提出", "交办", "移交")
HANDED_OVER_AFTER = ("反馈", "交办", "指出", "提出", "列出", "移交")  # …问题32个: the count after the noun
TOTAL_WORDS = ("共", "合计")
# Labels of contact details for the public's feedback.
PHONE_LABELS = ("联系电话", "举报电话", "监督电话", "咨询电话", "电话号码", "电话", "联系方式", "热线")
ADDRESS_LABELS = ("邮政信箱", "通信地址", "通讯地址", "来信地址", "邮寄地址", "联系地址", "地址", "信箱")
ADDRESS_LEADS = (r"来信请寄(?:至|到)?",)
# Words a notice's title starts or ends with.
TITLE_WORDS = ("^关于", "通报$", "报告$", "公告$", "公示$", "情况$")
# A notice addressed to the public (向社会公布, 现将…予以公布).
PUBLIC_PHRASES = (r"向社会(?:予以)?公(?:布|开)", "予以公布", r"现将[^。\n]{0,40}?(?:公布|公告|公示)", "公开发布",
                  "予以公开")
# Words before 明确 when owners or deadlines are stated once for all items (逐一明确了责任领导…).
STATED_FOR_ALL_LEADS = ("逐一", "逐项", "逐条", "分别", "进一步")
# Lines that close a notice: contact details or an invitation to supervise.
CLOSING_PHRASES = ("联系方式", "电话[:：]", "邮箱[:：]", "邮政信箱", "通信地址", "通讯地址", "地址[:：]", "来信请寄",
                   r"欢迎[^。\n]{0,30}监督", r"意见建议[^。\n]{0,20}反映")
# An unnumbered closing paragraph about the whole rectification (下一步,局党委将持续巩固巡察整改成果…).
OUTLOOK_WORDS = ("下一步", "下阶段", "今后", "接下来")
# Words before an item's title: 关于“…”的问题, 针对“…”问题.
ITEM_LEADS = ("关于", "针对")
# A title that names no problem of its own (关于巡察反馈问题的整改情况).
GENERIC_TITLES = (r"(?:对)?(?:(?:巡察|巡视)组?)?(?:反馈|发现|指出|交办|移交)(?:的)?", "有关", "相关", "以下", "上述")
# Words that introduce a list of measures rather than being one (整改措施如下:).
MEASURE_INTROS = ("如下", "主要有", "具体是", "具体为", "措施有")

# Words before a count's noun that make it the complement of a rate's numerator, not the numerator: 未完成2个
# and 正在化解6件 beside 完成率, 不满意5人 beside 满意率. Source: rectification notices' progress sentences
# (已完成整改8个,未完成2个,整改完成率80%; 满意95人,不满意5人,满意率95%).
RATE_COMPLEMENT_MARKS = ("尚未", "没有", "正在", "未", "不", "没", "非", "待", "仍")

# --- problems and actions ------------------------------------------------------------------------
# Words by which a heading describes a shortcoming (a problem title: 学习不够深入, 责任制落实不到位,
# 审核不严, 基础薄弱), not an action (压实整改责任, 提高政治站位); regular-expression fragments.
# Source: the problem titles of seeds/000 and 002 and of corpus/cases/notices.
SHORTCOMING_WORDS = (
    "不够", "不到位", "不严", "薄弱", "差距", "不规范", "不足", "不力", "不强", "不高", "不深", "不实", "不细", "不全",
    "不准", "不当", "不及时", "不完善", "不健全", "不充分", "不彻底", "不明确", "不落实", "不平衡", "缺乏", "缺失",
    "欠缺", "滞后", "偏差", "漏洞", "短板", "盲区", "弱化", "虚化", "淡化", "缺位", "失之于",
    r"未(?:能|按|严格|落实|建立|及时|全面|有效|完全|认真|执行|开展)", "没有", "问题$", r"问题[(（]",
)


def alternation(words: Iterable[str], *, escape: bool = True) -> str:
    """A regular-expression alternation of `words` as a non-capturing group: plain words escaped and
    longest first (so 整改时限 wins over 时限); with `escape=False` the words are regular-expression
    fragments already and keep their order (the first alternative that matches wins)."""
    unique = list(dict.fromkeys(words))
    if not escape:
        return "(?:" + "|".join(unique) + ")"
    return "(?:" + "|".join(re.escape(w) for w in sorted(unique, key=len, reverse=True)) + ")"


def prose_labels(*fields: str) -> str:
    """Alternation of the Chinese labels of `fields` (FIELD_LABELS keys), for "label:" in prose."""
    return alternation(label for name in fields for label in FIELD_LABELS[name] if not label.isascii())


def label_of(name: str) -> str:
    """The usual Chinese label of a field (its first one): "deadline" → 整改时限."""
    return next(label for label in FIELD_LABELS[name] if not label.isascii())


# The columns an office ledger is expected to have, in their usual order (for messages).
USUAL_COLUMNS = ("id", "title", "measures", "owner.leader", "owner.department", "owner.person", "deadline",
                 "status", "completed_on", "evidence")


def header_fields() -> dict[str, str]:
    """Label -> ledger field for every label of FIELD_LABELS (a label names one field)."""
    return {label: name for name, labels in FIELD_LABELS.items() for label in labels}


def status_by_word() -> dict[str, str]:
    """Status word -> completed / in_progress / long_term, for every word of STATUS_WORDS."""
    return {word: status for status, words in STATUS_WORDS.items() for word in words}
