"""Shared helpers for the document tests: sample documents and PDF inspection through poppler and pdfplumber."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from app.documents.model import (
    Column,
    FormDocument,
    FormField,
    FormSection,
    Heading,
    Paragraph,
    Redline,
    SignatureBlock,
    TableBlock,
    TableDocument,
    TextDocument,
)
from tests.conftest import need_tool

PLAIN = "工会组织建设和谐劳动关系会员发展会籍管理职工代表大会集体合同困难帮扶安全生产劳动保护"
PUNCT = ("为进一步加强工会组织建设，充分发挥工会在构建和谐劳动关系中的作用，根据《中华人民共和国工会法》和"
         "《中国工会章程》的有关规定，结合本单位实际（见附件“会员名册”），现通知如下：各部门要高度重视！")


def sample_text(paragraphs: int = 6) -> TextDocument:
    blocks = [Heading("一、总体要求", 1), Paragraph(PUNCT * 2), Heading("（一）工作目标", 2)]
    blocks += [Paragraph(PUNCT * 3) for _ in range(paragraphs)]
    blocks += [Heading("1. 具体安排", 3), Heading("（1）时间", 4),
               Redline([("same", "甲方应当按月足额支付"), ("del", "工资"), ("ins", "劳动报酬和加班费"), ("same", "。")]),
               TableBlock([Column("项目"), Column("人数", 0.5, "right")], [["会员", "120"], ["新会员", "15"]])]
    return TextDocument(title="关于做好会员发展工作的通知", blocks=blocks, doc_number="工发〔2026〕3号",
                        recipient="各分工会：", signature=SignatureBlock(["示例公司工会委员会", "2026年11月23日"]),
                        attachments=["会员名册", "入会申请书"], org_name="示例公司工会")


def sample_table(n: int = 120) -> TableDocument:
    cols = [Column("序号", 0.5, "right"), Column("姓名"), Column("部门", 2), Column("备注", 2)]
    rows = [[str(i), f"职工{i:04d}", "生产部/一班", "长备注" * (i % 7)] for i in range(1, n + 1)]
    return TableDocument("签到表", cols, rows, org_name="示例公司工会", printed_on=date(2026, 11, 23),
                         signature_lines=["制表人：", "审核人：", "日期："], notes=["注：本表一式两份。"])


def sample_form() -> FormDocument:
    return FormDocument("提案表", [
        FormSection("提案人", [[FormField("姓名", "李四"), FormField("部门", "生产部")],
                               [FormField("案由", "关于改善食堂伙食的提案", span=2)],
                               [FormField("理由", "食堂菜品单一。\n价格偏高。", span=2, min_height_mm=40)]], columns=2),
        TableBlock([Column("附议人"), Column("部门")], [["王五", "质检部"], ["赵六", "仓储部"]], title="附议"),
        Paragraph("建议每周公布菜单。"),
        Redline([("same", "第一条"), ("del", "旧文字"), ("ins", "新文字")]),
    ], org_name="示例公司工会", printed_on=date(2026, 11, 23), signature_lines=["提案人签名："])


def pdftotext(path: Path, *, layout: bool = False, page: int | None = None) -> str:
    exe = need_tool("pdftotext")
    cmd = [exe, "-enc", "UTF-8"]
    if layout:
        cmd.append("-layout")
    if page:
        cmd += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*cmd, str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdffonts(path: Path) -> list[dict[str, str]]:
    """Rows of ``pdffonts``: name, type, emb."""
    exe = need_tool("pdffonts")
    text = subprocess.run([exe, str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in text.splitlines()[2:]:
        parts = line.split()
        if len(parts) < 7:
            continue
        # name type [type words…] encoding emb sub uni objnum gen
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "line": line})
    return rows
