from django.urls import path

from trienkhai.rollout import views

app_name = "rollout"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("todo/", views.todo, name="todo"),
    path("periodic.docx", views.periodic_report, name="periodic"),
    path("new/", views.launch, name="launch"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/coverage.xlsx", views.export_coverage, name="export"),
    path("<int:pk>/report.docx", views.report_docx, name="report"),
    path("<int:pk>/close/", views.close, name="close"),
    path("steps/<int:step_pk>/units/<int:unit_pk>/", views.record, name="record"),
    path("steps/<int:step_pk>/import/", views.import_records, name="import"),
    path("steps/<int:step_pk>/import/template.xlsx", views.import_template, name="import_template"),
]
