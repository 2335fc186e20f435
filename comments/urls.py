from django.urls import path

from . import urls_public, views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("form-token/<int:article_id>/", views.timed_form_token, name="form_token"),
    *urls_public.urlpatterns,
]
