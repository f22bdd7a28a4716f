from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.meetings.choices import MeetingForm, MeetingKind, ParticipantRole, ParticipantSide
from trienkhai.orgs.forms import DateInput


class MeetingCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    date = forms.DateField(label=_("Ngày"), widget=DateInput())
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    form = forms.ChoiceField(label=_("Hình thức"), choices=MeetingForm.choices)
    platform = forms.CharField(
        label=_("Nền tảng trực tuyến"), max_length=100, required=False, help_text="Zoom, Teams …"
    )
    host = forms.TypedChoiceField(label=_("Đơn vị chủ trì, đón tiếp"), coerce=int)
    visiting_units = forms.TypedMultipleChoiceField(
        label=_("Đơn vị đến làm việc"), coerce=int, required=False
    )
    document_codes = forms.CharField(
        label=_("Báo cáo, văn bản trình bày (số hiệu, cách nhau bởi dấu phẩy)"),
        max_length=500,
        required=False,
    )
    summary = forms.CharField(
        label=_("Nội dung chính"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, hosts=(), visitors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [(u.pk, u.name) for u in hosts]
        self.fields["visiting_units"].choices = [(u.pk, u.name) for u in visitors]


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ tại thời điểm đó"), max_length=300, required=False)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int, required=False, empty_value=None)
    side = forms.ChoiceField(label=_("Thuộc"), choices=ParticipantSide.choices)
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=ParticipantRole.choices, initial=ParticipantRole.ATTENDEE
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *[(u.pk, u.name) for u in units]]


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Nội dung kết luận"), widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.TypedChoiceField(label=_("Đơn vị thực hiện"), coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(label=_("Hạn"), widget=DateInput(), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *[(u.pk, u.name) for u in units]]


class RaisedProposalForm(forms.Form):
    text = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 3}))
    sender = forms.TypedChoiceField(label=_("Đơn vị kiến nghị"), coerce=int)
    addressee = forms.TypedChoiceField(label=_("Gửi đến"), coerce=int)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"].choices = [(u.pk, u.name) for u in units]
        self.fields["addressee"].choices = [(u.pk, u.name) for u in units]
