"""RSS 2.0 and Atom feeds of the latest published articles."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from trienkhai.portal import selectors

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    title = _("Triển khai — Tin tức")
    description = _("Tin mới nhất về nghiên cứu, học tập, quán triệt và triển khai thực hiện nghị quyết.")
    language = "vi"

    def link(self):
        from django.urls import reverse

        return reverse("portal:home")

    def items(self):
        return selectors.public_articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or item.unit.name

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]


class LatestArticlesAtom(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
