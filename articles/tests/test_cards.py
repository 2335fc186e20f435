"""Cards by their role, as readers meet them: one lead, drawn large and loaded at once;
everything else smaller and loaded as the reader scrolls; each story once on a page; list
pages (section, tag, author, search) with list items, never a full-width picture."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.media.library import make_renditions

from .factories import ArticleFactory, SectionFactory, TagFactory
from .images import library_image

pytestmark = pytest.mark.django_db


def main_of(page: str) -> str:
    return page.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def story_links(page: str) -> list[str]:
    """The article addresses the page's main part links to, once per link."""
    return re.findall(r'href="(/(?:ar|en)/news/[^"#]+)"', main_of(page))


def cards(page: str, role: str) -> list[str]:
    return re.findall(rf'<article class="card card--{role}[^"]*".*?</article>', main_of(page), re.S)


@pytest.fixture
def newsroom_day():
    world, sport = SectionFactory(slug="world"), SectionFactory(slug="sport")
    photo = library_image()
    make_renditions(photo.pk)  # as the worker does
    stories = [
        ArticleFactory(
            section=(world, sport)[n % 2], image=photo, published_at=timezone.now() - timedelta(hours=n)
        )
        for n in range(1, 15)
    ]
    return stories


def test_each_story_is_on_the_home_page_once(client, newsroom_day):
    links = story_links(client.get("/ar/").content.decode())
    assert links, "the home page shows stories"
    assert sorted(links) == sorted(set(links))


def test_the_home_page_has_one_lead_loaded_at_once_and_every_other_picture_lazily(client, newsroom_day):
    page = client.get("/ar/").content.decode()
    leads = cards(page, "lead")
    assert len(leads) == 1
    assert 'loading="eager"' in leads[0]
    others = re.findall(r"<img [^>]*>", main_of(page).replace(leads[0], ""))
    assert others and all('loading="lazy"' in img for img in others)


@pytest.mark.parametrize("url", ["/ar/section/world/", "/ar/tag/{tag}/", "/ar/search/?q=خبر"])
def test_list_pages_show_list_items_with_pictures_sized_for_their_box(client, newsroom_day, url):
    tag = TagFactory()
    for story in newsroom_day:
        story.tags.add(tag)
    page = client.get(url.format(tag=tag.slug)).content.decode()
    items = cards(page, "item")
    assert items
    for item in items:
        sizes = re.findall(r'sizes="([^"]+)"', item)
        assert sizes and all("100vw" not in size for size in sizes)
        assert 'loading="lazy"' in item
