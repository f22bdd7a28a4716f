"""Organisation tree for the demo. Names of real bodies, wards and communes are facts;
chi bộ and member counts are illustrative and flagged as such."""

from __future__ import annotations

import datetime as dt
import hashlib

from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs import services
from trienkhai.orgs.choices import UnitKind as K
from trienkhai.orgs.models import Unit

WARDS = [
    "Ba Hàng",
    "Bãi Bông",
    "Bắc Sơn",
    "Đắc Sơn",
    "Đông Cao",
    "Đồng Tiến",
    "Hồng Tiến",
    "Nam Tiến",
    "Tân Hương",
    "Tân Phú",
    "Thuận Thành",
    "Tiên Phong",
    "Trung Thành",
]
COMMUNES = ["Minh Đức", "Phúc Tân", "Phúc Thuận", "Thành Công", "Vạn Phái"]
MASS_ORGS = [
    "Hội Liên hiệp Phụ nữ thành phố Phổ Yên",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Phổ Yên",
    "Hội Cựu chiến binh thành phố Phổ Yên",
    "Hội Nông dân thành phố Phổ Yên",
    "Liên đoàn Lao động thành phố Phổ Yên",
]
CELLS_PER_UNIT = 3


def _illustrative_count(name: str, low: int, high: int) -> int:
    digest = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    return low + digest % (high - low + 1)


def load() -> dict[str, Unit]:
    existing = Unit.objects.filter(code="TW").first()
    if existing is not None:
        return {u.code: u for u in Unit.objects.exclude(code=None)}
    c = services.unit_create
    tw = c(
        parent=None,
        name="Ban Chấp hành Trung ương Đảng",
        kind=K.CENTRAL_COMMITTEE,
        code="TW",
        acting_user=SYSTEM,
    )
    btgtw = c(
        parent=tw, name="Ban Tuyên giáo Trung ương", kind=K.CENTRAL_BOARD, code="BTGTW", acting_user=SYSTEM
    )
    bdvtw = c(
        parent=tw, name="Ban Dân vận Trung ương", kind=K.CENTRAL_BOARD, code="BDVTW", acting_user=SYSTEM
    )
    bcd35tw = c(
        parent=tw,
        name="Ban Chỉ đạo 35 Trung ương",
        kind=K.STEERING_COMMITTEE,
        code="BCD35TW",
        acting_user=SYSTEM,
    )
    tn = c(
        parent=tw, name="Tỉnh ủy Thái Nguyên", kind=K.PROVINCIAL_COMMITTEE, code="TU-TN", acting_user=SYSTEM
    )
    bk = c(parent=tw, name="Tỉnh ủy Bắc Kạn", kind=K.PROVINCIAL_COMMITTEE, code="TU-BK", acting_user=SYSTEM)
    btgtn = c(
        parent=tn,
        name="Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
        kind=K.PARTY_BOARD,
        code="BTGTU-TN",
        acting_user=SYSTEM,
    )
    py = c(
        parent=tn,
        name="Thị ủy Phổ Yên",
        kind=K.TOWN_COMMITTEE,
        code="TU-PY",
        valid_from=dt.date(2015, 5, 15),
        note="Phổ Yên trở thành thị xã từ 15/5/2015.",
        acting_user=SYSTEM,
    )
    btgpy = c(
        parent=py,
        name="Ban Tuyên giáo Thị ủy Phổ Yên",
        kind=K.PARTY_BOARD,
        code="BTGTU-PY",
        valid_from=dt.date(2015, 5, 15),
        acting_user=SYSTEM,
    )
    # 10/4/2022: the town became a city of the province (the seed: "thị xã (nay là thành phố)").
    basis = "Thị xã Phổ Yên trở thành thành phố trực thuộc tỉnh Thái Nguyên"
    services.unit_rename(
        unit=py,
        new_name="Thành ủy Phổ Yên",
        new_kind=K.CITY_COMMITTEE,
        date=dt.date(2022, 4, 10),
        basis=basis,
        acting_user=SYSTEM,
    )
    services.unit_rename(
        unit=btgpy,
        new_name="Ban Tuyên giáo Thành ủy Phổ Yên",
        date=dt.date(2022, 4, 10),
        basis=basis,
        acting_user=SYSTEM,
    )
    py.refresh_from_db()
    c(
        parent=py,
        name="Ban Chỉ đạo 35 thành phố Phổ Yên",
        kind=K.STEERING_COMMITTEE,
        code="BCD35-PY",
        acting_user=SYSTEM,
    )
    c(
        parent=py,
        name="Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Phổ Yên",
        kind=K.FRONT,
        code="MTTQ-PY",
        acting_user=SYSTEM,
    )
    for name in MASS_ORGS:
        c(parent=py, name=name, kind=K.MASS_ORGANISATION, acting_user=SYSTEM)
    today = dt.date(2022, 6, 30)
    earlier = dt.date(2021, 12, 31)
    for i, (place, kind, prefix, cell) in enumerate(
        [(w, K.WARD_COMMITTEE, "Đảng ủy phường", "Tổ dân phố") for w in WARDS]
        + [(x, K.COMMUNE_COMMITTEE, "Đảng ủy xã", "Xóm") for x in COMMUNES],
        start=1,
    ):
        unit = c(
            parent=py,
            name=f"{prefix} {place}",
            kind=kind,
            # the call list needs a number for a ward that is behind itself; the number is made up
            contact=f"Văn phòng đảng ủy — điện thoại công vụ 0208 37{i:02d} 100 (minh họa)",
            acting_user=SYSTEM,
        )
        total = 0
        for n in range(1, CELLS_PER_UNIT + 1):
            cell_unit = c(
                parent=unit,
                name=f"Chi bộ {cell} số {n}",
                kind=K.PARTY_CELL,
                illustrative=True,
                contact=f"Bí thư chi bộ — điện thoại công vụ 0208 38{n:02d} {len(place):03d} (minh họa)",
                acting_user=SYSTEM,
            )
            members = _illustrative_count(f"{place}-{n}", 18, 65)
            services.member_count_set(
                unit=cell_unit, as_of=earlier, members=members - 2, note="minh họa", acting_user=SYSTEM
            )
            services.member_count_set(
                unit=cell_unit, as_of=today, members=members, note="minh họa", acting_user=SYSTEM
            )
            total += members
        services.member_count_set(
            unit=unit, as_of=today, members=total, note="minh họa: tổng các chi bộ demo", acting_user=SYSTEM
        )
    del bcd35tw, btgtn, btgtw, bdvtw, bk
    return {u.code: u for u in Unit.objects.exclude(code=None)}
