from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.forms import DateInput
from trienkhai.rollout.choices import Channel, ConferenceForm, Platform, Purpose, Recurrence, StepKind
from trienkhai.rollout.services import STEP_TEMPLATE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name: the widget sends a list, each item is checked as a file.

    A plain ``FileField`` with a multiple widget receives the whole list and refuses it
    ("Không có tập tin nào được gửi…"); its content (kind, size, magic bytes) is checked by the
    service with ``core.files.check_upload``.
    """

    widget = MultipleFileInput

    def clean(self, data, initial=None):  # type: ignore[override]
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if not items:
            super().clean(None, initial)  # refuses as "required" when the field is
            return []
        clean_one = super().clean
        return [clean_one(item, initial) for item in items]


class LaunchForm(forms.Form):
    document = forms.TypedChoiceField(label=_("Văn bản"), coerce=int)
    owner_unit = forms.TypedChoiceField(label=_("Đơn vị chỉ đạo"), coerce=int)
    title = forms.CharField(label=_("Tên đợt triển khai"), max_length=300, required=False)
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=Purpose.choices)
    scope_kinds = forms.MultipleChoiceField(
        label=_("Loại đơn vị thực hiện"),
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[
            UnitKind.WARD_COMMITTEE,
            UnitKind.COMMUNE_COMMITTEE,
            UnitKind.GRASSROOTS_COMMITTEE,
            UnitKind.PARTY_CELL,
        ],
    )
    scope_depth = forms.IntegerField(
        label=_("Số cấp thực hiện"),
        min_value=1,
        required=False,
        help_text=_("1 = chỉ đơn vị trực thuộc; để trống = mọi cấp bên dưới."),
    )
    recurrence = forms.ChoiceField(label=_("Lặp lại"), choices=Recurrence.choices)
    starts_on = forms.DateField(label=_("Bắt đầu"), widget=DateInput())
    ends_on = forms.DateField(label=_("Kết thúc (với đợt lặp lại)"), required=False, widget=DateInput())

    def __init__(self, *args, documents=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Plans of the same kind differ in their code and date more than in their title.
        self.fields["document"].choices = [
            (d.pk, f"{d}{d.issued_on.strftime(' (%d/%m/%Y)') if d.issued_on else ''} — {d.title[:80]}")
            for d in documents
        ]
        self.fields["owner_unit"].choices = [(u.pk, u.name) for u in units]
        for i, (kind, _days) in enumerate(STEP_TEMPLATE):
            step = str(StepKind(kind).label)
            # The table shows the fields without their <label>: each names itself and its row.
            self.fields[f"step_{i}_on"] = forms.BooleanField(
                label=StepKind(kind).label,
                required=False,
                initial=True,
                widget=forms.CheckboxInput(attrs={"aria-label": step}),
            )
            self.fields[f"step_{i}_title"] = forms.CharField(
                label=_("Nội dung"),
                required=False,
                max_length=300,
                initial=StepKind(kind).label,
                widget=forms.TextInput(attrs={"aria-label": f"{_('Nội dung')}: {step}"}),
            )
            self.fields[f"step_{i}_due"] = forms.DateField(
                label=_("Hạn"),
                required=False,
                widget=DateInput(attrs={"aria-label": f"{_('Hạn')}: {step}"}),
            )
        self.step_rows = [
            (kind, f"step_{i}_on", f"step_{i}_title", f"step_{i}_due", days)
            for i, (kind, days) in enumerate(STEP_TEMPLATE)
        ]

    def steps(self) -> list[dict]:
        out = []
        for kind, on, title, due, _days in self.step_rows:
            if self.cleaned_data.get(on):
                out.append(
                    {"kind": kind, "title": self.cleaned_data.get(title), "due": self.cleaned_data.get(due)}
                )
        return out


class RecordForm(forms.Form):
    done_on = forms.DateField(label=_("Ngày thực hiện"), widget=DateInput())
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    plan_code = forms.CharField(
        label=_("Số hiệu kế hoạch của đơn vị"),
        required=False,
        max_length=80,
        help_text=_("Ví dụ: 05-KH/CB. Kế hoạch được đăng ký vào sổ văn bản."),
    )
    plan_title = forms.CharField(
        label=_("Tên kế hoạch, chương trình hành động"), required=False, max_length=300
    )
    form = forms.ChoiceField(
        label=_("Hình thức"), choices=[("", "—"), *ConferenceForm.choices], required=False
    )
    platform = forms.ChoiceField(label=_("Nền tảng trực tuyến"), choices=Platform.choices, required=False)
    members_present = forms.IntegerField(label=_("Đảng viên tham dự"), min_value=0, required=False)
    members_on_roll = forms.IntegerField(
        label=_("Đảng viên trong danh sách"),
        min_value=0,
        required=False,
        help_text=_("Để trống: lấy số đảng viên đã khai của đơn vị."),
    )
    masses = forms.IntegerField(label=_("Lượt quần chúng tham dự"), min_value=0, required=False)
    channels = forms.MultipleChoiceField(
        label=_("Kênh tuyên truyền"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reach = forms.IntegerField(label=_("Lượt người được tuyên truyền"), min_value=0, required=False)
    outcome = forms.CharField(label=_("Kết quả"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    # A declared field leaves the class for base_fields, so it does not hide the form's own files.
    files = MultipleFileField(label=_("Biên bản, hình ảnh (PDF, DOCX, JPG, PNG)"), required=False)  # type: ignore[assignment]

    FIELDS_BY_KIND: dict[str, list[str]] = {
        StepKind.PLAN: ["plan_code", "plan_title"],
        StepKind.CONFERENCE: ["form", "platform", "members_present", "members_on_roll", "masses"],
        StepKind.DISSEMINATION: ["channels", "reach"],
        StepKind.REVIEW: ["outcome"],
        StepKind.REPORT: ["outcome"],
        StepKind.CUSTOM: ["outcome"],
    }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = {"done_on", "expected_version", "note", "files", *self.FIELDS_BY_KIND.get(kind, [])}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if kind == StepKind.REVIEW and "outcome" in self.fields:
            self.fields["outcome"].label = _("Kết quả kiểm điểm")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class _StepsVersionForm(forms.Form):
    # The rollout's ``steps_version`` when the page was opened: an edit made meanwhile by
    # someone else is refused instead of overwritten.
    expected_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2**31 - 1,
        error_messages={"required": _("Trang đã cũ: hãy tải lại trang rồi sửa lại.")},
    )


class StepEditForm(_StepsVersionForm):
    title = forms.CharField(
        label=_("Nội dung"),
        max_length=300,
        error_messages={"required": _("Hãy nhập nội dung yêu cầu.")},
    )
    due = forms.DateField(
        label=_("Hạn"), widget=DateInput(), error_messages={"required": _("Hãy nhập hạn hoàn thành.")}
    )


class StepAddForm(StepEditForm):
    kind = forms.ChoiceField(label=_("Loại yêu cầu"), choices=StepKind.choices)
    field_order = ["kind", "title", "due", "expected_version"]


class StepRemoveForm(_StepsVersionForm):
    pass
