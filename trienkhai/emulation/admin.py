from django.contrib import admin

from trienkhai.emulation.models import Campaign, Practice


class ReadOnly(admin.ModelAdmin):
    # Writes go through services (validation, scope, audit): read-only here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnly):
    list_display = ("title", "unit", "starts_on", "ends_on")


@admin.register(Practice)
class PracticeAdmin(ReadOnly):
    list_display = ("title", "unit", "work_kind", "featured_by")
