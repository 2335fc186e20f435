from django.urls import path

from . import urls_public, views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    *urls_public.urlpatterns,
]
