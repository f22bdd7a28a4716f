"""The project's URLs plus four that fail on purpose (test_error_pages uses this as ROOT_URLCONF)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import path

from trienkhai.urls import handler500  # noqa: F401
from trienkhai.urls import urlpatterns as project_urlpatterns


def _raise(exception):
    @login_not_required  # the error pages must show to someone who is not signed in
    def view(request):
        raise exception

    return view


urlpatterns = [
    path("boom/400/", _raise(SuspiciousOperation("bad"))),
    path("boom/403/", _raise(PermissionDenied())),
    path("boom/404/", _raise(Http404("no such thing"))),
    path("boom/500/", _raise(RuntimeError("the database went away"))),
    *project_urlpatterns,
]
