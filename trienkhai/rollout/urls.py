from django.urls import path

from trienkhai.rollout import step_views, views

app_name = "rollout"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("todo/", views.todo, name="todo"),
    path("periodic.docx", views.periodic_report, name="periodic"),
    path("new/", views.launch, name="launch"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/coverage.xlsx", views.export_coverage, name="export"),
    path("<int:pk>/as-of/", views.as_of, name="as_of"),
    path("<int:pk>/report.docx", views.report_docx, name="report"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/steps/", step_views.steps, name="steps"),
    path("<int:pk>/steps/add/", step_views.step_add, name="step_add"),
    path("steps/<int:step_pk>/edit/", step_views.step_edit, name="step_edit"),
    path("steps/<int:step_pk>/remove/", step_views.step_remove, name="step_remove"),
    path("steps/<int:step_pk>/units/<int:unit_pk>/", views.record, name="record"),
    path("attachments/<int:pk>/", views.record_attachment, name="attachment"),
    path("steps/<int:step_pk>/import/", views.import_records, name="import"),
    path("steps/<int:step_pk>/import/template.xlsx", views.import_template, name="import_template"),
]
