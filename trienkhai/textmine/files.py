"""Read the text of an uploaded report: .txt, .docx, .html/.htm, .pdf.

Pure standard library except for PDF, which uses :mod:`pypdf` when it is
installed. Every refusal raises :class:`FileError` with a Vietnamese message
that can be shown to the user as is.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

__all__ = ["FileError", "MAX_FILE_BYTES", "read_text_file", "read_text_bytes", "reflow_pages"]

MAX_FILE_BYTES = 20 * 1024 * 1024  # the file as uploaded
MAX_ENTRY_BYTES = 50 * 1024 * 1024  # one member of a .docx, uncompressed
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # all members read from one .docx
MAX_RATIO = 100  # uncompressed / compressed for one member
MAX_PDF_PAGES = 2000


class FileError(ValueError):
    """The file cannot be read (message in Vietnamese)."""


def read_text_file(path: str | Path) -> str:
    """The text of a .txt, .docx, .html/.htm or .pdf file."""
    p = Path(path)
    if not p.exists():
        raise FileError(f"Không tìm thấy tệp “{p.name}”.")
    if not p.is_file():
        raise FileError(f"“{p.name}” không phải là một tệp.")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FileError(f"Tệp “{p.name}” quá lớn ({size / 1048576:.1f} MB); giới hạn là 20 MB.")
    with p.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    return read_text_bytes(data, p.name)


def read_text_bytes(data: bytes, filename: str) -> str:
    """Like :func:`read_text_file` for bytes already in memory."""
    if len(data) > MAX_FILE_BYTES:
        raise FileError(f"Tệp “{filename}” quá lớn; giới hạn là 20 MB.")
    ext = Path(filename).suffix.lower()
    if ext in (".txt", ".text", ""):
        return _read_txt(data, filename)
    if ext == ".docx":
        return _read_docx(data, filename)
    if ext in (".html", ".htm", ".xhtml"):
        return _read_html(data, filename)
    if ext == ".pdf":
        return _read_pdf(data, filename)
    if ext == ".doc":
        raise FileError(f"Tệp “{filename}” là định dạng Word cũ (.doc); hãy lưu lại dưới dạng .docx.")
    raise FileError(f"Không đọc được loại tệp “{ext}” ({filename}); hãy dùng .txt, .docx, .html hoặc .pdf.")


# ------------------------------------------------------------------ txt
def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    return head.startswith(
        (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
    )


def _read_txt(data: bytes, filename: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", filename)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", filename)
    if _looks_binary(data):
        raise FileError(f"Tệp “{filename}” mang đuôi văn bản nhưng nội dung không phải văn bản thuần.")
    # UTF-16 without BOM: many NUL bytes in alternate positions.
    if len(data) >= 4 and b"\x00" in data[:200]:
        even = data[0:200:2].count(0)
        odd = data[1:200:2].count(0)
        if odd > len(data[:200]) // 4 and even == 0:
            return _decode(data, "utf-16-le", filename)
        if even > len(data[:200]) // 4 and odd == 0:
            return _decode(data, "utf-16-be", filename)
        raise FileError(f"Tệp “{filename}” chứa dữ liệu nhị phân, không phải văn bản.")
    return _decode(data, "utf-8", filename)


def _decode(data: bytes, encoding: str, filename: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileError(
            f"Tệp “{filename}” không phải văn bản mã hóa UTF-8 hoặc UTF-16 (lỗi ở byte {exc.start}); "
            "hãy lưu lại tệp với bảng mã UTF-8."
        ) from None
    if "\x00" in text:
        raise FileError(f"Tệp “{filename}” chứa ký tự NUL, không phải văn bản thuần.")
    return text


# ------------------------------------------------------------------ docx
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def _safe_xml(raw: bytes, filename: str) -> ET.Element:
    head = raw[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in raw.upper():
        raise FileError(f"Tệp “{filename}” chứa khai báo DTD/thực thể XML — từ chối đọc vì lý do an toàn.")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        raise FileError(f"Tệp “{filename}” bị hỏng: nội dung XML không hợp lệ ({exc}).") from None


def _read_docx(data: bytes, filename: str) -> str:
    if not data.startswith(b"PK"):
        raise FileError(
            f"Tệp “{filename}” mang đuôi .docx nhưng không phải tệp Word (không phải định dạng ZIP)."
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileError(
            f"Tệp “{filename}” mang đuôi .docx nhưng không phải tệp Word hợp lệ (ZIP hỏng)."
        ) from None
    with zf:
        names = zf.namelist()
        if "word/document.xml" not in names:
            raise FileError(f"Tệp “{filename}” không phải tệp Word .docx (thiếu word/document.xml).")
        parts = sorted(
            (n for n in names if _DOCX_PARTS.match(n)),
            key=lambda n: (0 if n == "word/document.xml" else 1, n),
        )
        total = 0
        texts: list[str] = []
        for name in parts:
            info = zf.getinfo(name)
            if info.file_size > MAX_ENTRY_BYTES:
                raise FileError(
                    f"Tệp “{filename}” bị từ chối: phần {name} giải nén ra quá lớn "
                    f"({info.file_size / 1048576:.0f} MB > 50 MB)."
                )
            if (
                info.compress_size
                and info.file_size / max(info.compress_size, 1) > MAX_RATIO
                and info.file_size > 1024 * 1024
            ):
                raise FileError(
                    f"Tệp “{filename}” bị từ chối: tỉ lệ nén của {name} bất thường (nghi là bom nén)."
                )
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise FileError(f"Tệp “{filename}” bị từ chối: tổng dung lượng giải nén quá lớn.")
            raw = _read_member(zf, info, filename)
            root = _safe_xml(raw, filename)
            text = _docx_text(root)
            if name == "word/document.xml":
                texts.insert(0, text)
            elif text.strip():
                texts.append(text)
    return "\n".join(texts).strip("\n")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str) -> bytes:
    # Never trust the declared size: stop reading past the limit.
    try:
        with zf.open(info) as fh:
            raw = fh.read(MAX_ENTRY_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as exc:
        raise FileError(f"Tệp “{filename}” bị hỏng hoặc được mã hóa, không đọc được ({exc}).") from None
    if len(raw) > MAX_ENTRY_BYTES:
        raise FileError(f"Tệp “{filename}” bị từ chối: một phần giải nén ra quá 50 MB.")
    return raw


def _docx_text(root: ET.Element) -> str:
    paras = []
    for p in root.iter(f"{_W}p"):
        buf = []
        for el in p.iter():
            tag = el.tag
            if tag == f"{_W}t" and el.text:
                buf.append(el.text)
            elif tag == f"{_W}tab":
                buf.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                buf.append("\n")
        paras.append("".join(buf))
    return "\n".join(paras)


# ------------------------------------------------------------------ html
class _TextParser(HTMLParser):
    SKIP = {
        "script",
        "style",
        "nav",
        "noscript",
        "template",
        "svg",
        "iframe",
        "head",
        "header",
        "footer",
        "form",
        "button",
        "select",
    }
    BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "blockquote",
        "figcaption",
        "figure",
        "pre",
        "hr",
        "dd",
        "dt",
        "td",
        "th",
    }
    VOID = {
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
            if tag not in self.VOID:
                self.stack.append(tag)
            return
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            if tag in self.stack:
                while self.stack:
                    t = self.stack.pop()
                    self.skip -= 1
                    if t == tag:
                        break
            return
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _read_html(data: bytes, filename: str) -> str:
    if _looks_binary(data):
        raise FileError(f"Tệp “{filename}” mang đuôi .html nhưng không phải trang HTML.")
    enc = "utf-8"
    m = re.search(rb"""<meta[^>]{0,200}charset=["']?([A-Za-z0-9_\-]{1,20})""", data[:4096], re.I)
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16"
    elif m:
        enc = m.group(1).decode("ascii").lower()
    try:
        text = data.decode(enc)
    except (LookupError, UnicodeDecodeError):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise FileError(f"Tệp “{filename}” không đọc được bảng mã ký tự (không phải UTF-8).") from None
    if "\x00" in text:  # as _decode refuses a .txt: no text has it (a UTF-16 page without BOM is full of it)
        raise FileError(f"Tệp “{filename}” chứa ký tự NUL, không phải trang HTML văn bản.")
    parser = _TextParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is a last resort
        raise FileError(f"Tệp “{filename}” là HTML hỏng, không đọc được ({exc}).") from None
    out = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in out.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# ------------------------------------------------------------------ pdf
def _read_pdf(data: bytes, filename: str) -> str:
    if not data.startswith(b"%PDF"):
        raise FileError(f"Tệp “{filename}” mang đuôi .pdf nhưng không phải tệp PDF.")
    try:
        import pypdf  # noqa: PLC0415 — optional dependency, imported lazily
    except ImportError:
        raise FileError("Máy chủ chưa cài thư viện đọc PDF (pypdf); hãy gửi tệp .docx hoặc .txt.") from None
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = bool(reader.decrypt(""))
            except Exception:
                ok = False
            if not ok:
                raise FileError(f"Tệp PDF “{filename}” được đặt mật khẩu; hãy gửi bản không khóa.")
        n = len(reader.pages)
        if n > MAX_PDF_PAGES:
            raise FileError(f"Tệp PDF “{filename}” có quá nhiều trang ({n}).")
        texts: list[str] = []
        total = 0
        for page in reader.pages:
            t = page.extract_text() or ""
            total += len(t)
            if total > 50_000_000:
                raise FileError(f"Tệp PDF “{filename}” có nội dung quá lớn.")
            texts.append(t)
    except FileError:
        raise
    except Exception as exc:
        raise FileError(f"Tệp PDF “{filename}” bị hỏng hoặc không đọc được ({type(exc).__name__}).") from None
    text = reflow_pages(texts)
    if not re.search(r"\w", text):
        raise FileError(
            f"Tệp PDF “{filename}” không có lớp văn bản (có thể là ảnh quét); "
            "hãy nhận dạng chữ (OCR) trước hoặc gửi tệp .docx."
        )
    return text


# ------------------------------------------------------------------ reflow
# A PDF's text layer is lines, not paragraphs: every line the layout wrapped ends in a
# hard break, each page repeats its header and footer, and pages end mid-sentence.
# The extractor reads sentences (a line break ends one), so a proposal cut at "…tại hội"
# or a unit cut at "Bộ Chính" is lost. reflow_pages rebuilds the paragraphs.

_EDGE = 3  # lines at the top and at the bottom of a page that may be header or footer
_PAGE_NO = re.compile(
    r"(?i)^[-–—]?\s{0,2}(?:(?:trang|page|tr\.)\s{0,2})?\d{1,4}"
    r"(?:\s{0,2}(?:/|của|trên|of)\s{0,2}\d{1,4})?\s{0,2}[-–—]?$"
)
# A line that starts a paragraph of its own: bullets, "1.", "1.2.", "II.", "a)", "Điều 3".
_PARA_START = re.compile(
    r"^(?:[-–—+•·▪●○■□❖✓*](?!\d)"
    r"|(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVXLC]{1,6}|[a-zđ])[.)](?:\s|$)"
    r"|(?:Điều|Chương|Mục|Phần)\s{1,2}(?:\d{1,3}|[IVXLC]{1,6})(?:[.:]|\s|$))"
)
# Words after which a phrase goes on, even when the next line starts with a capital
# ("của" / "Bộ Chính trị", "đồng chí" / "Nguyễn Văn An").
_GOES_ON = frozenset(
    "của và với về các cho tại theo đến từ trong ở là do những số ngày tháng năm thuộc "
    "trên dưới cùng hoặc hay nhưng mà để vào qua gồm như việc đã đang sẽ nhằm chí đ/c "
    "tỉnh huyện xã phường quận thị thành phố trấn thôn ấp xóm bản khu ban ủy uỷ hội "
    "nghị quyết chỉ thị kết luận kế hoạch quy định hướng dẫn chương trình".split()
)
_SENTENCE_END = ".!?…"
_CLOSERS = "\"'”’»)]"


def _running_key(line: str) -> str:
    # "Báo cáo quý I – trang 3" and "… trang 4" are the same running line
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _is_caps_line(line: str) -> bool:
    """A heading in capitals ("BÁO CÁO", "II. KIẾN NGHỊ"), not a lone code ("35-NQ/TW")."""
    # str methods, not a loop over characters: this runs for every line of the file
    return " " in line and line.isupper() and sum(c.isalpha() for c in line[:8]) >= 2


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of lines found at the top or bottom of most pages."""
    n = len(pages)
    if n < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        edge = lines[:_EDGE] + lines[-_EDGE:] if len(lines) > 2 * _EDGE else lines
        for key in {_running_key(ln) for ln in edge}:
            counts[key] = counts.get(key, 0) + 1
    need = max(2, n // 2 + 1)
    return {k for k, c in counts.items() if c >= need}


def _body_bounds(lines: list[str], running: set[str]) -> tuple[int, int]:
    """The lines of a page between its header and its footer: ``lines[top:bottom]``."""

    def droppable(line: str) -> bool:
        return bool(_PAGE_NO.match(line)) or _running_key(line) in running

    top, seen = 0, 0
    while top < len(lines) and (not lines[top] or (seen < _EDGE and droppable(lines[top]))):
        seen += bool(lines[top])
        top += 1
    bottom, seen = len(lines), 0
    while bottom > top and (not lines[bottom - 1] or (seen < _EDGE and droppable(lines[bottom - 1]))):
        seen += bool(lines[bottom - 1])
        bottom -= 1
    return top, bottom


def _goes_on(prev: str, raw_prev: str, nxt: str, width: int) -> bool:
    """Whether the line ``nxt`` continues the paragraph whose last line is ``prev``."""
    # cheapest tests first: this runs for every line of the file
    end = prev[-1]
    if end in _CLOSERS:
        end = prev.rstrip(_CLOSERS)[-1:] or end
    if end in _SENTENCE_END:
        return False
    first = nxt[0]
    if first.islower() and nxt[1:2] not in (".", ")"):  # not "a)", "b." — so no paragraph start
        return not _is_caps_line(prev)
    if _PARA_START.match(nxt) or _is_caps_line(prev) or _is_caps_line(nxt):
        return False
    if first.isdigit() or first in "(“\"‘'%":
        return True
    # the next line starts with a capital: a name inside the phrase, or a new paragraph
    if end == ",":
        return True
    if end in ";:":
        return False
    # A wrapped line fills most of the column: a line much shorter ends its paragraph
    # (a heading such as "1. Kết quả đạt được"). Nearly full, it goes on when it ends with
    # a word that needs what follows, or with the space the layout broke at.
    if len(prev) >= 0.8 * width:
        return True
    return len(prev) >= 0.5 * width and (
        raw_prev.endswith(" ") or prev.rsplit(" ", 1)[-1].casefold() in _GOES_ON
    )


def reflow_pages(pages: list[str]) -> str:
    """The text of a PDF's pages as paragraphs, one per line.

    Drops running headers and footers (a line at the top or bottom of most pages,
    digits aside) and page numbers ("2", "- 2 -", "Trang 2/5") at a page's edges; joins
    the lines a layout wrapped (no sentence end, and the next line starts lower-case or
    goes on with the phrase), also across pages; glues a word broken after a hyphen;
    keeps a paragraph break at a blank line, before a bullet or a numbered line, and
    around a heading in capitals.
    """
    split: list[list[str]] = []
    for page in pages:
        raw_lines = [ln.rstrip("\r") for ln in page.split("\n")]
        split.append(raw_lines)
    stripped = [[ln.strip() for ln in raw_lines] for raw_lines in split]
    running = _running_lines([[ln for ln in lines if ln] for lines in stripped])
    body: list[tuple[str, str]] = []  # (line, line as extracted); ("", "") is a blank line
    for raw_lines, lines in zip(split, stripped, strict=True):
        top, bottom = _body_bounds(lines, running)
        body.extend(zip(lines[top:bottom], raw_lines[top:bottom], strict=True))
    lengths = sorted(len(line) for line, _ in body if line)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    out: list[str] = []
    cur: list[str] = []  # pieces of the paragraph being built
    prev = raw_prev = ""
    for line, raw in body:
        if not line:
            if cur:
                out.append("".join(cur))
                out.append("")
                cur = []
            continue
        if not cur:
            cur = [line]
        elif prev.endswith("\u00ad"):  # soft hyphen: the word goes on, the hyphen goes
            cur[-1] = cur[-1][:-1]
            cur.append(line)
        elif prev.endswith(("-", "/")) and len(prev) > 1 and prev[-2] != " " and line[0].isalnum():
            # "Covid-" / "19", "12-BC/" / "ĐU": a word or a code broken after its hyphen.
            # Vietnamese syllables are never hyphenated, so the hyphen is a real one: kept.
            cur.append(line)
        elif _goes_on(prev, raw_prev, line, width):
            cur.append(" " + line)
        else:
            out.append("".join(cur))
            cur = [line]
        prev, raw_prev = line, raw
    if cur:
        out.append("".join(cur))
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
