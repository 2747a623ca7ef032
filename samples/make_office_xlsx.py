"""Write samples/ledgers/fancheng-2023-office.xlsx: a ledger laid out and filled in the way an office does it.

Two sheets (党的建设, 作风建设), a merged title row that says which date the ledger speaks for
(截至2023年7月15日), merged category rows (一、党的政治建设方面), a combined 责任单位/责任人 column on the
first sheet and separate owner columns on the second, a 复查日期 column, a 备注 column that is no ledger field,
and values as offices write them: 立行立改, 2023年6月底前, 第二季度 (the year from the title), 2023年上半年,
长期坚持; 已办结, 基本完成, 序时推进; dates as Excel dates, as 2023.5.10 and as 2023年4月28日; evidence
lists split by ； with a ； inside 《…》. Titles and measures are from samples/notices/fancheng-2023-notice.txt;
owners, dates and evidence are made up. Planted defects (see samples/README.md): 2 overdue items, 1 completed
item without evidence.

Usage: python samples/make_office_xlsx.py [OUT.xlsx]. Regenerating gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from checker.report.xlsx import workbook_bytes

DEFAULT_OUT = Path(__file__).resolve().parent / "ledgers" / "fancheng-2023-office.xlsx"
FIXED_TIME = dt.datetime(2023, 7, 15, 9, 0, 0)
TITLE = "区司法局党组巡察反馈问题整改台账(截至2023年7月15日)"
D = dt.datetime

# Sheet 党的建设: one column for the unit and the person in charge (办公室/张某).
PARTY_HEADER = ("序号", "问题", "整改措施", "责任领导", "责任单位/责任人", "整改时限", "整改进展", "完成时间",
                "佐证材料", "备注")
PARTY_ROWS: tuple[tuple[str, tuple[tuple[object, ...], ...]], ...] = (
    ("一、党的政治建设方面(2个)", (
        (1, "用先进的理论武装思想不够深入细致",
         "1.修改完善《司法局党组理论学习中心组制度》;\n2.2023年3月27日召开党组理论学习中心组会议",
         "张某某", "办公室/李某", "立行立改", "已办结", D(2023, 3, 27),
         "《关于修订〈理论学习中心组制度〉的通知；附件》；党组会议纪要", ""),
        (2, "推进“一心四区”建设不够积极主动",
         "研究制定《区司法局进一步推进“一心四区”四大攻坚行动的实施方案》", "张某某", "法治督察股/王某",
         "2023年6月底前", "基本完成", None, "", "方案已印发,攻坚行动推进中"),
    )),
    ("二、全面从严治党方面(2个)", (
        (3, "财务科目使用混乱", "2023年4月开展财务专项检查,清理规范会计科目12个", "赵某某", "财务股/钱某",
         "第二季度", "序时推进", None, "", ""),
        (4, "政务信息发布不及时", "2023年4月28日修订《政务信息公开工作制度》", "赵某某", "办公室/孙某",
         "2023年上半年", "已完成", "2023年4月28日", "", ""),
    )),
)

# Sheet 作风建设: separate owner columns, a review date for long-term items.
STYLE_HEADER = ("序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改状态", "完成时间",
                "复查日期", "佐证材料")
STYLE_ROWS: tuple[tuple[str, tuple[tuple[object, ...], ...]], ...] = (
    ("三、作风建设方面(3个)", (
        (5, "文风不实作风不严谨", "每季度开展一次文风检查,2023年5月通报问题文稿3篇", "周某某", "办公室", "吴某",
         "长期坚持", "长期坚持", None, "2023年12月31日", ""),
        (6, "创文工作务虚", "2023年4月制定《创文工作责任清单》,明确责任股室8个", "周某某", "普法股", "郑某",
         D(2023, 5, 31), "正在推进", None, None, ""),
        (7, "乡村振兴工作驻村制度落实不到位", "2023年4月修订《驻村工作考勤制度》,实行每周点名", "周某某",
         "政工股", "冯某", "2023年6月30日", "已整改", "2023.5.10", None, "考勤记录；点名通报"),
    )),
)


def _sheet(ws: Worksheet, header: tuple[str, ...], groups: tuple[tuple[str, tuple[tuple[object, ...], ...]], ...],
           date_columns: tuple[int, ...]) -> None:
    """Merged title row, header row, merged category rows, one row per item."""
    width = len(header)
    ws.append([TITLE] + [None] * (width - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(list(header))
    for category, rows in groups:
        ws.append([category] + [None] * (width - 1))
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
        for row in rows:
            ws.append([None if value == "" else value for value in row])
            for column in date_columns:
                cell = ws.cell(ws.max_row, column)
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = 'yyyy"年"m"月"d"日"'
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_workbook() -> Workbook:
    """The office ledger as an openpyxl Workbook."""
    book = Workbook()
    party = book.active
    party.title = "党的建设"
    _sheet(party, PARTY_HEADER, PARTY_ROWS, (6, 8))
    _sheet(book.create_sheet("作风建设"), STYLE_HEADER, STYLE_ROWS, (7, 9, 10))
    return book


def main(argv: list[str]) -> int:
    """Write the workbook to argv[0] or the default path."""
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.write_bytes(workbook_bytes(build_workbook(), FIXED_TIME))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
