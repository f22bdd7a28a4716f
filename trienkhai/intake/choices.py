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
