from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.params import parse_digits
from trienkhai.documents.choices import DocKind, LinkKind
from trienkhai.orgs.forms import DateInput


class DocumentForm(forms.Form):
    code = forms.CharField(
        label=_("Số hiệu"),
        max_length=80,
        required=False,
        help_text=_("Ví dụ: 08-CTr/TU, 30/2020/NĐ-CP. Để trống nếu văn bản không có số hiệu."),
    )
    kind = forms.ChoiceField(
        label=_("Loại văn bản"), choices=[("", _("— theo số hiệu —")), *DocKind.choices], required=False
    )
    # "u:<pk>" a unit of one's own subtree, "a:<pk>" a unit above it, "b:<pk>" an outside body.
    issuing_unit = forms.ChoiceField(
        label=_("Cơ quan ban hành"),
        help_text=_(
            "Văn bản của cấp trên hoặc của cơ quan ngoài hệ thống được giữ trong sổ của đơn vị bên dưới."
        ),
    )
    registry_unit = forms.TypedChoiceField(label=_("Sổ văn bản của đơn vị"), coerce=int, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput())
    term = forms.CharField(
        label=_("Nhiệm kỳ / năm"),
        max_length=20,
        required=False,
        help_text=_("Để trống: tính từ ngày ban hành (2020-2025, hoặc năm với văn bản nhà nước)."),
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    summary = forms.CharField(label=_("Tóm tắt"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, units=(), above=(), bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.get("issuing_unit", "") if self.is_bound else ""
        if parse_digits(raw) is not None:  # a bare unit id, as the form posted before outside issuers existed
            self.data = self.data.copy()
            self.data["issuing_unit"] = f"u:{raw}"
        choices: list = [(f"u:{u.pk}", u.name) for u in units]
        if above:
            choices.append((_("Cấp ủy cấp trên"), [(f"a:{u.pk}", u.name) for u in above]))
        if bodies:
            choices.append((_("Cơ quan ngoài hệ thống"), [(f"b:{b.pk}", b.name) for b in bodies]))
        self.fields["issuing_unit"].choices = choices
        self.fields["registry_unit"].choices = [(u.pk, u.name) for u in units]
        if not units or len(units) == 1:
            # The edit form, or a single-unit user: the registry is the unit itself.
            self.fields.pop("registry_unit")


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=LinkKind.choices)
    target_code = forms.CharField(label=_("Văn bản đích (số hiệu hoặc từ khóa)"), max_length=120)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF hoặc DOCX"))
