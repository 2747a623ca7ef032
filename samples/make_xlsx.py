"""Write samples/ledgers/pingdingshan-2024.xlsx, the Excel form of the Pingdingshan ledger sample.

The rows come from the published notice samples/notices/pingdingshan-2024-notice.txt; owners, deadlines
and dates are made up. Three defects are planted (see samples/README.md): an item with no measures, an
item with no deadline and a completed item with no evidence.

Usage: python samples/make_xlsx.py [OUT.xlsx]. Regenerating gives the same bytes: the workbook properties
carry fixed dates and every member of the zip archive gets a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from checker.report.xlsx import workbook_bytes

DEFAULT_OUT = Path(__file__).resolve().parent / "ledgers" / "pingdingshan-2024.xlsx"
FIXED_TIME = dt.datetime(2024, 5, 20, 9, 0, 0)
TITLE = "平顶山市司法局党委巡察反馈问题整改台账"
HEADER = (
    "序号", "问题", "整改措施", "责任领导", "责任部门", "责任人",
    "整改时限", "整改状态", "完成时间", "佐证材料",
)
WIDTHS = (6, 24, 60, 10, 16, 10, 14, 10, 14, 30)
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
D = dt.date

# (leader, [(title, measures, department, person, deadline, status, completed_on, evidence), ...]):
# one leader per group, written once into a merged cell over the group's rows.
GROUPS: tuple[tuple[str, tuple[tuple[object, ...], ...]], ...] = (
    ("张某某", (
        ("落实第一议题制度不到位",
         ("2024年以来,共召开党委会17次,组织进行第一议题学习17次",
          "局党委会议专题研究部署了2024年全面从严管党治警工作"),
         "办公室", "李某某", D(2024, 3, 31), "已完成", D(2024, 3, 28), "局党委会议纪要\n第一议题学习记录"),
        ("工作开展连续性不强",
         ("将全面从严管党治警纳入市司法局2024年全面从严治党主体责任清单,局党委每年至少听取1次全面从严管党治警工作汇报",
          "组织召开2024年全面从严治党暨党风廉政建设工作会议,对全面从严管党治警工作进行安排部署"),
         "政治部", "王某某", D(2024, 3, 31), "已完成", D(2024, 3, 20),
         "市司法局2024年全面从严治党主体责任清单"),
        ("日常管理宽松软",
         ("4月15日在全系统安排部署开展党纪学习教育工作,于当天完成26个支部的有关部署",
          "印发了《平顶山市司法局关于开展作风纪律常态化检查的通知》,成立3个作风纪律检查组"),
         "机关党委", "周某某", D(2024, 4, 30), "已完成", D(2024, 4, 15),
         "《平顶山市司法局关于开展作风纪律常态化检查的通知》\n作风纪律检查问题台账"),
    )),
    ("刘某某", (
        ("以案促改不深不实",
         ("召开新发案件的以案促改警示教育大会,市恒信公证处、市法律援助中心等分别召开以案促改警示教育会议",
          "集中开展廉政风险点梳理排查,共梳理廉政风险点24条,制定防控措施46条"),
         "机关党委", "周某某", D(2024, 4, 30), "已完成", D(2024, 4, 10), "廉政风险点及防控措施一览表"),
        ("为民服务理念树得不牢",
         ("印发《2024年度平顶山市守法普法工作要点》《2024年全市“精准普法基层行”活动方案》,安排部署年度普法工作",
          "市司法局与市教体局联合印发《关于开展全市教育体育系统第三届法治教育宣传周活动的通知》"),
         "普法与依法治理科", "孙某某", D(2024, 4, 30), "已完成", D(2024, 4, 20),
         "《2024年度平顶山市守法普法工作要点》"),
        # planted: no deadline -> completeness/deadline-missing
        ("指导普法宣传教育不扎实",
         ("联合市气象局、市教体局、市文广旅局印发《关于开展2024年气象法规宣传月活动的通知》",
          "组织全市1800余名执法人员和机关工作人员参加了“学习贯彻党的二十大精神暨第三届服务型行政执法比武活动理论测试”"),
         "普法与依法治理科", "孙某某", None, "正在推进", None, "《关于开展2024年气象法规宣传月活动的通知》"),
    )),
    ("王某", (
        # planted: no measures -> completeness/measures-missing
        ("项目建设管理不规范", (), "计划财务装备科", "吴某某", D(2024, 3, 31), "已完成", D(2024, 3, 25),
         "《平顶山市司法局机关政府采购管理规定(暂行)》"),
        ("常态化排查整治抓而不实",
         ("将排查整治顽瘴痼疾工作纳入《2024年度县(市、区)司法行政工作责任目标考核细则》,每季度开展顽瘴痼疾自查排查工作",
          "对自查排查发现的问题严格按照有关程序及时开展核查工作"),
         "政治部", "王某某", D(2024, 3, 31), "已完成", D(2024, 3, 15),
         "《2024年度县(市、区)司法行政工作责任目标考核细则》"),
    )),
    ("陈某某", (
        # planted: completed with no evidence -> completeness/evidence-missing
        ("行业突出问题边改边犯",
         ("印发《平顶山市律师协会关于2023年行业处分情况的通报》(平律协〔2024〕2号),加强律师队伍职业道德和执业纪律教育",
          "3月15日组织开展全市公证员业务培训班,对党建、业务规范等集中进行了学习"),
         "律师工作科", "郑某某", D(2024, 4, 30), "已完成", D(2024, 3, 29), ""),
        ("指导安置帮教力度较弱",
         ("市雨霁志愿服务支队到鲁山县磙子营、仓头开展志愿服务,分别为5名生活困难的安置帮教人员送去米、面、油、棉被等生活物资",
          "填报了《过渡性安置基地摸底调研表》,经过清理规范,全市现有安置帮教基地26个"),
         "社区矫正管理科", "冯某某", D(2024, 4, 30), "已完成", D(2024, 4, 25),
         "《过渡性安置基地摸底调研表》"),
        ("法律援助工作质效有待提升",
         ("在市司法局官网上公示2023年平顶山市法律援助中心案件办理情况、法律援助资金使用情况、质量考核结果",
          "对汝州、鲁山、宝丰、叶县进行实地检查,对法律援助中心开展案件指派工作情况进行检查",
          "4月组织召开了全市公共法律服务、法律援助工作会议暨“法律援助工作质效提升年”专项活动动员会"),
         "法律援助中心", "高某某", D(2024, 4, 30), "已完成", D(2024, 4, 29),
         "“法律援助工作质效提升年”专项活动方案"),
        ("村(居)法律顾问工作仍需加强",
         ("印发了《关于进一步加强村(居)法律顾问工作经费保障和培训考核的通知》,在全市开展业务培训和年度考核工作",
          "印发《关于推荐全市村(居)法律顾问工作先进集体先进个人的通知》"),
         "公共法律服务管理科", "朱某某", D(2024, 4, 30), "已完成", D(2024, 4, 22),
         "《关于进一步加强村(居)法律顾问工作经费保障和培训考核的通知》"),
    )),
    ("赵某某", (
        ("推进行政调解工作迟滞",
         ("制作发放《平顶山市行政调解工作手册》,包含行政调解工作指引(试行)、行政调解示范文本及使用说明等内容",
          "4月8日,召开平顶山市行政调解工作推进会,对各县(市、区)、市直有关单位进行行政调解工作培训"),
         "行政复议与应诉科", "徐某某", D(2024, 4, 30), "已完成", D(2024, 4, 8),
         "《平顶山市行政调解工作手册》"),
        ("落实行政执法过错责任追究机制不严格",
         ("印发《关于开展行政执法责任追究的通知》,严格按照《河南省行政执法过错责任追究办法》进行责任追究",
          "郏县、新华区已对相关单位进行责任追究,并报送追责材料"),
         "行政执法协调监督科", "马某某", D(2024, 3, 31), "已完成", D(2024, 3, 31), "郏县、新华区追责材料"),
    )),
)

NOTES = (
    "填表说明",
    "1. 本台账依据市委第六巡察组2024年1月22日反馈的巡察意见建立,逐项对应问题清单。",
    "2. 整改状态填写“已完成”“正在推进”或“长期整改”;已完成事项须在“佐证材料”栏列明材料名称。",
    "3. 整改措施每条一行;整改时限、完成时间按年月日填写。",
    "4. 责任领导按分管领导合并单元格填写。",
    "5. 数据截至2024年5月20日。",
)


def _ledger_sheet(ws: Worksheet) -> None:
    """Fill the 整改台账 sheet: merged title row, header row, one row per item, merged leader cells."""
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.cell(1, 1).font = Font(bold=True, size=16)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.append(list(HEADER))
    for col, width in enumerate(WIDTHS, start=1):
        ws.cell(2, col).font = Font(bold=True)
        ws.cell(2, col).alignment = Alignment(horizontal="center", vertical="center")
        ws.cell(2, col).border = border
        ws.column_dimensions[ws.cell(2, col).column_letter].width = width
    number = 0
    for leader, items in GROUPS:
        first = ws.max_row + 1
        for title, measures, department, person, deadline, status, completed_on, evidence in items:
            number += 1
            # only the top-left cell of a merged range holds a value, as Excel stores it
            leader_cell = leader if ws.max_row + 1 == first else None
            ws.append([number, title, "\n".join(measures) or None, leader_cell,
                       department, person, deadline, status, completed_on, evidence or None])
            row = ws.max_row
            for col in range(1, len(HEADER) + 1):
                ws.cell(row, col).alignment = wrap
                ws.cell(row, col).border = border
            for col in (7, 9):
                ws.cell(row, col).number_format = DATE_FORMAT
        if ws.max_row > first:
            ws.merge_cells(start_row=first, start_column=4, end_row=ws.max_row, end_column=4)
    ws.freeze_panes = "A3"


def _notes_sheet(ws: Worksheet) -> None:
    """Fill the 说明 sheet with the form's instructions."""
    for line in NOTES:
        ws.append([line])
    ws.cell(1, 1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 90


def build_workbook() -> Workbook:
    """Build the sample workbook with fixed document properties."""
    wb = Workbook()
    ledger = wb.active
    ledger.title = "整改台账"
    _ledger_sheet(ledger)
    _notes_sheet(wb.create_sheet("说明"))
    wb.properties.creator = "平顶山市司法局办公室"
    wb.properties.lastModifiedBy = "平顶山市司法局办公室"
    wb.properties.title = TITLE
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def main(argv: list[str]) -> int:
    """Write the workbook to argv[1] or to samples/ledgers/pingdingshan-2024.xlsx."""
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    out.write_bytes(workbook_bytes(build_workbook(), FIXED_TIME))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
