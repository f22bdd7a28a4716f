"""Passwords are stored as Argon2id at OWASP's minimum; older hashes are rewritten at sign-in (decisions/0064)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings
from django.urls import reverse

from trienkhai.accounts.models import User

PASSWORD = "a-long-test-password"
# OWASP Password Storage Cheat Sheet: Argon2id, m=19456 KiB (19 MiB), t=2, p=1.
OWASP_ARGON2ID = "argon2$argon2id$v=19$m=19456,t=2,p=1$"

production_hashers = override_settings(PASSWORD_HASHERS=settings.TRIENKHAI_PASSWORD_HASHERS)


@production_hashers
def test_a_new_password_is_stored_as_argon2id_at_owasps_minimum():
    encoded = make_password(PASSWORD)
    assert encoded.startswith(OWASP_ARGON2ID)
    assert check_password(PASSWORD, encoded) and not check_password("wrong-password", encoded)


@pytest.mark.parametrize(
    "old",
    [
        # Django's PBKDF2 (the earlier default) and Django's heavier Argon2 defaults (100 MiB, 8 lanes).
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ],
)
@production_hashers
def test_an_older_hash_is_rewritten_as_argon2id_when_its_owner_signs_in(client, personas, old):
    """GIVEN a user whose password was stored by an older hasher
    WHEN they sign in with it
    THEN they are in, and the stored hash is now Argon2id at OWASP's minimum."""
    with override_settings(PASSWORD_HASHERS=[old]):
        encoded = make_password(PASSWORD)
    assert not encoded.startswith(OWASP_ARGON2ID)
    User.objects.filter(pk=personas.child.pk).update(password=encoded)

    response = client.post(reverse("accounts:login"), {"username": "child", "password": PASSWORD})

    assert response.status_code == 302
    stored = User.objects.get(pk=personas.child.pk).password
    assert stored.startswith(OWASP_ARGON2ID)
    assert check_password(PASSWORD, stored)


@production_hashers
def test_a_wrong_password_leaves_an_older_hash_as_it_was(client, personas):
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        encoded = make_password(PASSWORD)
    User.objects.filter(pk=personas.child.pk).update(password=encoded)
    response = client.post(reverse("accounts:login"), {"username": "child", "password": "not-the-password"})
    assert response.status_code == 200
    assert User.objects.get(pk=personas.child.pk).password == encoded
