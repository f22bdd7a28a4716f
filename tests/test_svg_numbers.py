"""SVG coordinates are written with a decimal point whatever the UI language (issue 13, point 6).

In the Vietnamese UI Django localises floats with a decimal comma; inside an SVG attribute
``x1="211,5"`` is not a number, so the rollout chart's deadline lines sat on the axis.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation

COORD = re.compile(r'\b(?:x1|x2|y1|y2|cx|cy|points|viewBox)="([^"]*)"')


def render_chart(name: str, context: dict) -> str:
    """The template's own chart markup (from its ``{% localize off %}`` or ``<svg`` to ``</svg>``),
    rendered with the template's libraries: the page around it needs far more context."""
    source = get_template(name).template.source
    start = source.index("<svg ")
    if source[:start].endswith("{% localize off %}"):
        start -= len("{% localize off %}")
    end = source.index("</svg>", start) + len("</svg>")
    if source[end:].startswith("{% endlocalize %}"):
        end += len("{% endlocalize %}")
    body = "{% load i18n l10n humanize %}" + source[start:end]
    return Template(body).render(Context(context))


def _coords(html: str) -> list[str]:
    svg = "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))
    assert svg, "no chart was drawn"
    return COORD.findall(svg)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_rollout_chart_coordinates_use_a_decimal_point(lang):
    series = [{"due_x": 211.5, "points": "0,100 105.25,50.5", "colour": "#1f7a3a", "label": "B1"}]
    chart = [{"series": series, "start": dt.date(2022, 8, 1), "end": dt.date(2022, 12, 31)}]
    with translation.override(lang):
        html = render_chart("rollout/_detail_body.html", {"c": chart[0], "s": series[0]})
    values = _coords(html)
    assert 'x1="211.5"' in html and 'x2="211.5"' in html
    assert all("," not in v or v == "0,100 105.25,50.5" for v in values), values
    assert "211,5" not in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_target_chart_coordinates_use_a_decimal_point(lang):
    chart = {"w": 320, "h": 160, "goal_y": 42.5, "due_x": 280.75, "points": "10,150 60.5,120.25"}
    with translation.override(lang):
        html = render_chart("targets/detail.html", {"chart": chart})
    assert 'y1="42.5"' in html and 'x1="280.75"' in html
    assert "42,5" not in html and "280,75" not in html
