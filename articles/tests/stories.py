"""A small site to read through the page cache: two live stories in different sections,
by different writers, with different tags, and the address of every page they are on
(articles' and comments' page-cache tests start from it)."""

from types import SimpleNamespace

from .factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory


def two_stories() -> SimpleNamespace:
    world, sport = SectionFactory(slug="world"), SectionFactory(slug="sport")
    hala, omar = AuthorFactory(name_ar="هالة"), AuthorFactory(name_ar="عمر")
    iran, football = TagFactory(name_ar="إيران"), TagFactory(name_ar="كرة القدم")
    a = ArticleFactory(
        title_ar="محادثات في طهران",
        body_ar="<p>بدأت في طهران محادثات نووية مع الوكالة الدولية للطاقة الذرية.</p>",
        section=world,
    )
    a.authors.set([hala])
    a.tags.set([iran])
    b = ArticleFactory(
        title_ar="نهائي الكأس", body_ar="<p>فاز الفريق بنهائي كأس كرة القدم بهدفين.</p>", section=sport
    )
    b.authors.set([omar])
    b.tags.set([football])
    return SimpleNamespace(
        a=a,
        b=b,
        world=world,
        sport=sport,
        hala=hala,
        omar=omar,
        iran=iran,
        football=football,
        urls={
            "a": a.get_absolute_url(),
            "b": b.get_absolute_url(),
            "home": "/ar/",
            "world": world.get_absolute_url(),
            "sport": sport.get_absolute_url(),
            "iran": iran.get_absolute_url(),
            "football": football.get_absolute_url(),
            "hala": hala.get_absolute_url(),
            "omar": omar.get_absolute_url(),
            "feed": "/ar/feed/",
        },
    )
