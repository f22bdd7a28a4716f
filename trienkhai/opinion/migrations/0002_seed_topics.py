"""The managed list of opinion topics. New topics are added by later migrations
(or switched off with ``active``), never typed free-form into a report."""

from django.db import migrations

TOPICS = [
    ("gia-ca-xang-dau", "Giá cả – xăng dầu"),
    ("dich-benh", "Dịch bệnh (Covid-19 …)"),
    ("dich-benh-vat-nuoi", "Dịch bệnh vật nuôi"),
    ("viec-lam-lao-dong-kcn", "Việc làm – lao động khu công nghiệp"),
    ("lao-dong-nuoc-ngoai", "Lao động nước ngoài"),
    ("dat-dai-gpmb", "Đất đai – giải phóng mặt bằng"),
    ("moi-truong", "Môi trường"),
    ("an-ninh-trat-tu", "An ninh trật tự"),
    ("chinh-sach-phap-luat", "Chính sách – pháp luật"),
    ("thong-tin-sai-lech", "Thông tin sai lệch trên mạng"),
    ("chong-pha", "Âm mưu, thủ đoạn chống phá"),
    ("xay-dung-dang", "Công tác xây dựng Đảng, cán bộ"),
    ("y-te-giao-duc", "Y tế – giáo dục"),
    ("su-kien-doi-ngoai", "Sự kiện chính trị, đối ngoại"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("opinion", "Topic")
    for order, (slug, name) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(slug=slug, defaults={"name": name, "order": order * 10})


def unseed(apps, schema_editor):
    apps.get_model("opinion", "Topic").objects.filter(slug__in=[s for s, _ in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("opinion", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
