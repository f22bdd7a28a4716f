from django.contrib import admin

from trienkhai.core.admin import ReadOnlyAdmin
from trienkhai.training.models import Course, Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "title", "category", "unit")
    list_filter = ("category",)


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ("title", "organiser", "starts_on", "ends_on", "form")
    list_filter = ("form",)
