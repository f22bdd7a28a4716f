from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from trienkhai.accounts.models import ApiToken, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Triển khai", {"fields": ("full_name", "position")}))
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked")
    readonly_fields = ("prefix", "digest")
