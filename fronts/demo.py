"""The fronts' part of the demo: the home page arranged as an editor would, so that a
newcomer sees a curated front at once. ``manage.py load_demo`` (newsroom) calls it after
the articles' part.

Safe to run on every start: a home page that has a layout keeps it.
"""

from articles.models import Article, Section
from articles.reader.lists import ArticleList

from .arranging import BlockSpec, publish_layout, save_layout
from .models import Layout

DEMO_TITLE = "واجهة العرض التجريبي"
DEMO_BLOCK_SECTIONS = 3


def load(lead: Article | None) -> str:
    """Arrange the home page around ``lead`` (the seed article) and publish the layout, as
    the system; say what was done, in a line for the command's output."""
    if Layout.objects.of_front(None).exists():
        return "Home page layout: kept as it is."
    live = Article.objects.live().order_by("-published_at", "-id")
    lead = lead if lead is not None and lead.is_live else live.first()
    if lead is None:
        return "Home page layout: none (nothing is published yet)."
    # The newest stories of its own section beside it; below, the sections that have some.
    beside = list(live.filter(section=lead.section).exclude(pk=lead.pk)[:2])
    sections = Section.objects.with_live_articles()[:DEMO_BLOCK_SECTIONS]
    blocks = [BlockSpec(ArticleList.SECTION_LATEST, section=section, count=4) for section in sections]
    tag = lead.tags.first()
    if tag is not None:
        blocks.insert(1, BlockSpec(ArticleList.TAG_LATEST, tag=tag, count=4))
    layout = Layout(section=None, title=DEMO_TITLE, lead=lead)
    save_layout(layout, by=None, stories=beside, blocks=blocks)
    publish_layout(layout, by=None)
    return f"Home page layout: «{lead}» leads, with {len(beside)} chosen beside it and {len(blocks)} blocks."
