from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.i18n import set_language

from articles.keys import SECTIONS, SITEMAP
from articles.reader import views as article_views
from articles.reader.sitemaps import GoogleNewsSitemap, sitemaps
from core import edge
from core.admin_language import choose_admin_language
from core.pagecache import shared_page
from core.twofactor_views import two_factor_view
from core.views import favicon, media_file, robots_txt
from pages.sitemaps import PageSitemap

# The same answer in every language, shared by every cache until an article changes.
sitemap = shared_page(keys=(SITEMAP, SECTIONS), any_language=True)(sitemap_views.sitemap)

urlpatterns = [
    path("", article_views.root, name="root"),
    path("robots.txt", shared_page(any_language=True)(robots_txt), name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    # Parts every page includes, put in at the edge (core.edge): the «عاجل» alert.
    path("_edge/<slug:name>/<str:language>/", edge.part, name=edge.URL_NAME),
    # The site's pages invalidate SITEMAP too when what the sitemap lists of them changes.
    path("sitemap.xml", sitemap, {"sitemaps": {**sitemaps, "pages": PageSitemap}}, name="sitemap"),
    path(
        "news-sitemap.xml",
        sitemap,
        {"sitemaps": {"news": GoogleNewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    # Before the admin's own URLs, whose catch-all would take it.
    path("admin/two-factor/", two_factor_view, name="two_factor"),
    path("admin/language/", choose_admin_language, name="admin_language"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("comments/", include("comments.urls")),
    path("fronts/", include("fronts.urls")),
    path("pages/", include("pages.urls")),
    path("", include("articles.reader.urls")),
)

handler400 = "core.errors.bad_request"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

if settings.MEDIA_URL.startswith("/"):
    # Media served by the site itself (the default storage on this machine); with a
    # storage of its own elsewhere (S3 and a CDN), MEDIA_URL is absolute and this is unused.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_file, name="media"))
