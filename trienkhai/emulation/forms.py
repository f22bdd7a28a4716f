from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.emulation.choices import NomineeKind, WorkKind
from trienkhai.orgs.forms import DateInput


def _units(field, units):
    field.choices = [(u.pk, u.name) for u in units]


class CampaignForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị phát động"), coerce=int)
    title = forms.CharField(label=_("Tên phong trào, đợt thi đua"), max_length=300)
    description = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    criteria = forms.CharField(
        label=_("Tiêu chí (mỗi dòng một tiêu chí)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    document_code = forms.CharField(label=_("Văn bản phát động (số hiệu)"), max_length=80, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], units)


class NominationForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị đề nghị"), coerce=int)
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=NomineeKind.choices)
    nominee_unit = forms.TypedChoiceField(label=_("Tập thể"), coerce=int, required=False, empty_value=None)
    person = forms.TypedChoiceField(label=_("Cá nhân"), coerce=int, required=False, empty_value=None)
    achievements = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 4}))
    nominated_on = forms.DateField(label=_("Ngày đề nghị"), widget=DateInput())

    def __init__(self, *args, units=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], units)
        self.fields["nominee_unit"].choices = [("", "—")] + [(u.pk, u.name) for u in units]
        self.fields["person"].choices = [("", "—")] + [
            (p.pk, f"{p.full_name} — {p.unit.name}") for p in people
        ]


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Quyết định"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Khen thưởng")), ("0", _("Không khen thưởng"))],
    )
    on = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    document_code = forms.CharField(
        label=_("Quyết định khen thưởng (số hiệu trong sổ văn bản)"), max_length=80, required=False
    )
    note = forms.CharField(
        label=_("Ghi chú, lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PracticeForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    title = forms.CharField(label=_("Tên cách làm"), max_length=300)
    work_kind = forms.ChoiceField(label=_("Lĩnh vực công tác"), choices=WorkKind.choices)
    description = forms.CharField(label=_("Cách làm"), widget=forms.Textarea(attrs={"rows": 5}))
    results = forms.CharField(label=_("Kết quả"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    started_on = forms.DateField(label=_("Áp dụng từ"), widget=DateInput(), required=False)
    file = forms.FileField(label=_("Tệp đính kèm (PDF, DOCX, ảnh)"), required=False)
    # Shown only when the unit already has a practice of a similar title.
    save_anyway = forms.BooleanField(
        label=_("Vẫn lưu: đây là cách làm khác"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], units)

    def offer_save_anyway(self) -> None:
        self.fields["save_anyway"].widget = forms.CheckboxInput()


class FeatureForm(forms.Form):
    by = forms.TypedChoiceField(label=_("Cấp ủy giới thiệu"), coerce=int)
    on = forms.DateField(label=_("Ngày"), widget=DateInput())
    note = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["by"], units)


class AdoptForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị áp dụng"), coerce=int)
    adopted_on = forms.DateField(label=_("Áp dụng từ"), widget=DateInput())
    outcome = forms.CharField(
        label=_("Kết quả áp dụng"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], units)
