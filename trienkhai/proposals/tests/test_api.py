from __future__ import annotations

import io

import pytest

from trienkhai.proposals.models import Proposal

J = "application/json"


@pytest.mark.parametrize(
    "who,sees", [("own", True), ("parent", True), ("child", False), ("sibling", False), ("other", False)]
)
def test_list_and_detail_scoped(login, personas, proposal, who, sees):
    c = login(getattr(personas, who))
    ids = [p["id"] for p in c.get("/api/v1/proposals/").json()["items"]]
    assert (proposal.pk in ids) is sees
    r = c.get(f"/api/v1/proposals/{proposal.pk}")
    assert r.status_code == (200 if sees else 404)
    if sees:
        assert [e["kind"] for e in r.json()["events"]] == ["sent"] and r.json()["state"] == "overdue"


def test_send_refuses_unit_not_above(login, personas, tree):
    c = login(personas.own)
    r = c.post(
        "/api/v1/proposals/",
        {"sender_id": tree.city.pk, "addressee_id": tree.sibling.pk, "category": "khac", "content": "X"},
        content_type=J,
    )
    assert r.status_code == 400 and "cấp trên" in str(r.json()["detail"])
    r = c.post(
        "/api/v1/proposals/",
        {"sender_id": tree.sibling.pk, "addressee_id": tree.prov.pk, "category": "khac", "content": "X"},
        content_type=J,
    )
    assert r.status_code == 404
    r = c.post(
        "/api/v1/proposals/",
        {"sender_id": tree.city.pk, "addressee_id": tree.prov.pk, "category": "khac", "content": "Đề nghị"},
        content_type=J,
    )
    assert r.status_code == 201 and r.json()["status"] == "sent"


def test_flow_and_answer_after_close(login, prov_editor, proposal, tree):
    c = login(prov_editor)
    assert (
        c.post(
            f"/api/v1/proposals/{proposal.pk}/acknowledge", {"on": "2022-08-12"}, content_type=J
        ).status_code
        == 200
    )
    r = c.post(
        f"/api/v1/proposals/{proposal.pk}/answer", {"on": "2022-08-20", "text": "Đồng ý"}, content_type=J
    )
    assert r.status_code == 200 and r.json()["status"] == "answered"
    assert (
        c.post(f"/api/v1/proposals/{proposal.pk}/close", {"on": "2022-08-21"}, content_type=J).status_code
        == 200
    )
    r = c.post(f"/api/v1/proposals/{proposal.pk}/answer", {"text": "Thêm"}, content_type=J)
    assert r.status_code == 400 and "đã đóng" in str(r.json()["detail"])
    figures = c.get("/api/v1/proposals/figures").json()
    assert figures[0]["answered"] == 1 and figures[0]["on_time"] == 1 and figures[0]["median_days"] == 9


def test_attachment_upload_checks_bytes(login, personas, proposal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = login(personas.own)
    f = io.BytesIO(b"not a pdf")
    f.name = "x.pdf"
    r = c.post(f"/api/v1/proposals/{proposal.pk}/attachments", {"file": f})
    assert r.status_code == 400 and "không phải PDF" in str(r.json()["detail"])
    g = io.BytesIO(b"%PDF-1.4\n%%EOF")
    g.name = "kn.pdf"
    assert c.post(f"/api/v1/proposals/{proposal.pk}/attachments", {"file": g}).status_code == 201
    assert (
        login(personas.sibling).post(f"/api/v1/proposals/{proposal.pk}/attachments", {"file": g}).status_code
        == 404
    )
    assert Proposal.objects.get().attachments.count() == 1
