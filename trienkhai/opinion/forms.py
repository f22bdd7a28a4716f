import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.opinion.choices import Mood, PeriodKind, Source, Spread, Trend
from trienkhai.orgs.forms import DateInput


class ReportForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị báo cáo"), coerce=int)
    period_kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    period_no = forms.IntegerField(label=_("Tháng / quý"), required=False, min_value=1, max_value=12)
    report_date = forms.DateField(label=_("Ngày báo cáo"), required=False, widget=DateInput())
    mood = forms.ChoiceField(label=_("Tâm trạng chung"), choices=Mood.choices)
    overview = forms.CharField(
        label=_("Tình hình chung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Chỉ ghi tình hình chung; không ghi tên, số điện thoại, địa chỉ của cá nhân."),
    )
    sources = forms.MultipleChoiceField(
        label=_("Nguồn nắm tình hình"),
        choices=Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, _unit_label(u)) for u in units]


class TopicRowForm(forms.Form):
    topic = forms.ChoiceField(label=_("Chủ đề"), required=False)
    mood = forms.ChoiceField(label=_("Tâm trạng"), choices=Mood.choices, initial=Mood.STABLE)
    spread = forms.ChoiceField(label=_("Mức độ lan rộng"), choices=Spread.choices)
    trend = forms.ChoiceField(label=_("Xu hướng"), choices=Trend.choices, initial=Trend.STEADY)
    summary = forms.CharField(label=_("Tóm tắt"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "—"), *[(t.slug, t.name) for t in topics]]


class IssueRowForm(forms.Form):
    topic = forms.ChoiceField(label=_("Chủ đề"), required=False)
    description = forms.CharField(
        label=_("Vấn đề bức xúc"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    proposed_solution = forms.CharField(
        label=_("Giải pháp đề xuất"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "—"), *[(t.slug, t.name) for t in topics]]


TopicFormSet = forms.formset_factory(TopicRowForm, extra=5, max_num=30)
IssueFormSet = forms.formset_factory(IssueRowForm, extra=3, max_num=30)


def _unit_label(unit) -> str:
    """An ended unit says until when it existed ("(đến 30/06/2025)"): it is chosen for past periods."""
    if unit.valid_to is None:
        return unit.name
    last = unit.valid_to - dt.timedelta(days=1)
    return _("%(name)s (đến %(date)s)") % {"name": unit.name, "date": f"{last:%d/%m/%Y}"}


class SynthesisForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    period_kind = forms.ChoiceField(
        label=_("Kỳ"), choices=[(PeriodKind.MONTH, _("Tháng")), (PeriodKind.QUARTER, _("Quý"))]
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    period_no = forms.IntegerField(label=_("Tháng / quý"), min_value=1, max_value=12)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, _unit_label(u)) for u in units]

    def clean(self):
        data = super().clean()
        if data.get("period_kind") == PeriodKind.QUARTER and (data.get("period_no") or 0) > 4:
            self.add_error("period_no", _("Quý phải từ 1 đến 4."))
        return data
