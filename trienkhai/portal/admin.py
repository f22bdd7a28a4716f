from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.portal.models import Album, Article, Concern, Feedback, Photo, Tag, WebLink


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "status", "publish_at", "author")
    list_filter = ("status",)
    search_fields = ("title", "search_folded")


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("article", "name", "status", "created_at")
    list_filter = ("status",)


for model in (Tag, Album, Photo, WebLink, Concern):
    admin.site.register(model, ReadOnlyAdmin)
