from django.urls import path

from trienkhai.emulation import views

app_name = "emulation"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("export.xlsx", views.campaign_export, name="export"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/nominations.xlsx", views.nominations_export, name="nominations_export"),
    path("nominations/<int:pk>/decide/", views.decide, name="decide"),
    path("practices/", views.practice_list, name="practices"),
    path("practices/export.xlsx", views.practice_export, name="practices_export"),
    path("practices/new/", views.practice_create, name="practice_create"),
    path("practices/<int:pk>/", views.practice_detail, name="practice"),
    path("practices/<int:pk>/feature/", views.practice_feature, name="feature"),
    path("practices/<int:pk>/adopt/", views.practice_adopt, name="adopt"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
