import pytest

from .factories import ArticleFactory, SectionFactory


@pytest.fixture
def section(db):
    return SectionFactory(slug="world", name_ar="عالم", name_en="World")


@pytest.fixture
def article(section):
    return ArticleFactory(
        section=section,
        title_ar="رئيس الأمن الروسي شويغو يجري محادثات مع كيم جونغ أون",
        slug_ar="شويغو-يجري-محادثات",
        body_ar="<p>عقد وزير الدفاع الروسي سيرغي شويغو محادثات في بيونغ يانغ.</p>",
        title_en="Russian security chief Shoigu holds talks with Kim Jong Un",
        language_live_en=True,
        slug_en="shoigu-holds-talks",
        body_en="<p>Sergei Shoigu held talks in Pyongyang.</p>",
    )
