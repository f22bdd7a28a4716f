from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.core.status import TaskState
from trienkhai.documents.services import document_register
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import unit_create
from trienkhai.proposals.choices import ProposalStatus
from trienkhai.proposals.models import Proposal, ProposalAttachment, ProposalEvent
from trienkhai.proposals.services import (
    higher_units,
    proposal_acknowledge,
    proposal_answer,
    proposal_assign,
    proposal_attach,
    proposal_close,
    proposal_decline,
    proposal_send,
)
from trienkhai.proposals.tasks import proposals_escalate_overdue

from .conftest import pdf


def audits(p):
    return list(
        AuditEvent.objects.filter(object_type="proposals.proposal", object_id=str(p.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def send(tree, addressee, user, **kw):
    return proposal_send(
        sender=kw.pop("sender", tree.city),
        addressee=addressee,
        category="che_do",
        title="Chế độ hỗ trợ",
        content="Đề nghị có quy định hỗ trợ chế độ cho cán bộ làm công tác tuyên giáo ở cơ sở.",
        acting_user=user,
        **kw,
    )


def test_send_writes_proposal_timeline_and_one_audit_event(proposal):
    assert proposal.status == ProposalStatus.SENT
    assert [e.kind for e in proposal.events.all()] == ["sent"]
    assert audits(proposal) == ["proposal.send"]
    assert proposal.state == TaskState.OVERDUE  # due 11/10/2022, never answered


@pytest.mark.parametrize("target", ["sibling", "ward", "cell", "other", "city"])
def test_send_to_a_unit_not_above_the_sender_is_refused(tree, personas, target):
    with pytest.raises(ValidationError) as err:
        send(tree, getattr(tree, target), personas.own)
    assert "Chỉ gửi kiến nghị lên cấp trên" in str(err.value)
    assert not Proposal.objects.exists() and not AuditEvent.objects.filter(action="proposal.send").exists()


def test_send_to_ancestors_and_their_staff_boards(tree, personas, board):
    assert set(higher_units(sender=tree.city)) == {tree.prov, tree.root, board}
    assert send(tree, board, personas.own).addressee == board
    assert send(tree, tree.root, personas.own).addressee == tree.root
    # the ward may write to the city and above, not to the sibling city
    assert tree.city in higher_units(sender=tree.ward) and tree.sibling not in higher_units(sender=tree.ward)


def test_send_from_a_unit_outside_change_scope_is_404(tree, personas):
    with pytest.raises(Http404):
        send(tree, tree.prov, personas.sibling)
    with pytest.raises(Http404):
        send(tree, tree.prov, personas.parent)  # a viewer cannot send


def test_nfd_text_is_stored_nfc(tree, personas):
    import unicodedata

    p = proposal_send(
        sender=tree.city,
        addressee=tree.prov,
        category="khac",
        title=unicodedata.normalize("NFD", "Hỗ trợ hoà giải"),
        content=unicodedata.normalize("NFD", "Nội dung"),
        acting_user=personas.own,
    )
    assert p.title == "Hỗ trợ hòa giải" and unicodedata.is_normalized("NFC", p.content)


@pytest.mark.parametrize(
    "name,data,msg",
    [
        ("ke-hoach.pdf", b"<html>not a pdf</html>", "không phải PDF"),
        ("bao-cao.docx", b"%PDF-1.4 pretending", "không đúng định dạng"),
        ("virus.exe", b"MZ", "Chỉ nhận tệp"),
    ],
)
def test_disguised_attachment_refused_and_nothing_written(
    tree, personas, settings, tmp_path, name, data, msg
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as err:
        send(tree, tree.prov, personas.own, attachments=[(pdf(), "ok.pdf"), (io.BytesIO(data), name)])
    assert msg in str(err.value)
    assert not Proposal.objects.exists() and not ProposalAttachment.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_attachment_stored_with_send_and_later(tree, personas, settings, tmp_path, proposal):
    settings.MEDIA_ROOT = tmp_path
    p = send(tree, tree.prov, personas.own, attachments=[(pdf(), "de-xuat.pdf")])
    assert [a.original_name for a in p.attachments.all()] == ["de-xuat.pdf"]
    proposal_attach(proposal=proposal, upload=pdf(), name="phu-luc.pdf", acting_user=personas.own)
    assert audits(proposal) == ["proposal.send", "proposal.attach"]
    with pytest.raises(Http404):
        proposal_attach(proposal=proposal, upload=pdf(), name="x.pdf", acting_user=personas.sibling)


def test_full_flow_ack_assign_answer_close(tree, proposal, prov_editor, board, personas):
    doc = document_register(
        issuing_unit=tree.prov, code="12-HD/TU", title="Hướng dẫn tập huấn", acting_user=SYSTEM
    )
    proposal_acknowledge(proposal=proposal, on=dt.date(2022, 8, 15), acting_user=prov_editor)
    proposal_assign(proposal=proposal, department=board, on=dt.date(2022, 8, 16), acting_user=prov_editor)
    # the board (department) may answer
    from conftest import make_user

    board_user = make_user("btg", board, "editor")
    proposal_answer(
        proposal=proposal,
        text="Sẽ mở 2 lớp trong quý IV.",
        document=doc,
        on=dt.date(2022, 9, 20),
        acting_user=board_user,
    )
    proposal_close(proposal=proposal, on=dt.date(2022, 9, 21), acting_user=prov_editor)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED and proposal.responded_on == dt.date(2022, 9, 20)
    assert proposal.state == TaskState.DONE_ON_TIME and proposal.days_to_answer == 40
    assert [e.kind for e in proposal.events.all()] == [
        "sent",
        "acknowledged",
        "assigned",
        "answered",
        "closed",
    ]
    assert audits(proposal) == [
        "proposal.send",
        "proposal.acknowledge",
        "proposal.assign",
        "proposal.answer",
        "proposal.close",
    ]


def test_answer_after_closing_is_refused_and_writes_nothing(proposal, prov_editor):
    proposal_answer(
        proposal=proposal, text="Đã có hướng dẫn.", on=dt.date(2022, 9, 1), acting_user=prov_editor
    )
    proposal_close(proposal=proposal, on=dt.date(2022, 9, 2), acting_user=prov_editor)
    events, audit_count = ProposalEvent.objects.count(), AuditEvent.objects.filter(refused=False).count()
    with pytest.raises(ValidationError) as err:
        proposal_answer(proposal=proposal, text="Bổ sung", acting_user=prov_editor)
    assert "đã đóng" in str(err.value)
    proposal.refresh_from_db()
    assert proposal.answer_text == "Đã có hướng dẫn."
    assert (ProposalEvent.objects.count(), AuditEvent.objects.filter(refused=False).count()) == (
        events,
        audit_count,
    )


def test_only_the_addressee_side_answers(proposal, personas, prov_editor):
    with pytest.raises(PermissionDenied) as err:  # the sender's side lacks the function: 403
        proposal_answer(proposal=proposal, text="Tự trả lời", acting_user=personas.own)
    assert "Chỉ đơn vị nhận kiến nghị" in str(err.value)
    for who in ("sibling", "other", "child"):
        with pytest.raises(Http404):
            proposal_answer(proposal=proposal, text="X", acting_user=getattr(personas, who))
    with pytest.raises(ValidationError):  # an answer needs text or a document
        proposal_answer(proposal=proposal, text=" ", acting_user=prov_editor)


def test_close_needs_answer_decline_needs_reason_assign_needs_department(proposal, prov_editor, tree):
    with pytest.raises(ValidationError):
        proposal_close(proposal=proposal, acting_user=prov_editor)
    with pytest.raises(ValidationError):
        proposal_decline(proposal=proposal, reason="", acting_user=prov_editor)
    with pytest.raises(ValidationError) as err:
        proposal_assign(proposal=proposal, department=tree.other, acting_user=prov_editor)
    assert "không phải bộ phận" in str(err.value)
    proposal_decline(
        proposal=proposal, reason="Không thuộc thẩm quyền.", on=dt.date(2022, 8, 20), acting_user=prov_editor
    )
    with pytest.raises(ValidationError):
        proposal_answer(proposal=proposal, text="X", acting_user=prov_editor)
    proposal_close(proposal=proposal, on=dt.date(2022, 8, 21), acting_user=prov_editor)
    assert Proposal.objects.get().status == ProposalStatus.CLOSED


def test_dates_in_future_or_before_sending_refused(proposal, prov_editor):
    with pytest.raises(ValidationError):
        proposal_acknowledge(proposal=proposal, on=dt.date(2999, 1, 1), acting_user=prov_editor)
    with pytest.raises(ValidationError):
        proposal_acknowledge(proposal=proposal, on=dt.date(2022, 1, 1), acting_user=prov_editor)


def test_overdue_escalates_one_level_up_once(proposal, tree):
    result = proposals_escalate_overdue.enqueue()  # the immediate backend runs it now
    assert result.return_value == 1
    proposal.refresh_from_db()
    assert proposal.escalated_to == tree.root and proposal.escalated_on is not None
    assert proposal.events.last().kind == "escalated"
    assert audits(proposal) == ["proposal.send", "proposal.escalate"]
    assert proposals_escalate_overdue.enqueue().return_value == 0


def test_answered_or_in_time_not_escalated(tree, personas, prov_editor):
    fresh = send(tree, tree.prov, personas.own)  # due in 30 days
    late = send(tree, tree.prov, personas.own, sent_on=dt.date(2022, 1, 1), due_on=dt.date(2022, 2, 1))
    proposal_answer(proposal=late, text="Trả lời", on=dt.date(2022, 3, 1), acting_user=prov_editor)
    assert proposals_escalate_overdue.enqueue().return_value == 0
    fresh.refresh_from_db()
    assert fresh.escalated_to is None


def test_a_staff_board_addressee_escalates_to_its_committee(tree, personas, board):
    p = send(tree, board, personas.own, sent_on=dt.date(2022, 1, 1), due_on=dt.date(2022, 2, 1))
    proposals_escalate_overdue.enqueue()
    p.refresh_from_db()
    assert p.escalated_to == tree.prov


def test_unit_ended_before_sending_is_refused(tree, personas):
    from trienkhai.orgs.services import unit_dissolve

    old = unit_create(parent=tree.prov, name="Ban cũ", kind=UnitKind.PARTY_BOARD, acting_user=SYSTEM)
    unit_dissolve(unit=old, date=dt.date(2021, 1, 1), acting_user=SYSTEM)
    with pytest.raises(ValidationError):
        send(tree, old, personas.own, sent_on=dt.date(2022, 1, 1))


def test_the_sender_is_told_when_its_proposal_is_received_answered_or_declined(
    tree, proposal, prov_editor, personas
):
    """Issue 13.8: an answered proposal gave the sender no notice. The city's users (own, an
    admin at the sending city) are told of each step, once; the addressee side and a ward below
    the sender are not."""
    from trienkhai.core.models import Notification
    from trienkhai.proposals.services import proposal_acknowledge

    def notices(user):
        return list(Notification.objects.filter(user=user).order_by("pk").values_list("text", "url"))

    url = f"/proposals/{proposal.pk}/"
    proposal_acknowledge(proposal=proposal, on=dt.date(2022, 8, 12), acting_user=prov_editor)
    proposal_answer(
        proposal=proposal, text="Đã có hướng dẫn.", on=dt.date(2022, 9, 1), acting_user=prov_editor
    )
    title = "Mở thêm lớp tập huấn cho thành viên Ban Chỉ đạo 35"
    assert notices(personas.own) == [
        (f"{tree.prov.name} đã tiếp nhận kiến nghị: {title}", url),
        (f"{tree.prov.name} đã trả lời kiến nghị: {title}", url),
    ]
    assert notices(prov_editor) == [] and notices(personas.child) == [] and notices(personas.sibling) == []


def test_a_declined_proposal_tells_the_sender_with_the_reason_on_its_page(proposal, prov_editor, personas):
    from trienkhai.core.models import Notification
    from trienkhai.proposals.services import proposal_decline

    proposal_decline(
        proposal=proposal, reason="Ngoài thẩm quyền.", on=dt.date(2022, 9, 1), acting_user=prov_editor
    )
    (text,) = Notification.objects.filter(user=personas.own).values_list("text", flat=True)
    assert "không tiếp thu kiến nghị" in text
