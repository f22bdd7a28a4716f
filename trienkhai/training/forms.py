from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.forms import DateInput
from trienkhai.training.choices import CourseForm, RoleCategory


class UnitChoiceMixin:
    def set_units(self, name: str, units) -> None:
        self.fields[name].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]  # mixed into a Form


class PersonForm(UnitChoiceMixin, forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị công tác"), coerce=int)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    title = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Nhóm cán bộ"), choices=RoleCategory.choices)
    started_on = forms.DateField(label=_("Giữ vị trí từ ngày"), widget=DateInput())
    contact = forms.CharField(
        label=_("Liên hệ công vụ"),
        max_length=200,
        required=False,
        help_text=_("Điện thoại cơ quan hoặc thư điện tử công vụ; không ghi thông tin cá nhân."),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units("unit", units)


class MoveForm(UnitChoiceMixin, forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị mới"), coerce=int)
    title = forms.CharField(label=_("Chức vụ mới"), max_length=200)
    category = forms.ChoiceField(label=_("Nhóm cán bộ"), choices=RoleCategory.choices)
    started_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units("unit", units)


class CourseCreateForm(UnitChoiceMixin, forms.Form):
    organiser = forms.TypedChoiceField(label=_("Đơn vị tổ chức"), coerce=int)
    title = forms.CharField(label=_("Tên lớp"), max_length=300)
    audiences = forms.MultipleChoiceField(
        label=_("Đối tượng"), choices=RoleCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Ngày khai giảng"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ngày bế giảng"), widget=DateInput())
    form = forms.ChoiceField(label=_("Hình thức"), choices=CourseForm.choices)
    venue = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    link = forms.URLField(label=_("Đường dẫn học trực tuyến"), max_length=300, required=False)
    syllabus = forms.CharField(
        label=_("Chương trình, nội dung"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    sessions = forms.CharField(
        label=_("Các buổi học"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Mỗi dòng một buổi: “dd/mm/yyyy chuyên đề”. Để trống: mỗi ngày một buổi."),
    )
    materials = forms.CharField(
        label=_("Tài liệu (số hiệu văn bản)"),
        max_length=500,
        required=False,
        help_text=_("Cách nhau bởi dấu phẩy, ví dụ: 35-NQ/TW, 0091-KH/TU"),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units("organiser", units)


class CourseEditForm(forms.Form):
    title = forms.CharField(label=_("Tên lớp"), max_length=300)
    audiences = forms.MultipleChoiceField(
        label=_("Đối tượng"), choices=RoleCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Ngày khai giảng"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ngày bế giảng"), widget=DateInput())
    form = forms.ChoiceField(label=_("Hình thức"), choices=CourseForm.choices)
    venue = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    link = forms.URLField(label=_("Đường dẫn học trực tuyến"), max_length=300, required=False)
    syllabus = forms.CharField(
        label=_("Chương trình, nội dung"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy lớp"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NominateForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Cán bộ"), coerce=int)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, f"{p.full_name} — {p.title}, {p.unit.name}") for p in people]


class CompleteForm(forms.Form):
    completed = forms.TypedChoiceField(
        label=_("Kết quả"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Hoàn thành")), ("0", _("Không hoàn thành"))],
    )
    on = forms.DateField(label=_("Ngày"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
