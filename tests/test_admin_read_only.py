"""The Django admin shows; it never writes around the services (issue 14, point 3).

A role granted in the admin would skip ``role_grant`` and its audit row; an API token or an attachment
made there would skip hashing, checks and audit. Every registered model answers a superuser's add,
change and delete with 403 and writes nothing; every list still opens.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from trienkhai.accounts.models import ApiToken, Role, User
from trienkhai.core.admin import ReadOnlyAdmin, ReadOnlyInline
from trienkhai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _registered():
    return sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label)


def test_every_registration_is_read_only():
    project = [m for m, _ in _registered() if m.__module__.startswith("trienkhai.")]
    # The models an operator most needs to see: all registered, none writable.
    for label in ("accounts.User", "accounts.ApiToken", "documents.Attachment", "core.AuditEvent"):
        assert label in {m._meta.label for m in project}
    for model, model_admin in _registered():
        if not model.__module__.startswith("trienkhai."):
            continue
        assert isinstance(model_admin, ReadOnlyAdmin), model._meta.label
        for inline in model_admin.inlines:
            assert issubclass(inline, ReadOnlyInline), (model._meta.label, inline)


def test_a_superuser_cannot_write_through_the_admin(client, personas, tree):
    su = personas.superuser
    client.force_login(su)
    roles, tokens, audit = (
        Role.objects.count(),
        ApiToken.objects.count(),
        AuditEvent.objects.filter(refused=False).count(),
    )
    for model, _ in _registered():
        if not model.__module__.startswith("trienkhai."):
            continue
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        listing = client.get(reverse(f"admin:{info}_changelist"))
        assert listing.status_code == 200, model._meta.label
        assert client.get(reverse(f"admin:{info}_add")).status_code == 403, model._meta.label
        assert client.post(reverse(f"admin:{info}_add"), {}).status_code == 403

    # A role added through the user's page (its inline) is not written.
    target = personas.child
    answer = client.post(
        reverse("admin:accounts_user_change", args=[target.pk]),
        {
            "username": target.username,
            "role_set-TOTAL_FORMS": "1",
            "role_set-INITIAL_FORMS": "0",
            "role_set-0-unit": str(tree.root.pk),
            "role_set-0-role": "admin",
            "role_set-0-user": str(target.pk),
        },
    )
    assert answer.status_code == 403
    assert client.post(
        reverse("admin:auth_user_password_change", args=[target.pk]),
        {"password1": "x-New-pass-2026", "password2": "x-New-pass-2026"},
    ).status_code in (403, 404)
    # Bulk delete from a list is gone as well.
    bulk = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403)
    assert User.objects.filter(pk=target.pk).exists()
    assert not Role.objects.filter(user=target, unit=tree.root).exists()
    assert (Role.objects.count(), ApiToken.objects.count()) == (roles, tokens)
    assert AuditEvent.objects.filter(refused=False).count() == audit
