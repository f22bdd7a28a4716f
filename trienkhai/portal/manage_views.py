"""The editors' desk (internal, logged in): write, review, publish, moderate.

Kept apart from ``views.py`` because the two halves have opposite rules: the
public pages never look at the user and are cacheable; every page here is
scoped to the user and private.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from trienkhai.core.forms import errors_onto, form_view
from trienkhai.core.scoping import covers, get_scoped_or_404
from trienkhai.core.views import paginate
from trienkhai.documents.selectors import document_search
from trienkhai.orgs.models import Unit
from trienkhai.portal import selectors, services
from trienkhai.portal.choices import ArticleStatus, FeedbackStatus
from trienkhai.portal.forms import AlbumForm, ArticleForm, PhotoForm, PublishForm, ReviewForm
from trienkhai.portal.models import Album


def _choices(user, owner: Unit | None = None):
    units = list(selectors.units_for_writing(viewer=user)[:500])
    related = selectors.units_to_relate(viewer=user, owner=owner, writing=units)
    docs = document_search(viewer=user)[:500]
    return units, related, list(docs)


@never_cache
def desk(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    qs = selectors.articles_desk(viewer=request.user, status=status, q=q)
    page, query = paginate(request, qs)
    can_write = selectors.units_for_writing(viewer=request.user).exists()
    if not can_write and not qs.exists():
        raise Http404  # nothing to manage here: the desk looks missing, as elsewhere
    units = list(selectors.units_for_writing(viewer=request.user)[:500])
    return render(
        request,
        "portal/manage/desk.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "q": q,
            "statuses": ArticleStatus.choices,
            "review": selectors.review_queue(viewer=request.user)[:20],
            "pending_feedback": selectors.moderation_queue(viewer=request.user).count(),
            "sources": selectors.article_sources(),
            "album_form": AlbumForm(units=units),
            "albums": selectors.albums_for(viewer=request.user)[:50],
        },
    )


@never_cache
def article_new(request: HttpRequest) -> HttpResponse:
    units, related, docs = _choices(request.user)
    if not units:
        raise Http404
    initial: dict = {"unit": units[0].pk}
    spec = request.POST.get("source") or request.GET.get("from", "")
    prefill = selectors.article_prefill(viewer=request.user, spec=spec) if spec else None
    if spec and prefill is None and request.method == "GET":
        messages.error(request, _("Không tìm thấy bản ghi để lấy nội dung: %(s)s.") % {"s": spec})
    if prefill:
        _kind, _pk, p = prefill
        initial.update(
            title=p.title,
            lead=p.lead,
            body=p.body,
            units=p.unit_ids,
            documents=p.document_ids,
            source=spec,
        )
        if p.owner_unit_id in {u.pk for u in units}:
            initial["unit"] = p.owner_unit_id
    form = ArticleForm(
        request.POST or None, initial=initial, units=units, related_units=related, documents=docs
    )

    def save(data):
        unit = get_scoped_or_404(Unit.objects, request.user, "change", pk=data["unit"])
        kind, pk = (prefill[0], prefill[1]) if prefill else ("", "")
        return services.article_create(
            unit=unit,
            title=data["title"],
            lead=data["lead"],
            body=data["body"],
            author=data["author"],
            tags=data["tags"],
            units=data["units"],
            documents=data["documents"],
            source_kind=kind,
            source_id=pk,
            acting_user=request.user,
        )

    return form_view(
        request,
        form,
        save=save,
        success=_("Đã lưu bản nháp. Thêm ảnh rồi gửi duyệt."),
        redirect_to=lambda obj: reverse("portal:edit", kwargs={"pk": obj.pk}),
        template="portal/manage/article_form.html",
        context={"title": _("Viết tin bài"), "prefill": prefill},
    )


@never_cache
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.article_get(viewer=request.user, pk=pk)
    units, related, docs = _choices(request.user, obj.unit)
    initial = {
        "unit": obj.unit_id,
        "title": obj.title,
        "lead": obj.lead,
        "body": obj.body,
        "author": obj.author,
        "tags": ", ".join(t.name for t in obj.tags.all()),
        "units": [u.pk for u in obj.units.all()],
        "documents": [d.pk for d in obj.documents.all()],
    }
    form = ArticleForm(
        request.POST or None, initial=initial, units=[obj.unit], related_units=related, documents=docs
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.article_update(
                article=obj,
                title=data["title"],
                lead=data["lead"],
                body=data["body"],
                author=data["author"],
                tags=data["tags"],
                units=data["units"],
                documents=data["documents"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("portal:edit", pk=obj.pk)
    is_admin = covers(request.user, obj.unit, "admin")
    return render(
        request,
        "portal/manage/article_edit.html",
        {
            "article": obj,
            "form": form,
            "photos": obj.photos.all(),
            "photo_form": PhotoForm(albums=selectors.albums_for(viewer=request.user)),
            "review_form": ReviewForm(),
            "publish_form": PublishForm(),
            "is_admin": is_admin,
            "editable": obj.status in (ArticleStatus.DRAFT, ArticleStatus.RETURNED) or is_admin,
            "feedback_count": obj.feedback.filter(status=FeedbackStatus.PENDING).count(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def article_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    obj = selectors.article_get(viewer=request.user, pk=pk)
    try:
        if action == "submit":
            services.article_submit(article=obj, acting_user=request.user)
            messages.success(request, _("Đã gửi duyệt."))
        elif action == "review":
            form: ReviewForm | PublishForm = ReviewForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Quyết định duyệt chưa hợp lệ."))
            services.article_review(
                article=obj,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                publish_at=form.cleaned_data["publish_at"],
                acting_user=request.user,
            )
            messages.success(request, _("Đã ghi quyết định duyệt."))
        elif action == "publish":
            form = PublishForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Thời điểm đăng chưa hợp lệ."))
            services.article_publish(
                article=obj, publish_at=form.cleaned_data["publish_at"], acting_user=request.user
            )
            messages.success(request, _("Đã đăng (hoặc đặt lịch đăng)."))
        elif action == "withdraw":
            services.article_withdraw(
                article=obj, note=request.POST.get("note", ""), acting_user=request.user
            )
            messages.success(request, _("Đã gỡ bài khỏi trang công khai."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("portal:edit", pk=obj.pk)


@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.article_get(viewer=request.user, pk=pk)
    albums = selectors.albums_for(viewer=request.user)
    form = PhotoForm(request.POST, request.FILES, albums=albums)
    if form.is_valid():
        data = form.cleaned_data
        album = (
            get_scoped_or_404(Album.objects, request.user, "change", pk=data["album"])
            if data["album"]
            else None
        )
        try:
            services.photo_add(
                article=obj,
                upload=data["file"],
                caption=data["caption"],
                alt=data["alt"],
                credit=data["credit"],
                album=album,
                acting_user=request.user,
            )
            messages.success(request, _("Đã thêm ảnh."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy chọn một tệp ảnh."))
    return redirect("portal:edit", pk=obj.pk)


@require_POST
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = selectors.photo_get(viewer=request.user, pk=pk)
    try:
        services.photo_delete(photo=photo, acting_user=request.user)
        messages.success(request, _("Đã xóa ảnh."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("portal:edit", pk=photo.article_id)


def photo_preview(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """Editors see their drafts' photos here; the public image view refuses them."""
    if size not in ("full", "thumb"):
        raise Http404
    photo = selectors.photo_get(viewer=request.user, pk=pk)
    field = photo.image if size == "full" else photo.thumb
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response


@never_cache
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.article_get(viewer=request.user, pk=pk)
    photos = list(obj.photos.all())
    response = render(
        request,
        "portal/article.html",
        {
            "article": obj,
            "photos": photos,
            "cover": photos[0] if photos else None,
            "preview": True,
            "description": obj.lead,
            "related": [],
            "feedback": [],
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def album_create(request: HttpRequest) -> HttpResponse:
    units = list(selectors.units_for_writing(viewer=request.user)[:500])
    form = AlbumForm(request.POST, units=units)
    if form.is_valid():
        unit: Unit = get_scoped_or_404(Unit.objects, request.user, "change", pk=form.cleaned_data["unit"])
        try:
            services.album_create(unit=unit, title=form.cleaned_data["title"], acting_user=request.user)
            messages.success(request, _("Đã tạo album."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy nhập tên album."))
    return redirect("portal:manage")


@never_cache
def moderation(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", FeedbackStatus.PENDING)
    qs = selectors.moderation_queue(viewer=request.user, status=status)
    page, query = paginate(request, qs)
    return render(
        request,
        "portal/manage/moderation.html",
        {"page": page, "query": query, "status": status, "statuses": FeedbackStatus.choices},
    )


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    fb = selectors.feedback_get(viewer=request.user, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action in ("approve", "reject"):
            decision = FeedbackStatus.APPROVED if action == "approve" else FeedbackStatus.REJECTED
            services.feedback_moderate(feedback=fb, decision=decision, acting_user=request.user)
            messages.success(request, _("Đã cập nhật phản hồi."))
        elif action == "reply":
            services.feedback_reply(
                feedback=fb,
                reply=request.POST.get("reply", "")[:3100],
                publish=request.POST.get("publish_reply") == "on",
                acting_user=request.user,
            )
            messages.success(request, _("Đã lưu trả lời."))
        elif action == "concern":
            concern = services.feedback_raise_concern(
                feedback=fb,
                topic=request.POST.get("topic", "")[:200],
                summary=request.POST.get("summary", "")[:2100],
                acting_user=request.user,
            )
            messages.success(
                request,
                _("Đã chuyển thành vấn đề “%(t)s” của báo cáo dư luận (không kèm thông tin người gửi).")
                % {"t": concern.topic},
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("portal:moderation")
