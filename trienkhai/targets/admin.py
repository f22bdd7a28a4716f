from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.targets.models import Target


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    # Writes go through services (validation, scope, audit): read-only here.
    list_display = ("title", "unit", "term", "kind", "target_date")
    list_filter = ("kind", "term")
