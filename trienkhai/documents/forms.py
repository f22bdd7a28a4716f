from django import forms
from django.utils.translation import gettext_lazy as _

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
    issuing_unit = forms.TypedChoiceField(label=_("Đơn vị ban hành"), coerce=int)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput())
    term = forms.CharField(
        label=_("Nhiệm kỳ / năm"),
        max_length=20,
        required=False,
        help_text=_("Để trống: tính từ ngày ban hành (2020-2025, hoặc năm với văn bản nhà nước)."),
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    summary = forms.CharField(label=_("Tóm tắt"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].choices = [(u.pk, u.name) for u in units]


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=LinkKind.choices)
    target_code = forms.CharField(label=_("Văn bản đích (số hiệu hoặc từ khóa)"), max_length=120)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF hoặc DOCX"))
