from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    # Writes go through services (scope, audit): read-only here.
    list_display = ("title", "date", "host", "form")
