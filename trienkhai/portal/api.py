"""API of the news portal: public reads without login, the editors' desk scoped."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id
from trienkhai.orgs.selectors import unit_get
from trienkhai.portal import selectors, services

router = Router(tags=["portal"])


class PhotoOut(Schema):
    id: int
    url: str
    thumb_url: str
    width: int
    height: int
    caption: str
    alt: str
    illustrative: bool

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.public_url("full")

    @staticmethod
    def resolve_thumb_url(obj) -> str:
        return obj.public_url("thumb")


class ArticleOut(Schema):
    id: int
    title: str
    lead: str
    author: str
    unit_id: int
    unit_name: str
    publish_at: dt.datetime | None
    url: str
    tags: list[str]

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [t.name for t in obj.tags.all()]


class ArticleDetailOut(ArticleOut):
    body_html: str
    photos: list[PhotoOut]
    documents: list[str]
    units: list[str]

    @staticmethod
    def resolve_body_html(obj) -> str:
        from trienkhai.portal.richtext import sanitize

        return sanitize(obj.body)

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.photos.all())

    @staticmethod
    def resolve_documents(obj) -> list[str]:
        return [str(d) for d in obj.documents.all()]

    @staticmethod
    def resolve_units(obj) -> list[str]:
        return [u.name for u in obj.units.all()]


class DeskArticleOut(ArticleOut):
    status: str
    status_label: str
    review_note: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_url(obj) -> str:
        from django.urls import reverse

        return reverse("portal:edit", args=[obj.pk])


class ArticleIn(Schema):
    unit_id: Id
    title: str
    lead: str = ""
    body: str = ""
    author: str = ""
    tags: list[str] = []
    unit_ids: list[Id] = []
    document_ids: list[Id] = []


class ArticlePatch(Schema):
    title: str | None = None
    lead: str | None = None
    body: str | None = None
    author: str | None = None
    tags: list[str] | None = None
    unit_ids: list[Id] | None = None
    document_ids: list[Id] | None = None


class ReviewIn(Schema):
    decision: str
    note: str = ""
    publish_at: dt.datetime | None = None


# --- public ------------------------------------------------------------------------------------


@router.get(
    "/articles", response=list[ArticleOut], auth=None, summary="Tin đã đăng (công khai; q: tìm không dấu)"
)
@paginated
def public_list(request: HttpRequest, q: str = ""):
    return selectors.public_articles(q=q[:200]).prefetch_related("tags")


@router.get(
    "/articles/{article_id}", response=ArticleDetailOut, auth=None, summary="Một tin đã đăng (công khai)"
)
def public_detail(request: HttpRequest, article_id: Id):
    return selectors.public_article_get(pk=article_id)


# --- editors (scoped) --------------------------------------------------------------------------


@router.get("/manage/articles", response=list[DeskArticleOut], summary="Tin bài của các đơn vị bạn biên tập")
@paginated
def desk_list(request: HttpRequest, status: str = "", q: str = ""):
    return selectors.articles_desk(viewer=request.user, status=status, q=q[:200]).prefetch_related("tags")


@router.post("/manage/articles", response={201: DeskArticleOut}, summary="Viết bản nháp")
def desk_create(request: HttpRequest, payload: ArticleIn):
    unit = unit_get(viewer=request.user, pk=payload.unit_id, action="change")
    return Status(
        201,
        services.article_create(
            unit=unit,
            title=payload.title,
            lead=payload.lead,
            body=payload.body,
            author=payload.author,
            tags=payload.tags,
            units=payload.unit_ids,
            documents=payload.document_ids,
            acting_user=request.user,
        ),
    )


@router.get("/manage/articles/{article_id}", response=DeskArticleOut, summary="Một tin bài (kể cả bản nháp)")
def desk_detail(request: HttpRequest, article_id: Id):
    return selectors.article_get(viewer=request.user, pk=article_id)


@router.patch("/manage/articles/{article_id}", response=DeskArticleOut, summary="Sửa tin bài")
def desk_update(request: HttpRequest, article_id: Id, payload: ArticlePatch):
    obj = selectors.article_get(viewer=request.user, pk=article_id)
    data = payload.dict(exclude_none=True)
    return services.article_update(
        article=obj,
        acting_user=request.user,
        tags=data.pop("tags", None),
        units=data.pop("unit_ids", None),
        documents=data.pop("document_ids", None),
        **data,
    )


@router.post("/manage/articles/{article_id}/submit", response=DeskArticleOut, summary="Gửi duyệt")
def desk_submit(request: HttpRequest, article_id: Id):
    obj = selectors.article_get(viewer=request.user, pk=article_id)
    return services.article_submit(article=obj, acting_user=request.user)


@router.post("/manage/articles/{article_id}/review", response=DeskArticleOut, summary="Duyệt hoặc trả lại")
def desk_review(request: HttpRequest, article_id: Id, payload: ReviewIn):
    obj = selectors.article_get(viewer=request.user, pk=article_id, action="admin")
    return services.article_review(
        article=obj,
        decision=payload.decision,
        note=payload.note,
        publish_at=payload.publish_at,
        acting_user=request.user,
    )
