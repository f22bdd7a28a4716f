from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from trienkhai.api.v1 import api
from trienkhai.core.views import about, csp_report
from trienkhai.home.views import home

# The error pages are the templates 400.html, 403.html, 404.html and 500.html in the layout;
# the 500 page is rendered without the request or the database (see trienkhai.core.errors).
handler500 = "trienkhai.core.errors.server_error"

# Every page asks for a signed-in user (trienkhai.core.middleware.LoginRequiredMiddleware) except
# the views marked login_not_required: the sign-in and sign-out, the public portal
# (trienkhai.portal.views), the language switch and its catalogue, the CSP reports. The API and
# the admin answer for themselves (401; the admin's own sign-in page).

urlpatterns = [
    path("", home, name="home"),
    path("about/", about, name="about"),
    path("csp-report/", csp_report, name="csp_report"),
    path("accounts/", include("trienkhai.accounts.urls")),
    path("units/", include("trienkhai.orgs.urls")),
    path("documents/", include("trienkhai.documents.urls")),
    path("rollouts/", include("trienkhai.rollout.urls")),
    path("proposals/", include("trienkhai.proposals.urls")),
    path("opinion/", include("trienkhai.opinion.urls")),
    path("meetings/", include("trienkhai.meetings.urls")),
    path("oversight/", include("trienkhai.oversight.urls")),
    path("followups/", include("trienkhai.followups.urls")),
    path("training/", include("trienkhai.training.urls")),
    path("emulation/", include("trienkhai.emulation.urls")),
    path("targets/", include("trienkhai.targets.urls")),
    path("news/", include("trienkhai.portal.urls")),
    path("intake/", include("trienkhai.intake.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
