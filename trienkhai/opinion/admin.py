from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.opinion.models import OpinionReport, Topic


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    # The managed list is seeded by migrations; read-only here.
    list_display = ("name", "slug", "order", "active")


@admin.register(OpinionReport)
class OpinionReportAdmin(ReadOnlyAdmin):
    list_display = ("unit", "period_kind", "year", "period_no", "mood")
