from django.urls import path

from trienkhai.followups import views

app_name = "followups"
urlpatterns = [
    path("", views.followup_list, name="list"),
    path("export.xlsx", views.followup_export, name="export"),
    path("new/", views.followup_create, name="create"),
    path("<int:pk>/", views.followup_detail, name="detail"),
    path("<int:pk>/complete/", views.followup_complete, name="complete"),
    path("<int:pk>/reopen/", views.followup_reopen, name="reopen"),
]
