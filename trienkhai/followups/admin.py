from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.followups.models import FollowUp


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    # Writes go through services (scope, audit): read-only here.
    list_display = ("title", "unit", "due_on", "done_on")
    search_fields = ("title", "search_folded")
