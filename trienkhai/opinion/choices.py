from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    QUICK = "quick", _("Báo cáo nhanh")


class Mood(models.TextChoices):
    """A fixed scale, from the best to the most troubled; the order matters for charts."""

    CONSENSUS = "dong_thuan", _("Đồng thuận, phấn khởi")
    STABLE = "on_dinh", _("Ổn định")
    CONCERNED = "quan_tam", _("Quan tâm, băn khoăn")
    WORRIED = "lo_lang", _("Lo lắng")
    AGGRIEVED = "buc_xuc", _("Bức xúc")


class Spread(models.TextChoices):
    FEW = "mot_so_noi", _("Một số nơi")
    MANY = "nhieu_noi", _("Nhiều nơi")
    WIDE = "dien_rong", _("Diện rộng")


class Trend(models.TextChoices):
    NEW = "moi", _("Mới xuất hiện")
    RISING = "tang", _("Tăng")
    STEADY = "on_dinh", _("Không đổi")
    FALLING = "giam", _("Giảm")


class Source(models.TextChoices):
    CONFERENCE = "hoi_nghi", _("Hội nghị, sinh hoạt")
    COLLABORATOR = "cong_tac_vien", _("Cộng tác viên dư luận xã hội")
    PRESS = "bao_chi", _("Báo chí")
    SOCIAL = "mang_xa_hoi", _("Mạng xã hội")
    OTHER = "khac", _("Nguồn khác")
