"""Story cards by their role on a page, and the picture each role shows.

The lead is drawn large and loaded at once (it is the first thing a reader sees); every
other card has a small picture, loaded as the reader scrolls to it. Each role's ``sizes``
tells the browser how wide its picture is laid out (static/css/site.css, "Cards and
fronts", lays it out exactly so), so the browser fetches the smallest rendition that is
sharp in that box and the picture is never stretched past what was fetched.
"""

from dataclasses import dataclass
from enum import StrEnum

from articles.media.library import picture
from articles.models import Article


class Role(StrEnum):
    LEAD = "lead"  # the front's first story
    SECONDARY = "secondary"  # the few beside (or under) the lead
    ITEM = "item"  # a story in a list: section, tag, author, search, the latest
    COMPACT = "compact"  # a story in a front's block, a column of its own


@dataclass(frozen=True)
class CardPicture:
    shape: str  # a rendition shape of the media library
    sizes: str
    lazy: bool = True


# The lead's column: the page's width less its padding (1rem a side), or two thirds of it
# beside the secondary stories from 60rem on, at most 46rem (the page stops at 72rem).
LEAD_SIZES = "(min-width: 72rem) 46rem, (min-width: 60rem) calc((100vw - 4rem) * 2 / 3), calc(100vw - 2rem)"

PICTURES: dict[Role, CardPicture] = {
    Role.LEAD: CardPicture("16:9", LEAD_SIZES, lazy=False),
    Role.SECONDARY: CardPicture("1:1", "7rem"),
    Role.ITEM: CardPicture("1:1", "(min-width: 40rem) 10rem, 6rem"),
    Role.COMPACT: CardPicture("1:1", "5rem"),
}


def card_picture(article: Article, role: str) -> str:
    """The picture of ``article``'s card in ``role``, or nothing when it has none."""
    shown = PICTURES[Role(role)]
    return picture(article.image, shown.shape, shown.sizes, lazy=shown.lazy, css_class="card__image")
