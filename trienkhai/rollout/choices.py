from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    STUDY = "hoc_tap", _("Nghiên cứu, học tập, quán triệt")
    PROPAGANDA = "tuyen_truyen", _("Tuyên truyền")
    IMPLEMENT = "trien_khai", _("Triển khai thực hiện")
    THEMATIC = "chuyen_de", _("Học tập chuyên đề")


class Recurrence(models.TextChoices):
    NONE = "none", _("Một lần")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")


class RolloutStatus(models.TextChoices):
    ACTIVE = "active", _("Đang triển khai")
    CLOSED = "closed", _("Đã kết thúc")


class StepKind(models.TextChoices):
    PLAN = "plan", _("Xây dựng kế hoạch, chương trình hành động")
    CONFERENCE = "conference", _("Tổ chức hội nghị nghiên cứu, học tập, quán triệt")
    DISSEMINATION = "dissemination", _("Tuyên truyền đến đảng viên và nhân dân")
    REVIEW = "review", _("Kiểm điểm tự phê bình và phê bình")
    REPORT = "report", _("Báo cáo kết quả")
    CUSTOM = "custom", _("Yêu cầu khác")


class ConferenceForm(models.TextChoices):
    IN_PERSON = "truc_tiep", _("Trực tiếp")
    ONLINE = "truc_tuyen", _("Trực tuyến")
    HYBRID = "ket_hop", _("Kết hợp trực tiếp và trực tuyến")


class Platform(models.TextChoices):
    NONE = "", _("Không dùng")
    ZOOM = "zoom", _("Zoom")
    TEAMS = "teams", _("Microsoft Teams")
    OTHER = "other", _("Nền tảng khác")


class Channel(models.TextChoices):
    PRINT = "in_phat", _("In và phát tài liệu")
    ZALO = "zalo", _("Zalo")
    FACEBOOK = "facebook", _("Facebook")
    WEBSITE = "trang_tin", _("Trang thông tin điện tử")
    LOUDSPEAKER = "loa", _("Loa truyền thanh")
    INTEGRATED = "long_ghep", _("Lồng ghép tại hội nghị chuyên môn")
    SELF_STUDY = "tu_hoc", _("Tự học, tự nghiên cứu qua tài liệu")
