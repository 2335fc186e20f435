"""Reader-facing comment addresses, included under the language prefix."""

from django.urls import path

from core.pagecache import shared_page

from . import confirmation, feeds, unsubscribe
from .cache_keys import COMMENTS_FEED

app_name = "comments"

urlpatterns = [
    path("feed/", shared_page(keys=(COMMENTS_FEED,))(feeds.LatestCommentsFeed()), name="feed"),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    path("confirm/<str:token>/", confirmation.confirm, name="confirm_address"),
]
