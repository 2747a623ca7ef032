"""The desk's WSGI application (after `checker.desk.settings.configure`)."""

from __future__ import annotations

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
