from django.contrib import admin

from trienkhai.proposals.models import Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    # Each step goes through services (timeline, audit): read-only here.
    list_display = ("title", "sender", "addressee", "status", "sent_on", "due_on")
    list_filter = ("status", "category")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
