from django.urls import path

from trienkhai.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.target_list, name="list"),
    path("export.xlsx", views.target_export, name="export"),
    path("new/", views.target_create, name="create"),
    path("<int:pk>/", views.target_detail, name="detail"),
    path("<int:pk>/measure/", views.measurement_add, name="measure"),
]
