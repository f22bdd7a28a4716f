"""form_view: the one round trip of every write page (issue 14 point 6)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.template import engines
from django.urls import path

from trienkhai.core.forms import form_view

saved: list[dict] = []


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def save(data):
    if data["name"] == "trùng":
        raise ValidationError({"name": "Tên này đã có.", "other": "Một lỗi chung."})
    if data["name"] == "hỏng":
        raise ValidationError("Dịch vụ từ chối.")
    saved.append(dict(data))
    return data["name"]


@login_not_required
def page(request):
    return form_view(
        request,
        NameForm(request.POST or None),
        save=save,
        success=lambda name: f"Đã lưu {name}.",
        redirect_to=lambda name: f"/done/{name}/",
        template="form_view_test.html",
        context={"title": "Thử"},
    )


urlpatterns = [path("form/", page)]
TEMPLATE = "{{ title }}|{{ form.name.errors|join:',' }}|{{ form.non_field_errors|join:',' }}"


@pytest.fixture(autouse=True)
def _template(settings, tmp_path):
    (tmp_path / "form_view_test.html").write_text(TEMPLATE, encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    engines._engines = {}
    saved.clear()
    yield
    engines._engines = {}


pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_a_first_look_is_200_with_the_context(client):
    r = client.get("/form/")
    assert r.status_code == 200 and r.content.decode() == "Thử||"


def test_a_valid_post_saves_flashes_and_redirects(client):
    r = client.post("/form/", {"name": "Ba Hàng"})
    assert r.status_code == 302 and r["Location"] == "/done/Ba%20H%C3%A0ng/"
    assert saved == [{"name": "Ba Hàng"}]
    assert [m.message for m in get_messages(r.wsgi_request)] == ["Đã lưu Ba Hàng."]


def test_an_invalid_form_is_400_and_nothing_is_saved(client):
    r = client.post("/form/", {"name": ""})
    assert r.status_code == 400 and saved == []
    assert "Trường này là bắt buộc." in r.content.decode() or "required" in r.content.decode()


def test_a_refusal_lands_on_its_field_or_above_the_form(client):
    r = client.post("/form/", {"name": "trùng"})
    assert r.status_code == 400
    assert r.content.decode() == "Thử|Tên này đã có.|Một lỗi chung."
    r = client.post("/form/", {"name": "hỏng"})
    assert r.status_code == 400 and r.content.decode() == "Thử||Dịch vụ từ chối."
    assert saved == []
