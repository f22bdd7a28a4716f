from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from trienkhai.api.v1 import api
from trienkhai.core.views import about, csp_report, home

# The error pages are the templates 400.html, 403.html, 404.html and 500.html in the layout;
# the 500 page is rendered without the request or the database (see trienkhai.core.errors).
handler500 = "trienkhai.core.errors.server_error"

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
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
