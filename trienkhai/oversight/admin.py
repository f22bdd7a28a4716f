from django.contrib import admin

from trienkhai.oversight.models import Inspection


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    # Writes go through services (scope, audit): read-only here.
    list_display = ("title", "conducting_unit", "kind", "mode", "start_on", "concluded_on")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
