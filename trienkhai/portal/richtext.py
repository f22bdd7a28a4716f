"""Rich text of articles: what editors write becomes a small, safe subset of HTML.

nh3 (the Rust ``ammonia`` sanitiser) keeps only the tags below, drops script and
style with their content, every ``on*`` attribute and every URL scheme but
http(s) and mailto, and adds ``rel="nofollow noopener"`` to links. Services
store its output; the ``article_html`` template filter runs it again on output,
so a row edited behind the services' back still renders safely.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "h2", "h3", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"

# Old-style tags editors paste from word processors, mapped onto the allowed set.
_SYNONYMS = [
    (re.compile(r"<(/?)b(\s[^>]*)?>", re.I), r"<\1strong>"),
    (re.compile(r"<(/?)i(\s[^>]*)?>", re.I), r"<\1em>"),
]
_BLOCK = re.compile(r"<\s*(p|ul|ol|li|blockquote|h2|h3|br)\b", re.I)


def sanitize(value: str) -> str:
    for pattern, repl in _SYNONYMS:
        value = pattern.sub(repl, value)
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def text_to_html(text: str) -> str:
    """Plain text (blank line = new paragraph) to paragraphs, everything escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "\n".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


def body_to_html(raw: str) -> str:
    """What an editor typed to stored HTML: plain text gets paragraphs, HTML is sanitised."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if not _BLOCK.search(raw):
        # No block markup: treat it as text with a few inline tags an editor may use.
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", raw.replace("\r\n", "\n")) if p.strip()]
        raw = "\n".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return sanitize(raw)


def html_to_text(value: str) -> str:
    """The words of a body, for search and meta descriptions."""
    text = nh3.clean(re.sub(r"<(br|/p|/li|/h2|/h3|/blockquote)\b[^>]*>", " \n", value or ""), tags=set())
    return " ".join(html.unescape(text).split())
