from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.documents.models import Attachment, Document, DocumentLink


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    # Registration goes through services (parsing, duplicates, audit): read-only here.
    list_display = ("code", "kind", "issuing_unit", "issued_on", "term", "title")
    search_fields = ("code", "title", "search_folded")
    list_filter = ("kind", "system", "term")


admin.site.register(DocumentLink, ReadOnlyAdmin)
admin.site.register(Attachment, ReadOnlyAdmin)
