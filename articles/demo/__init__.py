"""Demo content that ships with the product, so that a first run shows a working site.

``content.json`` holds the sections, tags and byline of the demo, and the two articles of
the seed page: the one a new user lands on and the one its «شاهد أيضاً» box points to.
``synthetic`` makes any number of plausible bilingual filler articles for load tests.
"""

import json
from functools import cache
from html import escape
from pathlib import Path

CONTENT_FILE = Path(__file__).with_name("content.json")


@cache
def load_content() -> dict:
    """The demo sections, tags, author and articles, as stored in ``content.json``."""
    return json.loads(CONTENT_FILE.read_text(encoding="utf-8"))


def paragraphs_html(paragraphs: list[str]) -> str:
    """Plain-text paragraphs as the ``<p>`` markup an article body holds."""
    # Quotes stay as typed: they are safe inside an element, and escaping them would
    # put entities such as &#x27; into the stored English text.
    return "\n".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)
