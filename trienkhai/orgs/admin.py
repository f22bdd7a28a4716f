from django.contrib import admin

from trienkhai.orgs.models import MemberCount, Unit, UnitEvent


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    # Tree changes go through services (events, versions, audit): read-only here.
    list_display = ("name", "kind", "code", "depth", "valid_from", "valid_to", "illustrative")
    search_fields = ("name", "name_folded", "code")
    list_filter = ("kind", "illustrative")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnitEvent)
class UnitEventAdmin(admin.ModelAdmin):
    list_display = ("unit", "kind", "date")
    list_filter = ("kind",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(MemberCount)
class MemberCountAdmin(admin.ModelAdmin):
    list_display = ("unit", "as_of", "members")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
