"""Word (.docx) reports laid out as a Party document (Hướng dẫn 36-HD/VPTW).

One entry point, :func:`build_party_report`, returns the bytes of a .docx:

    header (two-column borderless table)
        ĐẢNG BỘ TỈNH THÁI NGUYÊN          ĐẢNG CỘNG SẢN VIỆT NAM   (underlined)
          THÀNH ỦY PHỔ YÊN
                 *
           Số 127-BC/TU            Phổ Yên, ngày 20 tháng 02 năm 2023
    BÁO CÁO / summary line / -----
    I- SECTION … 1. item … a) item … paragraphs and tables
    Nơi nhận: …                         T/M BAN THƯỜNG VỤ / BÍ THƯ / name

Layout facts are in ``/work/shared/document-format.md``: A4 portrait, Times New Roman,
margins 20/20/30/15 mm, page numbers from page 2 centred at the top.

Everything the caller passes is plain text: it is NFC-normalised, stripped of characters
XML cannot hold, and written as runs (never parsed as markup or fields). A newline inside
a string becomes a line break; a tab becomes a tab.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

if TYPE_CHECKING:
    from django.http import FileResponse

__all__ = [
    "DOCX_CONTENT_TYPE",
    "Item",
    "PartyDocHeader",
    "Section",
    "Signature",
    "Table",
    "build_party_report",
    "docx_response",
    "format_number",
    "vn_date_line",
]

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 165 mm
BODY_PT = 14
LINE_SPACING = 1.2
FIRST_LINE_INDENT = Cm(1)
SPACE_AFTER = Pt(6)
# Vietnamese documents letter their points a) b) c) d) đ) e) g) … (no f, j, w, z).
_LETTERS = "abcdđeghiklmnopqrstuvxy"

# XML 1.0 cannot hold C0 controls other than tab/newline/CR, lone surrogates, U+FFFE/FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMERIC_TEXT = re.compile(r"^[+\-−]?\d[\d.,\s]*%?$")
_NUMBER_PREFIX = re.compile(r"^\s*số\s*:?\s*", re.IGNORECASE)
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}

Cell = str | int | float | Decimal | None


# --------------------------------------------------------------------------- the API


@dataclass(frozen=True)
class PartyDocHeader:
    superior_body: str  # "ĐẢNG BỘ TỈNH THÁI NGUYÊN"
    issuing_body: str  # "THÀNH ỦY PHỔ YÊN"
    number: str  # "127-BC/TU"; rendered "Số 127-BC/TU" (a leading "Số"/"Số:" is dropped)
    place: str  # "Phổ Yên"
    date: dt.date


@dataclass(frozen=True)
class Signature:
    on_behalf: str = "T/M BAN THƯỜNG VỤ"  # T/M, K/T, T/L …; "" for none
    post: str = "BÍ THƯ"  # a newline gives two lines ("K/T BÍ THƯ\nPHÓ BÍ THƯ" style)
    name: str = ""


@dataclass(frozen=True)
class Table:
    """A data table: header row bold and repeated on every page; numbers right-aligned.

    ``rows`` hold str, int, float, Decimal or None. Numbers are written Vietnamese style
    (1.234; 95,5); strings that look like numbers ("95,5%") are right-aligned too.
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    caption: str = ""  # bold, centred, above the table
    widths_cm: Sequence[float] | None = None  # default: shared by content length
    font_size_pt: float = 12
    total_row: bool = False  # the last row (e.g. "Tổng cộng") in bold
    # per column "left" | "center" | "right"; default: numbers right, text left,
    # an ordinal column headed "TT"/"STT" centred
    align: Sequence[str] | None = None


@dataclass(frozen=True)
class Item:
    """A numbered point: "1. title" inside a section, "a) title" inside a point."""

    title: str
    body: Sequence[str | Table | Item] = ()


@dataclass(frozen=True)
class Section:
    """ "I- TITLE" (bold capitals), then its body in order: paragraphs, tables, points."""

    title: str
    body: Sequence[str | Table | Item] = ()


# A committee heads a Party organisation: the header's superior line names the organisation
# ("Đảng bộ tỉnh Thái Nguyên"), not its committee ("Tỉnh ủy Thái Nguyên"). Every committee level
# the tree has held, "Quận ủy" and "Huyện ủy" included (before 1/7/2025 and in old reports).
_COMMITTEE_BODY = [
    ("Tỉnh ủy ", "Đảng bộ tỉnh "),
    ("Thành ủy ", "Đảng bộ thành phố "),
    ("Thị ủy ", "Đảng bộ thị xã "),
    ("Huyện ủy ", "Đảng bộ huyện "),
    ("Quận ủy ", "Đảng bộ quận "),
    ("Đảng ủy ", "Đảng bộ "),
]
# What is left of a committee's name once its prefix goes is the place of the date line.
_PLACE_PREFIXES = [prefix for prefix, _body in _COMMITTEE_BODY[:-1]] + ["Đảng ủy phường ", "Đảng ủy xã "]


def party_body(name: str) -> str:
    """ "Tỉnh ủy Thái Nguyên" → "Đảng bộ tỉnh Thái Nguyên"; another name as it is."""
    for prefix, body in _COMMITTEE_BODY:
        if name.startswith(prefix):
            return body + name[len(prefix) :]
    return name


class _UnitLike(Protocol):
    """What the header reads of an ``orgs.Unit`` (core does not import orgs)."""

    name: str
    depth: int

    def parent_unit(self) -> _UnitLike | None: ...


def superior_line(unit: _UnitLike) -> str:
    """The header's first line for a document of ``unit``: the Party organisation above it."""
    parent = unit.parent_unit()
    return party_body(parent.name) if parent is not None else ""


def place_of(unit: _UnitLike) -> str:
    """The date line's place: the unit's own (a committee), else its parent's (a chi bộ)."""
    for u in [unit, *([unit.parent_unit()] if unit.depth > 1 else [])]:
        for prefix in _PLACE_PREFIXES:
            if u is not None and u.name.startswith(prefix):
                return u.name[len(prefix) :]
    return unit.name


def vn_date_line(place: str, date: dt.date) -> str:
    """ "Phổ Yên, ngày 09 tháng 02 năm 2023": days under 10 and months 1–2 take a zero."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return _text(f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}")


def format_number(value: int | float | Decimal, decimals: int = 2) -> str:
    """Vietnamese style: "." between thousands, "," before decimals, no trailing zeros."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def build_party_report(
    *,
    header: PartyDocHeader,
    doc_title: str = "BÁO CÁO",
    summary_line: str = "",
    sections: Sequence[Section],
    signature: Signature,
    recipients: Sequence[str],
) -> bytes:
    """The .docx bytes of a Party report (or plan: ``doc_title="KẾ HOẠCH"``).

    ``summary_line`` is written as given; by the rule it starts in lower case
    ("về kết quả …"). Recipients get a leading "- " and a trailing "," (the last one a
    "."), unless they already have them; the caller passes the last line itself, e.g.
    "Lưu Văn phòng Thành ủy".
    """
    doc = Document()
    _setup_page(doc)
    _setup_styles(doc)
    body = doc.element.body
    # Document() starts with one empty paragraph; drop it so the header table comes first.
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    _write_header(doc, header)
    _write_title(doc, doc_title, summary_line)
    for index, section in enumerate(sections, start=1):
        _write_section(doc, index, section)
    _write_closing(doc, signature, recipients)

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_response(data: bytes, filename: str) -> FileResponse:
    """An attachment download (the filename may be Vietnamese)."""
    from django.http import FileResponse

    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=DOCX_CONTENT_TYPE
    )


# --------------------------------------------------------------------------- text


def _text(value: object) -> str:
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _XML_ILLEGAL.sub("", text)


def _upper(value: str) -> str:
    return _text(_text(value).upper())


def _roman(n: int) -> str:
    out = []
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    """1 → a, 5 → đ, 23 → y, 24 → aa …"""
    n -= 1
    letters = _LETTERS[n % len(_LETTERS)]
    return letters * (n // len(_LETTERS) + 1)


def _cell_text(value: Cell) -> tuple[str, bool]:
    """The text of a table cell and whether it is a number (right-aligned)."""
    if isinstance(value, bool) or value is None:
        return ("" if value is None else _text(value)), False
    if isinstance(value, int | float | Decimal):
        return format_number(value), True
    text = _text(value)
    return text, bool(_NUMERIC_TEXT.match(text.strip()))


# --------------------------------------------------------------------------- page and styles


def _set_fonts(rpr: Any, size_pt: float | None = None) -> None:
    """Times New Roman for every script slot; theme fonts would otherwise win."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(round(size_pt * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    _schema_order(rpr, _RPR_ORDER)


def _setup_page(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    # Page numbers from page 2: an empty first-page header, a PAGE field in the others.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_header.paragraphs[0].text = ""
    section.header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_field(p)


def _add_page_field(paragraph: Any) -> None:
    def run_with(*children: Any) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(BODY_PT)
        for child in children:
            run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(begin)
    run_with(instr)
    run_with(separate)
    run_with(shown)
    run_with(end)


def _setup_styles(doc: Any) -> None:
    styles = doc.styles
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr, BODY_PT)

    normal = styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE

    def paragraph_style(
        name: str,
        *,
        bold: bool = False,
        italic: bool = False,
        outline: int | None = None,
        keep_next: bool = False,
    ) -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.bold, style.font.italic = bold, italic
        f = style.paragraph_format
        f.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        f.first_line_indent = FIRST_LINE_INDENT
        f.space_after = SPACE_AFTER
        f.line_spacing = LINE_SPACING
        f.widow_control = True
        f.keep_with_next = keep_next
        if outline is not None:
            ppr = style.element.get_or_add_pPr()
            lvl = OxmlElement("w:outlineLvl")
            lvl.set(qn("w:val"), str(outline))
            ppr.append(lvl)
        return style

    paragraph_style("PD Body")
    paragraph_style("PD Section", bold=True, outline=0, keep_next=True)
    paragraph_style("PD Point", bold=True, outline=1, keep_next=True)
    paragraph_style("PD Subpoint", italic=True, outline=2, keep_next=True)


def _para(container: Any, text: str = "", *, style: Any = None, align: Any = None, **run_format: Any) -> Any:
    """A paragraph with one run of plain text (tabs and newlines become tabs and breaks)."""
    p = container.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, **run_format)
    return p


def _run(
    paragraph: Any,
    text: str,
    *,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
) -> Any:
    run = paragraph.add_run(_text(text))
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if underline is not None:
        run.font.underline = underline
    return run


def _tight(paragraph: Any, *, before: float = 0, after: float = 0) -> None:
    f = paragraph.paragraph_format
    f.space_before, f.space_after = Pt(before), Pt(after)
    f.first_line_indent = Cm(0)
    f.line_spacing_rule = WD_LINE_SPACING.SINGLE


# --------------------------------------------------------------------------- tables


def _layout_table(doc: Any, rows: int, lengths: Sequence[int], *, borders: bool) -> Any:
    widths = [Emu(int(w)) for w in lengths]
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    table._tbl.tblPr.get_or_add_tblLayout().type = "fixed"
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(int(w.twips) for w in widths)))
    width.set(qn("w:type"), "dxa")
    existing = tbl_pr.find(qn("w:tblW"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.append(width)
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        edges.append(el)
    tbl_pr.append(edges)
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("left", 85 if borders else 0), ("right", 85 if borders else 0)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    _schema_order(tbl_pr, _TBL_PR_ORDER)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
        for cell in col.cells:
            cell.width = w
    for row in table.rows:
        _row_flag(row, "w:cantSplit")
    return table


# CT_TblPr is a sequence: Word refuses a file whose children are out of this order.
_TBL_PR_ORDER = [
    qn(f"w:{tag}")
    for tag in (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
    ).split()
]

_RPR_ORDER = [
    qn(f"w:{tag}")
    for tag in (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
        "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ).split()
]


def _schema_order(element: Any, order: list[str]) -> None:
    children = list(element)
    for child in children:
        element.remove(child)
    rank = {tag: i for i, tag in enumerate(order)}
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(order))):
        element.append(child)


def _row_flag(row: Any, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cell_paragraph(cell: Any, text: str = "", *, align: Any = None, **run_format: Any) -> Any:
    """The cell's own empty paragraph the first time, a new paragraph after."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and first._p.pPr is None and not first.runs:
        p = first
        if align is not None:
            p.alignment = align
        if text:
            _run(p, text, **run_format)
    else:
        p = _para(cell, text, align=align, **run_format)
    _tight(p)
    return p


def _column_widths(table: Table) -> list[int]:
    n = len(table.headers)
    if table.widths_cm:
        if len(table.widths_cm) != n:
            raise ValueError("widths_cm must have one width per column")
        total = sum(table.widths_cm)
        return [int(TEXT_WIDTH * w / total) for w in table.widths_cm]
    weights = []
    for i, head in enumerate(table.headers):
        head = _text(head)
        # a header may wrap onto two lines, a word may not
        head_need = max([len(w) for w in head.split()] + [(len(head) + 1) // 2])
        cells = [len(_cell_text(r[i] if i < len(r) else None)[0]) for r in table.rows]
        weights.append(min(max([head_need, 2, *cells]), 40) + 2)
    total = sum(weights)
    return [int(TEXT_WIDTH * w / total) for w in weights]


def _write_table(doc: Any, table: Table) -> None:
    n = len(table.headers)
    if n == 0:
        raise ValueError("a table needs at least one column")
    for row in table.rows:
        if len(row) > n:
            raise ValueError(f"a row has {len(row)} cells for {n} columns")
    if table.caption:
        p = _para(doc, table.caption, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        _tight(p, before=6, after=6)
        p.paragraph_format.keep_with_next = True

    size = table.font_size_pt
    out = _layout_table(doc, 1 + len(table.rows), _column_widths(table), borders=True)
    head = out.rows[0]
    _row_flag(head, "w:tblHeader")
    for cell, text in zip(head.cells, table.headers, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = _cell_paragraph(cell, _text(text), align=WD_ALIGN_PARAGRAPH.CENTER, size=size, bold=True)
        _tight(p, before=2, after=2)
    if table.align is not None and len(table.align) != n:
        raise ValueError("align must have one entry per column")
    if table.align and any(a not in _ALIGN for a in table.align):
        raise ValueError(f"align takes {', '.join(_ALIGN)}")
    fixed: list[WD_ALIGN_PARAGRAPH | None] = [_ALIGN[a] for a in table.align] if table.align else [None] * n
    for c, head in enumerate(table.headers):
        if fixed[c] is None and _text(head).strip().upper() in ("TT", "STT"):
            fixed[c] = WD_ALIGN_PARAGRAPH.CENTER
    last = len(table.rows) - 1
    for r, values in enumerate(table.rows):
        bold = True if table.total_row and r == last else None
        row = out.rows[r + 1]
        for c, cell in enumerate(row.cells):
            text, numeric = _cell_text(values[c] if c < len(values) else None)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            align = fixed[c]
            if align is None:  # LEFT is 0, so never `fixed[c] or …`
                align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            p = _cell_paragraph(cell, text, align=align, size=size, bold=bold)
            _tight(p, before=2, after=2)
    # a little space after the table before the next paragraph
    spacer = _para(doc)
    _tight(spacer)
    spacer.paragraph_format.line_spacing = Pt(6)


# --------------------------------------------------------------------------- parts


def _write_header(doc: Any, header: PartyDocHeader) -> None:
    left, right = Cm(7.4), TEXT_WIDTH - Cm(7.4)
    table = _layout_table(doc, 2, [left, right], borders=False)
    center = WD_ALIGN_PARAGRAPH.CENTER

    c = table.cell(0, 0)
    _cell_paragraph(c, _upper(header.superior_body), align=center, size=14)
    _cell_paragraph(c, _upper(header.issuing_body), align=center, size=14, bold=True)
    _cell_paragraph(c, "*", align=center, size=14)

    c = table.cell(0, 1)
    _cell_paragraph(c, "ĐẢNG CỘNG SẢN VIỆT NAM", align=center, size=15, bold=True, underline=True)

    number = _NUMBER_PREFIX.sub("", _text(header.number)).strip()
    _cell_paragraph(table.cell(1, 0), f"Số {number}".strip(), align=center, size=14)
    p = _cell_paragraph(
        table.cell(1, 1), vn_date_line(header.place, header.date), align=center, size=14, italic=True
    )
    p.paragraph_format.space_before = Pt(0)


def _write_title(doc: Any, doc_title: str, summary_line: str) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    p = _para(doc, _upper(doc_title), align=center, size=16, bold=True)
    _tight(p, before=18)
    p.paragraph_format.keep_with_next = True
    if summary_line:
        p = _para(doc, summary_line, align=center, size=14, bold=True)
        _tight(p)
        p.paragraph_format.keep_with_next = True
    p = _para(doc, "-----", align=center, size=14)
    _tight(p, after=12)


def _write_body(doc: Any, body: Sequence[str | Table | Item], depth: int) -> None:
    point = 0
    for block in body:
        if isinstance(block, Table):
            _write_table(doc, block)
        elif isinstance(block, Item):
            if depth >= 2:
                raise ValueError("points go two levels deep: 1. then a)")
            point += 1
            if depth == 0:
                label, style = f"{point}.", "PD Point"
            else:
                label, style = f"{_letter(point)})", "PD Subpoint"
            _para(doc, f"{label} {_text(block.title)}".rstrip(), style=style)
            _write_body(doc, block.body, depth + 1)
        elif isinstance(block, str):
            _para(doc, block, style="PD Body")
        else:
            raise TypeError(f"a body holds str, Table or Item, not {type(block).__name__}")


def _write_section(doc: Any, index: int, section: Section) -> None:
    _para(doc, f"{_roman(index)}- {_upper(section.title)}", style="PD Section")
    _write_body(doc, section.body, 0)


def _recipient_lines(recipients: Sequence[str]) -> list[str]:
    lines = []
    cleaned = [t for t in (_text(r).strip() for r in recipients) if t]
    for i, text in enumerate(cleaned):
        if not text.startswith(("-", "–", "+")):
            text = f"- {text}"
        if text[-1] not in ",.;:":
            text += "." if i == len(cleaned) - 1 else ","
        lines.append(text)
    return lines


def _write_closing(doc: Any, signature: Signature, recipients: Sequence[str]) -> None:
    # The signature never stands alone on a page: the last body paragraph goes with it.
    paragraphs = doc.paragraphs
    if paragraphs:
        paragraphs[-1].paragraph_format.keep_with_next = True
    spacer = _para(doc)
    _tight(spacer, after=6)
    spacer.paragraph_format.keep_with_next = True
    left, right = Cm(7.9), TEXT_WIDTH - Cm(7.9)
    table = _layout_table(doc, 1, [left, right], borders=False)

    c = table.cell(0, 0)
    p = _cell_paragraph(c, "Nơi nhận:", size=14, underline=True)
    for line in _recipient_lines(recipients):
        _cell_paragraph(c, line, size=12)

    c = table.cell(0, 1)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if signature.on_behalf:
        _cell_paragraph(c, _upper(signature.on_behalf), align=center, size=14, bold=True)
    if signature.post:
        _cell_paragraph(c, _upper(signature.post), align=center, size=14, bold=True)
    # room for the signature and the seal
    p = _cell_paragraph(c, align=center, size=14)
    p.paragraph_format.space_after = Pt(72)
    if signature.name:
        _cell_paragraph(c, signature.name, align=center, size=14, bold=True)
