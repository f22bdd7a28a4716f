"""An .html upload with NUL characters is refused, as a .txt one is: NUL is no text (and
PostgreSQL refuses it in a text column), and a page full of them was written in UTF-16 with no
byte-order mark, so its "text" is the markup read byte by byte."""

from __future__ import annotations

import pytest

from trienkhai.textmine.files import FileError, read_text_bytes

PAGE = "<html><body><p>Chi bộ họp ngày 3/4/2024, đồng chí Trần Thị Bích chủ trì.</p></body></html>"


def test_a_nul_inside_a_paragraph_is_refused():
    data = PAGE.replace("họp", "h\x00ọp").encode("utf-8")
    with pytest.raises(FileError, match="NUL"):
        read_text_bytes(data, "bao-cao.html")


def test_a_nul_in_markup_the_reader_drops_is_refused_too():
    data = PAGE.replace("<p>", "<p class='a\x00b'><script>\x00</script>").encode("utf-8")
    with pytest.raises(FileError, match="NUL"):
        read_text_bytes(data, "bao-cao.htm")


def test_a_utf16_page_without_byte_order_mark_is_refused():
    # Unaccented, so its bytes are valid UTF-8: every other one a NUL.
    data = "<html><body><p>Bao cao so 12-BC/DU</p></body></html>".encode("utf-16-le")
    with pytest.raises(FileError, match="NUL"):
        read_text_bytes(data, "bao-cao.html")


def test_a_page_without_nul_reads_and_a_nul_reference_leaves_no_nul():
    assert read_text_bytes(PAGE.encode("utf-8"), "a.html") == (
        "Chi bộ họp ngày 3/4/2024, đồng chí Trần Thị Bích chủ trì."
    )
    text = read_text_bytes(PAGE.replace("họp", "họp&#0;&#x0;").encode("utf-8"), "a.html")
    assert "\x00" not in text and "Trần Thị Bích" in text
