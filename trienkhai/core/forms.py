"""The shape every write page shares: form → service → message → redirect, or the form again with 400.

A service refuses with a ``ValidationError`` (its messages translated, nothing written:
every service is atomic); ``errors_onto`` puts those messages on the form, on the field they
name when the form has it, else above the form. ``form_view`` is the whole round trip for the
common case; a view with more to do calls ``errors_onto`` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def errors_onto(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal shown on the form: per field where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field_name, errs in exc.error_dict.items():
            target = field_name if field_name in form.fields else None
            for e in errs:
                form.add_error(target, e)
    else:
        for m in exc.messages:
            form.add_error(None, m)


def form_view(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    redirect_to: Callable[[Any], Any],
    template: str,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """On a valid POST call ``save(cleaned_data)``; on success flash ``success`` and redirect to
    ``redirect_to(result)`` (a URL, a model with get_absolute_url, or a redirect response).
    Otherwise (a GET, an invalid form, a refusal) render ``template`` with the form: 200 for a
    first look, 400 when it carries errors."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, success(result) if callable(success) else success)
            target = redirect_to(result)
            return target if isinstance(target, HttpResponse) else redirect(target)
    return render(request, template, {"form": form, **(context or {})}, status=400 if form.errors else 200)
