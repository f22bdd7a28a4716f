import datetime as dt
import io
import shutil
import subprocess
import unicodedata
import zipfile
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from trienkhai.core.partydoc import (
    Item,
    PartyDocHeader,
    Section,
    Signature,
    Table,
    build_party_report,
    format_number,
    vn_date_line,
)

HEADER = PartyDocHeader(
    superior_body="Đảng bộ tỉnh Thái Nguyên",
    issuing_body="THÀNH ỦY PHỔ YÊN",
    number="127-BC/TU",
    place="Phổ Yên",
    date=dt.date(2023, 2, 9),
)

COVERAGE = Table(
    caption="Bảng 1. Kết quả quán triệt theo đơn vị",
    headers=["TT", "Đơn vị", "Số đảng viên", "Đã học tập", "Tỷ lệ (%)"],
    rows=[
        [1, "Đảng bộ phường Ba Hàng", 412, 398, Decimal("96.6")],
        [2, "Đảng bộ xã Tân Hương", 1250, 1187, 94.96],
        [3, "Chi bộ Trường THPT Phổ Yên", 38, 38, "100%"],
        ["", "Tổng cộng", 1700, 1623, "95,47%"],
    ],
    total_row=True,
)


def sample_report(**overrides) -> bytes:
    kwargs = dict(
        header=HEADER,
        doc_title="Báo cáo",
        summary_line="về kết quả học tập, quán triệt Nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XIII",
        sections=[
            Section(
                "Tình hình triển khai",
                [
                    "Thực hiện Kế hoạch số 0091-KH/TU ngày 05/01/2023 của Ban Thường vụ Thành ủy, "
                    "các tổ chức cơ sở đảng đã tổ chức học tập, quán triệt nghị quyết cho cán bộ, đảng viên.",
                    Item(
                        "Công tác lãnh đạo, chỉ đạo",
                        [
                            "Ban Thường vụ Thành ủy ban hành kế hoạch, hướng dẫn các cấp ủy trực thuộc.",
                            Item("Ưu điểm", ["Việc tổ chức nghiêm túc, đúng thời gian quy định."]),
                            Item("Hạn chế", ["Một số chi bộ tổ chức chậm so với kế hoạch."]),
                        ],
                    ),
                    Item("Kết quả học tập", ["Kết quả cụ thể như sau:", COVERAGE]),
                ],
            ),
            Section(
                "Phương hướng, nhiệm vụ thời gian tới",
                ["Tiếp tục chỉ đạo tổ chức học tập bổ sung cho đảng viên vắng mặt."],
            ),
        ],
        signature=Signature(name="Nguyễn Văn A"),
        recipients=[
            "Ban Thường vụ Tỉnh ủy (b/c)",
            "Các đảng bộ, chi bộ trực thuộc",
            "Lưu Văn phòng Thành ủy",
        ],
    )
    kwargs.update(overrides)
    return build_party_report(**kwargs)


def all_table_texts(doc) -> list[str]:
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


@pytest.fixture(scope="module")
def data() -> bytes:
    return sample_report()


@pytest.fixture(scope="module")
def doc(data):
    return Document(io.BytesIO(data))


def test_vn_date_line_pads_days_and_early_months():
    assert vn_date_line("Phổ Yên", dt.date(2023, 2, 9)) == "Phổ Yên, ngày 09 tháng 02 năm 2023"
    assert vn_date_line("Phổ Yên", dt.date(2023, 1, 20)) == "Phổ Yên, ngày 20 tháng 01 năm 2023"
    assert vn_date_line("Hà Nội", dt.date(2018, 4, 3)) == "Hà Nội, ngày 03 tháng 4 năm 2018"
    assert vn_date_line("Hà Nội", dt.date(2018, 12, 31)) == "Hà Nội, ngày 31 tháng 12 năm 2018"


def test_format_number_is_vietnamese():
    assert format_number(1234567) == "1.234.567"
    assert format_number(94.96) == "94,96"
    assert format_number(Decimal("96.60")) == "96,6"
    assert format_number(12345.0) == "12.345"


def test_header_table(doc):
    header = doc.tables[0]
    left = header.cell(0, 0).text.split("\n")
    right = header.cell(0, 1).text
    assert left == ["ĐẢNG BỘ TỈNH THÁI NGUYÊN", "THÀNH ỦY PHỔ YÊN", "*"]
    assert right == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert header.cell(1, 0).text == "Số 127-BC/TU"
    assert header.cell(1, 1).text == "Phổ Yên, ngày 09 tháng 02 năm 2023"

    party = header.cell(0, 1).paragraphs[0].runs[0]
    assert party.bold and party.underline and party.font.size.pt == 15
    issuing = header.cell(0, 0).paragraphs[1].runs[0]
    assert issuing.bold and issuing.font.size.pt == 14
    assert not header.cell(0, 0).paragraphs[0].runs[0].bold
    date_run = header.cell(1, 1).paragraphs[0].runs[0]
    assert date_run.italic and date_run.font.size.pt == 14
    # borderless
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}


def test_number_never_gets_a_colon():
    data = sample_report(
        header=PartyDocHeader("ĐẢNG BỘ TỈNH", "THÀNH ỦY", "Số: 5-KH/TU", "Phổ Yên", HEADER.date)
    )
    assert Document(io.BytesIO(data)).tables[0].cell(1, 0).text == "Số 5-KH/TU"


def test_title_summary_and_sections(doc):
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("BÁO CÁO")
    title = doc.paragraphs[i]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold and title.runs[0].font.size.pt == 16
    assert texts[i + 1].startswith("về kết quả học tập")
    assert doc.paragraphs[i + 1].runs[0].bold
    assert texts[i + 2] == "-----"
    assert "I- TÌNH HÌNH TRIỂN KHAI" in texts
    assert "II- PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in texts
    assert "1. Công tác lãnh đạo, chỉ đạo" in texts
    assert "a) Ưu điểm" in texts and "b) Hạn chế" in texts
    assert "2. Kết quả học tập" in texts
    body = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert body.style.name == "PD Body"
    fmt = body.style.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 9 <= fmt.first_line_indent.mm <= 11
    assert fmt.space_after.pt >= 6
    assert 1.15 <= fmt.line_spacing <= 1.5
    assert doc.paragraphs[texts.index("I- TÌNH HÌNH TRIỂN KHAI")].style.font.bold


def test_data_table(doc):
    table = doc.tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["TT", "Đơn vị", "Số đảng viên", "Đã học tập", "Tỷ lệ (%)"]
    assert rows[1] == ["1", "Đảng bộ phường Ba Hàng", "412", "398", "96,6"]
    assert rows[2] == ["2", "Đảng bộ xã Tân Hương", "1.250", "1.187", "94,96"]
    assert rows[4] == ["", "Tổng cộng", "1.700", "1.623", "95,47%"]
    # header row bold and repeated on each page
    assert all(c.paragraphs[0].runs[0].bold for c in table.rows[0].cells)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # numbers right, names left
    assert table.cell(2, 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.cell(3, 4).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.cell(2, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert table.cell(2, 0).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER  # "TT"
    # the total row is bold
    assert table.cell(4, 1).paragraphs[0].runs[0].bold


def test_signature_and_recipients(doc):
    closing = doc.tables[-1]
    left = [p.text for p in closing.cell(0, 0).paragraphs]
    right = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert left == [
        "Nơi nhận:",
        "- Ban Thường vụ Tỉnh ủy (b/c),",
        "- Các đảng bộ, chi bộ trực thuộc,",
        "- Lưu Văn phòng Thành ủy.",
    ]
    heading = closing.cell(0, 0).paragraphs[0].runs[0]
    assert heading.underline and not heading.bold and not heading.italic and heading.font.size.pt == 14
    assert closing.cell(0, 0).paragraphs[1].runs[0].font.size.pt == 12
    assert right == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"]
    assert closing.cell(0, 1).paragraphs[-1].runs[0].bold


def test_page_fonts_and_page_numbers(doc):
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attr)) == "Times New Roman"
    assert normal.font.size.pt == 14
    # page numbers from page 2: an empty first-page header, a PAGE field in the others
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    instr = "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert instr.strip() == "PAGE"
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_text_is_plain_and_nfc():
    decomposed = unicodedata.normalize("NFD", "Đảng bộ phường Ba Hàng")
    hostile = '<w:b/>&amp; {PAGE} \x07 "quoted"'
    data = sample_report(
        sections=[Section(decomposed, [hostile, Table(headers=["A"], rows=[[hostile]])])],
    )
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert unicodedata.normalize("NFC", "I- ĐẢNG BỘ PHƯỜNG BA HÀNG") in texts
    assert '<w:b/>&amp; {PAGE}  "quoted"' in texts
    assert doc.tables[1].cell(1, 0).text == '<w:b/>&amp; {PAGE}  "quoted"'
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml == unicodedata.normalize("NFC", xml)
    assert "&lt;w:b/&gt;&amp;amp;" in xml


def test_explicit_column_alignment():
    table = Table(headers=["Nội dung", "Số"], rows=[["Hội nghị", 12]], align=["center", "left"])
    data = sample_report(sections=[Section("X", [table])])
    out = Document(io.BytesIO(data)).tables[1]
    assert out.cell(1, 0).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert out.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_rejects_bad_shapes():
    with pytest.raises(ValueError):
        sample_report(sections=[Section("X", [Table(headers=["A"], rows=[["1", "2"]])])])
    with pytest.raises(ValueError):
        sample_report(sections=[Section("X", [Item("1", [Item("a", [Item("deep")])])])])
    with pytest.raises(ValueError):
        sample_report(sections=[Section("X", [Table(headers=["A"], rows=[], align=["middle"])])])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_renders_to_pdf_with_libreoffice(tmp_path, data):
    from pypdf import PdfReader

    src = tmp_path / "bao-cao.docx"
    src.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    reader = PdfReader(tmp_path / "bao-cao.pdf")
    first = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "Số 127-BC/TU" in first
    assert "ngày 09 tháng 02 năm 2023" in first
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)


@pytest.mark.django_db
def test_header_lines_for_each_level_of_the_tree(tree):
    from trienkhai.core.partydoc import party_body, place_of, superior_line

    assert superior_line(tree.cell) == "Đảng bộ phường Cẩm Thủy"
    assert superior_line(tree.ward) == "Đảng bộ thị xã Bình Yên"
    assert superior_line(tree.city) == "Đảng bộ tỉnh An Hòa"
    assert superior_line(tree.root) == ""
    assert party_body("Quận ủy Ba Đình") == "Đảng bộ quận Ba Đình"
    assert party_body("Huyện ủy Phú Bình") == "Đảng bộ huyện Phú Bình"
    assert party_body("Ban Tuyên giáo Tỉnh ủy") == "Ban Tuyên giáo Tỉnh ủy"
    assert [place_of(u) for u in (tree.cell, tree.ward, tree.city, tree.prov)] == [
        "Cẩm Thủy",
        "Cẩm Thủy",
        "Bình Yên",
        "An Hòa",
    ]
