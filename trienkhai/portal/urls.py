from django.contrib.auth.decorators import login_not_required
from django.urls import path

from trienkhai.portal import manage_views, views
from trienkhai.portal.feeds import LatestArticlesAtom, LatestArticlesFeed

app_name = "portal"
urlpatterns = [
    # public
    path("", views.home, name="home"),
    path("tin/<int:pk>/", views.article_short, name="article_short"),
    path("tin/<int:pk>/<slug:slug>/", views.article, name="article"),
    path("tin/<int:pk>/phan-hoi/gui/", views.feedback, name="feedback"),
    path("chu-de/<slug:slug>/", views.topic, name="topic"),
    path("don-vi/<int:pk>/", views.unit_page, name="unit"),
    path("tim-kiem/", views.search, name="search"),
    path("thu-vien-anh/", views.albums, name="albums"),
    path("thu-vien-anh/<int:pk>/", views.album, name="album"),
    path("lien-ket/", views.links, name="links"),
    path("anh/<int:pk>/<slug:size>/<slug:version>.jpg", views.image, name="image"),
    path("rss.xml", login_not_required(LatestArticlesFeed()), name="rss"),
    path("atom.xml", login_not_required(LatestArticlesAtom()), name="atom"),
    # editors (internal)
    path("manage/", manage_views.desk, name="manage"),
    path("manage/new/", manage_views.article_new, name="new"),
    path("manage/<int:pk>/", manage_views.article_edit, name="edit"),
    path("manage/<int:pk>/preview/", manage_views.preview, name="preview"),
    path("manage/<int:pk>/photos/", manage_views.photo_add, name="photo_add"),
    path("manage/<int:pk>/<slug:action>/", manage_views.article_action, name="action"),
    path("manage/photos/<int:pk>/delete/", manage_views.photo_delete, name="photo_delete"),
    path("manage/photos/<int:pk>/<slug:size>.jpg", manage_views.photo_preview, name="photo_preview"),
    path("manage/albums/", manage_views.album_create, name="album_create"),
    path("manage/feedback/", manage_views.moderation, name="moderation"),
    path("manage/feedback/<int:pk>/", manage_views.moderate, name="moderate"),
]
