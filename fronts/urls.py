from django.urls import path

from . import views

app_name = "fronts"

urlpatterns = [
    path("preview/<int:pk>/", views.preview, name="preview"),
]
