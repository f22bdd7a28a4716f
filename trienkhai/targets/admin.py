from django.contrib import admin

from trienkhai.targets.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    # Writes go through services (validation, scope, audit): read-only here.
    list_display = ("title", "unit", "term", "kind", "target_date")
    list_filter = ("kind", "term")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
