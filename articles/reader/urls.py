from django.urls import path

from articles.keys import FEED
from core.pagecache import shared_page

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/<str:slug>/", views.article_detail, name="detail"),
    path("section/<str:slug>/", views.section, name="section"),
    # Every public article's change invalidates FEED: section feeds included.
    path("section/<str:slug>/feed/", shared_page(keys=(FEED,))(feeds.SectionFeed()), name="section_feed"),
    path("tag/<str:slug>/", views.tag, name="tag"),
    path("author/<str:slug>/", views.author, name="author"),
    path("search/", views.search, name="search"),
    path("feed/", shared_page(keys=(FEED,))(feeds.LatestArticlesFeed()), name="feed"),
    path("preview/<int:pk>/", views.preview, name="preview"),
]
