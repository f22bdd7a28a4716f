"""1/7/2025: the district level ends. Thành ủy Phổ Yên is dissolved and its 18 ward and commune
committees are merged into five committees directly under Tỉnh ủy Thái Nguyên, in one
reorganisation plan applied through the same services a user's plan goes through (issue 15.5).

Facts: the date, the end of the district level, the basis (Nghị quyết 1683/NQ-UBTVQH15 of
16/6/2025 on the commune-level units of Thái Nguyên) and the five successor names (phường Phổ Yên,
Vạn Xuân, Trung Thành, Phúc Thuận, xã Thành Công). Illustrative: which old ward went into which
successor (the project could not confirm the composition from a public source it may quote), and
everything below the successors, as the chi bộ already are. The units say so in their note.

Runs after the 2022 sections, so what was still open in 2025 passes to the successors, as it
would for a user's plan; closed history stays with the old units and reads as of its dates.
"""

from __future__ import annotations

import datetime as dt

from trienkhai.accounts.models import User
from trienkhai.accounts.services import role_grant
from trienkhai.core.scoping import SYSTEM
from trienkhai.documents import services as documents
from trienkhai.documents.selectors import issuing_body_named
from trienkhai.orgs import plans, services
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import ReorgPlan, Unit

REFORM_DAY = dt.date(2025, 7, 1)
BASIS_CODE = "1683/NQ-UBTVQH15"
ILLUSTRATIVE = "Bản demo: tên các đơn vị mới theo Nghị quyết 1683/NQ-UBTVQH15; đơn vị cũ nào gộp vào đơn vị mới nào là minh họa."

# successor → (kind label as the plan sheet writes it, the old units merged into it: illustrative)
SUCCESSORS: dict[str, tuple[str, list[str]]] = {
    "Đảng ủy phường Phổ Yên": (
        "Đảng ủy phường",
        [
            "Đảng ủy phường Ba Hàng",
            "Đảng ủy phường Hồng Tiến",
            "Đảng ủy phường Bãi Bông",
            "Đảng ủy phường Đắc Sơn",
        ],
    ),
    "Đảng ủy phường Vạn Xuân": (
        "Đảng ủy phường",
        [
            "Đảng ủy phường Đồng Tiến",
            "Đảng ủy phường Tân Hương",
            "Đảng ủy phường Nam Tiến",
            "Đảng ủy phường Tiên Phong",
        ],
    ),
    "Đảng ủy phường Trung Thành": (
        "Đảng ủy phường",
        [
            "Đảng ủy phường Trung Thành",
            "Đảng ủy phường Thuận Thành",
            "Đảng ủy phường Đông Cao",
            "Đảng ủy phường Tân Phú",
        ],
    ),
    "Đảng ủy phường Phúc Thuận": (
        "Đảng ủy phường",
        ["Đảng ủy phường Bắc Sơn", "Đảng ủy xã Minh Đức", "Đảng ủy xã Phúc Thuận"],
    ),
    "Đảng ủy xã Thành Công": (
        "Đảng ủy xã",
        ["Đảng ủy xã Phúc Tân", "Đảng ủy xã Vạn Phái", "Đảng ủy xã Thành Công"],
    ),
}
# The city's other bodies: its propaganda board passes its open work to the province's; the
# front, the mass organisations and the steering committee of the city end with the city.
BOARD_TO_PROVINCE = ("BTGTU-PY", "BTGTU-TN")
ENDED_WITH_THE_CITY_CODES = ("BCD35-PY", "MTTQ-PY")


def plan_rows() -> list[dict[str, object]]:
    """The plan as a user would upload it: one row per unit that changes."""
    rows: list[dict[str, object]] = []
    for successor, (kind, sources) in SUCCESSORS.items():
        for source in sources:
            rows.append({"unit": source, "op": "gộp", "target": successor, "kind": kind, "parent": "TU-TN"})
    rows.append({"unit": BOARD_TO_PROVINCE[0], "op": "gộp", "target": BOARD_TO_PROVINCE[1]})
    rows += [{"unit": code, "op": "giải thể"} for code in ENDED_WITH_THE_CITY_CODES]
    city = Unit.objects.get(code="TU-PY")
    for mass in Unit.objects.filter(
        path__startswith=city.path, depth=city.depth + 1, kind=UnitKind.MASS_ORGANISATION
    ):
        rows.append({"unit": mass.name, "op": "giải thể"})
    rows.append({"unit": "TU-PY", "op": "giải thể", "target": "TU-TN"})
    return [dict(row, line=i) for i, row in enumerate(rows, start=2)]


def _central_and_provincial_mergers(units: dict[str, Unit]) -> None:
    """Facts: the two central boards merged in 2/2025, Bắc Kạn's committee passed to Thái Nguyên
    from 1/7/2025. The day in February is not in our sources: the 1st, and the note says so.
    After the 2022 sections, so what was still open at the old boards passes on."""
    merged_board = services.unit_create(
        parent=units["TW"],
        name="Ban Tuyên giáo và Dân vận Trung ương",
        kind=UnitKind.CENTRAL_BOARD,
        code="BTGDVTW",
        valid_from=dt.date(2025, 2, 1),
        note="Ngày cụ thể trong tháng 2/2025: minh họa.",
        acting_user=SYSTEM,
    )
    services.unit_merge(
        sources=[units["BTGTW"], units["BDVTW"]],
        target=merged_board,
        date=dt.date(2025, 2, 1),
        basis="Hợp nhất Ban Tuyên giáo Trung ương và Ban Dân vận Trung ương (2/2025)",
        acting_user=SYSTEM,
    )
    services.unit_merge(
        sources=[units["TU-BK"]],
        target=units["TU-TN"],
        date=REFORM_DAY,
        basis="Sắp xếp đơn vị hành chính cấp tỉnh từ 01/7/2025",
        acting_user=SYSTEM,
    )


def load(context: dict) -> None:
    if ReorgPlan.objects.filter(date=REFORM_DAY, status=ReorgPlan.Status.APPLIED).exists():
        return
    units = context["units"]
    province = units["TU-TN"]
    _central_and_provincial_mergers(units)
    basis = documents.document_register(
        issuing_unit=province,
        issuing_body=issuing_body_named("Ủy ban Thường vụ Quốc hội"),
        code=BASIS_CODE,
        issued_on=dt.date(2025, 6, 16),
        title="Nghị quyết về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Thái Nguyên năm 2025",
        acting_user=SYSTEM,
    )
    context["documents"][BASIS_CODE] = basis
    plan, checked = plans.plan_create(
        root=province,
        date=REFORM_DAY,
        rows=plan_rows(),
        basis="Kết thúc hoạt động cấp huyện; sắp xếp đơn vị hành chính cấp xã từ 01/7/2025",
        basis_document=basis,
        source=ILLUSTRATIVE,
        acting_user=SYSTEM,
    )
    if plan is None:  # the demo's own plan must be clean: say which row is not
        raise RuntimeError(f"demo reorganisation plan refused: {checked.conflicts}")
    # Roles are confirmed one by one below, not carried wholesale: the city office's users keep
    # their old role, which now reads only (decision 0075).
    plans.plan_apply(plan=plan, acting_user=SYSTEM, carry_roles=False)
    for name in SUCCESSORS:
        unit = Unit.objects.get(name=name, valid_to__isnull=True)
        cells = Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, valid_to__isnull=True)
        total = sum(
            (c.member_counts.order_by("-as_of").values_list("members", flat=True).first() or 0) for c in cells
        )
        services.member_count_set(
            unit=unit,
            as_of=REFORM_DAY,
            members=total,
            note="minh họa: tổng các chi bộ demo",
            acting_user=SYSTEM,
        )
    # The ward office's login follows its ward into the new phường Phổ Yên (confirmed here, as
    # the plan's preview asks a user to).
    ward_user = User.objects.filter(username="phuong").first()
    if ward_user is not None:
        role_grant(
            user=ward_user,
            unit=Unit.objects.get(name="Đảng ủy phường Phổ Yên", valid_to__isnull=True),
            role="editor",
            acting_user=SYSTEM,
        )
    context["units"] = {u.code: u for u in Unit.objects.exclude(code=None)}
