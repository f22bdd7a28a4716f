from django.urls import path

from trienkhai.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("export.xlsx", views.document_export, name="export"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/link/", views.document_link, name="link"),
    path("<int:pk>/unlink/<int:link_pk>/", views.document_unlink, name="unlink"),
    path("<int:pk>/attach/", views.document_attach, name="attach"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
