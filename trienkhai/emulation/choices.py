from django.db import models
from django.utils.translation import gettext_lazy as _


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xét")
    APPROVED = "approved", _("Được khen thưởng")
    DECLINED = "declined", _("Không khen thưởng")


class WorkKind(models.TextChoices):
    STUDY = "hoc_tap_nghi_quyet", _("Học tập, quán triệt nghị quyết")
    PROPAGANDA = "tuyen_truyen", _("Tuyên truyền, phổ biến")
    INTEGRATED = "tuyen_truyen_long_ghep", _("Tuyên truyền lồng ghép")
    OPINION = "nam_du_luan", _("Nắm bắt tư tưởng, dư luận xã hội")
    CYBERSPACE = "khong_gian_mang", _("Đấu tranh trên không gian mạng")
    HO_CHI_MINH = "hoc_tap_lam_theo", _("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    PARTY_BUILDING = "xay_dung_dang", _("Xây dựng, chỉnh đốn Đảng")
    OTHER = "khac", _("Khác")
