from django.contrib import admin

from trienkhai.opinion.models import OpinionReport, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    # The managed list is seeded by migrations; read-only here.
    list_display = ("name", "slug", "order", "active")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OpinionReport)
class OpinionReportAdmin(admin.ModelAdmin):
    list_display = ("unit", "period_kind", "year", "period_no", "mood")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
