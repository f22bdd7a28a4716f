from django.urls import path

from trienkhai.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("export.xlsx", views.meeting_export, name="export"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("<int:pk>/conclusions/", views.conclusion_add, name="conclusion_add"),
    path("<int:pk>/proposals/", views.raised_add, name="raised_add"),
    path("<int:pk>/conclusions/<int:item_pk>/followup/", views.conclusion_to_followup, name="to_followup"),
    path("<int:pk>/proposals/<int:item_pk>/send/", views.raised_to_proposal, name="to_proposal"),
]
