"""The issuing bodies every registry needs on day one (decision 0084). Existing documents keep their
issuer: they were all issued by their own registering unit, so their new fields stay empty."""

from django.db import migrations

BODIES = [
    # name, kind, suffixes of their codes
    ("Ban Chấp hành Trung ương Đảng", "central", "TW"),
    ("Bộ Chính trị", "central", "TW"),
    ("Ban Bí thư", "central", "TW"),
    ("Văn phòng Trung ương Đảng", "central", "VPTW"),
    ("Ban Tổ chức Trung ương", "central", "BTCTW"),
    ("Ban Tuyên giáo và Dân vận Trung ương", "central", "BTGDVTW"),
    ("Ủy ban Kiểm tra Trung ương", "central", "UBKTTW"),
    ("Quốc hội", "state", "QH"),
    ("Ủy ban Thường vụ Quốc hội", "state", "UBTVQH"),
    ("Chính phủ", "state", "CP"),
    ("Thủ tướng Chính phủ", "state", "TTg"),
    ("Hội đồng nhân dân tỉnh", "state", "HĐND"),
    ("Ủy ban nhân dân tỉnh", "state", "UBND"),
]


def seed(apps, schema_editor):
    IssuingBody = apps.get_model("documents", "IssuingBody")
    for order, (name, kind, suffixes) in enumerate(BODIES, start=1):
        IssuingBody.objects.get_or_create(
            name=name, defaults={"kind": kind, "code_suffixes": suffixes, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_issuing_bodies")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
