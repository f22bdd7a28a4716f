"""The import form, and one small form per proposed record (in formsets) for the review."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from trienkhai.documents.choices import DocKind, LinkKind
from trienkhai.meetings.choices import MeetingForm, MeetingKind, ParticipantRole, ParticipantSide
from trienkhai.opinion.choices import Mood
from trienkhai.proposals.choices import ProposalCategory
from trienkhai.rollout.choices import Channel, ConferenceForm, Platform, StepKind

ACCEPT = ".txt,.docx,.pdf,.html,.htm"


class ImportForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Lưu dưới đơn vị"), coerce=int)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Dán nội dung báo cáo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(
        label=_("hoặc chọn tệp (.txt, .docx, .pdf có lớp chữ, trang web đã lưu .html)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, units: list, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [(u.pk, u.name) for u in units]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Hãy dán nội dung hoặc chọn một tệp."))
        if (data.get("text") or "").strip() and data.get("file"):
            raise forms.ValidationError(_("Chỉ dán nội dung hoặc chọn tệp, không cả hai."))
        return data


def _unit_field(label: Any, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int, required=required, empty_value=None)


class ItemForm(forms.Form):
    item: Any  # the finding this form edits (the view sets it)

    selected = forms.BooleanField(label=_("Chọn"), required=False)
    key = forms.CharField(widget=forms.HiddenInput)

    unit_fields: tuple[str, ...] = ()

    def __init__(
        self, *args: Any, unit_choices: list | None = None, extra_choices: dict | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        for name in self.unit_fields:
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = ([("", "—")] if not field.required else []) + list(unit_choices or [])
        for name, choices in (extra_choices or {}).items():
            if name in self.fields:
                cast(forms.ChoiceField, self.fields[name]).choices = choices

    def selection(self) -> dict | None:
        if not self.cleaned_data.get("selected"):
            return None
        return {k: v for k, v in self.cleaned_data.items() if k != "selected"}


class DocumentItemForm(ItemForm):
    code = forms.CharField(label=_("Số hiệu"), max_length=80, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=DocKind.choices, required=False)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    issuing_unit = _unit_field(_("Đơn vị ban hành"), required=False)
    # an outside issuer (Bộ Chính trị, Chính phủ …); choices: the registry's bodies, from the view
    issuing_body = forms.TypedChoiceField(
        label=_("Cơ quan ban hành ngoài hệ thống"), coerce=int, required=False, empty_value=None
    )
    unit_fields = ("issuing_unit",)


class LinkItemForm(ItemForm):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=LinkKind.choices)


class MeetingItemForm(ItemForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False)
    date = forms.DateField(label=_("Ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    host = _unit_field(_("Đơn vị chủ trì"), required=False)
    visiting = _unit_field(_("Đơn vị đến làm việc"), required=False)
    form = forms.ChoiceField(label=_("Hình thức"), choices=MeetingForm.choices)
    platform = forms.CharField(label=_("Nền tảng trực tuyến"), max_length=100, required=False)
    unit_fields = ("host", "visiting")


class ParticipantItemForm(ItemForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=300, required=False)
    unit = _unit_field(_("Đơn vị"), required=False)
    side = forms.ChoiceField(label=_("Thuộc"), choices=ParticipantSide.choices)
    role = forms.ChoiceField(label=_("Vai trò"), choices=ParticipantRole.choices)
    unit_fields = ("unit",)


class CoverageItemForm(ItemForm):
    step = forms.TypedChoiceField(
        label=_("Yêu cầu của đợt triển khai"), coerce=int, required=False, empty_value=None
    )
    value = forms.DecimalField(label=_("Tỷ lệ báo cáo (%)"), min_value=0, max_value=100, decimal_places=2)


def _count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, required=False)


class StepRecordItemForm(ItemForm):
    """The unit's record of a conference or dissemination step, as the report's figures
    fill it; the rollout's own checks apply when it is written."""

    step = forms.TypedChoiceField(
        label=_("Yêu cầu của đợt triển khai"), coerce=int, required=False, empty_value=None
    )
    done_on = forms.DateField(
        label=_("Ngày thực hiện"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    form = forms.ChoiceField(
        label=_("Hình thức hội nghị"), choices=[("", "—"), *ConferenceForm.choices], required=False
    )
    platform = forms.ChoiceField(label=_("Nền tảng"), choices=Platform.choices, required=False)
    members_present = _count_field(_("Số đảng viên dự"))
    members_on_roll = _count_field(_("Số đảng viên trong danh sách"))
    masses = _count_field(_("Lượt quần chúng"))
    reach = _count_field(_("Lượt người được tuyên truyền"))
    channels = forms.MultipleChoiceField(
        label=_("Kênh tuyên truyền"),
        choices=Channel.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    CONFERENCE_ONLY = ("form", "platform", "members_present", "members_on_roll")

    def for_kind(self, step_kind: str) -> None:
        """Only the fields the step's kind records (a conference has no channels, a
        dissemination no attendance); a field left out keeps the proposed value."""
        drop = ("channels",) if step_kind == StepKind.CONFERENCE else self.CONFERENCE_ONLY
        for name in drop:
            self.fields.pop(name, None)


class ProposalItemForm(ItemForm):
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    sender = _unit_field(_("Đơn vị kiến nghị"), required=False)
    addressee = _unit_field(_("Gửi đến"), required=False)
    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=ProposalCategory.choices)
    unit_fields = ("sender", "addressee")


class ConcernItemForm(ItemForm):
    description = forms.CharField(
        label=_("Vấn đề (tổng hợp, không nêu cá nhân)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    # choices: the opinion app's active topics, given by the view (``extra_choices``)
    topics = forms.MultipleChoiceField(
        label=_("Chủ đề"), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    mood = forms.ChoiceField(label=_("Tâm trạng"), choices=Mood.choices)


class OpinionMoodForm(forms.Form):
    """The general mood of the opinion report the chosen concerns make. Left out of a post
    (an API client, an old page), the proposed mood stands."""

    mood = forms.ChoiceField(label=_("Tâm trạng chung"), choices=Mood.choices, required=False)


FORMS = {
    "documents": DocumentItemForm,
    "links": LinkItemForm,
    "participants": ParticipantItemForm,
    "coverage": CoverageItemForm,
    "records": StepRecordItemForm,
    "proposals": ProposalItemForm,
    "concerns": ConcernItemForm,
}
FORMSETS = {name: formset_factory(cls, extra=0) for name, cls in FORMS.items()}
