from django.urls import path

from trienkhai.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_review, name="review"),
]
