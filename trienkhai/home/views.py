"""The signed-in home page: what the user's units owe, their roles, recent documents and the
committee's panels (training, recognition, targets). It reads every app through its selectors,
which is why it lives above them rather than in core."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trienkhai.accounts.http import AuthenticatedRequest
from trienkhai.accounts.selectors import roles_of
from trienkhai.documents.selectors import document_search
from trienkhai.emulation.selectors import recognition_panel
from trienkhai.orgs.selectors import unit_roots
from trienkhai.rollout.selectors import dashboard_unit, todo_for
from trienkhai.targets.selectors import targets_panel
from trienkhai.training.selectors import training_panel

HOME_TODO_ITEMS = 6


def home(request: AuthenticatedRequest) -> HttpResponse:

    # The steps the user's own units still owe, each linking straight to its record form: a
    # ward's user on a phone reaches the form in one tap and records in the second.
    owed = [item for item in todo_for(viewer=request.user) if item.record is None]
    return render(
        request,
        "home/home.html",
        {
            "roots": unit_roots(viewer=request.user)[:20],
            "roles": roles_of(user=request.user),
            "recent_documents": document_search(viewer=request.user)[:8],
            "notifications": request.user.notifications.filter(read_at__isnull=True)[:10],
            "panels": _panels(request),
            "owed": owed[:HOME_TODO_ITEMS],
            "owed_more": max(len(owed) - HOME_TODO_ITEMS, 0),
        },
    )


def _panels(request: HttpRequest) -> list[tuple[str, object]]:
    """The committee's page: training, recognition and targets for the viewer's unit."""

    unit = dashboard_unit(viewer=request.user)
    if unit is None:
        return []
    return [
        ("training/_panel.html", training_panel(viewer=request.user, unit=unit)),
        ("emulation/_panel.html", recognition_panel(viewer=request.user, unit=unit)),
        ("targets/_panel.html", targets_panel(viewer=request.user, unit=unit)),
    ]
