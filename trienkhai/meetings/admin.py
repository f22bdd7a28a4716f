from django.contrib import admin

from trienkhai.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    # Writes go through services (scope, audit): read-only here.
    list_display = ("title", "date", "host", "form")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
