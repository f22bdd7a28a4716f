"""The seed article, imported by the demo, reproduces what the demo holds about it; and
confirming it creates nothing new (everything is recognised)."""

from __future__ import annotations

import pytest

from trienkhai.accounts.models import User
from trienkhai.core.models import AuditEvent
from trienkhai.demo.intake import seed_path
from trienkhai.demo.meetings import DATE, PARTICIPANTS, RAISED
from trienkhai.documents.models import Document, DocumentLink
from trienkhai.intake.models import ImportedFact, ImportedReport, ImportProvenance
from trienkhai.intake.selectors import default_selections, highlight, report_findings
from trienkhai.intake.services import imported_report_confirm
from trienkhai.meetings.models import Meeting, Participant
from trienkhai.opinion.models import OpinionReport
from trienkhai.proposals.models import Proposal
from trienkhai.textmine.normalize import fold

pytestmark = pytest.mark.skipif(not seed_path().is_file(), reason="the seed file is not next to the project")

SEED_CODES = {
    "08-CTr/TU",
    "03-KH/TW",
    "21-KL/TW",
    "37-QĐ/TW",
    "01-KL/TW",
    "05-CT/TW",
    "35-NQ/TW",
    "0091-KH/TU",
}
RECORDS = (Document, DocumentLink, Meeting, Participant, Proposal, OpinionReport, ImportedFact)


def test_seed_findings_match_the_demo_and_confirming_creates_nothing(demo_2022, client):
    # The seed's session is of 2022: read on the demo as it stood before 1/7/2025, when the city
    # committee that imported it still existed and its two proposals were its own.
    report = ImportedReport.objects.get(unit__code="TU-PY")
    assert report.status == "draft"
    viewer = User.objects.get(username="thanhuy")
    f = report_findings(report=report, viewer=viewer)

    # Documents: exactly the registry's codes, each recognised.
    coded = [d for d in f.documents if not d.get("codeless")]
    assert {d["label"] for d in coded} == SEED_CODES
    assert all(d["state"] == "existing" for d in coded)
    # The resolutions it names without a code are offered for the registry (the demo has none).
    codeless = {d["label"]: d for d in f.documents if d.get("codeless")}
    assert "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng" in codeless
    assert all(d["fields"]["code"] == "" and d["fields"]["kind"] == "nghi_quyet" for d in codeless.values())
    # "Bản Chỉ đạo35" is flagged.
    assert "“Bản Chỉ đạo35” có lẽ viết sai, là “Ban Chỉ đạo 35”?" in f.notes
    registry = {d.code for d in Document.objects.exclude(code="")}
    assert SEED_CODES <= registry
    assert {link["label"] for link in f.links} == {"03-KH/TW → 21-KL/TW", "01-KL/TW → 05-CT/TW"}
    assert all(link["state"] == "existing" for link in f.links)

    # The working session of 11/8/2022 with its people and positions.
    meeting = Meeting.objects.get(date=DATE, host__code="TU-PY")
    assert f.meeting["state"] == "existing" and f.meeting["meeting_id"] == meeting.pk
    assert f.meeting["fields"]["visiting"] == meeting.visiting_units.get().pk
    found = {p["fields"]["name"]: p for p in f.participants}
    assert set(found) == {name for name, *_ in PARTICIPANTS}
    for name, position, _code, side, _role in PARTICIPANTS:
        p = found[name]
        assert p["state"] == "existing" and p["fields"]["side"] == side
        if p["fields"]["position"]:  # each title the article gives is in the recorded position
            recorded = fold(position)
            assert any(fold(t.strip()) in recorded for t in p["fields"]["position"].split(",")), name
    assert found["Lại Xuân Môn"]["recorded_position"]  # no title in the article: shown from the minutes

    # The two proposals.
    assert len(f.proposals) == 2 and all(p["state"] == "existing" for p in f.proposals)
    demo_ids = set(Proposal.objects.filter(source_meeting_item__text__in=RAISED).values_list("pk", flat=True))
    assert {p["proposal_id"] for p in f.proposals} == demo_ids
    # Each shows both bodies the sentence writes to, though the record matched goes to one.
    both = ["Ban Tuyên giáo Trung ương", "Ban Tuyên giáo Tỉnh ủy Thái Nguyên"]
    assert all([a["name"] for a in p["addressees"]] == both for p in f.proposals)

    # The 100% statements: the 08-CTr/TU plan step and the 0091-KH/TU dissemination step, both counted 100%.
    cov = {(c["existing"]["label"].split(" — ")[0], c["step_kind"]): c for c in f.coverage}
    assert len(cov) == 2 and all(c["state"] == "existing" and c["counted_pct"] == 100 for c in f.coverage)
    kinds = {c["step_kind"] for c in f.coverage}
    assert kinds == {"plan", "dissemination"}
    assert any("08-CTr/TU" in title for title, k in cov if k == "plan")
    assert any("0091-KH/TU" in title for title, k in cov if k == "dissemination")

    # "Phổ Yen" is shown with the suggested form.
    assert any(u["text"] == "Thành ủy Phổ Yen" and u["suggestion"] == "Thành ủy Phổ Yên" for u in f.units)
    assert "Thành ủy Phổ Yên" in str(highlight(f.text, f))

    # Confirming creates nothing new: one audit event, for the confirmation.
    before = [m.objects.count() for m in RECORDS]
    audit = AuditEvent.objects.count()
    chosen = default_selections(f)
    chosen["documents"] = [d for d in chosen["documents"] if d["code"]]  # the codeless ones: new
    result = imported_report_confirm(report=report, selections=chosen, acting_user=viewer)
    assert result["created"] == 0 and result["recognised"] > 0
    assert [m.objects.count() for m in RECORDS] == before
    assert AuditEvent.objects.count() == audit + 1
    assert not ImportProvenance.objects.filter(report=report, created_record=True).exists()

    # The review page shows it all, with the typo and the counted figures.
    client.force_login(viewer)
    page = client.get(f"/intake/{report.pk}/").content.decode()
    assert "Thành ủy Phổ Yen" in page and "có lẽ là" in page
    assert "Khớp với số liệu đếm được" in page
