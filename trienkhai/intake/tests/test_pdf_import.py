"""A ward's report written in Word and sent as the PDF LibreOffice makes of it: the
layout's hard line breaks, the running header and the page numbers do not reach the
reader, and the title is the report's own (issue 17.5)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from trienkhai.intake.selectors import report_findings
from trienkhai.intake.services import imported_report_create
from trienkhai.textmine.extract import extract

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]

PROPOSAL = (
    "Đảng ủy phường Cẩm Thủy đề nghị Thị ủy Bình Yên xem xét hỗ trợ kinh phí in tài liệu hỏi "
    "đáp về nghị quyết để phát cho các chi bộ ở khu dân cư trong năm tới."
)
BODY = [
    "I. KẾT QUẢ",
    "Ngay sau khi nhận được Kế hoạch số 08-KH/TU ngày 12/01/2024 của Thị ủy, Đảng ủy phường đã "
    "xây dựng kế hoạch và hướng dẫn các chi bộ trực thuộc tổ chức học tập cho toàn thể cán bộ, "
    "đảng viên.",
    "- Tổ chức 03 hội nghị quán triệt với 215 lượt đảng viên tham dự, đạt 96,4% tổng số đảng viên "
    "của Đảng bộ.",
    "- Chi bộ Tổ dân phố số 1 tổ chức sinh hoạt chuyên đề về nội dung nghị quyết tại nhà văn hóa tổ dân phố.",
    "Ban Tuyên giáo Đảng ủy phối hợp với Ủy ban Mặt trận Tổ quốc phường đưa tin trên hệ thống loa "
    "truyền thanh và lập nhóm Zalo để chuyển tài liệu đến từng hộ gia đình trên địa bàn.",
    "II. KIẾN NGHỊ",
    PROPOSAL,
    "Trên đây là báo cáo kết quả học tập, quán triệt nghị quyết của Đảng ủy phường Cẩm Thủy.",
]


def _page_number(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind in ("begin", None, "end"):
        if kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = "PAGE"
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _ward_report_pdf(tmp_path) -> bytes:
    docx = pytest.importorskip("docx")
    from docx.shared import Cm

    doc = docx.Document()
    section = doc.sections[0]
    # an 8 cm column: about 40 characters a line, so every sentence is cut by the layout
    section.page_width, section.page_height = Cm(12), Cm(17)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(1.8)
    section.header.paragraphs[0].text = "Đảng ủy phường Cẩm Thủy - Báo cáo quý I"
    footer = section.footer.paragraphs[0]
    footer.add_run("- ")
    _page_number(footer)
    footer.add_run(" -")
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    left.text = "ĐẢNG BỘ THỊ XÃ BÌNH YÊN\nĐẢNG ỦY PHƯỜNG CẨM THỦY\n*\nSố 12-BC/ĐU"
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM\nCẩm Thủy, ngày 5 tháng 3 năm 2024"
    for line in ["BÁO CÁO", "Kết quả học tập, quán triệt Nghị quyết số 45-NQ/TW", "của Bộ Chính trị", *BODY]:
        doc.add_paragraph(line)
    src = tmp_path / "bao-cao-quy-1.docx"
    doc.save(src)
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
    return (tmp_path / "bao-cao-quy-1.pdf").read_bytes()


def test_pdf_report_is_read_as_paragraphs_with_its_own_title(tmp_path, tree, personas):
    """GIVEN a two-page PDF whose narrow column breaks every sentence, with a running header
    and "- 1 -" page numbers, WHEN it is imported without a title THEN the title is the
    report's kind and subject, the proposal sentence is read whole by the command line's
    extractor and on the import screen, and no header or page number is left in the text."""
    data = _ward_report_pdf(tmp_path)
    report = imported_report_create(
        unit=tree.city, data=data, file_name="bao-cao-quy-1.pdf", acting_user=personas.own
    )
    assert report.title == "Báo cáo kết quả học tập, quán triệt Nghị quyết số 45-NQ/TW của Bộ Chính trị"
    lines = report.source_text.split("\n")
    assert PROPOSAL in lines and all(line in lines for line in BODY)
    assert "Báo cáo quý I" not in report.source_text and "- 1 -" not in lines

    assert [p["text"] for p in extract(report.source_text).proposals] == [PROPOSAL]
    f = report_findings(report=report, viewer=personas.own)
    [prop] = f.proposals
    assert prop["quote"] == PROPOSAL
    assert prop["fields"]["addressee"] == tree.city.pk and prop["fields"]["sender"] == tree.ward.pk
    assert prop["fields"]["content"] == (
        "Xem xét hỗ trợ kinh phí in tài liệu hỏi đáp về nghị quyết để phát cho các chi bộ ở khu "
        "dân cư trong năm tới."
    )
