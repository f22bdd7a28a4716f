from django.db import models
from django.utils.translation import gettext_lazy as _


class DocKind(models.TextChoices):
    """The kind of a document, stored apart from its code: a "quy định" may be QĐ, QĐi or QyĐ."""

    NGHI_QUYET = "nghi_quyet", _("Nghị quyết")
    CHI_THI = "chi_thi", _("Chỉ thị")
    KET_LUAN = "ket_luan", _("Kết luận")
    QUYET_DINH = "quyet_dinh", _("Quyết định")
    QUY_DINH = "quy_dinh", _("Quy định")
    QUY_CHE = "quy_che", _("Quy chế")
    HUONG_DAN = "huong_dan", _("Hướng dẫn")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    CHUONG_TRINH = "chuong_trinh", _("Chương trình hành động")
    CONG_VAN = "cong_van", _("Công văn")
    THONG_BAO = "thong_bao", _("Thông báo")
    BAO_CAO = "bao_cao", _("Báo cáo")
    TO_TRINH = "to_trinh", _("Tờ trình")
    BIEN_BAN = "bien_ban", _("Biên bản")
    DE_AN = "de_an", _("Đề án")
    PHUONG_AN = "phuong_an", _("Phương án")
    NGHI_DINH = "nghi_dinh", _("Nghị định")
    THONG_TU = "thong_tu", _("Thông tư")
    KHAC = "khac", _("Khác")


class CodeSystem(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng")
    STATE = "state", _("Văn bản của Nhà nước")
    NONE = "none", _("Không có số hiệu")


class LinkKind(models.TextChoices):
    IMPLEMENTS = "implements", _("thực hiện")
    CONTINUES = "continues", _("tiếp tục thực hiện")
    SUPERSEDES = "supersedes", _("thay thế")
    AMENDS = "amends", _("sửa đổi, bổ sung")


class BodyKind(models.TextChoices):
    """Where an issuing body outside the registering unit's tree sits."""

    CENTRAL = "central", _("Cơ quan Trung ương Đảng")
    PROVINCE = "province", _("Cấp ủy cấp tỉnh")
    LOCAL = "local", _("Cấp ủy cơ sở, cấp xã")
    STATE = "state", _("Cơ quan nhà nước")
