from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.choices import UnitKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitCreateForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại hình"), choices=UnitKind.choices)
    code = forms.CharField(label=_("Mã đơn vị"), max_length=40, required=False)
    valid_from = forms.DateField(label=_("Ngày thành lập"), required=False, widget=DateInput())
    contact = forms.CharField(label=_("Liên hệ công vụ"), max_length=255, required=False)


class UnitRenameForm(forms.Form):
    new_name = forms.CharField(label=_("Tên mới"), max_length=255)
    new_kind = forms.ChoiceField(label=_("Loại hình mới"), choices=UnitKind.choices)
    date = forms.DateField(label=_("Ngày hiệu lực"), widget=DateInput())
    basis = forms.CharField(label=_("Căn cứ"), max_length=300, required=False)


class MemberCountForm(forms.Form):
    as_of = forms.DateField(label=_("Tính đến ngày"), widget=DateInput())
    members = forms.IntegerField(label=_("Số đảng viên"), min_value=0)


class UnitImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class AsOfForm(forms.Form):
    date = forms.DateField(label=_("Tại ngày"), widget=DateInput())
