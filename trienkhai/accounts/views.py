from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.accounts import services
from trienkhai.accounts.models import ApiToken
from trienkhai.accounts.selectors import roles_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    new_token = request.session.pop("new_token", None)
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": roles_of(user=request.user),
            "tokens": request.user.api_tokens.filter(revoked=False).order_by("-created_at"),
            "new_token": new_token,
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
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


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = request.user.api_tokens.get(pk=pk, revoked=False)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    services.api_token_revoke(token=token, acting_user=request.user)
    messages.success(request, _("Đã thu hồi mã truy cập."))
    return redirect("accounts:profile")
