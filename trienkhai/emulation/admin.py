from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.emulation.models import Campaign, Practice


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "starts_on", "ends_on")


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "work_kind", "featured_by")
