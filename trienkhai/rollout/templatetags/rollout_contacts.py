"""``{{ unit.contact|contact_parts }}``: a contact text cut into plain text and phone numbers,
for a call list that offers each number as a ``tel:`` link (the template escapes every piece)."""

from __future__ import annotations

from django import template

from trienkhai.rollout.contacts import ContactPart
from trienkhai.rollout.contacts import contact_parts as _contact_parts

register = template.Library()


@register.filter
def contact_parts(text: str) -> list[ContactPart]:
    return _contact_parts(text or "")
