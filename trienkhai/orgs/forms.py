from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.choices import UnitKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
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


# --- Reorganisation (issue 15.1, decision 0067) ------------------------------------------------


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class UnitMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class ReorgForm(forms.Form):
    """Date, basis decision (by number, from the registry) and a note: common to every change."""

    date = forms.DateField(label=_("Ngày hiệu lực"), widget=DateInput())
    basis_code = forms.CharField(
        label=_("Văn bản căn cứ (số hiệu)"),
        max_length=80,
        required=False,
        help_text=_("Ví dụ 123-QĐ/TU: văn bản phải có trong sổ văn bản."),
    )
    basis = forms.CharField(label=_("Căn cứ khác (nếu chưa có trong sổ)"), max_length=300, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit=None, units=None, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        for name in ("successor", "target", "others"):
            if name in self.fields:
                self.fields[name].queryset = units
        for name in ("new_parent", "new_target_parent"):
            if name in self.fields:
                self.fields[name].queryset = parents


class ReorgMoveForm(ReorgForm):
    new_parent = UnitChoice(label=_("Chuyển về trực thuộc"), queryset=None)
    field_order = ["new_parent", "date", "basis_code", "basis", "note"]


class ReorgMergeForm(ReorgForm):
    others = UnitMultipleChoice(
        label=_("Cùng hợp nhất với"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    target = UnitChoice(label=_("Vào đơn vị có sẵn"), queryset=None, required=False)
    new_name = forms.CharField(label=_("Hoặc thành đơn vị mới, tên"), max_length=255, required=False)
    new_kind = forms.ChoiceField(
        label=_("Loại hình đơn vị mới"), choices=[("", "—"), *UnitKind.choices], required=False
    )
    new_target_parent = UnitChoice(
        label=_("Đơn vị mới trực thuộc (để trống: như đơn vị cũ)"), queryset=None, required=False
    )
    field_order = [
        "others",
        "target",
        "new_name",
        "new_kind",
        "new_target_parent",
        "date",
        "basis_code",
        "basis",
        "note",
    ]

    def clean(self):
        data = super().clean()
        if bool(data.get("target")) == bool((data.get("new_name") or "").strip()):
            raise forms.ValidationError(
                _("Hãy chọn đơn vị nhận hợp nhất hoặc nhập tên đơn vị mới (chỉ một).")
            )
        return data


class ReorgSplitForm(ReorgForm):
    parts = forms.CharField(
        label=_("Các đơn vị tách ra (mỗi dòng một tên)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    dissolve_source = forms.BooleanField(
        label=_("Đơn vị cũ kết thúc hoạt động"),
        required=False,
        help_text=_(
            "Đơn vị đầu tiên trong danh sách kế thừa: nhận các đơn vị trực thuộc, công việc đang dở "
            "và đọc được lịch sử của đơn vị cũ."
        ),
    )
    field_order = ["parts", "dissolve_source", "date", "basis_code", "basis", "note"]

    def clean_parts(self):
        names = [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]
        if not names:
            raise forms.ValidationError(_("Hãy nêu ít nhất một đơn vị được tách ra."))
        return [{"name": n} for n in names]


class ReorgDissolveForm(ReorgForm):
    successor = UnitChoice(label=_("Đơn vị kế thừa (nếu có)"), queryset=None, required=False)
    field_order = ["successor", "date", "basis_code", "basis", "note"]


class ReorgReestablishForm(ReorgForm):
    new_parent = UnitChoice(label=_("Trực thuộc (để trống: như trước)"), queryset=None, required=False)
    field_order = ["new_parent", "date", "basis_code", "basis", "note"]


class ReorgRenameForm(ReorgForm):
    new_name = forms.CharField(label=_("Tên mới"), max_length=255)
    new_kind = forms.ChoiceField(label=_("Loại hình mới"), choices=UnitKind.choices)
    field_order = ["new_name", "new_kind", "date", "basis_code", "basis", "note"]


REORG_FORMS = {
    "move": (ReorgMoveForm, _("Chuyển trực thuộc")),
    "merge": (ReorgMergeForm, _("Hợp nhất, sáp nhập")),
    "split": (ReorgSplitForm, _("Chia tách")),
    "dissolve": (ReorgDissolveForm, _("Giải thể")),
    "reestablish": (ReorgReestablishForm, _("Tái lập")),
    "rename": (ReorgRenameForm, _("Đổi tên, đổi loại hình")),
}


# --- A reorganisation plan: many changes at one date (issue 15.1) --------------------------------

PLAN_OPS = [
    ("", "—"),
    ("gộp", _("Hợp nhất vào")),
    ("chuyển", _("Chuyển trực thuộc")),
    ("đổi tên", _("Đổi tên, loại hình")),
    ("giải thể", _("Giải thể")),
    ("tách", _("Chia tách thành")),
]


class PlanForm(forms.Form):
    date = forms.DateField(label=_("Ngày hiệu lực"), widget=DateInput())
    basis_code = forms.CharField(
        label=_("Văn bản căn cứ (số hiệu)"),
        max_length=80,
        required=False,
        help_text=_(
            "Ví dụ 1683/NQ-UBTVQH15 hoặc một quyết định của Ban Thường vụ: văn bản phải có trong sổ văn bản."
        ),
    )
    basis = forms.CharField(label=_("Căn cứ khác (nếu chưa có trong sổ)"), max_length=300, required=False)
    file = forms.FileField(
        label=_("Tệp kế hoạch (.xlsx, .csv)"),
        required=False,
        help_text=_(
            "Mỗi dòng một đơn vị: Đơn vị, Thay đổi, Đơn vị mới, Loại hình, Trực thuộc. Để trống nếu nhập ở bảng dưới."
        ),
    )


class PlanRowForm(forms.Form):
    unit = forms.CharField(
        label=_("Đơn vị"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"list": "plan-units"}),
    )
    op = forms.ChoiceField(label=_("Thay đổi"), choices=PLAN_OPS, required=False)
    target = forms.CharField(
        label=_("Đơn vị mới / nhận / tên mới"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"list": "plan-units"}),
    )
    kind = forms.ChoiceField(label=_("Loại hình"), choices=[("", "—"), *UnitKind.choices], required=False)
    parent = forms.CharField(
        label=_("Trực thuộc (đơn vị mới)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"list": "plan-units"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The table's header names the columns; each control carries its own name for a
        # screen reader (and for the stacked cards on a phone).
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = str(field.label)


PlanRowFormSet = forms.formset_factory(PlanRowForm, extra=8, max_num=200)
