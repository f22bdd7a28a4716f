from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.forms import DateInput
from trienkhai.proposals.choices import ProposalCategory


class ProposalForm(forms.Form):
    sender = forms.TypedChoiceField(label=_("Đơn vị kiến nghị"), coerce=int)
    addressee = forms.TypedChoiceField(
        label=_("Gửi đến"),
        coerce=int,
        help_text=_("Cấp ủy cấp trên hoặc ban, cơ quan tham mưu của cấp ủy cấp trên."),
    )
    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=ProposalCategory.choices)
    title = forms.CharField(label=_("Tóm tắt"), max_length=300, required=False)
    content = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 6}))
    due_on = forms.DateField(
        label=_("Hạn trả lời"),
        required=False,
        widget=DateInput(),
        help_text=_("Để trống: 30 ngày kể từ ngày gửi."),
    )
    file = forms.FileField(label=_("Tệp đính kèm (PDF, DOCX)"), required=False)

    def __init__(self, *args, senders=(), addressees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"].choices = [(u.pk, u.name) for u in senders]
        self.fields["addressee"].choices = [(u.pk, u.name) for u in addressees]


class NoteForm(forms.Form):
    on = forms.DateField(label=_("Ngày"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignForm(NoteForm):
    department = forms.TypedChoiceField(label=_("Giao cho"), coerce=int)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(u.pk, u.name) for u in departments]


class AnswerForm(forms.Form):
    on = forms.DateField(label=_("Ngày trả lời"), widget=DateInput())
    text = forms.CharField(
        label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    document_code = forms.CharField(
        label=_("Văn bản hướng dẫn (số hiệu)"),
        max_length=120,
        required=False,
        help_text=_("Ví dụ: 12-HD/BTGTW"),
    )


class DeclineForm(forms.Form):
    on = forms.DateField(label=_("Ngày"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do không tiếp thu"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF hoặc DOCX"))
