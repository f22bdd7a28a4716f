from django.urls import path

from trienkhai.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.oversight_list, name="list"),
    path("export.xlsx", views.oversight_export, name="export"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("new/", views.inspection_create, name="create"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/conclude/", views.inspection_conclude, name="conclude"),
    path(
        "<int:pk>/recommendations/<int:item_pk>/followup/",
        views.recommendation_to_followup,
        name="to_followup",
    ),
]
