from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    CONFIRMED = "confirmed", _("Đã xác nhận")


class Finding(models.TextChoices):
    """What the reviewer can turn into records; also the colour of each highlight."""

    DOCUMENT = "document", _("Văn bản")
    LINK = "link", _("Liên kết văn bản")
    MEETING = "meeting", _("Buổi làm việc")
    PERSON = "person", _("Người, chức vụ")
    UNIT = "unit", _("Đơn vị")
    COVERAGE = "coverage", _("Tỷ lệ thực hiện")
    STEP_RECORD = "step_record", _("Kết quả thực hiện của đơn vị")
    FIGURE = "figure", _("Số liệu")
    PROPOSAL = "proposal", _("Kiến nghị, đề xuất")
    CONCERN = "concern", _("Dư luận, vấn đề bức xúc")
    DATE = "date", _("Ngày tháng")


class MatchState(models.TextChoices):
    EXISTING = "existing", _("Đã có trong hệ thống")
    NEW = "new", _("Đề xuất tạo mới")
    UNMATCHED = "unmatched", _("Không đối chiếu được")


class KeptApart(models.TextChoices):
    """Why a sentence with worried words is not proposed as public opinion."""

    DIFFICULTY = "difficulty", _("Khó khăn, vướng mắc, hạn chế trong công tác")
    LESSON = "lesson", _("Bài học kinh nghiệm")
    OWN_WORK = "own_work", _("Việc cấp ủy, chính quyền đã làm")


class FigureKind(models.TextChoices):
    """What a figure of a report counts (``intake.figures``); the label is the panel's
    "what it counts" column."""

    ATTENDANCE = "attendance", _("đảng viên dự / tổng số")
    ATTENDANCE_RATE = "attendance_rate", _("tỷ lệ đảng viên dự")
    MASSES = "masses", _("lượt quần chúng")
    REACH = "reach", _("lượt người được tuyên truyền")
    ZALO_GROUPS = "zalo_groups", _("nhóm Zalo")
    FACEBOOK_GROUPS = "facebook_groups", _("nhóm, trang Facebook")
    MATERIALS = "materials", _("cuốn tài liệu")
    LEAFLETS = "leaflets", _("tờ rơi, tờ gấp")
    NEWS = "news", _("tin, bài")
    POSTERS = "posters", _("pano, áp phích, băng rôn")
    COVERAGE = "coverage", _("tỷ lệ đơn vị hoàn thành")
    MEETINGS = "meetings", _("số hội nghị, buổi, lớp")
    UNITS = "units", _("số đơn vị, tổ chức")
    PEOPLE = "people", _("số người")
    SHARE = "share", _("tỷ lệ khác")
    OTHER = "other", _("số lượng khác")
