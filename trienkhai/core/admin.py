"""Django admin: a window for reading, never a way around the services.

Every write of the system goes through a service (validation, scope, audit row, refusals logged). A
model made editable here would skip all of that — a role granted in the admin would have no
``role_grant`` audit row — so every registration uses :class:`ReadOnlyAdmin` (and its inline), and
``tests/test_admin_read_only.py`` fails when one does not.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from trienkhai.core.models import AuditEvent

if TYPE_CHECKING:  # Django's admin classes take no type arguments at run time
    _ModelAdmin = admin.ModelAdmin[Any]
    _TabularInline = admin.TabularInline[Any, Any]
else:
    _ModelAdmin = admin.ModelAdmin
    _TabularInline = admin.TabularInline


class ReadOnlyAdmin(_ModelAdmin):
    """Lists and shows; adds, changes and deletes nothing (writes go through services)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(_TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "ip", "action", "object_repr", "refused")
    list_filter = ("action", "refused")
    search_fields = ("actor_name", "object_repr", "action")
