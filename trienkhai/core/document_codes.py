"""A document number typed into a form: an exact match wins, otherwise the user picks.

Materials of a course, the decision of a commendation, the document of a target,
of an answer, of a meeting or an inspection, the target of a link: everywhere a
number is typed, ``document_by_code`` decides (exact normalised number, in the
user's scope). Search is only the fallback that offers candidates: a plan whose
summary mentions 35-NQ/TW is offered next to 35-NQ/TW, it never hides it.

When nothing matches exactly the field is refused and the form gets an offer
(``form.document_offers``) that ``_form.html`` shows under the field: the
candidates as radio buttons carrying the field's whole value with the number
replaced, and a link that registers the document with the number prefilled and
comes back to the form.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

OFFER_SIZE = 8


def register_url(*, code: str, next_url: str = "") -> str:
    params = {"code": code}
    if next_url:
        params["next"] = next_url
    return f"{reverse('documents:create')}?{urlencode(params)}"


def document_from_code(
    *,
    user: Any,
    code: str,
    field: str,
    form: Any = None,
    text: str | None = None,
    next_url: str = "",
    exclude: Any = None,
):
    """The document numbered ``code``; else ValidationError on ``field`` and an offer on ``form``.

    ``text`` is the field's whole value when it lists several numbers: each
    candidate then carries that value with ``code`` replaced by its number.
    """
    from trienkhai.documents.selectors import document_by_code, document_search

    code = (code or "").strip()
    doc = document_by_code(user=user, code=code)
    if doc is not None and (exclude is None or doc.pk != exclude.pk):
        return doc
    matches = document_search(viewer=user, q=code)
    if exclude is not None:
        matches = matches.exclude(pk=exclude.pk)
    matches = list(matches[:OFFER_SIZE])
    if form is not None:
        whole = code if text is None else text
        offers = getattr(form, "document_offers", None)
        if offers is None:
            offers = form.document_offers = []
        offers.append(
            {
                "field": field,
                "code": code,
                "choices": [
                    {"value": whole.replace(code, d.code or code, 1), "doc": d} for d in matches if d.code
                ],
                "register_url": register_url(code=code, next_url=next_url),
            }
        )
    if matches:
        msg = _(
            "Không có văn bản nào mang đúng số hiệu “%(c)s” trong sổ văn bản. "
            "Hãy chọn một văn bản dưới đây hoặc đăng ký văn bản này."
        )
    else:
        msg = _("Không có văn bản “%(c)s” trong sổ văn bản. Hãy đăng ký văn bản này trước.")
    msg = msg % {"c": code}
    if form is None and matches:
        # No form to show the offer in (an action posted from a detail page):
        # the message names the candidates, whose numbers can be typed as they are.
        msg += " " + _("Có thể là: %(list)s.") % {
            "list": "; ".join(f"{d.code} ({d.title[:60]})" for d in matches)
        }
    raise ValidationError({field: msg})


def documents_from_codes(*, user: Any, text: str, field: str, form: Any = None, next_url: str = "") -> list:
    """Several numbers separated by commas, each resolved as above."""
    codes = [c.strip() for c in (text or "").split(",") if c.strip()]
    return [
        document_from_code(user=user, code=c, field=field, form=form, text=text, next_url=next_url)
        for c in codes
    ]
