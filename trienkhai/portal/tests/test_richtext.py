from __future__ import annotations

from django.template import Context, Template

from trienkhai.portal.richtext import body_to_html, html_to_text, sanitize


def test_plain_text_becomes_escaped_paragraphs():
    assert (
        body_to_html("Một <b>hai</b>\n\nBa & bốn") == "<p>Một <strong>hai</strong></p>\n<p>Ba &amp; bốn</p>"
    )


def test_script_handlers_and_javascript_urls_are_removed():
    dirty = (
        '<p onclick="x()">Chào<script>alert(1)</script><img src=x onerror=alert(1)></p>'
        '<a href="javascript:alert(1)">xấu</a><a href="https://example.org" target="_blank">tốt</a>'
        "<style>p{}</style><iframe src=//evil></iframe><h2 style='color:red'>Tiêu đề</h2>"
    )
    clean = sanitize(dirty)
    for bad in ("script", "onerror", "onclick", "javascript:", "<img", "style", "iframe", "alert"):
        assert bad not in clean
    assert '<a href="https://example.org" rel="nofollow noopener">tốt</a>' in clean
    assert "<h2>Tiêu đề</h2>" in clean


def test_filter_resanitises_whatever_is_stored():
    out = Template("{% load portal_html %}{{ b|article_html }}").render(
        Context({"b": "<p>ok</p><script>alert(1)</script><a href='javascript:x'>y</a>"})
    )
    assert out == '<p>ok</p><a rel="nofollow noopener">y</a>'


def test_html_to_text():
    assert html_to_text("<p>Một</p><p>Hai &amp; ba</p>") == "Một Hai & ba"
