"""The footer's registry of links (``core.site_links``), as any app fills it: its links in
the order the apps ask for, a name registered again replacing its links, and no empty list
when there is nothing to link. (pages/tests/test_footer.py has the links readers meet.)"""

import pytest
from django.template import Context, Template

from core import site_links
from core.site_links import SiteLink


@pytest.fixture
def registry(monkeypatch):
    """The registry without what the installed apps put in it."""
    monkeypatch.setattr(site_links, "_sources", {})
    return site_links


def footer() -> str:
    return Template("{% load site_links %}{% site_links current %}").render(Context({"current": "/ar/b/"}))


def test_links_come_in_the_order_apps_ask_for(registry):
    registry.register("later", lambda: [SiteLink("ب", "/ar/b/")], keys=("b",), order=20)
    registry.register("first", lambda: [SiteLink("أ", "/ar/a/")], keys=("a",), order=10)
    assert registry.footer_links() == ([SiteLink("أ", "/ar/a/"), SiteLink("ب", "/ar/b/")], ["a", "b"])
    html = footer()
    assert html.index("/ar/a/") < html.index("/ar/b/")
    assert '<a href="/ar/b/" aria-current="page">ب</a>' in html


def test_registering_a_name_again_replaces_its_links(registry):
    registry.register("pages", lambda: [SiteLink("قديم", "/ar/old/")], keys=("pages",))
    registry.register("pages", lambda: [SiteLink("جديد", "/ar/new/")], keys=("pages",))
    assert [link.text for link in registry.footer_links()[0]] == ["جديد"]


def test_nothing_to_link_is_no_list(registry):
    assert footer() == ""
    registry.register("empty", list, keys=("pages",))
    assert footer() == ""


def test_link_text_is_escaped(registry):
    registry.register("pages", lambda: [SiteLink('<script>alert("x")</script>', "/ar/x/")], keys=())
    assert "<script>" not in footer()
