from django.contrib import admin

from trienkhai.portal.models import Album, Article, Concern, Feedback, Photo, Tag, WebLink


class ReadOnly(admin.ModelAdmin):
    # Writes go through services (sanitising, image re-encoding, scope, audit): read-only here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(ReadOnly):
    list_display = ("title", "unit", "status", "publish_at", "author")
    list_filter = ("status",)
    search_fields = ("title", "search_folded")


@admin.register(Feedback)
class FeedbackAdmin(ReadOnly):
    list_display = ("article", "name", "status", "created_at")
    list_filter = ("status",)


for model in (Tag, Album, Photo, WebLink, Concern):
    admin.site.register(model, ReadOnly)
