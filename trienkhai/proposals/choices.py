from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.choices import UnitKind

# Staff bodies of a committee: a proposal may go to them as well as to the committee.
STAFF_KINDS = (UnitKind.CENTRAL_BOARD, UnitKind.PARTY_BOARD, UnitKind.STEERING_COMMITTEE)


class ProposalCategory(models.TextChoices):
    TRAINING = "dao_tao", _("Đào tạo, bồi dưỡng, tập huấn")
    POLICY = "che_do", _("Chế độ, chính sách")
    GUIDANCE = "huong_dan", _("Hướng dẫn nghiệp vụ")
    RESOURCES = "kinh_phi", _("Kinh phí, cơ sở vật chất")
    ORGANISATION = "to_chuc", _("Tổ chức, bộ máy")
    OPINION = "du_luan", _("Vấn đề dư luận xã hội bức xúc")
    OTHER = "khac", _("Khác")


class ProposalStatus(models.TextChoices):
    SENT = "sent", _("Đã gửi")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    DECLINED = "declined", _("Không tiếp thu")
    CLOSED = "closed", _("Đã đóng")


#: statuses in which the addressee still owes an answer
AWAITING = (ProposalStatus.SENT, ProposalStatus.ACKNOWLEDGED, ProposalStatus.ASSIGNED)


class EventKind(models.TextChoices):
    SENT = "sent", _("Gửi kiến nghị")
    ACKNOWLEDGED = "acknowledged", _("Tiếp nhận")
    ASSIGNED = "assigned", _("Giao xử lý")
    ANSWERED = "answered", _("Trả lời")
    DECLINED = "declined", _("Không tiếp thu")
    CLOSED = "closed", _("Đóng")
    ESCALATED = "escalated", _("Quá hạn: báo cáo cấp trên")
    ATTACHED = "attached", _("Đính kèm tệp")
    SUCCEEDED = "succeeded", _("Chuyển cho đơn vị kế thừa")
