"""Numbers typed into a link or a form by hand: "²" (which ``str.isdigit()`` accepts and
``int()`` refuses), digits of another script and a number past what the database holds are
"no number", never a 500. Every page here reads a whole number from the query or the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.core.params import parse_digits

ODD = ["\u00b2", "1\u2075", "\u2460", "\u0661\u0662", "\uff11", "9" * 25, "9" * 5000, "-1", " 1", ""]


@pytest.mark.parametrize("value", ODD)
def test_parse_digits_reads_nothing_but_ascii_digits(value):
    assert parse_digits(value) is None


def test_parse_digits_reads_ascii_digits_up_to_a_64_bit_key():
    assert parse_digits("0") == 0 and parse_digits("012") == 12
    assert parse_digits(str(2**63 - 1)) == 2**63 - 1
    assert parse_digits(str(2**63)) is None


PAGES = [
    ("portal:new", "from", "meeting:{v}"),
    ("training:figures", "unit", "{v}"),
    ("training:figures", "year", "{v}"),
    ("training:list", "year", "{v}"),
    ("opinion:list", "year", "{v}"),
    ("followups:list", "unit", "{v}"),
    ("proposals:outbox", "addressee", "{v}"),
    ("proposals:inbox", "year", "{v}"),
    ("documents:list", "issuer", "{v}"),
]


@pytest.mark.parametrize("value", ["\u00b2", "1\u2075", "\u2460", "9" * 5000])
@pytest.mark.parametrize(("page", "param", "spec"), PAGES)
def test_a_page_reads_an_odd_number_as_none(login, personas, page, param, spec, value):
    r = login(personas.own).get(reverse(page), {param: spec.format(v=value)})
    assert r.status_code == 200
