from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.forms import DateInput
from trienkhai.targets.choices import CountedMeasure, DuePrecision, TargetKind

if TYPE_CHECKING:
    from trienkhai.orgs.models import Unit
    from trienkhai.rollout.models import Step


class TargetForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    term = forms.CharField(
        label=_("Nhiệm kỳ, giai đoạn"),
        max_length=20,
        required=False,
        help_text=_("Để trống: theo ngày của mục tiêu (nhiệm kỳ chứa ngày bắt đầu, ví dụ 2025-2030)."),
    )
    title = forms.CharField(label=_("Mục tiêu, chỉ tiêu"), max_length=400)
    description = forms.CharField(
        label=_("Diễn giải"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=TargetKind.choices)
    value_unit = forms.CharField(
        label=_("Đơn vị tính"), max_length=30, required=False, help_text=_("Ví dụ: %, lớp, người")
    )
    baseline = forms.DecimalField(label=_("Giá trị đầu kỳ"), required=False)
    target_value = forms.DecimalField(label=_("Giá trị phải đạt"), required=False)
    target_text = forms.CharField(label=_("Trạng thái phải đạt"), max_length=300, required=False)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    target_date = forms.DateField(label=_("Thời hạn đạt"), widget=DateInput())
    due_precision = forms.ChoiceField(label=_("Thời hạn tính theo"), choices=DuePrecision.choices)
    document_code = forms.CharField(label=_("Văn bản đề ra (số hiệu)"), max_length=80, required=False)
    step = forms.TypedChoiceField(
        label=_("Đếm từ yêu cầu của đợt triển khai"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Chọn để hệ thống tự đếm giá trị thực hiện; khi đó không nhập kết quả bằng tay."),
    )
    counted_measure = forms.ChoiceField(label=_("Cách đếm"), choices=CountedMeasure.choices, required=False)

    def __init__(
        self, *args: Any, units: Iterable[Unit] = (), steps: Iterable[Step] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [(u.pk, u.name) for u in units]
        cast(forms.ChoiceField, self.fields["step"]).choices = [("", "—")] + [
            (s.pk, f"{s.rollout.title[:90]} — {s.get_kind_display()} ({s.period})") for s in steps
        ]


class MeasurementForm(forms.Form):
    on = forms.DateField(label=_("Ngày"), widget=DateInput())
    value = forms.DecimalField(label=_("Giá trị đạt được"), required=False)
    reached = forms.TypedChoiceField(
        label=_("Đã đạt trạng thái?"),
        required=False,
        coerce=lambda v: {"1": True, "0": False}.get(v),
        empty_value=None,
        choices=[("", "—"), ("1", _("Đã đạt")), ("0", _("Chưa đạt"))],
    )
    note = forms.CharField(label=_("Ghi chú, căn cứ"), max_length=400, required=False)
