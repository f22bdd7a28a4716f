from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REVIEW = "review", _("Chờ duyệt")
    RETURNED = "returned", _("Trả lại để sửa")
    PUBLISHED = "published", _("Đã duyệt đăng")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", _("Chờ kiểm duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Đã từ chối")


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("Duyệt đăng")
    RETURN = "return", _("Trả lại để sửa")
