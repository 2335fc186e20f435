from django.urls import path

from . import views

app_name = "pages"

# Under /<language>/pages/: no route of the articles' reader site starts with it.
urlpatterns = [
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("<str:slug>/", views.page_detail, name="detail"),
]
