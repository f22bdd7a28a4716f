from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.forms import DateInput

if TYPE_CHECKING:
    from trienkhai.orgs.models import Unit


class FollowUpForm(forms.Form):
    assigned_by = forms.TypedChoiceField(label=_("Đơn vị giao"), coerce=int)
    unit = forms.TypedChoiceField(label=_("Đơn vị thực hiện"), coerce=int)
    title = forms.CharField(label=_("Nội dung công việc"), max_length=500)
    expected_result = forms.CharField(
        label=_("Kết quả cần đạt"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    accountable = forms.CharField(label=_("Người, bộ phận chịu trách nhiệm"), max_length=255, required=False)
    due_on = forms.DateField(label=_("Hạn hoàn thành"), widget=DateInput())

    def __init__(self, *args: Any, units: Iterable[Unit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(u.pk, u.name) for u in units]
        cast(forms.ChoiceField, self.fields["assigned_by"]).choices = choices
        cast(forms.ChoiceField, self.fields["unit"]).choices = choices


class CompleteForm(forms.Form):
    done_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput())
    result_note = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}))
