"""Severity and Finding: what the engine produces and reporters render."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from checker.location import Location, Quote


class Severity(enum.IntEnum):
    """Ordered so that `severity >= fail_on` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """Lower-case name used in files and output."""
        return self.name.lower()

    @property
    def chinese(self) -> str:
        """Label for Chinese reports."""
        return {"info": "提示", "warning": "警告", "error": "错误"}[self.label]

    @classmethod
    def parse(cls, word: str) -> Severity:
        """`error` → Severity.ERROR; raises KeyError for unknown words."""
        return cls[word.upper()]


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem, always pointing at its source."""

    rule: str
    severity: Severity
    message: str
    location: Location
    item: str | None = None
    excerpt: str = ""
    related: tuple[Location, ...] = field(default_factory=tuple)
    quote: Quote | None = None  # the sentence or cell around the excerpt, the offending span marked

    def sort_key(self) -> tuple[object, ...]:
        """Deterministic order: source, line, column, rule."""
        loc = self.location
        return (loc.source, loc.line or 0, loc.column or 0, loc.cell or "", self.rule, self.message)


INPUT_ERROR_RULE = "input/invalid"  # a file that cannot be read is reported as a finding of its own
SUPPRESSION_UNKNOWN_RULE = "suppression/unknown-rule"  # a waiver naming a rule that does not exist
SUPPRESSION_EXPIRED = "suppression/expired"  # a waiver past its expiry date, which no longer waives
NO_ITEMS_RULE = "input/no-items"  # a ledger listing no item at all: nothing in it could be checked
RULE_FAILED_RULE = "rule/failed"  # a rule that failed while evaluating a file (reported at the rule)
SUPPRESSION_UNUSED = "suppression/unused"  # a config waiver for linted files that waived nothing
# An ASCII comma that cut a text in a YAML flow mapping: an error at the comma, but the text is read whole.
COMMA_RULE = "input/flow-comma"


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """Metadata of one rule, as reporters need it (they look it up; findings do not copy it)."""

    id: str
    title: str
    severity: Severity
    doc: str = ""
    source: str = ""  # the rule file it came from


@dataclass(frozen=True, slots=True)
class FileMeta:
    """What a supervisor knows a submission by: the unit, the inspection, the dates, and the date overdue
    items were judged against (None where the file does not state it)."""

    unit: str | None = None  # 被巡察单位
    body: str | None = None  # the inspection body (巡察组)
    feedback: dt.date | None = None  # 反馈日期
    report_date: dt.date | None = None  # 报告/通报日期
    as_of: dt.date | None = None  # --as-of, else the report date
    title: str | None = None  # the document's own title


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything found in one input file."""

    path: str
    format: str  # json | yaml | csv | xlsx | text | markdown | docx | unknown
    kind: str | None  # ledger | notice | other (None when the file could not be read)
    findings: tuple[Finding, ...]
    failed: bool = False  # the file could not be read or validated (exit code 2)
    items: int = 0  # issues read from it
    unit: str | None = None  # the unit the ledger names, when it names one (part of a finding's fingerprint)
    meta: FileMeta = field(default_factory=FileMeta)
    titles: tuple[tuple[str, str], ...] = ()  # (item id, item title) in ledger order
    rule_failed: bool = False  # a rule failed while checking it: its result has a hole (exit code 2)
    # checked, but part of it was read by a guess (an ASCII comma that cut a YAML text): an input error (exit 2)
    guessed: bool = False

    def title_of(self, item: str | None) -> str:
        """The title of item `item`, empty when unknown."""
        return next((title for ident, title in self.titles if ident == item), "")

    @property
    def checked(self) -> bool:
        """The rules ran on this file's content: it was read, it is a report, and a ledger lists items."""
        # "config": the waiver notes of the config file, which is no input
        unchecked = (None, "other", "config")
        return not self.failed and self.kind not in unchecked and (self.kind != "ledger" or self.items > 0)


@dataclass(frozen=True, slots=True)
class RunError:
    """An error that stopped the run before any file was checked (a broken rule or config file), kept so
    that machine-readable reports can carry it too."""

    message: str
    location: Location | None = None
    hint: str | None = None

    @classmethod
    def of(cls, error: Exception) -> RunError:
        """From a LedgerlintError (message, location, hint) or any other exception (its text)."""
        return cls(getattr(error, "message", str(error)), getattr(error, "location", None),
                   getattr(error, "hint", None))


@dataclass(frozen=True, slots=True)
class LintResult:
    """The result of one lint run over many files."""

    files: tuple[FileResult, ...]
    rules: dict[str, RuleInfo]
    baselined: int = 0  # findings hidden because the baseline accepts them
    errors: tuple[RunError, ...] = ()  # what stopped the run, if anything (then `files` is empty)

    def findings(self) -> list[Finding]:
        """All findings of all files, in deterministic order."""
        return [f for file in self.files for f in file.findings]

    @property
    def failed(self) -> bool:
        """True when some input could not be read, a rule failed on an input, or the run could not start."""
        return bool(self.errors) or any(file.failed or file.rule_failed or file.guessed for file in self.files)

    @property
    def inputs(self) -> tuple[FileResult, ...]:
        """The results of the input files: without the config file's waiver notes, which is no input."""
        return tuple(file for file in self.files if file.kind != "config")

    @property
    def checked(self) -> int:
        """Files whose items were actually checked: read, a report or ledger, and not an empty ledger."""
        return sum(1 for file in self.files if file.checked)


# Findings the engine itself reports, not a rule file: their metadata for reporters.
ENGINE_RULES: dict[str, RuleInfo] = {
    INPUT_ERROR_RULE: RuleInfo(INPUT_ERROR_RULE, "输入文件无法读取", Severity.ERROR,
                               "文件无法读取、解码或不符合台账格式,因此未被检查;请修正文件后重新检查。"),
    NO_ITEMS_RULE: RuleInfo(NO_ITEMS_RULE, "台账中没有任何问题条目", Severity.ERROR,
                            "台账读取成功,但其中没有任何问题条目(如空的 issues 列表、只有表头的表格),"
                            "因此没有可检查的内容;请确认提交的是完整的台账。"),
    RULE_FAILED_RULE: RuleInfo(RULE_FAILED_RULE, "规则运行失败", Severity.ERROR,
                               "一条规则在检查该文件时出错(如由数据构造的正则表达式无效),该规则对此文件的结果缺失;"
                               "其他规则和文件照常检查。请修正规则文件。"),
    SUPPRESSION_UNKNOWN_RULE: RuleInfo(SUPPRESSION_UNKNOWN_RULE, "豁免指向不存在的规则", Severity.WARNING,
                                       "问题的 suppress 条目写了一个不存在的规则 id(多半是拼写错误),"
                                       "因此没有豁免任何问题。"),
    SUPPRESSION_EXPIRED: RuleInfo(SUPPRESSION_EXPIRED, "豁免已过期", Severity.INFO,
                                  "豁免的 expires 早于检查日期,豁免不再生效,该规则的问题照常报告。"),
    SUPPRESSION_UNUSED: RuleInfo(SUPPRESSION_UNUSED, "豁免没有豁免任何问题", Severity.WARNING,
                                 "配置文件中的豁免适用于本次检查的文件,但没有豁免任何问题:问题已经整改(请删去"
                                 "该豁免),或规则、问题编号、引文写错了。"),
    # Notes of the readers (checker.load, checker.read) and of the run (checker.api), by their ids there.
    "input/duplicate-id": RuleInfo("input/duplicate-id", "问题编号重复", Severity.ERROR,
                                   "两个问题条目使用了同一个编号,按编号引用问题(豁免、基线)时无法区分;请改正编号。"),
    "input/flow-comma": RuleInfo("input/flow-comma", "{…} 中的英文逗号截断了文字", Severity.ERROR,
                                 "YAML 的 {…} 里英文逗号“,”分隔字段,文字中的英文逗号把后半句变成了字段名;"
                                 "已按整段文字继续检查,请给文字加引号或改用中文逗号“，”。"),
    "input/typed-id": RuleInfo("input/typed-id", "问题编号被读成了数字", Severity.WARNING,
                               "YAML 把未加引号的编号(如 010、1.10)读成数字,写法会改变;编号按原文保留,"
                               "建议加引号。"),
    "input/unknown-column": RuleInfo("input/unknown-column", "未识别的表格列", Severity.INFO,
                                     "表格中有列名不属于台账的任何字段,该列的内容没有检查。"),
    "input/unreadable-value": RuleInfo("input/unreadable-value", "单元格无法读取", Severity.WARNING,
                                       "单元格的内容无法按该列的类型读取(如无法识别的日期),已略去,请改正写法。"),
    "input/formula-without-value": RuleInfo("input/formula-without-value", "公式没有保存计算结果", Severity.WARNING,
                                            "公式单元格没有保存的计算结果(文件由程序生成且从未在 Excel 中打开),"
                                            "其值未知,不作为缺失处理;请在 Excel 中打开并保存后重新检查。"),
    "input/unread-content": RuleInfo("input/unread-content", "Word 文档中有未读取的内容", Severity.WARNING,
                                     "脚注、图片、嵌入对象等中的文字没有读取,因此没有检查。"),
    "dates/as-of": RuleInfo("dates/as-of", "逾期检查的检查日期", Severity.INFO,
                            "台账未注明报告日期,逾期检查以今天为检查日期;可用 --as-of 指定。"),
}
