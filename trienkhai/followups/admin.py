from django.contrib import admin

from trienkhai.followups.models import FollowUp


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    # Writes go through services (scope, audit): read-only here.
    list_display = ("title", "unit", "due_on", "done_on")
    search_fields = ("title", "search_folded")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
