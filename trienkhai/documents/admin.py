from django.contrib import admin

from trienkhai.documents.models import Attachment, Document, DocumentLink


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    # Registration goes through services (parsing, duplicates, audit): read-only here.
    list_display = ("code", "kind", "issuing_unit", "issued_on", "term", "title")
    search_fields = ("code", "title", "search_folded")
    list_filter = ("kind", "system", "term")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(DocumentLink)
admin.site.register(Attachment)
