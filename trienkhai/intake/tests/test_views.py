"""The import screen: paste, upload each format, refusals, the review page, confirming."""

from __future__ import annotations

import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from trienkhai.intake.models import ImportedFact, ImportedReport, ImportProvenance
from trienkhai.intake.tests.conftest import REPORT

pytestmark = pytest.mark.django_db

SHORT = "Ngày 05/6/2023, Thị ủy ban hành Kế hoạch số 12-KH/TU về việc thực hiện Nghị quyết 45-NQ/TW."


def _upload(c, tree, name, data):
    return c.post("/intake/new/", {"unit": tree.city.pk, "title": "", "file": _file(name, data)})


def _file(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for para in text.split("\n"):
        d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf(text: str) -> bytes:
    """A one-page PDF with a real text layer, written by hand (ASCII text, Helvetica)."""
    stream = f"BT /F1 12 Tf 40 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_paste_then_review_shows_highlights_and_proposals(login, personas, tree, world):
    c = login(personas.own)
    r = c.post("/intake/new/", {"unit": tree.city.pk, "title": "Bản tin", "text": REPORT})
    report = ImportedReport.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/intake/{report.pk}/"
    page = c.get(r["Location"]).content.decode()
    assert '<mark class="hl hl-document"' in page and '<mark class="hl hl-person"' in page
    assert '<mark class="hl hl-coverage"' in page and '<mark class="hl hl-proposal"' in page
    assert "Trần Văn Bình" in page and "Phó Bí thư Thị ủy Bình Yên" in page
    assert "Chưa có trong sổ văn bản" in page  # 12-KH/TU is proposed for registration
    assert 'name="documents-0-selected"' in page


@pytest.mark.parametrize(
    "name,make",
    [
        ("bao-cao.txt", lambda: SHORT.encode("utf-8")),
        ("bao-cao.docx", lambda: _docx(SHORT)),
        ("bao-cao.html", lambda: f"<html><body><nav>Menu</nav><p>{SHORT}</p></body></html>".encode()),
        ("bao-cao.pdf", lambda: _pdf("Ke hoach so 12-KH/TU ve viec thuc hien Nghi quyet 45-NQ/TW.")),
    ],
)
def test_upload_each_format(login, personas, tree, name, make):
    c = login(personas.own)
    r = _upload(c, tree, name, make())
    assert r.status_code == 302, r.content.decode()[:2000]
    report = ImportedReport.objects.get()
    assert report.file_name == name and "12-KH/TU" in report.source_text
    page = c.get(r["Location"]).content.decode()
    assert re.search(r'<mark class="hl hl-document"[^>]*>12-KH/TU</mark>', page)


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("bao-cao.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "không phải tệp PDF"),
        ("bao-cao.docx", "Chỉ là chữ, không phải Word".encode(), "docx"),
        ("bao-cao.txt", b"%PDF-1.4 binary", "không phải văn bản thuần"),
        ("bao-cao.exe", b"MZ....", "Không đọc được loại tệp"),
        ("bao-cao.pdf", _pdf(""), ""),  # a PDF with no text layer (a scan)
    ],
)
def test_disguised_scanned_or_corrupt_files_are_refused_and_nothing_is_stored(
    login, personas, tree, name, data, message
):
    c = login(personas.own)
    r = _upload(c, tree, name, data)
    assert r.status_code == 400
    page = r.content.decode()
    assert 'class="errorlist"' in page and message in page
    assert not ImportedReport.objects.exists()


@override_settings(MAX_IMPORT_BYTES=1000)
def test_oversized_file_is_refused(login, personas, tree):
    c = login(personas.own)
    r = _upload(c, tree, "to.txt", b"a" * 5000)
    assert r.status_code == 400 and "quá lớn" in r.content.decode()
    assert not ImportedReport.objects.exists()


def test_user_text_is_escaped_in_the_highlighted_view(login, personas, tree, world):
    """A <script> in the pasted text is shown as text, never run; our marks still work."""
    evil = '<script>alert("x")</script> Kế hoạch số 12-KH/TU <img src=x onerror=alert(1)> "quoted" & more'
    c = login(personas.own)
    r = c.post("/intake/new/", {"unit": tree.city.pk, "title": "<b>t</b>", "text": evil})
    page = c.get(r["Location"]).content.decode()
    source = page.split('id="source">', 1)[1].split("</div>", 1)[0]
    assert "<script>" not in page.replace('<script src="', "").split("</head>", 1)[1]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in source
    assert "&lt;img src=x onerror=alert(1)&gt;" in source and "<img" not in source
    assert re.search(r'<mark class="hl hl-document"[^>]*>12-KH/TU</mark>', source)
    assert "<b>t</b>" not in page


def test_review_is_scoped(login, personas, report):
    assert login(personas.sibling).get(f"/intake/{report.pk}/").status_code == 404
    assert login(personas.other).get(f"/intake/{report.pk}/").status_code == 404
    assert login(personas.parent).get(f"/intake/{report.pk}/").status_code == 200
    # a viewer reads the report but cannot confirm it: the role is refused (403), not the address
    assert login(personas.parent).post(f"/intake/{report.pk}/", {}).status_code == 403
    assert report.title not in login(personas.sibling).get("/intake/").content.decode()


def _form_data(response) -> dict:
    """What the browser would post back without changes: every formset's initial values."""
    data: dict = {}
    ctx = response.context
    forms = [f for fs in ctx["formsets"].values() for f in fs.forms]
    for fs in ctx["formsets"].values():
        for field in fs.management_form:
            data[field.html_name] = field.value()
    for single in ("meeting_form", "opinion_form"):
        if ctx.get(single) is not None:
            forms.append(ctx[single])
    for form in forms:
        for field in form:
            value = field.value()
            if field.name == "selected":
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    return data


def test_confirm_from_the_page_then_again(login, personas, report):
    c = login(personas.own)
    page = c.get(f"/intake/{report.pk}/")
    data = _form_data(page)
    r = c.post(f"/intake/{report.pk}/", data)
    assert r.status_code == 302
    done = c.get(f"/intake/{report.pk}/").content.decode()
    assert "tạo mới 6 bản ghi" in done and 'id="provenance"' in done and 'id="facts"' in done
    n = ImportProvenance.objects.count()
    r = c.post(f"/intake/{report.pk}/", _form_data(c.get(f"/intake/{report.pk}/")))
    assert r.status_code == 302 and ImportProvenance.objects.count() == n
    assert ImportedFact.objects.count() == 1


def test_a_failed_item_is_named_and_marked(login, personas, report, tree):
    c = login(personas.own)
    data = _form_data(c.get(f"/intake/{report.pk}/"))
    data["proposals-0-addressee"] = tree.ward.pk  # offered, but below the sender
    r = c.post(f"/intake/{report.pk}/", data)
    page = r.content.decode()
    assert r.status_code == 400 and "Chưa có bản ghi nào được tạo" in page
    assert 'class="item state-new failed"' in page
    assert not ImportProvenance.objects.exists()


def test_review_shows_topics_moods_and_what_is_kept_apart(login, personas, opinion_report):
    """GIVEN the opinion report WHEN its review page is opened THEN each concern has a topic
    select of the managed topics with the proposed one chosen and a mood select; the general
    mood is offered; the difficulty and the committee's work stand in their own section."""
    page = login(personas.own).get(f"/intake/{opinion_report.pk}/").content.decode()
    assert 'id="g-kept"' in page and "Khó khăn, bài học — không phải dư luận" in page
    kept = page.split('id="kept-apart"', 1)[1].split("</ul>", 1)[0]
    assert "Kinh phí cho hoạt động tuyên truyền còn hạn chế" in kept and "đã chỉ đạo" in kept
    assert "Khó khăn, vướng mắc" in kept  # the section it stands in
    concerns = page.split('id="g-concerns"', 1)[1].split('id="g-kept"', 1)[0]
    assert "Kinh phí" not in concerns
    assert re.search(
        r'<select name="concerns-0-topics"[^>]*multiple[^>]*>.*?<option value="gia-ca-xang-dau" selected>',
        page,
        re.S,
    )
    assert '<option value="dich-benh-vat-nuoi" selected>' in page
    assert re.search(r'<select name="concerns-0-mood"[^>]*>.*?<option value="lo_lang" selected>', page, re.S)
    assert re.search(r'<select name="opinion-mood"[^>]*>.*?<option value="dong_thuan" selected>', page, re.S)
    assert "theo “giá xăng dầu”" in page and '<mark class="hl hl-kept"' in page


def test_confirm_from_the_page_records_the_reviewers_topic_and_mood(login, personas, opinion_report):
    from trienkhai.opinion.models import OpinionReport

    c = login(personas.own)
    data = _form_data(c.get(f"/intake/{opinion_report.pk}/"))
    data["concerns-1-topics"] = ["moi-truong", "dich-benh-vat-nuoi"]
    data["concerns-1-mood"] = "buc_xuc"
    data["opinion-mood"] = "quan_tam"
    r = c.post(f"/intake/{opinion_report.pk}/", data)
    assert r.status_code == 302
    rep = OpinionReport.objects.get()
    assert rep.mood == "quan_tam"
    assert [(t.topic.slug, t.mood) for t in rep.topics.all()] == [
        ("gia-ca-xang-dau", "lo_lang"),
        ("dich-benh-vat-nuoi", "buc_xuc"),
        ("moi-truong", "buc_xuc"),
    ]
    assert [i.topic.slug for i in rep.issues.order_by("pk")] == ["gia-ca-xang-dau", "moi-truong"]


def test_review_in_english(login, personas, opinion_report):
    c = login(personas.own)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = c.get(f"/intake/{opinion_report.pk}/").content.decode()
    assert "Difficulties and lessons — not public opinion" in page
    assert "Proposed: topic" in page


def test_review_page_lists_every_figure_with_what_it_counts_and_where_it_goes(
    login, personas, figures_report
):
    """GIVEN the ward's report WHEN the review page is opened THEN the figures panel has one
    row per figure read, "12 nhóm Zalo" with its label, the growth rate as not used, and the
    conference record's attendance fields hold 43 and 45 for the reviewer to correct."""
    from trienkhai.intake.selectors import report_findings

    page = login(personas.child).get(f"/intake/{figures_report.pk}/").content.decode()
    assert 'id="g-figures"' in page and "Số liệu đọc được" in page
    panel = page.split('id="figures"', 1)[1].split("</table>", 1)[0]
    ex = report_findings(report=figures_report, viewer=personas.child).extraction
    assert panel.count('<tr class="figure ') == len(ex.percents) + len(ex.counts)
    row = re.search(
        r'<tr class="figure used"[^>]*>\s*<td><a[^>]*>12 nhóm Zalo</a></td>\s*<td>nhóm Zalo', panel
    )
    assert row is not None
    assert re.search(r'<tr class="figure unused"[^>]*>\s*<td><a[^>]*>7,5%</a>.*?không dùng', panel, re.S)
    assert re.search(r'name="records-0-members_present" value="43"', page)
    assert re.search(r'name="records-0-members_on_roll" value="45"', page)
    assert '<mark class="hl hl-figure" id="f-figure:' in page


def test_confirm_from_the_page_writes_the_corrected_attendance(login, personas, figures_report, ward_world):
    from trienkhai.rollout.models import StepRecord

    c = login(personas.child)
    data = _form_data(c.get(f"/intake/{figures_report.pk}/"))
    data["records-0-members_present"] = 42
    r = c.post(f"/intake/{figures_report.pk}/", data)
    assert r.status_code == 302
    rec = StepRecord.objects.get(step=ward_world.conference)
    assert (rec.members_present, rec.members_on_roll) == (42, 45)
    done = c.get(f"/intake/{figures_report.pk}/").content.decode()
    url = reverse("rollout:record", args=[ward_world.conference.pk, figures_report.unit_id])
    assert f'href="{url}"' in done  # the provenance links to the ward's record


def test_the_figures_panel_in_english(login, personas, figures_report):
    c = login(personas.child)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = c.get(f"/intake/{figures_report.pk}/").content.decode()
    assert "Figures read" in page and "Zalo groups" in page and "not used" in page
    assert "→ conference: members present / on the roll" in page


def test_every_addressee_of_a_proposal_is_shown(login, ward_report):
    page = login(ward_report.user).get(f"/intake/{ward_report.report.pk}/").content.decode()
    [item] = [li for li in page.split(' class="item')[1:] if "<b>Mở lớp tập huấn" in li]
    [shown] = re.findall(r'<div class="addressees">(.*?)</div>', item, re.S)
    assert (
        "<b data-unit" in shown
        and ">Thành ủy Phổ Yên<" in shown
        and ">Ban Tuyên giáo Thành ủy Phổ Yên<" in shown
    )


def test_an_unticked_item_shows_why(login, ward_report):
    page = login(ward_report.user).get(f"/intake/{ward_report.report.pk}/").content.decode()
    assert 'class="note refused">Bạn không có quyền tạo mục này:' in page
    assert re.search(r'name="documents-0-selected"[^>]*>', page)
    assert not re.search(r'name="documents-0-selected"[^>]*checked', page)


def test_a_refused_confirmation_keeps_every_correction(login, ward_report, ward_and_city_viewer):
    """GIVEN the reviewer edits a proposal and the meeting's title, and ticks 57-NQ/TW into the
    city's registry, which their role may read but not write
    WHEN they confirm THEN the page comes back (400) naming the item, with every edit and tick
    as they left them, and nothing is created."""
    c = login(ward_and_city_viewer)
    url = f"/intake/{ward_report.report.pk}/"
    data = _form_data(c.get(url))
    [doc] = [k[: -len("-code")] for k, v in data.items() if k.endswith("-code") and v == "57-NQ/TW"]
    data[f"{doc}-selected"] = "on"
    data[f"{doc}-issuing_unit"] = ward_report.city.pk
    data[f"{doc}-title"] = "Nghị quyết về đột phá khoa học, công nghệ (sửa tay)"
    data["meeting-title"] = "Hội nghị quán triệt của phường (sửa tay)"
    data["proposals-0-content"] = "Hỗ trợ kinh phí mua máy chiếu cho chi bộ (sửa tay)."
    r = c.post(url, data)
    page = r.content.decode()
    assert r.status_code == 400
    assert "Mục “57-NQ/TW”" in page and "Chưa có bản ghi nào được tạo" in page
    assert 'class="errorlist failed-reason"' in page
    assert "Nghị quyết về đột phá khoa học, công nghệ (sửa tay)" in page
    assert "Hội nghị quán triệt của phường (sửa tay)" in page
    assert "Hỗ trợ kinh phí mua máy chiếu cho chi bộ (sửa tay)." in page
    assert re.search(rf'name="{doc}-selected"[^>]*checked', page)
    assert not ImportProvenance.objects.exists()


def test_the_records_made_are_named_only_to_whoever_may_read_them(login, personas, tree):
    """GIVEN a ward's report whose request the city's editor sent from the city itself (the ward
    cannot read the city's outbox) WHEN the ward's editor opens the report THEN its provenance
    lists the record by kind and number, with neither its title nor a link; the city's editor
    sees both. (The page used to read each record by model name, whatever the viewer's scope.)"""
    from trienkhai.intake.selectors import report_findings
    from trienkhai.intake.services import imported_report_confirm, imported_report_create
    from trienkhai.proposals.models import Proposal

    text = "Ngày 10/4/2023, Đảng ủy phường Cẩm Thủy đề nghị Thị ủy Bình Yên hỗ trợ kinh phí in tài liệu.\n"
    report = imported_report_create(unit=tree.ward, text=text, acting_user=personas.own)
    [item] = report_findings(report=report, viewer=personas.own).proposals
    title = "Kinh phí in tài liệu cho các chi bộ (Thị ủy gửi)"
    row = {
        "key": item["key"],
        **item["fields"],
        "content": title,
        "sender": tree.city.pk,
        "addressee": tree.prov.pk,
    }
    imported_report_confirm(report=report, selections={"proposals": [row]}, acting_user=personas.own)
    p = Proposal.objects.get()
    link = f'href="{reverse("proposals:detail", args=[p.pk])}"'
    mine = login(personas.own).get(f"/intake/{report.pk}/").content.decode()
    assert title in mine and link in mine
    theirs = login(personas.child).get(f"/intake/{report.pk}/").content.decode()
    provenance = theirs.split('id="provenance"', 1)[1].split("</section>", 1)[0]
    assert f"proposals.proposal #{p.pk}" in provenance
    assert title not in theirs and link not in theirs
