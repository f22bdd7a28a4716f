from django.urls import path

from trienkhai.opinion import views

app_name = "opinion"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("synthesis/", views.synthesis_view, name="synthesis"),
    path("synthesis.docx", views.synthesis_download, name="synthesis_docx"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/propose/", views.issue_to_proposal, name="propose"),
]
