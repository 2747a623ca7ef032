"""Django application config of the desk."""

from __future__ import annotations

from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The desk app: models, migrations, templates."""

    name = "checker.desk"
    label = "desk"
    verbose_name = "整改检查工作台"
    default_auto_field = "django.db.models.BigAutoField"
