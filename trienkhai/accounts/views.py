from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.accounts import services
from trienkhai.accounts.http import AuthenticatedRequest
from trienkhai.accounts.models import ApiToken
from trienkhai.accounts.selectors import roles_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def profile(request: AuthenticatedRequest) -> HttpResponse:
    new_token = request.session.pop("new_token", None)
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": roles_of(user=request.user),
            "tokens": request.user.api_tokens.filter(revoked=False).order_by("-created_at"),
            "new_token": new_token,
            "backup_codes": request.session.pop("backup_codes", None),
            "has_2fa": _has_2fa(request.user),
        },
    )


def _has_2fa(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user)


@require_POST
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    try:
        _token, raw = services.api_token_create(
            user=request.user, name=request.POST.get("name", ""), acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        # Shown once, on the next page only; only its hash is kept.
        request.session["new_token"] = raw
    return redirect("accounts:profile")


@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        token = request.user.api_tokens.get(pk=pk, revoked=False)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    services.api_token_revoke(token=token, acting_user=request.user)
    messages.success(request, _("Đã thu hồi mã truy cập."))
    return redirect("accounts:profile")


# --- two-factor sign-in -------------------------------------------------------------------


def _safe_next(request: HttpRequest) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    nxt = request.POST.get("next") or request.GET.get("next") or "/"
    return nxt if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}) else "/"


def otp_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Enrol an authenticator app: a QR code (drawn here, no network) and the secret in text."""
    import segno
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Ứng dụng xác thực", confirmed=False)
    error = ""
    if request.method == "POST":
        try:
            backup = services.otp_confirm(
                user=request.user,
                device=device,
                token=request.POST.get("token", ""),
                request=request,
                acting_user=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            request.session["backup_codes"] = backup
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect(f"{reverse('accounts:profile')}?next={_safe_next(request)}")
    from django.utils.safestring import mark_safe

    # segno draws the QR code as SVG paths only: no text from the user reaches the markup.
    qr_svg = mark_safe(segno.make(device.config_url, micro=False).svg_inline(scale=4))  # noqa: S308
    from base64 import b32encode

    return render(
        request,
        "accounts/otp_setup.html",
        {
            "qr_svg": qr_svg,
            "secret": b32encode(device.bin_key).decode(),
            "error": error,
            "next": _safe_next(request),
        },
        status=400 if error else 200,
    )


def otp_verify(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        from django_otp import login as otp_login
        from django_otp import match_token

        device = match_token(request.user, request.POST.get("token", "").strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        error = _(
            "Mã không đúng hoặc đã hết hạn. Hãy thử mã mới trong ứng dụng xác thực, hoặc một mã dự phòng."
        )
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "next": _safe_next(request)},
        status=400 if error else 200,
    )
