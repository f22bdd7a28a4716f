from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.followups.models import FollowUp
from trienkhai.meetings.models import Meeting
from trienkhai.meetings.services import (
    conclusion_add,
    conclusion_to_followup,
    meeting_create,
    participant_add,
    raised_proposal_add,
    raised_to_proposal,
)
from trienkhai.proposals.models import Proposal


def test_create_writes_one_audit_event(tree, personas):
    m = meeting_create(
        host=tree.city,
        title="Hội nghị",
        date=dt.date(2022, 1, 1),
        form="ket_hop",
        platform="Zoom",
        acting_user=personas.own,
    )
    assert AuditEvent.objects.filter(action="meeting.create", object_id=str(m.pk)).count() == 1


def test_online_needs_platform_and_writes_nothing(tree, personas):
    with pytest.raises(ValidationError) as err:
        meeting_create(
            host=tree.city, title="H", date=dt.date(2022, 1, 1), form="truc_tuyen", acting_user=personas.own
        )
    assert "nền tảng" in str(err.value)
    with pytest.raises(Http404):
        meeting_create(
            host=tree.city,
            title="H",
            date=dt.date(2022, 1, 1),
            form="truc_tiep",
            acting_user=personas.sibling,
        )
    assert not Meeting.objects.exists()


def test_only_the_host_keeps_the_minutes(meeting, personas, tree):
    from conftest import make_user

    prov_editor = make_user("pe2", tree.prov, "editor")  # above the host: allowed
    participant_add(meeting=meeting, name="B", acting_user=prov_editor)
    with pytest.raises(Http404):
        conclusion_add(meeting=meeting, text="X", acting_user=personas.sibling)


def test_conclusion_becomes_followup_once(meeting, personas, tree):
    c = meeting.conclusions.get()
    f = conclusion_to_followup(conclusion=c, acting_user=personas.own)
    assert (f.unit, f.assigned_by, f.source_conclusion, f.due_on) == (
        tree.ward,
        tree.city,
        c,
        dt.date(2022, 9, 10),
    )
    with pytest.raises(ValidationError):
        conclusion_to_followup(conclusion=c, acting_user=personas.own)
    assert FollowUp.objects.count() == 1


def test_raised_proposal_becomes_proposal_once(meeting, personas, tree):
    item = meeting.raised_proposals.get()
    p = raised_to_proposal(item=item, acting_user=personas.own)
    assert (p.sender, p.addressee, p.sent_on, p.source_meeting, p.category) == (
        tree.city,
        tree.prov,
        dt.date(2022, 8, 11),
        meeting,
        "dao_tao",
    )
    assert p.content == item.text
    with pytest.raises(ValidationError):
        raised_to_proposal(item=item, acting_user=personas.own)
    assert Proposal.objects.count() == 1


def test_raised_proposal_to_a_unit_not_above_is_refused_when_sent(meeting, personas, tree):
    item = raised_proposal_add(
        meeting=meeting, text="X", sender=tree.city, addressee=tree.ward, acting_user=SYSTEM
    )
    with pytest.raises(ValidationError) as err:
        raised_to_proposal(item=item, acting_user=personas.own)
    assert "cấp trên" in str(err.value)


def test_raised_sender_must_take_part(meeting, tree):
    with pytest.raises(ValidationError):
        raised_proposal_add(
            meeting=meeting, text="X", sender=tree.other, addressee=tree.root, acting_user=SYSTEM
        )
