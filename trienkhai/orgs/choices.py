from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CENTRAL_COMMITTEE = "trung_uong", _("Ban Chấp hành Trung ương")
    CENTRAL_BOARD = "ban_tw", _("Ban Đảng Trung ương")
    PROVINCIAL_COMMITTEE = "tinh_uy", _("Tỉnh ủy")
    CITY_COMMITTEE = "thanh_uy", _("Thành ủy")
    TOWN_COMMITTEE = "thi_uy", _("Thị ủy")
    DISTRICT_COMMITTEE = "huyen_uy", _("Huyện ủy")
    PARTY_BOARD = "ban_dang", _("Ban, cơ quan của cấp ủy")
    STEERING_COMMITTEE = "ban_chi_dao", _("Ban chỉ đạo")
    FRONT = "mttq", _("Ủy ban Mặt trận Tổ quốc")
    MASS_ORGANISATION = "doan_the", _("Đoàn thể chính trị - xã hội")
    WARD_COMMITTEE = "dang_uy_phuong", _("Đảng ủy phường")
    COMMUNE_COMMITTEE = "dang_uy_xa", _("Đảng ủy xã")
    GRASSROOTS_COMMITTEE = "dang_bo_co_so", _("Đảng bộ cơ sở")
    PARTY_CELL = "chi_bo", _("Chi bộ")
    AGENCY = "co_quan", _("Cơ quan, đơn vị")


class UnitEventKind(models.TextChoices):
    CREATED = "created", _("Thành lập")
    RENAMED = "renamed", _("Đổi tên")
    RECLASSIFIED = "reclassified", _("Nâng cấp, đổi loại hình")
    MOVED = "moved", _("Chuyển trực thuộc")
    MERGED_INTO = "merged_into", _("Hợp nhất, sáp nhập vào")
    SPLIT_FROM = "split_from", _("Chia tách từ")
    DISSOLVED = "dissolved", _("Giải thể, kết thúc hoạt động")
    REESTABLISHED = "reestablished", _("Tái lập")
