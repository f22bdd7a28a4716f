from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.portal.antispam import HONEYPOT_FIELD


class ArticleForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị đăng tin"), coerce=int)
    title = forms.CharField(label=_("Tiêu đề"), max_length=250)
    lead = forms.CharField(
        label=_("Sa-pô"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Một, hai câu tóm tắt; hiện trên trang chủ và khi chia sẻ lên Zalo, Facebook."),
    )
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "richtext"}),
        help_text=_(
            "Cách một dòng trống để sang đoạn mới. Được dùng: <strong>đậm</strong>, <em>nghiêng</em>, "
            "<h2>, <h3>, danh sách, trích dẫn và liên kết; mọi mã khác bị loại bỏ."
        ),
    )
    author = forms.CharField(label=_("Tác giả (bút danh)"), max_length=120, required=False)
    tags = forms.CharField(
        label=_("Chủ đề"), max_length=800, required=False, help_text=_("Cách nhau bởi dấu phẩy.")
    )
    units = forms.TypedMultipleChoiceField(
        label=_("Đơn vị liên quan"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    documents = forms.TypedMultipleChoiceField(
        label=_("Văn bản liên quan"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=(), related_units=(), documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["units"].choices = [(u.pk, u.name) for u in related_units]
        self.fields["documents"].choices = [(d.pk, f"{d} — {d.title[:80]}") for d in documents]

    def clean_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Ảnh (JPEG, PNG, GIF, WebP)"))
    caption = forms.CharField(label=_("Chú thích ảnh"), max_length=300, required=False)
    alt = forms.CharField(
        label=_("Mô tả ảnh (cho người khiếm thị)"),
        max_length=200,
        required=False,
        help_text=_("Ảnh cho thấy gì, trong một câu."),
    )
    credit = forms.CharField(label=_("Nguồn ảnh"), max_length=120, required=False)
    album = forms.TypedChoiceField(label=_("Album"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, albums=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["album"].choices = [("", _("— không —"))] + [(a.pk, a.title) for a in albums]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"), choices=[("approve", _("Duyệt đăng")), ("return", _("Trả lại để sửa"))]
    )
    publish_at = forms.DateTimeField(
        label=_("Đăng lúc"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Để trống: đăng ngay. Một thời điểm sau: đăng theo lịch."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Đăng lúc"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class AlbumForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    title = forms.CharField(label=_("Tên album"), max_length=200)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class FeedbackForm(forms.Form):
    """Limits here are for the browser; the service checks everything again."""

    name = forms.CharField(label=_("Họ tên"), max_length=100)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=200, help_text=_("Không hiển thị công khai."))
    body = forms.CharField(label=_("Nội dung"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    token = forms.CharField(widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS, left visible to form-filling robots.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def honeypot(self) -> str:
        return self.data.get(HONEYPOT_FIELD, "")


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", ""), ("reject", ""), ("reply", ""), ("concern", "")])
    reply = forms.CharField(required=False, max_length=3000)
    publish_reply = forms.BooleanField(required=False)
    topic = forms.CharField(required=False, max_length=150)
    summary = forms.CharField(required=False, max_length=2000)
