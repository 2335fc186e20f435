"""The site's pages as the tests need them, made through the state changes by the system."""

from pages.models import Page
from pages.publishing import publish_page, save_page

ABOUT_AR = "<p>موقع إخباري مستقل يكتبه فريق من المحررين.</p>"
ABOUT_EN = "<p>An independent news site written by a team of editors.</p>"


def about_page(*, english: bool = True, position: int = 10) -> Page:
    """«من نحن» / "About us", published in Arabic, and in English unless ``english`` is False."""
    page = save_page(
        Page(
            title_ar="من نحن",
            slug_ar="من-نحن",
            body_ar=ABOUT_AR,
            title_en="About us",
            slug_en="about-us",
            body_en=ABOUT_EN,
            position=position,
        ),
        by=None,
    )
    page = publish_page(page, "ar", by=None)
    return publish_page(page, "en", by=None) if english else page


def privacy_page(position: int = 20) -> Page:
    """«سياسة الخصوصية» / "Privacy policy", published in both languages."""
    page = save_page(
        Page(
            title_ar="سياسة الخصوصية",
            body_ar="<p>لا نستخدم ملفات تعريف ارتباط للتتبع.</p>",
            title_en="Privacy policy",
            body_en="<p>We use no tracking cookies.</p>",
            position=position,
        ),
        by=None,
    )
    return publish_page(publish_page(page, "ar", by=None), "en", by=None)
