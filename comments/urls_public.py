"""Reader-facing comment addresses, included under the language prefix."""

from django.urls import path

from . import feeds, unsubscribe

app_name = "comments"

urlpatterns = [
    path("feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
