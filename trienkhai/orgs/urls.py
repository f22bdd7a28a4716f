from django.urls import path

from trienkhai.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("as-of/", views.unit_as_of, name="as_of"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/children/", views.unit_children, name="children"),
    path("<int:pk>/add-child/", views.unit_add_child, name="add_child"),
    path("<int:pk>/rename/", views.unit_rename, name="rename"),
    path("<int:pk>/reorganise/<slug:op>/", views.unit_reorganise, name="reorganise"),
    path("<int:pk>/plans/new/", views.plan_new, name="plan_new"),
    path("<int:pk>/plans/template.xlsx", views.plan_template, name="plan_template"),
    path("plans/<int:plan_pk>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_pk>/apply/", views.plan_apply, name="plan_apply"),
    path("<int:pk>/members/", views.unit_members, name="members"),
    path("<int:pk>/import/", views.unit_import, name="import"),
    path("<int:pk>/import/template.xlsx", views.unit_import_template, name="import_template"),
    path("<int:pk>/export.xlsx", views.unit_export, name="export"),
    path("<int:pk>/audit/", views.unit_audit, name="audit"),
]
