"""The 2022 emulation campaign on studying and following Hồ Chí Minh's thought, morality
and style (Kết luận 01-KL/TW continuing Chỉ thị 05-CT/TW, as the seed reports), two
nominations, and two good practices the seed mentions — files sent through Zalo and
"tuyên truyền lồng ghép tại các diễn đàn chuyên môn" — adopted by several units. The
nominees, decisions, descriptions and adoptions are illustrative and flagged."""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.models import Document
from trienkhai.documents.services import document_register
from trienkhai.emulation import services
from trienkhai.emulation.models import Campaign, Practice
from trienkhai.orgs.models import Unit
from trienkhai.training.models import Person

TITLE = "Phong trào thi đua học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2022"


def _child(py: Unit, name: str) -> Unit:
    return Unit.objects.get(path__startswith=py.path, depth=py.depth + 1, name=name)


def load(context: dict) -> None:
    if Campaign.objects.filter(title=TITLE).exists():
        return
    units = context["units"]
    py = units["TU-PY"]
    campaign = services.campaign_create(
        unit=py,
        title=TITLE,
        description="Gắn việc học tập chuyên đề năm 2022 theo Kết luận 01-KL/TW (tiếp tục thực hiện Chỉ thị "
        "05-CT/TW) với nhiệm vụ chính trị của từng cơ quan, đơn vị; biểu dương tập thể, cá nhân điển hình "
        "tiêu biểu trong học tập và làm theo.",
        criteria="Tổ chức học tập chuyên đề năm, hằng quý đúng kế hoạch, bảo đảm thời gian, chất lượng\n"
        "Đăng ký và thực hiện việc làm theo gắn với nhiệm vụ chính trị\n"
        "Có cách làm hay, sáng tạo được nhân rộng",
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 12, 31),
        illustrative=True,
        acting_user=SYSTEM,
    )
    ba_hang = _child(py, "Đảng ủy phường Ba Hàng")
    cell = (
        Unit.objects.filter(path__startswith=ba_hang.path, depth=ba_hang.depth + 1).order_by("path").first()
    )
    collective = services.nomination_create(
        campaign=campaign,
        unit=ba_hang,
        kind="collective",
        nominee_unit=cell,
        achievements="100% đảng viên tham gia học tập chuyên đề năm 2022; mỗi đảng viên đăng ký một việc làm "
        "theo gắn với công tác ở tổ dân phố (minh họa).",
        nominated_on=dt.date(2022, 11, 15),
        illustrative=True,
        acting_user=SYSTEM,
    )
    person = Person.objects.filter(full_name="Tạ Thị Hằng", illustrative=True).first()
    if person is not None:
        services.nomination_create(
            campaign=campaign,
            unit=person.unit,
            kind="individual",
            person=person,
            achievements="Chủ động nắm bắt, phản ánh kịp thời dư luận xã hội ở cơ sở; tích cực tuyên truyền "
            "chuyên đề năm đến hội viên, nhân dân (minh họa).",
            nominated_on=dt.date(2022, 11, 20),
            illustrative=True,
            acting_user=SYSTEM,
        )
    decision = Document.objects.filter(code="215-QĐ/TU", issuing_unit=py).first() or document_register(
        issuing_unit=py,
        code="215-QĐ/TU",
        issued_on=dt.date(2022, 12, 28),
        term="2020-2025",
        title="Quyết định khen thưởng tập thể, cá nhân điển hình tiêu biểu trong học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh năm 2022 (minh họa)",
        summary="Văn bản minh họa của bản demo, không phải văn bản thật.",
        acting_user=SYSTEM,
    )
    services.nomination_decide(
        nomination=collective, approve=True, on=dt.date(2022, 12, 28), document=decision, acting_user=SYSTEM
    )
    _practices(units, py)


def _practices(units: dict, py: Unit) -> None:
    if Practice.objects.filter(title__startswith="Học tập, quán triệt nghị quyết qua nhóm Zalo").exists():
        return
    dong_tien = _child(py, "Đảng ủy phường Đồng Tiến")
    zalo = services.practice_create(
        unit=dong_tien,
        title="Học tập, quán triệt nghị quyết qua nhóm Zalo của chi bộ",
        work_kind="hoc_tap_nghi_quyet",
        description="Mỗi chi bộ lập nhóm Zalo; trước buổi sinh hoạt, chi ủy gửi tệp tài liệu, tóm tắt và câu hỏi "
        "gợi ý; đảng viên đọc trước, thảo luận tại buổi sinh hoạt trực tiếp hoặc trực tuyến khi có dịch Covid-19.",
        results="Đảng viên đọc tài liệu trước buổi học; thời gian quán triệt rút ngắn, thảo luận sâu hơn "
        "(minh họa).",
        started_on=dt.date(2021, 8, 20),
        illustrative=True,
        acting_user=SYSTEM,
    )
    front = units["MTTQ-PY"]
    integrated = services.practice_create(
        unit=front,
        title="Tuyên truyền lồng ghép tại các diễn đàn chuyên môn",
        work_kind="tuyen_truyen_long_ghep",
        description="Lồng ghép nội dung nghị quyết vào các hội nghị, sinh hoạt chuyên môn của Mặt trận và các "
        "đoàn thể, kết hợp tự học, tự nghiên cứu qua tài liệu.",
        results="Nội dung nghị quyết đến đoàn viên, hội viên mà không phải tổ chức thêm hội nghị riêng (minh họa).",
        started_on=dt.date(2021, 9, 1),
        illustrative=True,
        acting_user=SYSTEM,
    )
    for practice, on in ((zalo, dt.date(2021, 12, 15)), (integrated, dt.date(2022, 3, 10))):
        services.practice_feature(
            practice=practice,
            by=py,
            on=on,
            note="Ban Thường vụ Thành ủy biểu dương, đề nghị nhân rộng (minh họa).",
            acting_user=SYSTEM,
        )
    for name, on in (
        ("Đảng ủy phường Ba Hàng", dt.date(2022, 1, 10)),
        ("Đảng ủy phường Bãi Bông", dt.date(2022, 1, 20)),
        ("Đảng ủy phường Tân Hương", dt.date(2022, 2, 15)),
        ("Đảng ủy xã Minh Đức", dt.date(2022, 3, 1)),
        ("Đảng ủy xã Vạn Phái", dt.date(2022, 4, 5)),
    ):
        services.adoption_record(
            practice=zalo,
            unit=_child(py, name),
            adopted_on=on,
            outcome="Các chi bộ lập nhóm Zalo; tỷ lệ đảng viên đọc tài liệu trước buổi học tăng (minh họa).",
            illustrative=True,
            acting_user=SYSTEM,
        )
    for name, on in (
        ("Hội Liên hiệp Phụ nữ thành phố Phổ Yên", dt.date(2022, 4, 1)),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Phổ Yên", dt.date(2022, 4, 12)),
        ("Hội Nông dân thành phố Phổ Yên", dt.date(2022, 5, 3)),
    ):
        services.adoption_record(
            practice=integrated,
            unit=_child(py, name),
            adopted_on=on,
            outcome="Lồng ghép nội dung vào sinh hoạt chi hội, chi đoàn (minh họa).",
            illustrative=True,
            acting_user=SYSTEM,
        )
