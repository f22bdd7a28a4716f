import io
import zipfile

import pytest

from trienkhai.textmine import files as F
from trienkhai.textmine.files import FileError, read_text_file

DOC_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    "{paras}</w:body></w:document>"
)


def make_docx(path, paras, extra=None, document_xml=None):
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paras)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document_xml or DOC_XML.format(paras=body))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def test_txt_utf8_bom_utf16(tmp_path):
    text = "Kế hoạch số 12-KH/HU, đồng chí Lê Văn An."
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "d.txt").write_bytes(text.encode("utf-16-le"))
    for name in "abcd":
        assert read_text_file(tmp_path / f"{name}.txt") == text


def test_txt_bad_encoding(tmp_path):
    (tmp_path / "x.txt").write_bytes("Đảng bộ".encode("cp1258", errors="replace") + b"\xff\xfe\xfa")
    with pytest.raises(FileError, match="UTF-8"):
        read_text_file(tmp_path / "x.txt")


def test_docx(tmp_path):
    p = make_docx(tmp_path / "r.docx", ["Báo cáo tháng 5", "Đồng chí Trần Văn Nam phát biểu."])
    assert read_text_file(p) == "Báo cáo tháng 5\nĐồng chí Trần Văn Nam phát biểu."


def test_fake_docx(tmp_path):
    p = tmp_path / "fake.docx"
    p.write_bytes(b"this is plain text pretending to be Word")
    with pytest.raises(FileError, match="không phải tệp Word"):
        read_text_file(p)
    p.write_bytes(b"PK\x03\x04 broken zip")
    with pytest.raises(FileError):
        read_text_file(p)


def test_docx_zip_bomb(tmp_path):
    p = tmp_path / "bomb.docx"
    huge = b"<a>" + b"A" * (60 * 1024 * 1024) + b"</a>"  # compresses to well under 1 MB
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", huge)
    assert p.stat().st_size < 1024 * 1024
    with pytest.raises(FileError, match="từ chối"):
        read_text_file(p)


def test_docx_ratio_bomb(tmp_path, monkeypatch):
    p = tmp_path / "ratio.docx"
    body = "<w:p><w:r><w:t>" + "a" * (3 * 1024 * 1024) + "</w:t></w:r></w:p>"
    make_docx(p, [], document_xml=DOC_XML.format(paras=body))
    with pytest.raises(FileError, match="tỉ lệ nén"):
        read_text_file(p)


def test_docx_dtd_refused(tmp_path):
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "boom">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&e;</w:document>'
    )
    p = make_docx(tmp_path / "dtd.docx", [], document_xml=xml)
    with pytest.raises(FileError, match="DTD"):
        read_text_file(p)


def test_html(tmp_path):
    html = (
        "<html><head><title>t</title><style>p{}</style><script>var x='Nguyễn Văn Giả';</script></head>"
        "<body><nav>Trang chủ | Tin tức</nav><p>Ngày 5/6/2021, đồng chí Lê Văn An phát biểu.</p>"
        "<div>Dòng hai &amp; ba</div></body></html>"
    )
    p = tmp_path / "a.html"
    p.write_text(html, encoding="utf-8")
    text = read_text_file(p)
    assert "Lê Văn An" in text and "Dòng hai & ba" in text
    assert "Giả" not in text and "Trang chủ" not in text


def test_oversized(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 2048)
    monkeypatch.setattr(F, "MAX_FILE_BYTES", 1024)
    with pytest.raises(FileError, match="quá lớn"):
        read_text_file(p)


def test_unknown_and_missing(tmp_path):
    with pytest.raises(FileError, match="Không tìm thấy"):
        read_text_file(tmp_path / "none.txt")
    (tmp_path / "a.xyz").write_text("x")
    with pytest.raises(FileError, match="Không đọc được loại tệp"):
        read_text_file(tmp_path / "a.xyz")
    (tmp_path / "pdf.txt").write_bytes(b"%PDF-1.4 whatever")
    with pytest.raises(FileError, match="không phải văn bản thuần"):
        read_text_file(tmp_path / "pdf.txt")


def test_pdf_disguised(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(b"not a pdf at all")
    with pytest.raises(FileError, match="không phải tệp PDF"):
        read_text_file(p)


def test_pdf_corrupt(tmp_path):
    pytest.importorskip("pypdf")
    p = tmp_path / "c.pdf"
    p.write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF")
    with pytest.raises(FileError):
        read_text_file(p)


def _blank_pdf(encrypt=False):
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter()
    w.add_blank_page(width=200, height=200)
    if encrypt:
        w.encrypt(user_password="mat-khau", owner_password="chu")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_pdf_without_text_layer(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(_blank_pdf())
    with pytest.raises(FileError, match="không có lớp văn bản"):
        read_text_file(p)


def test_pdf_encrypted(tmp_path):
    p = tmp_path / "locked.pdf"
    p.write_bytes(_blank_pdf(encrypt=True))
    with pytest.raises(FileError, match="mật khẩu"):
        read_text_file(p)


def _text_pdf(text: str) -> bytes:
    # a minimal one-page PDF with a Helvetica text object (ASCII only)
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_pdf_with_text(tmp_path):
    pytest.importorskip("pypdf")
    p = tmp_path / "t.pdf"
    p.write_bytes(_text_pdf("Ke hoach so 12-KH/HU ngay 5/6/2021"))
    text = read_text_file(p)
    assert "12-KH/HU" in text


def test_pdf_without_pypdf(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *a, **kw):
        if name == "pypdf":
            raise ImportError("no pypdf")
        return real_import(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    p = tmp_path / "t.pdf"
    p.write_bytes(b"%PDF-1.4\n%%EOF")
    with pytest.raises(FileError, match="pypdf"):
        read_text_file(p)


# ------------------------------------------------------------------ reflow of PDF pages
# Three pages as a PDF's text layer gives them: a running header of two lines, page
# numbers written three ways, lines wrapped by the layout, a sentence cut by a page end.
PAGES = [
    "Đảng ủy xã Tân Phú\n"
    "Báo cáo sơ kết 6 tháng đầu năm\n"
    "BÁO CÁO\n"
    "Tình hình thực hiện nhiệm vụ 6 tháng đầu năm\n"
    "1. Kết quả đạt được\n"
    "Trong 6 tháng đầu năm, Ban Thường vụ Đảng ủy đã chỉ đạo các chi \n"
    "bộ tổ chức sinh hoạt chuyên đề về chuyển đổi số và xây dựng nông \n"
    "thôn mới kiểu mẫu, gắn với việc học tập Nghị quyết số 45-NQ/TW của \n"
    "Bộ Chính trị. Các đồng chí trong Ban Chấp hành được phân công theo \n"
    "dõi từng chi bộ, trực tiếp dự sinh hoạt ít nhất một lần mỗi quý tại \n"
    "- 1 -",
    "Đảng ủy xã Tân Phú\n"
    "Báo cáo sơ kết 6 tháng đầu năm\n"
    "nhà văn hóa các thôn.\n"
    "- Mở 02 lớp bồi dưỡng cho 64 đảng viên mới tại hội trường Ủy ban \n"
    "nhân dân xã.\n"
    "- Hưởng ứng phong trào phòng chống Covid-\n"
    "19 và dịch bệnh vật nuôi theo Hướng dẫn số 12-HD/\n"
    "BTGHU của huyện.\n"
    "\n"
    "2. Khó khăn, vướng mắc\n"
    "Một số chi bộ chưa bố trí được địa điểm sinh hoạt ổn định.\n"
    "Trang 2/3",
    "Đảng ủy xã Tân Phú\n"
    "Báo cáo sơ kết 6 tháng đầu năm\n"
    "II. KIẾN NGHỊ\n"
    "Đảng ủy đề nghị Huyện ủy hỗ trợ kinh phí sửa chữa nhà văn hóa ở khu \n"
    "dân cư số 4 và xóm Đồng để các chi bộ có nơi sinh hoạt.\n"
    "3",
]


def test_reflow_drops_running_headers_footers_and_page_numbers():
    text = F.reflow_pages(PAGES)
    assert "Đảng ủy xã Tân Phú" not in text and "Báo cáo sơ kết" not in text
    lines = text.split("\n")
    assert not {"- 1 -", "Trang 2/3", "3"} & set(lines)
    assert lines[0] == "BÁO CÁO"


def test_reflow_rejoins_sentences_cut_across_lines_and_pages():
    lines = F.reflow_pages(PAGES).split("\n")
    # lower-case continuations, a capital after "của", a sentence running onto page 2
    assert (
        "Trong 6 tháng đầu năm, Ban Thường vụ Đảng ủy đã chỉ đạo các chi bộ tổ chức sinh hoạt "
        "chuyên đề về chuyển đổi số và xây dựng nông thôn mới kiểu mẫu, gắn với việc học tập "
        "Nghị quyết số 45-NQ/TW của Bộ Chính trị. Các đồng chí trong Ban Chấp hành được phân "
        "công theo dõi từng chi bộ, trực tiếp dự sinh hoạt ít nhất một lần mỗi quý tại nhà văn "
        "hóa các thôn."
    ) in lines
    assert "- Mở 02 lớp bồi dưỡng cho 64 đảng viên mới tại hội trường Ủy ban nhân dân xã." in lines
    assert (
        "Đảng ủy đề nghị Huyện ủy hỗ trợ kinh phí sửa chữa nhà văn hóa ở khu dân cư số 4 và xóm "
        "Đồng để các chi bộ có nơi sinh hoạt."
    ) in lines


def test_reflow_glues_words_broken_after_a_hyphen():
    text = F.reflow_pages(PAGES)
    assert "phòng chống Covid-19 và dịch bệnh vật nuôi theo Hướng dẫn số 12-HD/BTGHU của huyện." in text
    assert F.reflow_pages(["Tài liệu về chuyển đổi số được phát hành trên in\u00ad\nternet."]) == (
        "Tài liệu về chuyển đổi số được phát hành trên internet."
    )


def test_reflow_keeps_paragraph_breaks():
    lines = F.reflow_pages(PAGES).split("\n")
    # a heading in capitals, its subject line, numbered headings and bullets stay apart
    assert lines[:3] == ["BÁO CÁO", "Tình hình thực hiện nhiệm vụ 6 tháng đầu năm", "1. Kết quả đạt được"]
    assert lines[lines.index("II. KIẾN NGHỊ") + 1].startswith("Đảng ủy đề nghị")
    bullets = [ln for ln in lines if ln.startswith("- ")]
    assert len(bullets) == 2
    # the blank line before "2." is kept as one blank line; a short line ending a
    # paragraph does not swallow the next one
    i = lines.index("2. Khó khăn, vướng mắc")
    assert lines[i - 1] == "" and lines[i + 1].startswith("Một số chi bộ")


def test_reflow_one_page_keeps_lines_that_only_look_repeated():
    # a single page has no running header: its first line is text
    assert F.reflow_pages(["Đảng ủy xã Tân Phú\n1. Kết quả"]) == "Đảng ủy xã Tân Phú\n1. Kết quả"
    assert F.reflow_pages([]) == "" and F.reflow_pages(["", "  \n"]) == ""


def _lines_pdf(pages: list[list[str]]) -> bytes:
    # a minimal PDF, one text line per T* step (ASCII only: the base-14 Helvetica);
    # objects: 1 catalog, 2 page tree, 3 font, then a page and its content per page
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, lines in enumerate(pages):
        stream = (
            "BT /F1 10 Tf 14 TL 20 380 Td " + " ".join(f"({ln}) Tj T*" for ln in lines) + " ET"
        ).encode()
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_pdf_text_is_reflowed(tmp_path):
    pytest.importorskip("pypdf")
    p = tmp_path / "two-pages.pdf"
    header = "Dang uy xa Tan Phu - bao cao quy I"
    p.write_bytes(
        _lines_pdf(
            [
                [
                    header,
                    "Thuc hien Ke hoach so 08-KH/HU, cac chi",
                    "bo da to chuc hoc tap cho dang",
                    "- 1 -",
                ],
                [header, "vien va quan chung tai nha van hoa.", "- 2 -"],
            ]
        )
    )
    text = read_text_file(p)
    assert text == (
        "Thuc hien Ke hoach so 08-KH/HU, cac chi bo da to chuc hoc tap cho dang vien va quan chung "
        "tai nha van hoa."
    )
