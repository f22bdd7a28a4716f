"""The seed's two proposals from Thành ủy Phổ Yên to Ban Tuyên giáo Trung ương (raised at
the 11/8/2022 session, sent from its minutes), acknowledged that day — "ghi nhận, tiếp thu
đầy đủ" — with the training proposal handed to the Ban Chỉ đạo 35 Trung ương. The answer
deadline and the hand-over date are illustrative; the timeline notes say so."""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.demo.meetings import DATE, ensure_meeting
from trienkhai.proposals import services

DUE = dt.date(2022, 11, 11)  # illustrative: three months


def load(context: dict) -> None:
    meeting = ensure_meeting(context)
    units = context["units"]
    for item in meeting.raised_proposals.order_by("order"):
        if hasattr(item, "proposal"):
            continue
        p = services.proposal_from_meeting_item(item=item, due_on=DUE, acting_user=SYSTEM)
        services.proposal_acknowledge(
            proposal=p,
            on=DATE,
            note="Lãnh đạo Ban Tuyên giáo Trung ương ghi nhận, tiếp thu đầy đủ và yêu cầu các vụ, đơn vị sớm có "
            "văn bản hướng dẫn cụ thể, giải quyết các vướng mắc của địa phương.",
            acting_user=SYSTEM,
        )
        if "Ban Chỉ đạo 35" in item.text:
            services.proposal_assign(
                proposal=p,
                department=units["BCD35TW"],
                on=dt.date(2022, 8, 15),
                note="Ngày giao và đơn vị được giao: minh họa.",
                acting_user=SYSTEM,
            )
