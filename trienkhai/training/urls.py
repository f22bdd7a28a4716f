from django.urls import path

from trienkhai.training import views

app_name = "training"
urlpatterns = [
    path("", views.course_list, name="list"),
    path("export.xlsx", views.course_export, name="export"),
    path("new/", views.course_create, name="create"),
    path("<int:pk>/", views.course_detail, name="course"),
    path("<int:pk>/edit/", views.course_edit, name="edit"),
    path("<int:pk>/cancel/", views.course_cancel, name="cancel"),
    path("<int:pk>/nominate/", views.course_nominate, name="nominate"),
    path("<int:pk>/sessions/<int:session_pk>/attendance/", views.course_attendance, name="attendance"),
    path("<int:pk>/enrolments/<int:enrolment_pk>/complete/", views.enrolment_complete, name="complete"),
    path("<int:pk>/participants.xlsx", views.participants_export, name="participants_export"),
    path("<int:pk>/participants/template.xlsx", views.participants_template, name="participants_template"),
    path("<int:pk>/participants/import/", views.participants_import, name="participants_import"),
    path("<int:pk>/attendance/template.xlsx", views.attendance_template, name="attendance_template"),
    path("<int:pk>/attendance/import/", views.attendance_import, name="attendance_import"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<int:proposal_pk>/schedule/", views.course_from_proposal, name="from_proposal"),
    path("people/", views.person_list, name="people"),
    path("people/export.xlsx", views.person_export, name="people_export"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/move/", views.person_move, name="person_move"),
    path("figures/", views.figures, name="figures"),
]
