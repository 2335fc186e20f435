from datetime import timedelta

import factory
from django.utils import timezone

from articles.models import Article, Author, Section, Tag


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"section-{n}")
    name_ar = factory.Sequence(lambda n: f"قسم {n}")
    name_en = factory.Sequence(lambda n: f"Section {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    slug = factory.Sequence(lambda n: f"tag-{n}")
    name_ar = factory.Sequence(lambda n: f"وسم {n}")
    name_en = factory.Sequence(lambda n: f"Tag {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    slug = factory.Sequence(lambda n: f"author-{n}")
    name_ar = factory.Sequence(lambda n: f"كاتب {n}")
    name_en = factory.Sequence(lambda n: f"Writer {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A live, bilingual article unless told otherwise."""

    class Meta:
        model = Article

    title_ar = factory.Sequence(lambda n: f"خبر عاجل رقم {n}")
    slug_ar = factory.Sequence(lambda n: f"خبر-{n}")
    body_ar = "<p>نص الخبر باللغة العربية.</p>"
    title_en = factory.Sequence(lambda n: f"Breaking story {n}")
    slug_en = factory.Sequence(lambda n: f"story-{n}")
    body_en = "<p>The story in English.</p>"
    language_live_en = True  # an editor published the English version too
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        arabic_only = factory.Trait(title_en=None, slug_en=None, body_en=None, language_live_en=False)
