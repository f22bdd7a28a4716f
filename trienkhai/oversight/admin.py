from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.oversight.models import Inspection


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    # Writes go through services (scope, audit): read-only here.
    list_display = ("title", "conducting_unit", "kind", "mode", "start_on", "concluded_on")
