"""The documents the seed names, with the links it states."""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents import services
from trienkhai.documents.choices import DocKind, LinkKind
from trienkhai.documents.models import Document
from trienkhai.orgs.models import Unit


def load(units: dict[str, Unit]) -> dict[str, Document]:
    if Document.objects.filter(code="08-CTr/TU").exists():
        return {d.code or "DH-XIII": d for d in Document.objects.all()}
    tw, py = units["TW"], units["TU-PY"]
    r = services.document_register
    docs: dict[str, Document] = {}
    docs["DH-XIII"] = r(
        issuing_unit=tw,
        title="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        kind=DocKind.NGHI_QUYET,
        issued_on=dt.date(2021, 2, 1),
        term="khóa XIII",
        acting_user=SYSTEM,
    )
    docs["08-CTr/TU"] = r(
        issuing_unit=py,
        code="08-CTr/TU",
        issued_on=dt.date(2021, 8, 9),
        term="2020-2025",
        title="Chương trình hành động của Ban Chấp hành Đảng bộ thị xã thực hiện Nghị quyết Đại hội đại biểu "
        "toàn quốc lần thứ XIII của Đảng",
        summary="Ban Thường vụ Thị ủy (nay là Thành ủy) ban hành; các địa phương, đơn vị cụ thể hóa thành "
        "chương trình, đề án, kế hoạch phát triển kinh tế - xã hội.",
        acting_user=SYSTEM,
    )
    docs["21-KL/TW"] = r(
        issuing_unit=tw,
        code="21-KL/TW",
        issued_on=dt.date(2021, 10, 25),
        term="khóa XIII",
        title="Kết luận Hội nghị Trung ương 4 khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và "
        "hệ thống chính trị",
        acting_user=SYSTEM,
    )
    docs["03-KH/TW"] = r(
        issuing_unit=tw,
        code="03-KH/TW",
        term="khóa XIII",
        title="Kế hoạch thực hiện Kết luận 21-KL/TW về xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
        acting_user=SYSTEM,
    )
    docs["37-QĐ/TW"] = r(
        issuing_unit=tw,
        code="Quy định số 37-QĐ/TW",
        issued_on=dt.date(2021, 10, 25),
        term="khóa XIII",
        title="Quy định về những điều đảng viên không được làm",
        acting_user=SYSTEM,
    )
    docs["05-CT/TW"] = r(
        issuing_unit=tw,
        code="05-CT/TW",
        issued_on=dt.date(2016, 5, 15),
        term="khóa XII",
        title="Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        acting_user=SYSTEM,
    )
    docs["01-KL/TW"] = r(
        issuing_unit=tw,
        code="01-KL/TW",
        issued_on=dt.date(2021, 5, 18),
        term="khóa XIII",
        title="Kết luận về tiếp tục thực hiện Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư "
        "tưởng, đạo đức, phong cách Hồ Chí Minh",
        acting_user=SYSTEM,
    )
    docs["35-NQ/TW"] = r(
        issuing_unit=tw,
        code="35-NQ/TW",
        issued_on=dt.date(2018, 10, 22),
        term="khóa XII",
        title="Nghị quyết của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu "
        "tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới",
        acting_user=SYSTEM,
    )
    # Written with the stray space the seed has ("0091- KH/TU"): the registry keeps it raw and normalised.
    docs["0091-KH/TU"] = r(
        issuing_unit=py,
        code="0091- KH/TU",
        term="2020-2025",
        title="Kế hoạch thực hiện Nghị quyết 35-NQ/TW của Bộ Chính trị",
        acting_user=SYSTEM,
    )
    link = services.document_link
    link(source=docs["08-CTr/TU"], target=docs["DH-XIII"], kind=LinkKind.IMPLEMENTS, acting_user=SYSTEM)
    link(source=docs["03-KH/TW"], target=docs["21-KL/TW"], kind=LinkKind.IMPLEMENTS, acting_user=SYSTEM)
    link(source=docs["01-KL/TW"], target=docs["05-CT/TW"], kind=LinkKind.CONTINUES, acting_user=SYSTEM)
    link(source=docs["0091-KH/TU"], target=docs["35-NQ/TW"], kind=LinkKind.IMPLEMENTS, acting_user=SYSTEM)
    return docs
