from django.contrib import admin

from trienkhai.training.models import Course, Person


class ReadOnly(admin.ModelAdmin):
    # Writes go through services (validation, scope, audit): read-only here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(ReadOnly):
    list_display = ("full_name", "title", "category", "unit")
    list_filter = ("category",)


@admin.register(Course)
class CourseAdmin(ReadOnly):
    list_display = ("title", "organiser", "starts_on", "ends_on", "form")
    list_filter = ("form",)
