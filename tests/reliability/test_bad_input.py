"""Issue 8 point 5: bad input never breaks a parser or importer.

Property-based (hypothesis): every parser and importer answers with a result or a clear
error (CodeError / FileError / ValidationError), never another exception. How long each
example takes is measured by bench/robustness.py, not asserted here (no wall-clock assertion
in a test: a loaded CI machine made them flaky). Hostile files (zip bombs, path traversal entries, XML entity expansion) are
refused before they cost memory (tracemalloc peak < 200 MB) with a clear message.
"""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trienkhai.core.excel import read_sheet
from trienkhai.core.files import check_upload
from trienkhai.orgs.importers import TEMPLATE_HEADERS, units_import
from trienkhai.rollout.choices import StepKind
from trienkhai.rollout.importers import columns, records_import
from trienkhai.textmine.codes import CodeError, find_codes, parse_code
from trienkhai.textmine.extract import extract
from trienkhai.textmine.files import FileError, read_text_bytes

PEAK = 200 * 1024 * 1024
PROPS = settings(
    max_examples=500,
    deadline=None,  # timings: bench/robustness.py
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FEW = settings(PROPS, max_examples=150)

VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐKHNQTUBCT"
PIECES = st.sampled_from(
    [
        "Số: ",
        "-KH/TU",
        "-NQ/TW",
        "/QĐ-UBND",
        "ngày ",
        " tháng ",
        " năm ",
        "2023",
        "12/5/2024",
        "31/02/2023",
        "%",
        ",5%",
        " phần trăm",
        "đạt ",
        "100",
        "0091- KH/TU",
        "Kế hoạch số ",
        "Nghị quyết ",
        "/",
        "-",
        ".",
        " ",
        "\n",
        "\u00a0",
        "\u200b",
        "đ/c ",
        "Chỉ thị số 05-CT/TW",
        "quý I/2024",
        "9999999999999999999",
        "năm 0",
    ]
)
TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(alphabet=VI + "0123456789 /-.,%:", max_size=12)), max_size=60).map(
        "".join
    ),
)


def peak_of(fn, *args) -> tuple[object, int]:
    """(what ``fn`` returned or raised, tracemalloc peak in bytes)."""
    tracemalloc.start()
    try:
        try:
            out = fn(*args)
        except Exception as exc:  # noqa: BLE001 — returned for the caller's asserts
            out = exc
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- text parsers ---------------------------------------------------------------------------------


@PROPS
@given(TEXT)
@example("Số: 0091- KH/TU")
@example("9" * 5000)
def test_parse_code_answers_or_refuses(text):
    try:
        code = parse_code(text)
    except CodeError as exc:
        assert str(exc)
    else:
        assert code.code and code.key
    for match in find_codes(text):
        assert 0 <= match.full_span[0] <= match.full_span[1] <= len(text) + 10


@PROPS
@given(TEXT)
@example("ngày 31 tháng 02 năm 2023 đạt 105,5% và 99999999999999999999%")
def test_extract_dates_and_percents(text):
    ex = extract(text)
    for d in ex.dates:
        dt.date.fromisoformat(d["date"]) if len(d["date"]) == 10 else None
        assert 0 <= d["span"][0] <= d["span"][1] <= len(ex.text)
    for p in ex.percents:
        assert isinstance(p, dict)
    ex.to_dict()


NAMES = st.sampled_from(
    ["r.txt", "r.docx", "r.pdf", "r.html", "r.htm", "r.doc", "r", "r.TXT", "r.xlsx", "r.xhtml"]
)


def docx_bytes(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>'
BYTES = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda b: b"%PDF-1.4\n" + b, st.binary(max_size=2000)),
    st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=2000)),
    st.builds(
        lambda t: docx_bytes(
            W % f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>".encode("utf-8", "surrogatepass")
            if "\x00" not in t
            else b"<x"
        ),
        st.text(alphabet=VI + "<>&;\"' ", max_size=200),
    ),
    st.builds(docx_bytes, st.binary(max_size=500)),
    st.builds(
        lambda t: ("<html><body><p>" + t + "</p></body></html>").encode("utf-8", "replace"),
        st.text(max_size=300),
    ),
    st.builds(lambda t: t.encode("utf-16"), st.text(max_size=300)),
)


@PROPS
@given(BYTES, NAMES)
def test_read_text_bytes_answers_or_refuses(data, name):
    try:
        text = read_text_bytes(data, name)
    except FileError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str)


@FEW
@given(
    st.lists(st.text(alphabet=VI + "0123456789 ,.;:!?()%/-", max_size=60), max_size=8),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_a_plain_text_file_reads_back_as_written(lines, encoding):
    """A .txt file's text comes back as it was written (in UTF-8, with a BOM or UTF-16)."""
    text = "\n".join(lines)
    assert read_text_bytes(text.encode(encoding), "r.txt") == text


# --- Excel importers ---------------------------------------------------------------------------

CELL = st.one_of(
    st.none(),
    st.text(max_size=40).filter(lambda s: all(ord(c) >= 32 or c in "\t\n\r" for c in s)),
    st.sampled_from(
        [
            "Đảng ủy xã",
            "Chi bộ",
            "T-CITY",
            "T-WARD",
            "=1+1",
            "@SUM(A1)",
            "-5",
            "1.234",
            "01/06/2022",
            "31/02/2022",
            "Zalo",
            "Zalo, Facebook",
            "trực tuyến",
            "Zoom",
        ]
    ),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)


def xlsx(headers: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rolled_back(fn):
    """Run one import in a savepoint that is rolled back, so examples do not see each other."""
    with transaction.atomic():
        try:
            return fn()
        finally:
            transaction.set_rollback(True)


@FEW
@given(
    rows=st.lists(st.lists(CELL, min_size=0, max_size=7), min_size=0, max_size=8),
    headers=st.one_of(st.just(TEMPLATE_HEADERS), st.lists(CELL, max_size=6)),
)
def test_units_import_answers_or_refuses(tree, personas, rows, headers):
    try:
        data = xlsx(headers, rows)
    except Exception:  # openpyxl itself cannot write some values (e.g. illegal characters)
        return
    try:
        result = rolled_back(
            lambda: units_import(
                upload=io.BytesIO(data), filename="u.xlsx", root=tree.city, acting_user=personas.own
            )
        )
    except ValidationError as exc:
        assert exc.messages
    else:
        assert result.created


@pytest.fixture
def step(tree):
    from .conftest import build_campaign

    return build_campaign(tree).steps


@FEW
@given(
    rows=st.lists(st.lists(CELL, min_size=0, max_size=12), min_size=0, max_size=8),
    kind=st.sampled_from([StepKind.PLAN, StepKind.CONFERENCE, StepKind.DISSEMINATION]),
    ids=st.booleans(),
)
def test_records_import_answers_or_refuses(step, personas, rows, kind, ids):
    s = step[kind]
    headers = [label for _k, label in columns(kind)]
    if ids:  # real unit ids in the first column, so rows get past the lookup
        from trienkhai.rollout.services import units_in_scope

        pks = list(units_in_scope(rollout=s.rollout, step=s).values_list("pk", flat=True))
        rows = [[pks[i % len(pks)], *r[1:]] if r else r for i, r in enumerate(rows)]
    try:
        data = xlsx(headers, rows)
    except Exception:
        return
    try:
        n = rolled_back(
            lambda: records_import(
                step=s, upload=io.BytesIO(data), filename="r.xlsx", acting_user=personas.own
            )
        )
    except ValidationError as exc:
        assert exc.messages
    else:
        assert n >= 0


# Not "=1+1": openpyxl writes a formula without its value, which a sheet then reads as empty.
WORDS = st.sampled_from(["Chi bộ", "Đảng ủy xã", "Phổ Yên", "T-CITY", "01/06/2022", "ngày", "Tổ 3"])


@FEW
@given(
    headers=st.lists(WORDS, min_size=1, max_size=5),
    rows=st.lists(st.lists(st.none() | WORDS | st.integers(-(10**6), 10**6), max_size=6), max_size=8),
)
def test_a_sheet_reads_back_as_written(headers, rows):
    """Every non-blank row comes back with its row number on the sheet and its cells, padded with
    empty cells to the widest row; blank rows are skipped."""
    data = xlsx(headers, rows)
    width = max([len(headers), *map(len, rows)])
    expected = [
        (number, [*row, *[None] * (width - len(row))])
        for number, row in enumerate(rows, start=2)
        if any(v is not None for v in row)
    ]
    got_headers, got_rows = read_sheet(io.BytesIO(data), "x.xlsx")
    assert got_headers == [*headers, *[""] * (width - len(headers))]
    assert got_rows == expected


@FEW
@given(st.binary(max_size=3000))
def test_read_sheet_on_garbage(data):
    for blob in (data, b"PK\x03\x04" + data):
        try:
            read_sheet(io.BytesIO(blob), "x.xlsx")
        except ValidationError as exc:
            assert exc.messages


# --- hostile files ----------------------------------------------------------------------------------

GIB = 1024**3


def bomb(required: str, size: int = GIB) -> bytes:
    """A small zip whose ``required`` part unpacks to ``size`` bytes of zeros."""
    buf = io.BytesIO()
    chunk = b"\x00" * (8 * 1024 * 1024)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        info = zipfile.ZipInfo(required)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bombs():
    return {"xlsx": bomb("xl/workbook.xml"), "docx": bomb("word/document.xml")}


def test_zip_bombs_are_refused_cheaply(bombs):
    assert len(bombs["xlsx"]) < 5 * 1024 * 1024  # a few MB on the wire, 1 GiB unpacked
    out, peak = peak_of(read_sheet, io.BytesIO(bombs["xlsx"]), "bomb.xlsx")
    assert isinstance(out, ValidationError) and "giải nén ra quá lớn" in out.messages[0]
    assert peak < PEAK, peak
    out, peak = peak_of(check_upload, io.BytesIO(bombs["docx"]), "bomb.docx", (".docx",))
    assert isinstance(out, ValidationError) and "giải nén ra quá lớn" in out.messages[0]
    assert peak < PEAK, peak
    out, peak = peak_of(read_text_bytes, bombs["docx"], "bomb.docx")
    assert isinstance(out, FileError) and "quá lớn" in str(out)
    assert peak < PEAK, peak


def test_lying_zip_header_is_bounded():
    """A part whose header claims 10 bytes but whose data unpacks to 100 MB: readers stop early."""
    big = b"<w:t>" + b"a" * (100 * 1024 * 1024)
    data = docx_bytes(W % b"<w:p/>", {"word/header1.xml": big})
    # Patch the sizes in the central directory and local header of header1.xml to 10 bytes.
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo("word/header1.xml")
    raw = bytearray(data)
    size = info.file_size.to_bytes(4, "little")
    raw = bytes(raw).replace(size, (10).to_bytes(4, "little"))
    out, peak = peak_of(read_text_bytes, raw, "liar.docx")
    assert isinstance(out, (str, FileError)), out
    assert peak < PEAK


def test_path_traversal_entries_are_refused(tmp_path):
    for name in ("../../evil.txt", "/etc/evil.txt", "xl/../../evil.txt"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("xl/workbook.xml", "<workbook/>")
            zf.writestr("word/document.xml", W % b"")
            zf.writestr(name, "pwned")
        for ext in (".xlsx", ".docx"):
            with pytest.raises(ValidationError, match="đường dẫn không hợp lệ"):
                check_upload(io.BytesIO(buf.getvalue()), "x" + ext, (ext,))
        # The Word reader only reads named parts and never writes: text or a clear error.
        out = read_text_bytes(buf.getvalue(), "x.docx")
        assert isinstance(out, str)
    assert not (tmp_path.parent / "evil.txt").exists()


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lollollollollollollollollollol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def test_billion_laughs_in_docx_is_refused():
    doc = LAUGHS + (W % b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>")
    out, peak = peak_of(read_text_bytes, docx_bytes(doc), "laughs.docx")
    assert isinstance(out, FileError) and "DTD" in str(out), out
    assert peak < PEAK


def test_billion_laughs_in_xlsx_is_refused():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Tên đơn vị", "x"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = LAUGHS + body.replace(
                    b"</sheetData>",
                    b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>',
                    1,
                )
            dst.writestr(info, data)
    result, peak = peak_of(read_sheet, io.BytesIO(out.getvalue()), "laughs.xlsx")
    assert isinstance(result, ValidationError), result
    assert peak < PEAK


def test_pdf_flate_bomb_is_bounded():
    import zlib

    stream = zlib.compress(b" " * (512 * 1024 * 1024), 9)
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length "
        + str(len(stream)).encode()
        + b"/Filter/FlateDecode>>stream\n"
        + stream
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    )
    out, peak = peak_of(read_text_bytes, pdf, "bomb.pdf")
    assert isinstance(out, FileError), out
    assert peak < PEAK, peak
