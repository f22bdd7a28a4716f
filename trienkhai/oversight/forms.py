from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.forms import DateInput
from trienkhai.oversight.choices import InspectionKind, InspectionMode


class PlanForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class InspectionForm(forms.Form):
    conducting_unit = forms.TypedChoiceField(label=_("Đơn vị tiến hành"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại"), choices=InspectionKind.choices)
    mode = forms.ChoiceField(label=_("Hình thức"), choices=InspectionMode.choices)
    title = forms.CharField(label=_("Tên cuộc kiểm tra, giám sát"), max_length=300)
    subject_units = forms.TypedMultipleChoiceField(label=_("Đối tượng"), coerce=int)
    subject_matter = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    document_codes = forms.CharField(
        label=_("Văn bản liên quan (số hiệu, cách nhau bởi dấu phẩy)"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: 35-NQ/TW, 0091-KH/TU"),
    )
    team = forms.CharField(
        label=_("Thành phần đoàn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Mỗi dòng một người: họ tên — chức vụ — vai trò trong đoàn."),
    )
    start_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    end_on = forms.DateField(label=_("Đến ngày"), widget=DateInput(), required=False)

    def __init__(self, *args, units=(), subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conducting_unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["subject_units"].choices = [(u.pk, u.name) for u in subjects]


class ConcludeForm(forms.Form):
    findings = forms.CharField(
        label=_("Kết quả kiểm tra, giám sát"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    conclusion = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 3}))
    concluded_on = forms.DateField(label=_("Ngày kết luận"), widget=DateInput())


class RecommendationRowForm(forms.Form):
    text = forms.CharField(
        label=_("Kiến nghị, yêu cầu"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    unit = forms.TypedChoiceField(label=_("Đơn vị thực hiện"), coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(label=_("Hạn"), widget=DateInput(), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *[(u.pk, u.name) for u in units]]


RecommendationFormSet = forms.formset_factory(RecommendationRowForm, extra=3, max_num=20)
