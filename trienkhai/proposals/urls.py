from django.urls import path

from trienkhai.proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_inbox, name="inbox"),
    path("sent/", views.proposal_outbox, name="outbox"),
    path("export.xlsx", views.proposal_export, name="export"),
    path("new/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.proposal_acknowledge, name="acknowledge"),
    path("<int:pk>/assign/", views.proposal_assign, name="assign"),
    path("<int:pk>/answer/", views.proposal_answer, name="answer"),
    path("<int:pk>/decline/", views.proposal_decline, name="decline"),
    path("<int:pk>/close/", views.proposal_close, name="close"),
    path("<int:pk>/attach/", views.proposal_attach, name="attach"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
