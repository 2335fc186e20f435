"""A news day to arrange fronts with: three sections of five live stories each, an hour
apart (the newest first in each list), two tags, and the pages of every front."""

import re
from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from articles.tests.factories import ArticleFactory, SectionFactory, TagFactory

SECTIONS = (("world", "العالم"), ("sport", "الرياضة"), ("economy", "الاقتصاد"))
PER_SECTION = 5


def news_day() -> SimpleNamespace:
    now = timezone.now()
    sections = {slug: SectionFactory(slug=slug, name_ar=name) for slug, name in SECTIONS}
    iran, football = (
        TagFactory(slug="iran", name_ar="إيران"),
        TagFactory(slug="football", name_ar="كرة القدم"),
    )
    stories = {}
    for number in range(PER_SECTION):
        for order, (slug, _name) in enumerate(SECTIONS):
            story = ArticleFactory(
                section=sections[slug],
                title_ar=f"خبر {slug} رقم {number}",
                slug_ar=f"{slug}-{number}",
                slug_en=f"{slug}-story-{number}",
                published_at=now - timedelta(hours=number * len(SECTIONS) + order + 1),
            )
            stories[f"{slug}{number}"] = story
    for number in range(3):
        stories[f"world{number}"].tags.add(iran)
        stories[f"sport{number}"].tags.add(football)
    return SimpleNamespace(
        sections=sections,
        stories=stories,
        iran=iran,
        football=football,
        fronts={"home": "/ar/", **{slug: section.get_absolute_url() for slug, section in sections.items()}},
    )


def main_of(page: str) -> str:
    return page.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def story_links(page: str) -> list[str]:
    """The article addresses a page's main part links to, once per link (a card's comment
    count links to its story's comments, with an anchor: not another story)."""
    return re.findall(r'href="(/(?:ar|en)/news/[^"#]+)"', main_of(page))


def lead_title(page: str) -> str | None:
    found = re.search(r'<article class="card card--lead">.*?<a href="[^"]+">([^<]+)</a>', main_of(page), re.S)
    return found.group(1) if found else None


def secondary_titles(page: str) -> list[str]:
    return re.findall(
        r'<article class="card card--secondary">.*?<a href="[^"]+">([^<]+)</a>', main_of(page), re.S
    )


def block_headings(page: str) -> list[str]:
    return re.findall(r'class="front-block__title">(?:<a href="[^"]+">)?([^<]+)<', main_of(page))
