from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.proposals.models import Proposal


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    # Each step goes through services (timeline, audit): read-only here.
    list_display = ("title", "sender", "addressee", "status", "sent_on", "due_on")
    list_filter = ("status", "category")
