from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        """Tell core what only articles know: lists are paginated with ``page``, pages are
        fresh until the next scheduled article goes live, previews and search results are
        not for crawlers; and invalidate what readers see whenever it changes."""
        # Imported here: apps.py is loaded before the app registry is ready.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from articles.media.library import keys_of_file
        from articles.reader.embeds import FRAME_HOSTS
        from core import pagecache, security, views

        from . import keys, signals
        from .models import Article, Author, Image, RelatedExclusion, RelatedPin, Section, SlugRedirect, Tag

        pagecache.vary_on_query("page")
        # A recomputed «شاهد أيضاً» list takes nothing back: a retracted article is its own key.
        pagecache.soft_keys("related:")
        pagecache.register_expiry(Article.objects.next_going_live, key=keys.SCHEDULE)
        views.disallow_in_robots("/*/preview/", "/*/search/")
        # The media folder holds the library's files: served while a photo has them, with
        # the photo's key for the caches in front (core.views.media_file).
        views.register_media_owner(keys_of_file)
        # Embedded posts load their frame only when the reader asks (articles.reader.body).
        security.allow_frames_from(*FRAME_HOSTS)

        post_save.connect(signals.article_saved, sender=Article, dispatch_uid="articles-invalidate-save")
        post_delete.connect(
            signals.article_deleted, sender=Article, dispatch_uid="articles-invalidate-delete"
        )
        for through, uid in ((Article.tags.through, "tags"), (Article.authors.through, "authors")):
            m2m_changed.connect(
                signals.article_tags_changed, sender=through, dispatch_uid=f"articles-m2m-{uid}"
            )
        for model, receiver in (
            (Section, signals.section_changed),
            (Tag, signals.tag_changed),
            (Author, signals.author_changed),
            (RelatedPin, signals.related_choice_changed),
            (RelatedExclusion, signals.related_choice_changed),
            (SlugRedirect, signals.redirect_changed),
            (Image, signals.image_changed),
        ):
            uid = f"articles-invalidate-{model._meta.model_name}"
            post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")
