from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.orgs.models import MemberCount, Unit, UnitEvent


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    # Tree changes go through services (events, versions, audit): read-only here.
    list_display = ("name", "kind", "code", "depth", "valid_from", "valid_to", "illustrative")
    search_fields = ("name", "name_folded", "code")
    list_filter = ("kind", "illustrative")


@admin.register(UnitEvent)
class UnitEventAdmin(ReadOnlyAdmin):
    list_display = ("unit", "kind", "date")
    list_filter = ("kind",)


@admin.register(MemberCount)
class MemberCountAdmin(ReadOnlyAdmin):
    list_display = ("unit", "as_of", "members")
