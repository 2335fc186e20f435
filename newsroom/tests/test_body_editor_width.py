"""The article body's editor takes the form's width in the admin: at a usual 1280-pixel
window, its editable area spans the column the other fields and their help texts use,
with the word count under it, in the Arabic and in the English admin."""

import pytest

from articles.models import Section

from .test_block_direction import logged_in_page
from .test_journeys import body_editor, keep, restore_roles

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """The groups as the migrations make them: a transactional test starts from empty tables."""
    restore_roles()


BOXES = """([language]) => {
    const box = (element) => {
        const { left, right, top, bottom } = element.getBoundingClientRect()
        const edges = Object.entries({ left, right, top, bottom })
        return Object.fromEntries(edges.map(([edge, at]) => [edge, Math.round(at)]))
    }
    const row = document.querySelector(`.field-body_${language}`)
    const label = row.querySelector("label")
    const fields = row.querySelector(".flex-container")
    return {
        label: box(label),
        row: box(fields),
        editable: box(row.querySelector("[contenteditable=true]")),
        count: box(row.querySelector(".article-counts")),
        help: box(row.querySelector(".help")),
    }
}"""


@pytest.mark.parametrize("admin_language", ["ar", "en"])
def test_the_body_editor_spans_the_fields_column(browser, live_server, editor, admin_language):
    Section.objects.create(name_ar="دولي", name_en="World", slug="world")
    page = logged_in_page(browser, live_server, editor, admin_language)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.evaluate("document.fonts.ready")

    for language in ("ar", "en"):
        body_editor(page, language)  # its tab picked
        boxes = page.evaluate(BOXES, [language])
        label, row, editable = boxes["label"], boxes["row"], boxes["editable"]
        # The column: from the label to the end of the row, in the admin's direction.
        column = (row["left"], label["left"]) if admin_language == "ar" else (label["right"], row["right"])
        assert (editable["left"], editable["right"]) == pytest.approx(column, abs=2), boxes
        # The word count is under the text, in the same column, not beside it.
        assert boxes["count"]["top"] >= editable["bottom"], boxes
        assert column[0] - 2 <= boxes["count"]["left"] <= boxes["count"]["right"] <= column[1] + 2, boxes
    keep(page, f"body-editor-{admin_language}-admin")
