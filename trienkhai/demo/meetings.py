"""The seed's working session of 11/8/2022: Ban Tuyên giáo Trung ương with Thành ủy Phổ Yên.

People and positions are as the article gives them (officials in their public role that
day). Conclusions are the project's own summary of the concluding remarks; the dates by
which they are followed up are illustrative and the follow-ups say so.
"""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.meetings import services
from trienkhai.meetings.models import Meeting

DATE = dt.date(2022, 8, 11)
TITLE = "Đoàn công tác Ban Tuyên giáo Trung ương làm việc với Thành ủy Phổ Yên"

PARTICIPANTS = [
    # (name, position that day, unit code, side, role)
    ("Lại Xuân Môn", "Đoàn công tác Ban Tuyên giáo Trung ương", "BTGTW", "visiting", "ket_luan"),
    (
        "Trần Đoàn Hưng",
        "Phó Vụ trưởng, Phó Chánh văn phòng BCĐ 35 Trung ương",
        "BTGTW",
        "visiting",
        "phat_bieu",
    ),
    (
        "Vũ Huy Hoàng",
        "Ủy viên Ban Thường vụ, Trưởng ban Tuyên giáo Tỉnh ủy Thái Nguyên",
        "BTGTU-TN",
        "host",
        "du",
    ),
    (
        "Bùi Văn Lương",
        "Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Thành ủy, Chủ tịch UBND thành phố Phổ Yên",
        "TU-PY",
        "host",
        "chu_tri",
    ),
    ("Nguyễn Xuân Trường", "Phó Bí thư thường trực Thành ủy Phổ Yên", "TU-PY", "host", "bao_cao"),
]

SUMMARY = (
    "Thành ủy Phổ Yên báo cáo việc nghiên cứu, học tập, quán triệt và triển khai thực hiện Nghị quyết "
    "Đại hội XIII (100% chi bộ, đảng bộ trực thuộc xây dựng kế hoạch, tổ chức hội nghị), Kế hoạch 03-KH/TW "
    "thực hiện Kết luận 21-KL/TW, Quy định 37-QĐ/TW, Kết luận 01-KL/TW và Nghị quyết 35-NQ/TW cùng Kế hoạch "
    "0091-KH/TU; công tác nắm bắt tư tưởng, dư luận xã hội và bốn kinh nghiệm trong công tác xây dựng Đảng. "
    "Hình thức linh hoạt theo diễn biến dịch Covid-19: trực tiếp hoặc qua Zoom, Teams; in, phát tài liệu, "
    "gửi tệp qua Zalo, Facebook."
)

CONCLUSIONS = [
    (
        "Các vụ, đơn vị của Ban Tuyên giáo Trung ương sớm có văn bản hướng dẫn cụ thể, giải quyết các vướng "
        "mắc của địa phương theo kiến nghị của Thành ủy Phổ Yên.",
        "BTGTW",
        dt.date(2022, 12, 31),
        "Các vụ, đơn vị Ban Tuyên giáo Trung ương",
    ),
    (
        "Tiếp tục cụ thể hóa, đưa nghị quyết, chỉ thị, kết luận vào cuộc sống qua chương trình, kế hoạch, đề án "
        "phù hợp thực tế; tăng cường kiểm tra, giám sát, thông tin hai chiều.",
        "TU-PY",
        dt.date(2022, 12, 31),
        "Ban Thường vụ Thành ủy Phổ Yên",
    ),
]

RAISED = [
    "Tiếp tục mở các lớp tập huấn, bồi dưỡng cho thành viên Ban Chỉ đạo 35, thành viên Tổ Thư ký giúp việc "
    "và đội ngũ cộng tác viên Ban Chỉ đạo 35 cấp huyện.",
    "Có quy định hỗ trợ chế độ cho cán bộ làm công tác tuyên giáo ở cơ sở.",
]


def ensure_meeting(context: dict) -> Meeting:
    """The session and its minutes; created once (proposals.py needs it too)."""
    units, docs = context["units"], context["documents"]
    existing = Meeting.objects.filter(date=DATE, host=units["TU-PY"], title=TITLE).first()
    if existing is not None:
        return existing
    m = services.meeting_create(
        host=units["TU-PY"],
        title=TITLE,
        date=DATE,
        form="truc_tiep",
        kind="lam_viec",
        place="Thành phố Phổ Yên, tỉnh Thái Nguyên",
        visiting_units=[units["BTGTW"]],
        documents=[docs[c] for c in ("08-CTr/TU", "03-KH/TW", "01-KL/TW", "0091-KH/TU") if c in docs],
        summary=SUMMARY,
        acting_user=SYSTEM,
    )
    for name, position, code, side, role in PARTICIPANTS:
        services.participant_add(
            meeting=m,
            name=name,
            position=position,
            unit=units[code],
            side=side,
            role=role,
            acting_user=SYSTEM,
        )
    for text, code, due, _who in CONCLUSIONS:
        services.conclusion_add(meeting=m, text=text, unit=units[code], due_on=due, acting_user=SYSTEM)
    for text in RAISED:
        services.raised_proposal_add(
            meeting=m, text=text, sender=units["TU-PY"], addressee=units["BTGTW"], acting_user=SYSTEM
        )
    return m


def load(context: dict) -> None:
    m = ensure_meeting(context)
    accountable = {text: who for text, _c, _d, who in CONCLUSIONS}
    for conclusion in m.conclusions.all():
        if not conclusion.followups.exists():
            # The due date (31/12/2022) is the demo's, not the article's: flagged illustrative.
            services.conclusion_to_followup(
                conclusion=conclusion,
                accountable=accountable.get(conclusion.text, ""),
                illustrative=True,
                acting_user=SYSTEM,
            )
