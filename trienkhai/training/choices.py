from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCategory(models.TextChoices):
    """What a tracked person does in propaganda work; also a course's audience."""

    LEADER = "lanh_dao", _("Cán bộ lãnh đạo, quản lý")
    PROPAGANDA = "tuyen_giao", _("Cán bộ làm công tác tuyên giáo")
    GRASSROOTS = "tuyen_giao_co_so", _("Cán bộ tuyên giáo cơ sở")
    BCD35 = "bcd35", _("Thành viên Ban Chỉ đạo 35")
    SECRETARIAT = "to_thu_ky", _("Thành viên Tổ thư ký giúp việc")
    COLLABORATOR = "cong_tac_vien", _("Cộng tác viên dư luận xã hội")
    REPORTER = "bao_cao_vien", _("Báo cáo viên")
    ORAL = "tuyen_truyen_mieng", _("Tuyên truyền viên miệng")


class CourseForm(models.TextChoices):
    IN_PERSON = "truc_tiep", _("Trực tiếp")
    ONLINE = "truc_tuyen", _("Trực tuyến")
    HYBRID = "ket_hop", _("Kết hợp trực tiếp và trực tuyến")


class EnrolmentStatus(models.TextChoices):
    NOMINATED = "nominated", _("Đã cử đi học")
    COMPLETED = "completed", _("Hoàn thành")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành")
