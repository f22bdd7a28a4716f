from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from trienkhai.accounts.models import ApiToken, Role, User
from trienkhai.core.admin import ReadOnlyAdmin, ReadOnlyInline


class RoleInline(ReadOnlyInline):
    # Roles are granted and revoked by accounts.services (role_grant / role_revoke: scope, audit).
    model = Role
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, BaseUserAdmin):
    # Users, passwords and roles change through the services, the sign-in pages and the CLI
    # (`trienkhai changepassword`); the admin only shows them.
    inlines = [RoleInline]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Triển khai", {"fields": ("full_name", "position")}))
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked")
    readonly_fields = ("prefix", "digest")
