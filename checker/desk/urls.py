"""URLs of the desk."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from checker.desk import views

app_name = "desk"

desk_patterns = [
    path("", views.index, name="index"),
    path("units/<int:unit_id>/", views.unit_page, name="unit"),
    path("submissions/<int:submission_id>/", views.submission_page, name="submission"),
    path("submissions/<int:submission_id>/report/", views.report, name="report"),
    path("submissions/<int:submission_id>/file/", views.original, name="file"),
    path("upload/", views.upload, name="upload"),
    path("login/", auth_views.LoginView.as_view(template_name="desk/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]

urlpatterns = [path("", include((desk_patterns, "desk")))]
