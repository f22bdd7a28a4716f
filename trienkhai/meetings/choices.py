from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    WORKING_SESSION = "lam_viec", _("Buổi làm việc")
    CONFERENCE = "hoi_nghi", _("Hội nghị")
    SEMINAR = "toa_dam", _("Tọa đàm, hội thảo")


class MeetingForm(models.TextChoices):
    IN_PERSON = "truc_tiep", _("Trực tiếp")
    ONLINE = "truc_tuyen", _("Trực tuyến")
    HYBRID = "ket_hop", _("Kết hợp trực tiếp và trực tuyến")


class ParticipantSide(models.TextChoices):
    HOST = "host", _("Đơn vị chủ nhà")
    VISITING = "visiting", _("Đoàn công tác")
    OTHER = "other", _("Khách mời")


class ParticipantRole(models.TextChoices):
    CHAIR = "chu_tri", _("Chủ trì")
    REPORTER = "bao_cao", _("Trình bày báo cáo")
    SPEAKER = "phat_bieu", _("Phát biểu, trao đổi")
    CONCLUDER = "ket_luan", _("Phát biểu kết luận")
    ATTENDEE = "du", _("Dự")
