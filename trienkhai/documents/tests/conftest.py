import datetime as dt
from types import SimpleNamespace

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.choices import LinkKind
from trienkhai.documents.services import document_link, document_register


@pytest.fixture
def docs(tree):
    r = document_register
    nq = r(
        issuing_unit=tree.root,
        code="35-NQ/TW",
        issued_on=dt.date(2018, 10, 22),
        term="khóa XII",
        title="Nghị quyết về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
        acting_user=SYSTEM,
    )
    kh = r(
        issuing_unit=tree.city,
        code="0091- KH/TU",
        issued_on=dt.date(2019, 3, 1),
        title="Kế hoạch thực hiện Nghị quyết 35",
        acting_user=SYSTEM,
    )
    ward_plan = r(
        issuing_unit=tree.ward,
        code="12-KH/ĐU",
        issued_on=dt.date(2019, 4, 1),
        title="Kế hoạch của Đảng ủy phường thực hiện kế hoạch của Thị ủy",
        acting_user=SYSTEM,
    )
    sib = r(
        issuing_unit=tree.sibling,
        code="07-KH/TU",
        issued_on=dt.date(2019, 5, 1),
        title="Kế hoạch riêng của Thành ủy Đông Sơn",
        acting_user=SYSTEM,
    )
    document_link(source=kh, target=nq, kind=LinkKind.IMPLEMENTS, acting_user=SYSTEM)
    document_link(source=ward_plan, target=kh, kind=LinkKind.IMPLEMENTS, acting_user=SYSTEM)
    return SimpleNamespace(nq=nq, kh=kh, ward_plan=ward_plan, sib=sib)
